"""The "citizens" profile of `make loadtest` (load/run.py, load/locustfile_citizens.py): the big plan
published with two adopted versions, the addresses its citizens read, and the profile's targets.

Imported by load/run.py after it set up Django; reads the plan only through publicsite.editions, as
the site does, and names every address by the site's url names.
"""

import datetime
import random

from django.urls import NoReverseMatch, reverse

CITIZENS = 300
SEARCH_WORDS = ["kinderopvang", "jeugdwerking", "patrimonium", "mantelzorgers"]
SAMPLE = 2000  # different items per kind a citizen may ask for
API_RATE = "1000000/hour"  # all citizens come from one address here: the API's limit raised for the run
# (label, group in the locust results, percentile, limit in ms)
TARGETS = [
    ("public pages and API p95", "public", "p95", 200),
]


def publish(plan) -> None:
    """Two adopted versions of the plan (the older one for the version switch) and its publication."""
    from django.utils import timezone

    from publicsite import editions, publishing
    from versions import adopting
    from versions.models import ADOPTED_STATES, PlanVersion

    today = timezone.localdate()
    adopted = PlanVersion.objects.filter(plan=plan, state__in=ADOPTED_STATES).count()
    for number in range(adopted, 2):
        adopting.record(
            plan,
            name=["MJP 2026-2031", "AMJP 2026-1"][number],
            council_date=today - datetime.timedelta(days=[60, 7][number]),
            by=None,
        )
    if not editions.is_published(plan):
        publishing.switch(plan, on=True, by=None)


def address(name: str, plan_kwargs: dict, *candidates: dict) -> str | None:
    """The address of url ``name`` with the first of ``candidates`` (keyword arguments) it takes."""
    for extra in candidates or ({},):
        try:
            return reverse(name, kwargs={**plan_kwargs, **extra})
        except NoReverseMatch:
            continue
    return None


def item_kwargs(row: dict) -> list[dict]:
    """The ways a page of one item may be addressed: by its number (a code within its version), else
    by its id."""
    by_id = [{key: row["item_id"]} for key in ("item", "id", "pk", "item_id")]
    by_number = [{key: row["number"]} for key in ("number", "code", "nummer")] if row["number"] else []
    return by_number + by_id


def public_addresses(plan) -> dict[str, list[str]]:
    """{kind: [address, …]}: what the citizens of load/locustfile_citizens.py ask for."""
    from publicsite import editions

    current = editions.edition(plan)
    older = editions.edition(plan, min(version.number for version in current.versions))
    plan_kwargs = {"organisation": plan.organisation.slug, "plan": plan.slug}
    random.seed(33)
    found: dict[str, list[str]] = {"plan": [address("public:plan", plan_kwargs)]}
    for kind, name, url_name in [
        ("goal", "doelstelling", "public:goal"),
        ("action_plan", "actieplan", "public:action_plan"),
        ("action", "actie", "public:action"),
        ("indicator", "indicator", "public:indicator"),
    ]:
        rows = list(editions.rows(current, name).values("item_id", "number"))
        chosen = random.sample(rows, min(SAMPLE, len(rows)))
        found[kind] = [address(url_name, plan_kwargs, *item_kwargs(row)) for row in chosen]
    found["indicators"] = [address("public:indicators", plan_kwargs)]
    search = address("public:search", plan_kwargs)
    found["search"] = [f"{search}?{query}" for query in search_queries()] if search else []
    older_kwargs = {**plan_kwargs, "version": older.version.number}
    rows = list(editions.rows(older, "actieplan").values("item_id", "number"))
    found["older"] = [address("public:plan_version", older_kwargs)] + [
        address("public:action_plan_version", older_kwargs, *item_kwargs(row))
        for row in random.sample(rows, min(200, len(rows)))
    ]
    found["api_list"], found["api_item"] = api_addresses(plan, current)
    return {kind: [url for url in urls if url] for kind, urls in found.items()}


def search_queries() -> list[str]:
    """A search word, and the filters a citizen ticks: a status, prioritair, acties only."""
    queries = []
    for word in SEARCH_WORDS:
        queries += [
            f"q={word}",
            f"q={word}&status=in_progress",
            f"q={word}&prioritair=ja",
            f"q={word}&soort=actie&status=on_hold&status=completed",
            "status=not_started",
        ]
    return queries


def api_addresses(plan, current) -> tuple[list[str], list[str]]:
    """The API's list of acties of the version in force, each of its pages of 100, and single acties."""
    from publicsite import editions

    kwargs = {"organisation": plan.organisation.slug, "plan": plan.slug, "version": "huidig"}
    listed = address("api:acties", kwargs)
    rows = list(editions.rows(current, "actie").values("item_id", "number"))
    pages = (
        [f"{listed}?page={page}&page_size=100" for page in range(1, -(-len(rows) // 100) + 1)]
        if listed
        else []
    )
    items = [
        address("api:actie", kwargs, *item_kwargs(row)) for row in random.sample(rows, min(SAMPLE, len(rows)))
    ]
    return pages, items


def table(groups: dict, stats: list[dict], errors: int, readers: dict, public: dict) -> list[str]:
    """The citizens profile's targets: the public p95, the staff's p95 against the realistic profile
    alone in the same run, and the errors."""
    lines = ["| target | limit | measured | |", "| --- | --- | --- | --- |"]
    for label, group, percentile, limit in TARGETS:
        value = groups[group][percentile]
        met = value is not None and value <= limit
        measured = f"{value} ms (of {groups[group]['count']})" if value is not None else "no requests"
        lines.append(f"| {label} | ≤ {limit} ms | {measured} | {'met' if met else 'missed'} |")
    for label, group in [("public pages p95", "public pages"), ("API p95", "api")]:
        value = groups[group]["p95"]
        lines.append(f"| {label} | — | {value} ms (of {groups[group]['count']}) | |")
    with_them, alone = readers.get("citizens"), readers.get("realistic")
    ratio = with_them / alone if with_them and alone else None
    shown = f"{ratio:.2f}× ({with_them} ms against {alone} ms)" if ratio else "not measured"
    verdict = "met" if ratio and ratio <= 1.2 else "missed"
    lines.append(
        f"| staff pages' p95 beside the citizens | ≤ 1.2× the realistic profile alone | {shown} | {verdict} |"
    )
    lines.append(f"| errors | 0 | {errors} | {'met' if not errors else 'missed'} |")
    missing = [kind for kind, urls in public.items() if not urls]
    if missing:
        lines += ["", f"Not asked (no address of these kinds was found): {', '.join(missing)}."]
    return lines
