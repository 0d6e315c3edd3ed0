"""A version's snapshot of the strategic nota: written once at adoption, read by every version page.

``take`` reads the plan in a fixed number of queries, whatever its size, and writes one
``VersionItem`` per goal, actieplan, actie, project and indicator, struck and merged ones included (a
struck item stays findable in the versions that held it). ``of`` reads a version back as a
``Snapshot`` in one query. The rows are never changed afterwards: a version is replaced by the next,
never edited.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Model

from indicators.models import Indicator, Target
from plans import money
from plans.models import Action, ActionPlan, Amount, AmountKind, Direction, Goal, LifeCycle, Project
from versions.models import ItemKind, PlanVersion, VersionItem

BATCH_SIZE = 2000
DIRECTIONS = (Direction.EXPENSE, Direction.RECEIPT)  # the positions in a money cell
KIND_ORDER = [ItemKind.GOAL, ItemKind.ACTION_PLAN, ItemKind.ACTION, ItemKind.PROJECT, ItemKind.INDICATOR]

OWNER_FIELDS = ("owner__first_name", "owner__last_name", "owner__username", "department__name")


def _owner(first: str | None, last: str | None, username: str | None, department: str | None) -> str:
    if username:
        return f"{first or ''} {last or ''}".strip() or username
    return department or ""


def _compact(**data) -> dict:
    """Only what has a value: a version of a big plan holds tens of thousands of rows."""
    return {name: value for name, value in data.items() if value not in ("", None, [], {}, False)}


def _amount_text(amount: Decimal) -> str:
    return format(amount.quantize(Decimal("0.01")), "f")


def _money_by_action(plan) -> dict[int, dict]:
    cells: dict[int, dict] = defaultdict(dict)
    estimates = Amount.objects.filter(action__action_plan__plan=plan, kind=AmountKind.ESTIMATE).values_list(
        "action_id", "year", "category", "direction", "amount"
    )
    for action_id, year, category, direction, amount in estimates:
        if not amount:
            continue
        cell = cells[action_id].setdefault(str(year), {}).setdefault(category, ["0.00", "0.00"])
        cell[DIRECTIONS.index(direction)] = _amount_text(amount)
    return cells


def _goals(version: PlanVersion) -> Iterator[VersionItem]:
    for pk, sort_key, number, title, domain, description, external_code, continues in (
        Goal.objects.filter(plan=version.plan)
        .order_by("sort_key")
        .values_list(
            "pk", "sort_key", "number", "title", "domain", "description", "external_code", "continues_id"
        )
    ):
        yield VersionItem(
            version=version,
            kind=ItemKind.GOAL,
            item_id=pk,
            sort_key=sort_key,
            number=number,
            title=title,
            data=_compact(
                domain=domain, description=description, external_code=external_code, continues=continues
            ),
        )


def _action_plans(version: PlanVersion) -> Iterator[VersionItem]:
    values = (
        ActionPlan.objects.filter(plan=version.plan)
        .order_by("sort_key")
        .values_list(
            "pk",
            "goal_id",
            "sort_key",
            "number",
            "title",
            "status",
            "life_cycle",
            "priority",
            *OWNER_FIELDS,
            "responsible",
            "political_contact",
            "partners",
            "points_of_attention",
            "start_year",
            "end_year",
            "budget",
            "external_code",
            "continues_id",
        )
    )
    for (
        pk,
        goal_id,
        sort_key,
        number,
        title,
        status,
        life_cycle,
        priority,
        first,
        last,
        username,
        department,
        responsible,
        political_contact,
        partners,
        points_of_attention,
        start_year,
        end_year,
        budget,
        external_code,
        continues,
    ) in values:
        yield VersionItem(
            version=version,
            kind=ItemKind.ACTION_PLAN,
            item_id=pk,
            parent_id=goal_id,
            sort_key=sort_key,
            number=number,
            title=title,
            status=status,
            life_cycle=life_cycle,
            priority=priority,
            owner=_owner(first, last, username, department),
            data=_compact(
                responsible=responsible,
                political_contact=political_contact,
                partners=partners,
                points_of_attention=points_of_attention,
                start_year=start_year,
                end_year=end_year,
                budget=_amount_text(budget) if budget is not None else None,
                external_code=external_code,
                continues=continues,
            ),
        )


def _actions(version: PlanVersion) -> Iterator[VersionItem]:
    money_of = _money_by_action(version.plan)
    values = (
        Action.objects.filter(action_plan__plan=version.plan)
        .order_by("sort_key")
        .values_list(
            "pk",
            "action_plan_id",
            "sort_key",
            "number",
            "title",
            "status",
            "life_cycle",
            "priority",
            *OWNER_FIELDS,
            "responsible",
            "start_year",
            "end_year",
            "entity__name",
            "policy_field__code",
            "policy_field__name",
            "external_code",
            "merged_into_id",
            "continues_id",
        )
    )
    for (
        pk,
        action_plan_id,
        sort_key,
        number,
        title,
        status,
        life_cycle,
        priority,
        first,
        last,
        username,
        department,
        responsible,
        start_year,
        end_year,
        entity,
        policy_code,
        policy_name,
        external_code,
        merged_into,
        continues,
    ) in values:
        yield VersionItem(
            version=version,
            kind=ItemKind.ACTION,
            item_id=pk,
            parent_id=action_plan_id,
            sort_key=sort_key,
            number=number,
            title=title,
            status=status,
            life_cycle=life_cycle,
            priority=priority,
            owner=_owner(first, last, username, department),
            data=_compact(
                responsible=responsible,
                start_year=start_year,
                end_year=end_year,
                entity=entity,
                policy_field=f"{policy_code} {policy_name}" if policy_code else "",
                external_code=external_code,
                merged_into=merged_into,
                continues=continues,
            ),
            money=money_of.get(pk, {}),
        )


def _links(through: type[Model], owner: str, target: str, owners: Iterable[int]) -> dict[int, list[int]]:
    linked: dict[int, list[int]] = defaultdict(list)
    for owner_id, target_id in (
        through.objects.filter(**{f"{owner}__in": owners}).order_by("pk").values_list(owner, target)
    ):
        linked[owner_id].append(target_id)
    return linked


def _projects(version: PlanVersion) -> Iterator[VersionItem]:
    projects = list(
        Project.objects.filter(plan=version.plan)
        .order_by("name")
        .values_list("pk", "name", "status", "life_cycle", *OWNER_FIELDS, "project_leader")
    )
    ids = [row[0] for row in projects]
    action_plans = _links(Project.action_plans.through, "project_id", "actionplan_id", ids)
    actions = _links(Project.actions.through, "project_id", "action_id", ids)
    for pk, name, status, life_cycle, first, last, username, department, leader in projects:
        yield VersionItem(
            version=version,
            kind=ItemKind.PROJECT,
            item_id=pk,
            sort_key=name.lower()[:200],
            title=name,
            status=status,
            life_cycle=life_cycle,
            owner=_owner(first, last, username, department),
            data=_compact(project_leader=leader, action_plans=action_plans[pk], actions=actions[pk]),
        )


def _indicators(version: PlanVersion) -> Iterator[VersionItem]:
    indicators = list(
        Indicator.objects.filter(plan=version.plan)
        .order_by("name", "pk")
        .values_list(
            "pk",
            "name",
            "description",
            "kind",
            "unit",
            "decimals",
            "better",
            "baseline_value",
            "baseline_date",
            "followed",
            *OWNER_FIELDS,
        )
    )
    ids = [row[0] for row in indicators]
    targets: dict[int, dict[str, str]] = defaultdict(dict)
    for indicator_id, year, value in (
        Target.objects.filter(indicator_id__in=ids)
        .order_by("year")
        .values_list("indicator_id", "year", "value")
    ):
        targets[indicator_id][str(year)] = format(value.normalize(), "f")
    goals = _links(Indicator.goals.through, "indicator_id", "goal_id", ids)
    action_plans = _links(Indicator.action_plans.through, "indicator_id", "actionplan_id", ids)
    actions = _links(Indicator.actions.through, "indicator_id", "action_id", ids)
    for position, row in enumerate(indicators, start=1):
        pk, name, description, kind, unit, decimals, better, baseline, baseline_date, followed = row[:10]
        yield VersionItem(
            version=version,
            kind=ItemKind.INDICATOR,
            item_id=pk,
            sort_key=f"{position:06d}",
            title=name[:500],
            owner=_owner(*row[10:]),
            life_cycle=LifeCycle.ACTIVE if followed else LifeCycle.REMOVED,
            data=_compact(
                description=description,
                kind=kind,
                unit=unit,
                decimals=decimals,
                better=better,
                baseline=format(baseline.normalize(), "f") if baseline is not None else None,
                baseline_date=baseline_date.isoformat() if baseline_date else None,
                targets=targets[pk],
                goals=goals[pk],
                action_plans=action_plans[pk],
                actions=actions[pk],
            ),
        )


ROWS = (_goals, _action_plans, _actions, _projects, _indicators)


def take(version: PlanVersion) -> int:
    """Write the version's snapshot of its plan as it stands now; the number of rows written. A
    version that holds a snapshot already is refused: a snapshot is taken once."""
    if VersionItem.objects.filter(version=version).exists():
        raise ValueError(f"{version} holds a snapshot already; a version is never edited.")
    written = 0
    for rows in ROWS:
        batch = []
        for row in rows(version):
            batch.append(row)
            if len(batch) == BATCH_SIZE:
                VersionItem.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        VersionItem.objects.bulk_create(batch)
        written += len(batch)
    return written


@dataclass
class Snapshot:
    """A version's items by kind in plan order, with lookups by the live item's id."""

    version: PlanVersion
    by_kind: dict[str, list[VersionItem]] = field(default_factory=dict)
    by_id: dict[tuple[str, int], VersionItem] = field(default_factory=dict)
    children: dict[tuple[str, int | None], list[VersionItem]] = field(default_factory=dict)

    def items(self, kind: str, *, active_only: bool = False) -> list[VersionItem]:
        items = self.by_kind.get(kind, [])
        return [item for item in items if item.life_cycle == LifeCycle.ACTIVE] if active_only else items

    def get(self, kind: str, item_id: int | None) -> VersionItem | None:
        return self.by_id.get((kind, item_id)) if item_id is not None else None

    def action_plans_of(self, goal_id: int | None) -> list[VersionItem]:
        """The actieplannen under a goal (None: those without one), struck ones included."""
        return self.children.get((ItemKind.ACTION_PLAN, goal_id), [])

    def actions_of(self, action_plan_id: int) -> list[VersionItem]:
        return self.children.get((ItemKind.ACTION, action_plan_id), [])

    def is_priority(self, item: VersionItem) -> bool:
        """Prioritair as plans/priorities.py derives it, from the snapshot alone: an actie marked
        itself or under a marked actieplan; an actieplan marked or holding an active marked actie; a
        goal holding a prioritair active actieplan."""
        if item.kind == ItemKind.ACTION:
            parent = self.get(ItemKind.ACTION_PLAN, item.parent_id)
            return item.priority or bool(parent and parent.priority)
        if item.kind == ItemKind.ACTION_PLAN:
            return item.priority or any(
                action.priority and action.life_cycle == LifeCycle.ACTIVE
                for action in self.actions_of(item.item_id)
            )
        if item.kind == ItemKind.GOAL:
            return any(
                plan.life_cycle == LifeCycle.ACTIVE and self.is_priority(plan)
                for plan in self.action_plans_of(item.item_id)
            )
        return False


def of(version: PlanVersion) -> Snapshot:
    """The version's snapshot, read in one query."""
    return _snapshot(
        version, VersionItem.objects.filter(version=version).order_by("kind", "sort_key", "item_id")
    )


def live(version: PlanVersion) -> Snapshot:
    """The plan as it stands now, read as ``take`` would write it, without writing anything: what an
    aanpassing in ontwerp would hold (versions/aanpassing.py ``preview``)."""
    return _snapshot(version, (row for rows in ROWS for row in rows(version)))


def _snapshot(version: PlanVersion, items: Iterable[VersionItem]) -> Snapshot:
    snapshot = Snapshot(version)
    by_kind: dict[str, list[VersionItem]] = {kind: [] for kind in KIND_ORDER}
    children: dict[tuple[str, int | None], list[VersionItem]] = defaultdict(list)
    for item in items:
        item.version = version
        by_kind[item.kind].append(item)
        snapshot.by_id[(item.kind, item.item_id)] = item
        if item.kind in (ItemKind.ACTION_PLAN, ItemKind.ACTION):
            children[(item.kind, item.parent_id)].append(item)
    snapshot.by_kind = by_kind
    snapshot.children = dict(children)
    return snapshot


def figures(item: VersionItem) -> dict[int, money.Figures]:
    """An actie's ramingen per year as plans/money.py's Figures (E/I/F × uitgaven/ontvangsten)."""
    per_year: dict[int, money.Figures] = {}
    for year, categories in item.money.items():
        figures = money.Figures()
        for category, cell in categories.items():
            for direction, amount in zip(DIRECTIONS, cell, strict=True):
                figures.add(category, direction, Decimal(amount))
        per_year[int(year)] = figures
    return per_year
