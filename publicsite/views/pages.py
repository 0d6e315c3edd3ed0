"""The public site's pages: an organisation's plans, and a plan's edition drilled down (plan → goal →
actieplan → actie, projects) with search and a version selector.

Every plan page reads through ``publicsite/editions.py`` and is cached per edition
(``publicsite/page_cache.py``): a second reader gets the stored HTML or a 304. A page reads a fixed
number of queries, whatever the plan's size; long lists are paged (``PER_PAGE``).
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _

from plans import money
from plans.models import Category, Direction
from publicsite import editions, page_cache
from publicsite.errors import bad_request, public_errors
from publicsite.forms import YES, SearchForm
from publicsite.views.common import public_page, public_view
from versions.models import ItemKind, VersionState

PER_PAGE = 100
DOWNLOAD_FORMATS = (("csv", "CSV"), ("xlsx", "Excel"), ("json", "JSON"), ("jsonld", "JSON-LD"))
BAD_PAGE = _("Het paginanummer moet een getal vanaf 1 zijn.")
NO_SUCH_PAGE = _("Deze pagina van de lijst bestaat niet: de lijst is korter.")
NOT_IN_VERSION = _(
    "Dit item bestaat niet in de gekozen versie van het plan. Het kan later toegevoegd zijn of een "
    "ander nummer gekregen hebben: kies een andere versie of zoek het item op."
)
# A project has no number: its address holds its id (PublicItem.code gives "project-12" for such an item).
WITHOUT_NUMBER = re.compile(r"^(?P<kind>[a-z]+)-(?P<id>\d+)$")


@public_errors
@public_view
def organisation(request: HttpRequest, organisation) -> HttpResponse:
    plans = editions.published_plans(organisation)
    return render(
        request,
        "publicsite/organisation.html",
        {
            "organisation": organisation,
            "plans": [(plan, _in_force(editions.versions(plan))) for plan in plans],
        },
    )


def _in_force(adopted: list):
    return next(
        (each for each in adopted if each.state == VersionState.ADOPTED), adopted[0] if adopted else None
    )


# ---------------------------------------------------------------------------------------------------
# What every plan page shares


@dataclass(frozen=True)
class Site:
    """Where a page's links go: the same plan, in the version the address names (none: the one in
    force)."""

    organisation: str
    plan: str
    version: int | None

    def url(self, name: str, **kwargs) -> str:
        kwargs = {"organisation": self.organisation, "plan": self.plan, **kwargs}
        if self.version is not None:
            return reverse(f"public:{name}_version", kwargs={**kwargs, "version": self.version})
        return reverse(f"public:{name}", kwargs=kwargs)

    def item_url(self, item: editions.PublicItem) -> str:
        if item.kind == ItemKind.PROJECT:
            return self.url("project", item_id=item.id)
        name = {ItemKind.GOAL: "goal", ItemKind.ACTION_PLAN: "action_plan", ItemKind.ACTION: "action"}[
            item.kind
        ]
        return self.url(name, code=item.code)


@dataclass(frozen=True)
class VersionLink:
    version: object
    url: str
    shown: bool
    in_force: bool


def _site(request: HttpRequest, edition: editions.Edition) -> Site:
    explicit = request.resolver_match.kwargs.get("version")
    return Site(request.public_organisation.slug, edition.plan.slug, explicit)


def _version_links(request: HttpRequest, edition: editions.Edition) -> list[VersionLink]:
    """The same page in each adopted version (the one in force at its own address), with the search's
    filters kept."""
    match = request.resolver_match
    name = match.url_name.removesuffix("_version")
    kwargs = {key: value for key, value in match.kwargs.items() if key != "version"}
    query = urlencode(
        [(name, value) for name, values in page_cache.asked(request) if name != "pagina" for value in values]
    )
    suffix = f"?{query}" if query else ""
    links = []
    for version in edition.versions:
        in_force = version.state == VersionState.ADOPTED
        if in_force:
            url = reverse(f"public:{name}", kwargs=kwargs)
        else:
            url = reverse(f"public:{name}_version", kwargs={**kwargs, "version": version.number})
        links.append(VersionLink(version, url + suffix, version.pk == edition.version.pk, in_force))
    return links


def _optional_url(name: str, **kwargs) -> str:
    """The address of a page another part of the site provides, or "" while it is not there."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _downloads(site: Site, edition: editions.Edition) -> list[tuple[str, str]]:
    kwargs = {"organisation": site.organisation, "plan": site.plan}
    if site.version is not None:
        kwargs["version"] = edition.version.number
    found = []
    for extension, label in DOWNLOAD_FORMATS:
        url = _optional_url("opendata:download", **kwargs, format=extension)
        if url:
            found.append((label, url))
    return found


def _context(request: HttpRequest, edition: editions.Edition, crumbs: list, **extra) -> dict:
    site = _site(request, edition)
    links = _version_links(request, edition)
    return {
        "edition": edition,
        "plan": edition.plan,
        "site": site,
        "versions": links,
        "in_force_url": next((link.url for link in links if link.in_force), ""),
        "crumbs": [
            (request.public_organisation.name, reverse("public:organisation", args=[site.organisation])),
            (edition.plan.name, site.url("plan")),
            *crumbs,
        ],
        "search_url": site.url("search"),
        **extra,
    }


def _find(edition: editions.Edition, kind: str, code: str) -> editions.PublicItem:
    """The item of the version by its number (or, without one, by the id ``PublicItem.code`` gives)."""
    try:
        return editions.item_by_number(edition, kind, code)
    except Http404:
        found = WITHOUT_NUMBER.match(code)
        if found and found["kind"] == kind:
            item = editions.items(edition, editions.rows(edition, kind).filter(item_id=found["id"]))
            if item:
                return item[0]
        raise Http404(NOT_IN_VERSION) from None


def _parent(edition: editions.Edition, kind: str, item_id: int | None) -> editions.PublicItem | None:
    if item_id is None:
        return None
    found = editions.items(edition, editions.rows(edition, kind).filter(item_id=item_id))
    return found[0] if found else None


def _page(request: HttpRequest, found: QuerySet) -> Page:
    """One page of ``found`` (``?pagina=``): a count and a slice, whatever the list's length."""
    number = request.GET.get("pagina", "1")
    if not number.isdigit() or int(number) < 1 or len(number) > 6:
        raise BadRequest(BAD_PAGE)
    paginator = Paginator(found, PER_PAGE)
    if int(number) > paginator.num_pages:
        raise Http404(NO_SUCH_PAGE)
    return paginator.page(int(number))


def _page_links(request: HttpRequest, page: Page) -> dict:
    kept = [
        (name, value) for name, values in page_cache.asked(request) if name != "pagina" for value in values
    ]

    def address(number: int) -> str:
        return "?" + urlencode([*kept, ("pagina", number)])

    return {
        "previous": address(page.previous_page_number()) if page.has_previous() else "",
        "next": address(page.next_page_number()) if page.has_next() else "",
    }


@dataclass
class Row:
    """An actieplan or actie in a list: the item, its address, whether it is prioritair and its
    progress (actieplannen and goals)."""

    item: editions.PublicItem
    url: str
    priority: bool = False
    progress: object = None


def _rows(edition, site, shown, rollup=None, priorities=None) -> list[Row]:
    priorities = priorities if priorities is not None else set()
    return [
        Row(
            each,
            site.item_url(each),
            (each.kind, each.id) in priorities,
            rollup.of(each) if rollup is not None else None,
        )
        for each in shown
    ]


def _priorities(edition: editions.Edition, shown: list) -> set:
    return editions.priority_ids(edition, shown) if edition.plan.uses_priorities else set()


# ---------------------------------------------------------------------------------------------------
# The pages


@public_errors
@public_page
def plan(request: HttpRequest, edition: editions.Edition) -> HttpResponse:
    def context() -> dict:
        site = _site(request, edition)
        rollup = page_cache.rollup(edition)
        goals = [
            each
            for each in editions.items(edition, editions.rows(edition, ItemKind.GOAL))
            if each.parent_id is None
        ]
        return _context(
            request,
            edition,
            [],
            progress=rollup.plan,
            rule=editions.PROGRESS_RULE,
            goals=_rows(edition, site, goals, rollup),
            indicators_url=_optional_url(
                "public:indicators_version" if site.version else "public:indicators",
                **{"organisation": site.organisation, "plan": site.plan},
                **({"version": site.version} if site.version else {}),
            ),
            downloads=_downloads(site, edition),
        )

    return page_cache.respond(request, edition, "publicsite/plan.html", context)


@public_errors
@public_page
def goal(request: HttpRequest, edition: editions.Edition, code: str) -> HttpResponse:
    def context() -> dict:
        site = _site(request, edition)
        rollup = page_cache.rollup(edition)
        item = _find(edition, ItemKind.GOAL, code)
        parent = _parent(edition, ItemKind.GOAL, item.parent_id)
        page = _page(request, editions.rows(edition, ItemKind.ACTION_PLAN).filter(parent_id=item.id))
        action_plans = editions.items(edition, page.object_list)
        sub_goals = editions.items(edition, editions.rows(edition, ItemKind.GOAL).filter(parent_id=item.id))
        crumbs = [(parent.title, site.item_url(parent))] if parent else []
        return _context(
            request,
            edition,
            [*crumbs, (_label(item), "")],
            item=item,
            progress=rollup.of(item),
            rule=editions.PROGRESS_RULE,
            sub_goals=_rows(edition, site, sub_goals, rollup),
            action_plans=_rows(edition, site, action_plans, rollup, _priorities(edition, action_plans)),
            page=page,
            pages=_page_links(request, page),
        )

    return page_cache.respond(request, edition, "publicsite/goal.html", context)


@public_errors
@public_page
def action_plan(request: HttpRequest, edition: editions.Edition, code: str) -> HttpResponse:
    def context() -> dict:
        site = _site(request, edition)
        rollup = page_cache.rollup(edition)
        item = _find(edition, ItemKind.ACTION_PLAN, code)
        goal = _parent(edition, ItemKind.GOAL, item.parent_id)
        page = _page(request, editions.rows(edition, ItemKind.ACTION).filter(parent_id=item.id))
        actions = editions.items(edition, page.object_list)
        project_ids = page_cache.project_links(edition).action_plans.get(item.id, [])
        projects = editions.items(
            edition, editions.rows(edition, ItemKind.PROJECT).filter(item_id__in=project_ids)
        )
        priorities = _priorities(edition, [item, *actions])
        return _context(
            request,
            edition,
            [*([(_label(goal), site.item_url(goal))] if goal else []), (_label(item), "")],
            item=item,
            goal=goal,
            goal_url=site.item_url(goal) if goal else "",
            priority=(item.kind, item.id) in priorities,
            progress=rollup.of(item),
            rule=editions.PROGRESS_RULE,
            actions=_rows(edition, site, actions, None, priorities),
            projects=_rows(edition, site, projects),
            page=page,
            pages=_page_links(request, page),
        )

    return page_cache.respond(request, edition, "publicsite/action_plan.html", context)


@public_errors
@public_page
def action(request: HttpRequest, edition: editions.Edition, code: str) -> HttpResponse:
    def context() -> dict:
        site = _site(request, edition)
        item = _find(edition, ItemKind.ACTION, code)
        action_plan = _parent(edition, ItemKind.ACTION_PLAN, item.parent_id)
        goal = _parent(edition, ItemKind.GOAL, action_plan.parent_id) if action_plan else None
        project_ids = page_cache.project_links(edition).actions.get(item.id, [])
        projects = editions.items(
            edition, editions.rows(edition, ItemKind.PROJECT).filter(item_id__in=project_ids)
        )
        crumbs = [(_label(each), site.item_url(each)) for each in (goal, action_plan) if each]
        uses_money = edition.plan.uses_money
        actuals = editions.realisations(edition, [item.id]).get(item.id, {}) if uses_money else {}
        return _context(
            request,
            edition,
            [*crumbs, (_label(item), "")],
            item=item,
            action_plan=action_plan,
            action_plan_url=site.item_url(action_plan) if action_plan else "",
            priority=bool(_priorities(edition, [item])),
            money=money_rows(item.money, actuals) if uses_money else [],
            uses_money=uses_money,
            projects=_rows(edition, site, projects),
        )

    return page_cache.respond(request, edition, "publicsite/action.html", context)


@public_errors
@public_page
def project(request: HttpRequest, edition: editions.Edition, item_id: int) -> HttpResponse:
    def context() -> dict:
        site = _site(request, edition)
        try:
            item = editions.item(edition, ItemKind.PROJECT, item_id)
        except Http404:
            raise Http404(NOT_IN_VERSION) from None
        linked_plans = editions.items(
            edition,
            editions.rows(edition, ItemKind.ACTION_PLAN).filter(
                item_id__in=item.data.get("action_plans", [])
            ),
        )
        linked_actions = editions.items(
            edition, editions.rows(edition, ItemKind.ACTION).filter(item_id__in=item.data.get("actions", []))
        )
        return _context(
            request,
            edition,
            [(item.title, "")],
            item=item,
            action_plans=_rows(edition, site, linked_plans),
            actions=_rows(edition, site, linked_actions),
        )

    return page_cache.respond(request, edition, "publicsite/project.html", context)


@public_errors
@public_page
def search(request: HttpRequest, edition: editions.Edition) -> HttpResponse:
    domains = page_cache.domains(edition)
    form = SearchForm(request.GET, domains=domains, uses_priorities=edition.plan.uses_priorities)
    if not form.is_valid():
        return bad_request(request, form.problems())
    asked = form.cleaned_data

    def context() -> dict:
        site = _site(request, edition)
        kinds = [asked["soort"]] if asked.get("soort") else editions.SEARCH_KINDS
        found = editions.matching(editions.search_rows(edition, kinds), asked["q"])
        if asked["status"]:
            found = editions.with_status(found, asked["status"])
        if asked.get("prioritair") == YES:
            found = editions.only_priority(edition, found)
        if asked.get("domein"):
            found = editions.in_domain(edition, found, asked["domein"])
        page = _page(request, found)
        shown = editions.items(edition, page.object_list)
        return _context(
            request,
            edition,
            [(_("Zoeken"), "")],
            form=form,
            searched=any(asked.get(name) for name in ("q", "soort", "status", "prioritair", "domein")),
            results=_rows(edition, site, shown, None, _priorities(edition, shown)),
            page=page,
            pages=_page_links(request, page),
        )

    return page_cache.respond(request, edition, "publicsite/search.html", context)


def _label(item: editions.PublicItem) -> str:
    return f"{item.number} {item.title}".strip() if item.number else item.title


# ---------------------------------------------------------------------------------------------------
# Money


@dataclass
class MoneyRow:
    year: str
    category: str  # E, I or F
    category_label: str
    cells: list[tuple[str, str]]  # (column, amount): raming uitgaven, raming ontvangsten, realisatie …


MONEY_COLUMNS = (
    _("Raming uitgaven"),
    _("Raming ontvangsten"),
    _("Realisatie uitgaven"),
    _("Realisatie ontvangsten"),
)


def money_rows(estimates: editions.Cells, actuals: editions.Cells) -> list[MoneyRow]:
    """One row per year and category (E/I/F) that has a raming or a realisatie, amounts the Flemish way
    (€ 1.234,56). Each cell names its column: on a phone the table is stacked."""
    found = []
    for year in sorted({*estimates, *actuals}):
        for category, label in Category.choices:
            estimate = estimates.get(year, {}).get(category)
            actual = actuals.get(year, {}).get(category)
            if estimate is None and actual is None:
                continue
            amounts = [
                money.euro(Decimal(pair[index])) if pair else "–"
                for pair in (estimate, actual)
                for index in range(len(Direction.values))
            ]
            found.append(
                MoneyRow(
                    year,
                    category,
                    f"{str(label).capitalize()} ({category})",
                    [(str(column), amount) for column, amount in zip(MONEY_COLUMNS, amounts, strict=True)],
                )
            )
    return found


urlpatterns = [
    path("<slug:organisation>/", organisation, name="organisation"),
]
# Every page of a plan exists for the version in force and for each adopted version (v<number>/).
# Codes hold dots and spaces ("SD 1", "1.2"): ``str`` takes them (url-encoded), never a "/".
PLAN_PAGES = [
    path("", plan, name="plan"),
    path("zoeken/", search, name="search"),
    path("doelstelling/<str:code>/", goal, name="goal"),
    path("actieplan/<str:code>/", action_plan, name="action_plan"),
    path("actie/<str:code>/", action, name="action"),
    path("project/<int:item_id>/", project, name="project"),
]
