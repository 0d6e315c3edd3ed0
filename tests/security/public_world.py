"""A published plan with everything the public must never see, and a crawler of the public site.

On top of ``tests/publicsite/builders.a_published_plan`` (two adopted versions, a closed rapportering
with a public and an internal toelichting):
- an eigenaar with a name and an e-mail address on actieplan 1, adopted into version 3 (so the
  version's snapshot holds the eigenaar's name: the public site must leave it out);
- a comment on actie 1.1 (and on the actieplan) by the cel;
- an aanpassing in ontwerp (version 4) with a proposal that rewords actie 1.1;
- a live edit after version 3 (a new title of actie 1.1, a toelichting on the project);
- an open rapportering in which actie 1.3 is put on hold with its own toelichting;
- a second plan of the organisation with an adopted version whose publication is off;
- the organisation's public contact address (the one e-mail address the public may read).

The crawl starts from every url name of the public namespaces whose arguments it can fill (the
organisation, the plan, a version) and follows every link it finds (HTML ``href``/``src``, addresses
in JSON), so that a page other helpers add is reached through the resolver or through a link.
"""

import datetime
import io
import itertools
import json
import re
import zipfile
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from core import changes
from core.roles import CEL, COUNCIL, OWNER
from plans.comments import add_comment
from plans.models import Status
from plans.proposals import draft_proposal
from publicsite import publishing
from reporting.rounds import open_round
from tests.factories import ActionFactory, ActionPlanFactory, GoalFactory, PlanFactory
from tests.publicsite import builders
from tests.security.world import walk
from versions import aanpassing, adopting

PUBLIC_NAMESPACES = ("public", "opendata", "api")
THIRD_ADOPTED = datetime.date(2021, 6, 28)
OPEN_ROUND_DATE = datetime.date(2021, 12, 15)

OWNER_FIRST, OWNER_LAST = "Jozefien", "Vermeulenbroeck"
OWNER_EMAIL = "jozefien.vermeulenbroeck@gemeente-x.be"
CEL_EMAIL = "cel.strategie@gemeente-x.be"
CONTACT_EMAIL = "toegankelijkheid@gemeente-x.be"  # public by design: the accessibility statement
COMMENT = "Opmerking van de cel: de begeleiders zijn overbevraagd."
DRAFT_TITLE = "We organiseren budgetbegeleiding in het oude postgebouw."
DRAFT_NAME = "AMJP 2022-1 in ontwerp"
DRAFT_MOTIVATION = "Het postgebouw komt vrij in 2022."
LIVE_TITLE = "We organiseren budgetbegeleiding en schuldhulp."
LIVE_EXPLANATION = "Live: de campus krijgt een nieuwe vleugel."
OPEN_ROUND_EXPLANATION = "Open rapportering: uitgesteld tot de nieuwe begroting."
UNPUBLISHED_TITLE = "Een geheim actieplan van een plan dat niet gepubliceerd is."
UNPUBLISHED_SLUG = "niet-gepubliceerd"

# Everything a public answer may not hold, whatever the page.
NEVER_PUBLIC = (
    builders.INTERNAL_TOELICHTING,
    COMMENT,
    OWNER_LAST,
    f"{OWNER_FIRST} {OWNER_LAST}",
    OWNER_EMAIL,
    CEL_EMAIL,
    DRAFT_TITLE,
    DRAFT_NAME,
    DRAFT_MOTIVATION,
    LIVE_TITLE,
    LIVE_EXPLANATION,
    OPEN_ROUND_EXPLANATION,
    UNPUBLISHED_TITLE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class PublicWorld:
    built: builders.World
    v3: object
    draft: object
    open_round: object
    owner: object
    cel: object
    raad: object
    unpublished: object

    @property
    def organisation(self):
        return self.built.organisation

    @property
    def plan(self):
        return self.built.plan


def _set(item, by=None, **values):
    item.refresh_from_db()
    return changes.update(item, values, by=by, version=item.version).record


def a_public_world(make_user) -> PublicWorld:
    """Call inside ``scopes_disabled()``; ``make_user`` is the conftest fixture."""
    built = builders.a_published_plan()
    organisation = built.organisation
    owner = make_user("jozefien", OWNER, organisation)
    owner.first_name, owner.last_name, owner.email = OWNER_FIRST, OWNER_LAST, OWNER_EMAIL
    owner.save()
    cel = make_user("cel-x", CEL, organisation)
    cel.email = CEL_EMAIL
    cel.save()
    raad = make_user("raad-x", COUNCIL, organisation)

    _set(built.action_plan, owner=owner)
    v3 = adopting.record(built.plan, name="AMJP 2021-2", council_date=THIRD_ADOPTED, by=None)

    add_comment(built.first, cel, COMMENT)
    add_comment(built.action_plan, cel, COMMENT)
    draft = aanpassing.start(built.plan, name=DRAFT_NAME, by=cel)
    built.first.refresh_from_db()
    draft_proposal(
        plan=built.plan,
        kind="reword",
        action_plan=built.action_plan,
        actions=[built.first],
        new_title=DRAFT_TITLE,
        motivation=DRAFT_MOTIVATION,
        plan_version=draft,
        by=cel,
    )
    _set(built.first, title=LIVE_TITLE)
    _set(built.project, explanation=LIVE_EXPLANATION)
    round = open_round(plan=built.plan, name="Rapportering december 2021", date=OPEN_ROUND_DATE)
    _set(built.third, status=Status.ON_HOLD, explanation=OPEN_ROUND_EXPLANATION)
    publishing.set_contact(organisation, email=CONTACT_EMAIL, phone="014 00 00 00", by=None)

    unpublished = PlanFactory(organisation=organisation, slug=UNPUBLISHED_SLUG, name="Geheim plan")
    goal = GoalFactory(plan=unpublished, number="SD 9", title="Geheim doel.")
    hidden = ActionPlanFactory(plan=unpublished, goal=goal, number="9", title=UNPUBLISHED_TITLE)
    ActionFactory(action_plan=hidden, number="9.1", title=UNPUBLISHED_TITLE)
    adopting.record(unpublished, name="MJP geheim", council_date=builders.FIRST_ADOPTED, by=None)
    publishing.switch(unpublished, on=True, by=None)
    publishing.switch(unpublished, on=False, by=None, version=1)
    return PublicWorld(built, v3, draft, round, owner, cel, raad, unpublished)


# ---------------------------------------------------------------------------------------------------
# The public url names, from the resolver


def public_names() -> dict[str, str]:
    """Every url name of the public namespaces → its route."""
    return {
        name: route for name, route in walk() if name.split(":", 1)[0] in PUBLIC_NAMESPACES and ":" in name
    }


ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def arguments(route: str) -> list[str]:
    return [first or second for first, second in ARGUMENT.findall(route)]


def candidates(world: PublicWorld) -> dict[str, list]:
    """The values each argument of a public address may take in the world: every adopted version (by
    number, and the API's "huidig"), every item's code and id."""
    built = world.built
    codes = [built.goal.number, built.action_plan.number, "1.1", "1.2", "1.3"]
    codes += [
        f"{kind}-{item.pk}" for kind, item in (("project", built.project), ("indicator", built.indicator))
    ]
    codes += [str(built.project.pk), str(built.indicator.pk)]
    return {
        "organisation": [world.organisation.slug],
        "plan": [world.plan.slug],
        "version": [1, 2, 3, "huidig"],
        "code": codes,
        "item_id": [built.project.pk, built.indicator.pk],
        "rest": ["bestaat-niet"],  # the API's own answer for an unknown address
        "format": ["csv", "xlsx", "json", "jsonld"],  # the downloads
    }


def seed_paths(world: PublicWorld) -> dict[str, list[str]]:
    """Per url name, every address the world's values fill in (the resolver refuses values of the wrong
    type); a url name with an argument the world has no values for gets none."""
    values = candidates(world)
    seeds: dict[str, list[str]] = {}
    for name, route in public_names().items():
        names = arguments(route)
        if any(argument not in values for argument in names):
            continue
        for chosen in itertools.product(*(values[argument] for argument in names)):
            try:
                seeds.setdefault(name, []).append(reverse(name, kwargs=dict(zip(names, chosen, strict=True))))
            except NoReverseMatch:
                continue
    return {name: paths for name, paths in seeds.items() if paths}


def name_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def is_public(path: str) -> bool:
    name = name_of(path)
    return name is not None and name.split(":", 1)[0] in PUBLIC_NAMESPACES


# ---------------------------------------------------------------------------------------------------
# Reading an answer as text


def text_of(response) -> str:
    """Everything an answer says: a page or JSON as text, a ZIP (an Excel workbook, the ZIP of CSVs)
    as the text of every file in it."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(
                unescape(archive.read(member).decode("utf-8", "replace")) for member in archive.namelist()
            )
    text = body.decode("utf-8", "replace")
    return unescape(text) if "html" in response.get("Content-Type", "") else text


LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']+)["']""")
JSON_ADDRESS = re.compile(r'"((?:https?://[^/"\s]+)?/(?:publiek|api)/[^"\s]*)"')


def links_in(base: str, text: str) -> list[str]:
    found = [*LINK.findall(text), *JSON_ADDRESS.findall(text)]
    paths = []
    for link in found:
        link = unescape(link).replace("\\/", "/")
        parts = urlsplit(urljoin("http://testserver" + base, link))  # the API names the site's own host
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


@dataclass
class Crawl:
    answers: dict[str, object] = field(default_factory=dict)  # path → response
    texts: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # path → url name

    def paths_of(self, name: str) -> list[str]:
        return [path for path, found in self.names.items() if found == name]


def crawl(client: Client, seeds: list[str], *, limit: int = 1500, queries: int = 6) -> Crawl:
    """GET every public address reachable from ``seeds``, each once; of one address with different
    query strings (filters, pages) the first ``queries``."""
    done = Crawl()
    waiting = deque(dict.fromkeys(seeds))
    seen = set(waiting)
    asked: dict[str, int] = {}
    while waiting and len(done.answers) < limit:
        path = waiting.popleft()
        response = client.get(path)
        done.answers[path] = response
        done.names[path] = name_of(path)
        if response.status_code != 200:
            continue
        text = text_of(response)
        done.texts[path] = text
        for link in links_in(path, text):
            if link in seen or not is_public(link):
                continue
            route = link.partition("?")[0]
            if "?" in link and asked.get(route, 0) >= queries:
                continue
            asked[route] = asked.get(route, 0) + 1
            seen.add(link)
            waiting.append(link)
    return done


MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")


def without_moments(text: str | None) -> str | None:
    """The text without the moments a download is made (an Excel file's properties)."""
    return MOMENT.sub("…", text) if text is not None else None


def json_statuses(text: str) -> list:
    """Every value of a "status" key in a JSON answer (an empty list for anything else)."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    found, stack = [], [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "status":
                    found.extend(value.values() if isinstance(value, dict) else [value])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
