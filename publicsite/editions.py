"""What the public sees of a plan: an *edition*, never the live plan.

An edition is an adopted version of the plan (``versions``: its snapshot holds the structure, texts,
ramingen and targets the raad adopted) together with the last rapportering the raad received before
the next version replaced it (``rounds``: a closed round freezes each item's status and toelichting, the
realisaties and the indicators' values). Both are written once and never changed, so an edition never
changes: public pages and downloads are cached under ``Edition.key`` for good, and a new key appears
when the raad adopts a new version or the cel closes a new round.

Never public: versions in ontwerp or stopped, open rounds, toelichtingen marked internal, comments,
owners and their e-mail addresses, and anything of a plan whose publication is off. Every page, the API
and the downloads read through this module only.

Each function reads in a fixed number of queries, whatever the plan's size.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core.numbering import natural_sort_key
from indicators import series as indicator_series
from indicators.models import Better
from indicators.series import Point, Series
from organisations.models import Organisation
from plans.counts import StatusCounts
from plans.models import AmountKind, LifeCycle, Plan, Status
from publicsite.models import Publication, PublicProfile
from rounds.models import FrozenAmount, FrozenItem, ReportingRound, RoundState
from versions.models import ADOPTED_STATES, ItemKind, PlanVersion, VersionItem, VersionState

STATUS_LABELS = dict(Status.choices)
LIFE_CYCLE_LABELS = dict(LifeCycle.choices)
KIND_LABELS = dict(ItemKind.choices)
STATUS_KINDS = (ItemKind.ACTION_PLAN, ItemKind.ACTION, ItemKind.PROJECT)  # what a round reports on
NOT_FOUND = _("Deze pagina bestaat niet (meer) op de publieke website.")


# ---------------------------------------------------------------------------------------------------
# Which plans and versions are public


def organisation(slug: str) -> Organisation:
    """The organisation by its slug (the caller opens its scope); the public 404 otherwise."""
    found = Organisation.objects.across_organisations().filter(slug=slug).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def published_plans(of: Organisation) -> list[Plan]:
    """The organisation's plans whose publication is on and which have an adopted version, by name."""
    ids = Publication.objects.filter(plan__organisation=of, enabled=True).values("plan_id")
    adopted = PlanVersion.objects.filter(state__in=ADOPTED_STATES).values("plan_id")
    return list(Plan.objects.filter(organisation=of, pk__in=ids).filter(pk__in=adopted).order_by("name"))


def is_published(plan: Plan) -> bool:
    return Publication.objects.filter(plan=plan, enabled=True).exists()


def published_plan(of: Organisation, slug: str) -> Plan:
    """A plan of the organisation whose publication is on; the public 404 otherwise (also for a plan
    that has no adopted version yet: there is nothing to show)."""
    for plan in published_plans(of):
        if plan.slug == slug:
            return plan
    raise Http404(NOT_FOUND)


def profile(of: Organisation) -> PublicProfile | None:
    return PublicProfile.objects.filter(organisation=of).first()


def versions(plan: Plan) -> list[PlanVersion]:
    """The plan's adopted versions, the one in force first."""
    return list(PlanVersion.objects.filter(plan=plan, state__in=ADOPTED_STATES).order_by("-number"))


# ---------------------------------------------------------------------------------------------------
# An edition


@dataclass(frozen=True)
class Edition:
    plan: Plan
    version: PlanVersion
    round: ReportingRound | None  # the last rapportering closed before the next version (_round_of)
    versions: tuple[PlanVersion, ...]  # all adopted versions, the one in force first
    until: datetime.date | None  # when the next version replaced this one (None: in force)

    @property
    def is_current(self) -> bool:
        return self.version.state == VersionState.ADOPTED

    @property
    def key(self) -> str:
        """Identifies the edition's content for good: both parts are written once."""
        return f"{self.plan.pk}.{self.version.pk}.{self.round.pk if self.round else 0}"

    @property
    def reported_on(self) -> datetime.date | None:
        """The date of the stand van zaken shown: the rapportering's, else the raad's adoption."""
        return self.round.date if self.round else self.version.council_date

    @property
    def newest(self) -> PlanVersion:
        return self.versions[0]


def edition(plan: Plan, number: int | None = None) -> Edition:
    """The edition of version ``number`` (the one in force when None); the public 404 for a version
    that is unknown, in ontwerp or stopped."""
    adopted = tuple(versions(plan))
    if not adopted:
        raise Http404(NOT_FOUND)
    if number is None:
        chosen = next((v for v in adopted if v.state == VersionState.ADOPTED), adopted[0])
    else:
        chosen = next((v for v in adopted if v.number == number), None)
        if chosen is None:
            raise Http404(NOT_FOUND)
    later = [v for v in adopted if v.number > chosen.number and v.council_date]
    until = min(v.council_date for v in later) if later else None
    return Edition(plan, chosen, _round_of(plan, until), adopted, until)


def _closed_rounds(plan: Plan, until: datetime.date | None) -> QuerySet:
    rounds = ReportingRound.objects.filter(plan=plan, state=RoundState.CLOSED)
    if until is not None:
        rounds = rounds.filter(date__lt=until)
    return rounds.order_by("date", "closed_at", "pk")


def _round_of(plan: Plan, until: datetime.date | None) -> ReportingRound | None:
    """The last rapportering the raad received before the next version replaced this one: the stand van
    zaken the public sees with the version (for a version adopted since, until its first rapportering,
    that of the version before: items new in the version show their status at adoption)."""
    return _closed_rounds(plan, until).last()


# ---------------------------------------------------------------------------------------------------
# Items


@dataclass
class PublicItem:
    """One goal, actieplan, actie, project or indicator of an edition, with only what may be public."""

    kind: str
    id: int  # the live item's id: the same item across versions
    parent_id: int | None
    number: str
    title: str
    status: str
    life_cycle: str
    priority: bool  # marked on the item itself
    explanation: str = ""  # the rapportering's toelichting, unless marked internal
    data: dict = field(default_factory=dict)
    money: dict = field(default_factory=dict)  # ramingen: {"2027": {"E": ["uitgave", "ontvangst"]}}

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def life_cycle_label(self) -> str:
        return str(LIFE_CYCLE_LABELS.get(self.life_cycle, self.life_cycle))

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def is_active(self) -> bool:
        return self.life_cycle in (LifeCycle.ACTIVE, "")

    @property
    def code(self) -> str:
        """What identifies the item within its version: its number, else (a project) its id."""
        return self.number or f"{self.kind}-{self.id}"

    # What a snapshot's ``data`` holds that may be public (owners, mandatarissen and links to other
    # versions are left out).
    @property
    def description(self) -> str:
        return self.data.get("description", "")

    @property
    def domain(self) -> str:
        return self.data.get("domain", "")

    @property
    def responsible(self) -> str:
        return self.data.get("responsible", "")

    @property
    def points_of_attention(self) -> str:
        return self.data.get("points_of_attention", "")

    @property
    def start_year(self) -> int | None:
        return self.data.get("start_year")

    @property
    def end_year(self) -> int | None:
        return self.data.get("end_year")

    @property
    def entity(self) -> str:
        return self.data.get("entity", "")

    @property
    def policy_field(self) -> str:
        return self.data.get("policy_field", "")

    @property
    def external_code(self) -> str:
        return self.data.get("external_code", "")


PUBLIC_DATA = (
    "description",
    "domain",
    "responsible",
    "points_of_attention",
    "start_year",
    "end_year",
    "entity",
    "policy_field",
    "external_code",
    "action_plans",  # a project's actieplannen
    "actions",  # a project's acties
)
FIELDS = ("kind", "item_id", "parent_id", "sort_key", "number", "title", "status", "life_cycle", "priority")


def rows(edition: Edition, kind: str) -> QuerySet:
    """The version's items of one kind in plan order, with ``shown_status``: the rapportering's status
    where the edition has one, else the version's. Filter, page and count it; then ``items()``."""
    found = VersionItem.objects.filter(version=edition.version, kind=kind).order_by("sort_key", "item_id")
    if edition.round and kind in STATUS_KINDS:
        frozen = FrozenItem.objects.filter(round=edition.round, kind=kind, item_id=OuterRef("item_id"))
        return found.annotate(shown_status=Coalesce(Subquery(frozen.values("status")[:1]), F("status")))
    return found.annotate(shown_status=F("status"))


def with_status(found: QuerySet, statuses: Iterable[str]) -> QuerySet:
    return found.filter(shown_status__in=list(statuses))


def items(edition: Edition, found: QuerySet) -> list[PublicItem]:
    """``found`` (from ``rows``, filtered or sliced) as public items: two queries."""
    read = list(found.values(*FIELDS, "shown_status", "data", "money"))
    explanations = _explanations(edition, read)
    return [
        PublicItem(
            kind=row["kind"],
            id=row["item_id"],
            parent_id=row["parent_id"],
            number=row["number"],
            title=row["title"],
            status=row["shown_status"],
            life_cycle=row["life_cycle"],
            priority=row["priority"],
            explanation=explanations.get((row["kind"], row["item_id"]), ""),
            data={name: value for name, value in row["data"].items() if name in PUBLIC_DATA},
            money=row["money"],
        )
        for row in read
    ]


def _explanations(edition: Edition, read: list[dict]) -> dict[tuple[str, int], str]:
    if not edition.round:
        return {}
    wanted = defaultdict(list)
    for row in read:
        if row["kind"] in STATUS_KINDS:
            wanted[row["kind"]].append(row["item_id"])
    if not wanted:
        return {}
    query = Q()
    for kind, ids in wanted.items():
        query |= Q(kind=kind, item_id__in=ids)
    return {
        (kind, item_id): explanation
        for kind, item_id, explanation in FrozenItem.objects.filter(
            query, round=edition.round, explanation_internal=False
        )
        .exclude(explanation="")
        .values_list("kind", "item_id", "explanation")
    }


def item(edition: Edition, kind: str, item_id: int) -> PublicItem:
    """One item of the edition; the public 404 when the version does not hold it."""
    found = items(edition, rows(edition, kind).filter(item_id=item_id))
    if not found:
        raise Http404(NOT_FOUND)
    return found[0]


def item_by_number(edition: Edition, kind: str, number: str) -> PublicItem:
    found = items(edition, rows(edition, kind).filter(number=number)[:1])
    if not found:
        raise Http404(NOT_FOUND)
    return found[0]


# ---------------------------------------------------------------------------------------------------
# Progress, rolled up from the acties


PROGRESS_RULE = _(
    "De voortgang is het aandeel van de acties dat afgewerkt is of in de reguliere werking is "
    "opgenomen, van alle acties die niet geschrapt of gebundeld zijn. Een actieplan telt zijn eigen "
    "acties, een doelstelling de acties van al haar actieplannen, het plan al zijn acties. De status "
    "is die van de laatste rapportering aan de raad, of anders die bij de vaststelling van de versie."
)


@dataclass
class Rollup:
    """The active acties' status counts per actieplan, per goal and for the whole plan."""

    action_plans: dict[int, StatusCounts]
    goals: dict[int, StatusCounts]
    plan: StatusCounts

    def of(self, item: PublicItem) -> StatusCounts:
        if item.kind == ItemKind.ACTION_PLAN:
            return self.action_plans.get(item.id, StatusCounts())
        if item.kind == ItemKind.GOAL:
            return self.goals.get(item.id, StatusCounts())
        return StatusCounts()


def rollup(edition: Edition) -> Rollup:
    """Two queries over the whole version: cache the result per ``edition.key``."""
    goal_of = dict(
        VersionItem.objects.filter(version=edition.version, kind=ItemKind.ACTION_PLAN).values_list(
            "item_id", "parent_id"
        )
    )
    # Goals under goals: an actieplan counts for every goal above it.
    parent_goal = dict(
        VersionItem.objects.filter(version=edition.version, kind=ItemKind.GOAL).values_list(
            "item_id", "parent_id"
        )
    )
    action_plans: dict[int, StatusCounts] = defaultdict(StatusCounts)
    goals: dict[int, StatusCounts] = defaultdict(StatusCounts)
    plan = StatusCounts()
    active = rows(edition, ItemKind.ACTION).filter(life_cycle=LifeCycle.ACTIVE)
    for parent_id, status in active.values_list("parent_id", "shown_status"):
        if status not in plan.counts:
            continue
        plan.counts[status] += 1
        action_plans[parent_id].counts[status] += 1
        goal, seen = goal_of.get(parent_id), set()
        while goal is not None and goal not in seen:
            goals[goal].counts[status] += 1
            seen.add(goal)
            goal = parent_goal.get(goal)
    return Rollup(dict(action_plans), dict(goals), plan)


# ---------------------------------------------------------------------------------------------------
# Money: ramingen from the version, realisaties as the rapporteringen reported them

Cells = dict[str, dict[str, list[str]]]  # {"2026": {"E": ["uitgave", "ontvangst"]}}


def realisations(edition: Edition, action_ids: Iterable[int]) -> dict[int, Cells]:
    """Per actie, the realisaties per year × E/I/F as the last closed rapportering (up to the edition's)
    that reported that year gave them. One query."""
    cells: dict[int, Cells] = defaultdict(dict)
    rounds = _closed_rounds(edition.plan, edition.until)
    if edition.round:
        rounds = rounds.filter(date__lte=edition.round.date)
    amounts = (
        FrozenAmount.objects.filter(round__in=rounds, kind=AmountKind.ACTUAL, action_id__in=list(action_ids))
        .order_by("round__date", "round__closed_at", "round_id")
        .values_list("action_id", "year", "category", "direction", "amount")
    )
    positions = ("uitgave", "ontvangst")
    for action_id, year, category, direction, amount in amounts:
        cell = cells[action_id].setdefault(str(year), {}).setdefault(category, ["0.00", "0.00"])
        cell[positions.index(direction)] = format(Decimal(amount).quantize(Decimal("0.01")), "f")
    return dict(cells)


# ---------------------------------------------------------------------------------------------------
# Indicators


def indicators(edition: Edition) -> list[Series]:
    """The version's followed indicators: definition, baseline and targets as adopted; the values as
    the edition's rapportering reported them (none without one)."""
    held = list(
        VersionItem.objects.filter(
            version=edition.version, kind=ItemKind.INDICATOR, life_cycle=LifeCycle.ACTIVE
        ).order_by("sort_key")
    )
    reported = {each.id: each for each in indicator_series.of_round(edition.round)} if edition.round else {}
    found = []
    for row in held:
        frozen = reported.get(row.item_id)
        data = row.data
        baseline = (
            Point(datetime.date.fromisoformat(data["baseline_date"]), Decimal(data["baseline"]))
            if data.get("baseline") is not None and data.get("baseline_date")
            else None
        )
        found.append(
            Series(
                id=row.item_id,
                name=row.title,
                kind=data.get("kind", ""),
                unit=data.get("unit", ""),
                decimals=data.get("decimals", 0),
                better=data.get("better", frozen.better if frozen else Better.HIGHER),
                steps=frozen.steps if frozen else [],
                description=data.get("description", ""),
                source=frozen.source if frozen else "",
                baseline=baseline,
                targets={int(year): Decimal(value) for year, value in data.get("targets", {}).items()},
                points=[Point(p.date, p.value, p.note) for p in frozen.points] if frozen else [],
                links=frozen.links if frozen else [],
            )
        )
    return found


# ---------------------------------------------------------------------------------------------------
# The public site's search and its prioritaire items (publicsite/views/pages.py)

SEARCH_KINDS = (ItemKind.ACTION_PLAN, ItemKind.ACTION)


def search_rows(edition: Edition, kinds: Iterable[str] = SEARCH_KINDS) -> QuerySet:
    """The version's actieplannen and acties together in plan order (an actieplan before its acties),
    with ``shown_status`` as ``rows`` gives it. Filter with the functions below, then ``items()``."""
    kinds = list(kinds)
    found = VersionItem.objects.filter(version=edition.version, kind__in=kinds).order_by(
        "sort_key", "kind", "item_id"
    )
    if edition.round:
        frozen = FrozenItem.objects.filter(
            round=edition.round, kind=OuterRef("kind"), item_id=OuterRef("item_id")
        )
        return found.annotate(shown_status=Coalesce(Subquery(frozen.values("status")[:1]), F("status")))
    return found.annotate(shown_status=F("status"))


def matching(found: QuerySet, query: str) -> QuerySet:
    """Items whose number is ``query`` or lies under it (1.2 finds 1.2.3), first, then those whose title
    holds every word of it."""
    words = query.split()
    if not words:
        return found
    key = natural_sort_key(query)
    by_number = Q(sort_key=key) | Q(sort_key__startswith=f"{key}.")
    by_words = Q()
    for word in words:
        by_words &= Q(title__icontains=word)
    first = Case(When(by_number, then=Value(0)), default=Value(1), output_field=IntegerField())
    return found.filter(by_number | by_words).order_by(first, "sort_key", "kind", "item_id")


def domains(edition: Edition) -> list[str]:
    """The beleidsdomeinen the version's goals name, sorted. One query over the goals."""
    found = VersionItem.objects.filter(version=edition.version, kind=ItemKind.GOAL).values_list(
        "data", flat=True
    )
    return sorted({data["domain"] for data in found if data.get("domain")}, key=str.lower)


def in_domain(edition: Edition, found: QuerySet, domain: str) -> QuerySet:
    """Actieplannen under a goal of ``domain`` and the acties of those actieplannen."""
    goals = VersionItem.objects.filter(
        version=edition.version, kind=ItemKind.GOAL, data__domain=domain
    ).values("item_id")
    action_plans = VersionItem.objects.filter(
        version=edition.version, kind=ItemKind.ACTION_PLAN, parent_id__in=goals
    ).values("item_id")
    return found.filter(
        Q(kind=ItemKind.ACTION_PLAN, parent_id__in=goals)
        | Q(kind=ItemKind.ACTION, parent_id__in=action_plans)
    )


def only_priority(edition: Edition, found: QuerySet) -> QuerySet:
    """The prioritaire actieplannen and acties of ``found``, by the one rule (``_priority_condition``)."""
    return found.filter(
        (Q(kind=ItemKind.ACTION_PLAN) & _priority_condition(edition, ItemKind.ACTION_PLAN))
        | (Q(kind=ItemKind.ACTION) & _priority_condition(edition, ItemKind.ACTION))
    )


def priority_ids(edition: Edition, shown: Iterable[PublicItem]) -> set[tuple[str, int]]:
    """Of ``shown`` (actieplannen and acties), the (kind, id) of those that are prioritair
    (``only_priority``'s rule). At most one query."""
    shown = list(shown)
    found = {(each.kind, each.id) for each in shown if each.priority}
    ids: dict[str, set[int]] = {ItemKind.ACTION_PLAN: set(), ItemKind.ACTION: set()}
    for each in shown:
        if each.kind in ids and (each.kind, each.id) not in found:
            ids[each.kind].add(each.id)
    if not any(ids.values()):
        return found
    rest = VersionItem.objects.filter(version=edition.version).filter(
        Q(kind=ItemKind.ACTION_PLAN, item_id__in=ids[ItemKind.ACTION_PLAN])
        | Q(kind=ItemKind.ACTION, item_id__in=ids[ItemKind.ACTION])
    )
    found.update(only_priority(edition, rest).values_list("kind", "item_id"))
    return found


# ---------------------------------------------------------------------------------------------------
# For the open data API (opendata/api): which organisations publish, the lists' filters in SQL over the
# version's own rows, and what a page of items needs of their parents. Each in a fixed number of queries.


def public_organisations() -> list[Organisation]:
    """The organisations with at least one published plan that has an adopted version, by name. Read
    across organisations on purpose: that an organisation publishes is itself public."""
    adopted = PlanVersion.objects.across_organisations().filter(state__in=ADOPTED_STATES).values("plan_id")
    plans = (
        Publication.objects.across_organisations()
        .filter(enabled=True, plan_id__in=adopted)
        .values("plan__organisation_id")
    )
    return list(Organisation.objects.across_organisations().filter(pk__in=plans).order_by("name", "pk"))


def _rows_of_version(edition: Edition, kind: str) -> QuerySet:
    return VersionItem.objects.filter(version=edition.version, kind=kind)


def _marked_active_actions(edition: Edition) -> QuerySet:
    return _rows_of_version(edition, ItemKind.ACTION).filter(priority=True, life_cycle=LifeCycle.ACTIVE)


def _priority_condition(edition: Edition, kind: str) -> Q:
    """Prioritair as ``plans/priorities.py`` derives it (and ``versions.snapshots.Snapshot.is_priority``),
    from the version's rows: an actie marked or under a marked actieplan; an actieplan marked or holding
    an active marked actie; a goal holding an active prioritair actieplan."""
    if kind == ItemKind.ACTION:
        marked_plans = _rows_of_version(edition, ItemKind.ACTION_PLAN).filter(priority=True)
        return Q(priority=True) | Q(parent_id__in=marked_plans.values("item_id"))
    holding = _marked_active_actions(edition).values("parent_id")
    if kind == ItemKind.ACTION_PLAN:
        return Q(priority=True) | Q(item_id__in=holding)
    if kind == ItemKind.GOAL:
        plans = _rows_of_version(edition, ItemKind.ACTION_PLAN).filter(life_cycle=LifeCycle.ACTIVE)
        plans = plans.filter(Q(priority=True) | Q(item_id__in=holding))
        return Q(item_id__in=plans.values("parent_id"))
    return Q(pk__in=[])


def with_priority(edition: Edition, found: QuerySet, kind: str, priority: bool) -> QuerySet:
    """``found`` (rows of ``kind``) narrowed to the prioritaire items, or to the others."""
    condition = _priority_condition(edition, kind)
    return found.filter(condition) if priority else found.exclude(condition)


def goal_domains(edition: Edition) -> list[str]:
    """The beleidsdomeinen of the version's goals, sorted."""
    found = _rows_of_version(edition, ItemKind.GOAL).values_list("data__domain", flat=True)
    return sorted({domain for domain in found if domain})


def with_domain(edition: Edition, found: QuerySet, kind: str, chosen: Iterable[str]) -> QuerySet:
    """``found`` narrowed to the items under a goal of one of the ``chosen`` beleidsdomeinen."""
    goals = _rows_of_version(edition, ItemKind.GOAL).filter(data__domain__in=list(chosen))
    if kind == ItemKind.GOAL:
        return found.filter(item_id__in=goals.values("item_id"))
    plans = _rows_of_version(edition, ItemKind.ACTION_PLAN).filter(parent_id__in=goals.values("item_id"))
    if kind == ItemKind.ACTION_PLAN:
        return found.filter(item_id__in=plans.values("item_id"))
    return found.filter(parent_id__in=plans.values("item_id"))


def numbers_held(edition: Edition, kind: str, chosen: Iterable[str]) -> set[str]:
    """Which of the ``chosen`` numbers the version holds for ``kind``."""
    return set(
        _rows_of_version(edition, kind).filter(number__in=list(chosen)).values_list("number", flat=True)
    )


def with_parent(edition: Edition, found: QuerySet, parent_kind: str, chosen: Iterable[str]) -> QuerySet:
    """``found`` narrowed to the children of the parents (of ``parent_kind``) numbered ``chosen``."""
    parents = _rows_of_version(edition, parent_kind).filter(number__in=list(chosen))
    return found.filter(parent_id__in=parents.values("item_id"))


def number_or_title(found: QuerySet, text: str) -> QuerySet:
    """``found`` narrowed to the items whose number or title holds ``text`` (any case)."""
    return found.filter(Q(number__icontains=text) | Q(title__icontains=text))


@dataclass
class PageContext:
    """What a page of items shows of their place in the plan: per item id, the parent's number, the
    goal's beleidsdomein, whether it is prioritair (derived), and a project's actieplannen and acties."""

    parent: dict[int, str] = field(default_factory=dict)
    domain: dict[int, str] = field(default_factory=dict)
    priority: dict[int, bool] = field(default_factory=dict)
    action_plans: dict[int, list[str]] = field(default_factory=dict)
    actions: dict[int, list[str]] = field(default_factory=dict)


def page_context(edition: Edition, found: list[PublicItem]) -> PageContext:
    """The context of ``found`` (items of one kind, e.g. one page): at most two queries."""
    result = PageContext()
    if not found:
        return result
    kind = found[0].kind
    ids = [each.id for each in found]
    if kind == ItemKind.GOAL:
        plans = _rows_of_version(edition, ItemKind.ACTION_PLAN).filter(parent_id__in=ids)
        plans = plans.filter(life_cycle=LifeCycle.ACTIVE).filter(
            _priority_condition(edition, ItemKind.ACTION_PLAN)
        )
        held = set(plans.values_list("parent_id", flat=True))
        for each in found:
            result.domain[each.id] = each.domain
            result.priority[each.id] = each.id in held
    elif kind == ItemKind.ACTION_PLAN:
        goals = dict(
            (item_id, (number, domain))
            for item_id, number, domain in _rows_of_version(edition, ItemKind.GOAL)
            .filter(item_id__in={each.parent_id for each in found})
            .values_list("item_id", "number", "data__domain")
        )
        held = set(
            _marked_active_actions(edition).filter(parent_id__in=ids).values_list("parent_id", flat=True)
        )
        for each in found:
            number, domain = goals.get(each.parent_id, ("", ""))
            result.parent[each.id], result.domain[each.id] = number, domain or ""
            result.priority[each.id] = each.priority or each.id in held
    elif kind == ItemKind.ACTION:
        plans = {
            item_id: (number, goal_id, priority)
            for item_id, number, goal_id, priority in _rows_of_version(edition, ItemKind.ACTION_PLAN)
            .filter(item_id__in={each.parent_id for each in found})
            .values_list("item_id", "number", "parent_id", "priority")
        }
        goal_domains = dict(
            _rows_of_version(edition, ItemKind.GOAL)
            .filter(item_id__in={plan[1] for plan in plans.values()})
            .values_list("item_id", "data__domain")
        )
        for each in found:
            number, goal_id, marked = plans.get(each.parent_id, ("", None, False))
            result.parent[each.id] = number
            result.domain[each.id] = goal_domains.get(goal_id) or ""
            result.priority[each.id] = each.priority or marked
    elif kind == ItemKind.PROJECT:
        wanted = {
            ItemKind.ACTION_PLAN: {i for each in found for i in each.data.get("action_plans", [])},
            ItemKind.ACTION: {i for each in found for i in each.data.get("actions", [])},
        }
        query = Q(pk__in=[])
        for linked_kind, linked_ids in wanted.items():
            query |= Q(kind=linked_kind, item_id__in=linked_ids)
        named = {
            (linked_kind, item_id): number
            for linked_kind, item_id, number in VersionItem.objects.filter(query, version=edition.version)
            .order_by("sort_key", "item_id")
            .values_list("kind", "item_id", "number")
        }
        for each in found:
            result.action_plans[each.id] = [
                named[ItemKind.ACTION_PLAN, i]
                for i in each.data.get("action_plans", [])
                if (ItemKind.ACTION_PLAN, i) in named
            ]
            result.actions[each.id] = [
                named[ItemKind.ACTION, i]
                for i in each.data.get("actions", [])
                if (ItemKind.ACTION, i) in named
            ]
    return result


# A whole version at once, for the downloads (opendata): no list of ids in a query, since compiling
# the 10,000 ids of a big plan's acties into one costs about a second.


def every_item(edition: Edition, kind: str) -> list[PublicItem]:
    """Every item of one kind, as ``items(edition, rows(edition, kind))`` gives them, with the public
    toelichtingen read for the whole kind at once. Two queries."""
    # rows() holds the rapportering's status; items() of the edition without its round reads no
    # toelichting, which the query below then adds (never one marked internal).
    found = items(replace(edition, round=None), rows(edition, kind))
    if edition.round and kind in STATUS_KINDS:
        texts = dict(
            FrozenItem.objects.filter(round=edition.round, kind=kind, explanation_internal=False)
            .exclude(explanation="")
            .values_list("item_id", "explanation")
        )
        for each in found:
            each.explanation = texts.get(each.id, "")
    return found


def every_realisation(edition: Edition) -> dict[int, Cells]:
    """``realisations`` of every actie the plan's rapporteringen reported up to the edition's (also
    acties the version does not hold: the caller picks its own). One query."""
    cells: dict[int, Cells] = defaultdict(dict)
    rounds = _closed_rounds(edition.plan, edition.until)
    if edition.round:
        rounds = rounds.filter(date__lte=edition.round.date)
    amounts = (
        FrozenAmount.objects.filter(round__in=rounds, kind=AmountKind.ACTUAL)
        .order_by("round__date", "round__closed_at", "round_id")
        .values_list("action_id", "year", "category", "direction", "amount")
    )
    positions = ("uitgave", "ontvangst")
    for action_id, year, category, direction, amount in amounts:
        cell = cells[action_id].setdefault(str(year), {}).setdefault(category, ["0.00", "0.00"])
        cell[positions.index(direction)] = format(Decimal(amount).quantize(Decimal("0.01")), "f")
    return dict(cells)
