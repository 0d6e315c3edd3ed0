"""What a plan page shows of a version: the plan as it was on a date (``?op=``) or as one version holds it.

Everything is read from the version's snapshot rows (``VersionItem``), never from the live plan: the
title, status, eigenaar, priority and ramingen of that day. Each page reads only what it shows, in a
fixed number of queries whatever the plan's size: the overview a page of actieplannen with their goals
and the status counts of their acties (summed by the database), an actieplan its own acties.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext

from plans import money
from plans.counts import StatusCounts, count_by_status_per
from plans.models import Direction, LifeCycle, Plan, Status
from versions import in_force, snapshots
from versions.models import ItemKind, PlanVersion, VersionItem

PER_PAGE = 100  # as the live overview (plans/views/pages.py OVERVIEW_PER_PAGE)
STATUS_LABELS = dict(Status.choices)
LIFE_CYCLE_LABELS = dict(LifeCycle.choices)
# What the overview reads of an actieplan or a goal: not the actie's ramingen.
LIGHT = (
    "kind",
    "item_id",
    "parent_id",
    "sort_key",
    "number",
    "title",
    "status",
    "life_cycle",
    "priority",
    "owner",
)


def version_on(plan: Plan, value: str) -> PlanVersion:
    """The version in force on the date ``value`` (``?op=``); a Dutch ValidationError for an
    unreadable date, a date before the first version or a plan without versions."""
    return in_force.on(plan, in_force.parse_date(value))


def adopted_version(plan: Plan, number: int) -> PlanVersion | None:
    """An adopted (or replaced) version by its number; None for a version in ontwerp (no snapshot yet)."""
    return in_force.adopted(plan).filter(number=number).first()


def status_label(item: VersionItem) -> str:
    return str(STATUS_LABELS.get(item.status, item.status))


def life_cycle_label(item: VersionItem) -> str:
    return str(LIFE_CYCLE_LABELS.get(item.life_cycle, item.life_cycle))


def _rows(version: PlanVersion, kind: str) -> QuerySet:
    return VersionItem.objects.filter(version=version, kind=kind).order_by("sort_key", "item_id")


def _decorate(item: VersionItem) -> VersionItem:
    item.status_label = status_label(item)
    item.life_cycle_label = life_cycle_label(item)
    item.is_active = item.life_cycle in (LifeCycle.ACTIVE, "")
    return item


@dataclass
class Group:
    goal: VersionItem | None
    action_plans: list[VersionItem] = field(default_factory=list)


def _marked(version: PlanVersion) -> tuple[set[int], dict[int, int | None]]:
    """The prioritaire actieplannen as snapshots.Snapshot.is_priority derives them (marked, or holding
    an active marked actie), and every active actieplan's goal: two queries, a few hundred rows."""
    action_plans = dict(
        _rows(version, ItemKind.ACTION_PLAN)
        .filter(life_cycle=LifeCycle.ACTIVE)
        .values_list("item_id", "parent_id")
    )
    marked = set(
        _rows(version, ItemKind.ACTION_PLAN)
        .filter(life_cycle=LifeCycle.ACTIVE, priority=True)
        .values_list("item_id", flat=True)
    )
    marked |= set(
        VersionItem.objects.filter(
            version=version, kind=ItemKind.ACTION, life_cycle=LifeCycle.ACTIVE, priority=True
        )
        .order_by()
        .values_list("parent_id", flat=True)
        .distinct()
    )
    return marked & set(action_plans), action_plans


@dataclass
class Overview:
    page: Page
    groups: list[Group]


def overview(version: PlanVersion, page_number, *, with_priorities: bool) -> Overview:
    """A page of the version's actieplannen (struck ones included, marked as such) under their goals,
    each with ``action_counts`` (its active acties per status) and ``is_priority``."""
    page = Paginator(_rows(version, ItemKind.ACTION_PLAN).only(*LIGHT), PER_PAGE).get_page(page_number)
    action_plans = [_decorate(item) for item in page.object_list]
    goal_ids = {item.parent_id for item in action_plans if item.parent_id is not None}
    goals = {
        goal.item_id: goal for goal in _rows(version, ItemKind.GOAL).filter(item_id__in=goal_ids).only(*LIGHT)
    }
    counts = count_by_status_per(
        VersionItem.objects.filter(
            version=version,
            kind=ItemKind.ACTION,
            life_cycle=LifeCycle.ACTIVE,
            parent_id__in=[item.item_id for item in action_plans],
        ),
        "parent_id",
    )
    marked, goal_of = _marked(version) if with_priorities else (set(), {})
    priority_goals = {goal_of[item_id] for item_id in marked}
    groups: list[Group] = []
    for item in action_plans:
        item.action_counts = counts.get(item.item_id, StatusCounts())
        item.is_priority = item.item_id in marked
        goal = goals.get(item.parent_id)
        if not groups or groups[-1].goal is not goal:
            if goal is not None:
                goal.is_priority = goal.item_id in priority_goals
            groups.append(Group(goal))
        groups[-1].action_plans.append(item)
    return Overview(page, groups)


@dataclass
class MoneyRow:
    action: VersionItem
    cells: list[Decimal]  # per year of the plan


@dataclass
class MoneyTable:
    label: str
    rows: list[MoneyRow]
    totals: list[Decimal]


def _years(plan: Plan) -> list[int]:
    return list(range(plan.start_year, plan.end_year + 1))


def _direction(figures: money.Figures | None, direction: str) -> Decimal:
    if figures is None:
        return money.ZERO
    return figures.expenses if direction == Direction.EXPENSE else figures.receipts


def money_tables(plan: Plan, actions: list[VersionItem]) -> list[MoneyTable]:
    """An actieplan's ramingen per actie and per year, uitgaven and ontvangsten (E, I and F together),
    with the actieplan's total per year: the sum of its acties."""
    years = _years(plan)
    per_action = {action.item_id: snapshots.figures(action) for action in actions}
    tables = []
    for direction, label in Direction.choices:
        rows = []
        for action in actions:
            figures = per_action[action.item_id]
            cells = [_direction(figures.get(year), direction) for year in years]
            rows.append(MoneyRow(action, cells))
        totals = [sum((row.cells[index] for row in rows), money.ZERO) for index in range(len(years))]
        if any(totals) or any(any(row.cells) for row in rows):
            tables.append(MoneyTable(str(label), rows, totals))
    return tables


@dataclass
class ActionPlanPage:
    action_plan: VersionItem
    goal: VersionItem | None
    actions: list[VersionItem]
    tables: list[MoneyTable]
    years: list[int]


def action_plan(version: PlanVersion, number: str, *, with_priorities: bool) -> ActionPlanPage | None:
    """An actieplan as the version holds it, by its number, with its acties and their ramingen; None
    when the version holds no actieplan of that number. Three queries."""
    found = _rows(version, ItemKind.ACTION_PLAN).filter(number=number).first()
    if found is None:
        return None
    item = _decorate(found)
    actions = [_decorate(action) for action in _rows(version, ItemKind.ACTION).filter(parent_id=item.item_id)]
    goal = _rows(version, ItemKind.GOAL).filter(item_id=item.parent_id).first() if item.parent_id else None
    plan = version.plan
    item.is_priority = with_priorities and (
        item.priority or any(action.priority and action.is_active for action in actions)
    )
    for action in actions:
        action.is_priority = with_priorities and (action.priority or item.priority)
    return ActionPlanPage(item, goal, actions, money_tables(plan, actions), _years(plan))


@dataclass
class ItemPage:
    item: VersionItem
    parent: VersionItem | None
    tables: list[MoneyTable]
    years: list[int]


def item(version: PlanVersion, kind: str, item_id: int) -> ItemPage | None:
    """One actieplan, actie or project as the version holds it (the timeline's ``?op=``); None when the
    version does not hold it (it did not exist yet)."""
    found = VersionItem.objects.filter(version=version, kind=kind, item_id=item_id).first()
    if found is None:
        return None
    found = _decorate(found)
    parent = None
    if kind == ItemKind.ACTION and found.parent_id:
        parent = VersionItem.objects.filter(
            version=version, kind=ItemKind.ACTION_PLAN, item_id=found.parent_id
        ).first()
    tables = money_tables(version.plan, [found]) if kind == ItemKind.ACTION else []
    return ItemPage(found, parent, tables, _years(version.plan))


@dataclass
class FinanceLine:
    item: VersionItem
    split: money.Split
    priority: bool = False


@dataclass
class FinanceBlock:
    goal: FinanceLine
    action_plans: list[FinanceLine]


@dataclass
class YearLine:
    year: int
    split: money.Split


@dataclass
class Finances:
    years: list[YearLine]
    all_years: money.Split
    goals: list[FinanceBlock]
    plan: money.Split

    @property
    def has_amounts(self) -> bool:
        return not self.all_years.total.is_zero


# The acties' ramingen summed per actieplan, own priority, year and category by the database: ten
# thousand acties' JSON read in C, not decoded one by one. The amounts are strings with two decimals,
# summed exactly (in cents on SQLite, as numeric on PostgreSQL).
SUMMED_MONEY = {
    "sqlite": """
        SELECT item.parent_id, item.priority, year.key, category.key,
            SUM(CAST(REPLACE(json_extract(category.value, '$[0]'), '.', '') AS INTEGER)),
            SUM(CAST(REPLACE(json_extract(category.value, '$[1]'), '.', '') AS INTEGER))
        FROM {table} item, json_each(item.money) year, json_each(year.value) category
        WHERE item.version_id = %s AND item.kind = %s
        GROUP BY item.parent_id, item.priority, year.key, category.key""",
    "postgresql": """
        SELECT item.parent_id, item.priority, year.key, category.key,
            SUM((category.value->>0)::numeric), SUM((category.value->>1)::numeric)
        FROM {table} item, jsonb_each(item.money) year, jsonb_each(year.value) category
        WHERE item.version_id = %s AND item.kind = %s
        GROUP BY item.parent_id, item.priority, year.key, category.key""",
}


def _summed_money(version: PlanVersion) -> dict[tuple, tuple[Decimal, Decimal]]:
    """(actieplan, own priority, year, category) -> (uitgaven, ontvangsten) of the version's acties."""
    sql = SUMMED_MONEY.get(connection.vendor)
    if sql is None:  # another database: decoded here, the same sums
        return _summed_in_python(version)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=VersionItem._meta.db_table), [version.pk, ItemKind.ACTION])
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        return {
            (parent, bool(priority), year, category): (_cents(expense), _cents(receipt))
            for parent, priority, year, category, expense, receipt in rows
        }
    return {
        (parent, bool(priority), year, category): (expense or money.ZERO, receipt or money.ZERO)
        for parent, priority, year, category, expense, receipt in rows
    }


def _cents(value: int | None) -> Decimal:
    return Decimal(value or 0).scaleb(-2)


def _summed_in_python(version: PlanVersion) -> dict[tuple, tuple[Decimal, Decimal]]:
    sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [money.ZERO, money.ZERO])
    for parent_id, priority, cells in (
        VersionItem.objects.filter(version=version, kind=ItemKind.ACTION)
        .exclude(money={})
        .order_by()
        .values_list("parent_id", "priority", "money")
    ):
        for year, categories in cells.items():
            for category, (expense, receipt) in categories.items():
                total = sums[parent_id, priority, year, category]
                total[0] += Decimal(expense)
                total[1] += Decimal(receipt)
    return {key: (expense, receipt) for key, (expense, receipt) in sums.items()}


def finances(version: PlanVersion, *, with_priorities: bool) -> Finances:
    """The version's ramingen summed bottom up: per year, per actieplan, per goal and for the plan,
    each split prioritair / niet-prioritair (an actie's money is prioritair when the actie or its
    active actieplan is marked, as plans/priorities.py counts it). Four queries, the acties' ramingen
    summed per actieplan by the database (``SUMMED_MONEY``)."""
    action_plans = [_decorate(item) for item in _rows(version, ItemKind.ACTION_PLAN).only(*LIGHT)]
    goals = list(_rows(version, ItemKind.GOAL).only(*LIGHT))
    marked_plans = {item.item_id for item in action_plans if item.priority and item.is_active}
    sums = _summed_money(version)
    by_plan: dict[int, money.Split] = defaultdict(money.Split)
    by_year: dict[int, money.Split] = defaultdict(money.Split)
    for (parent_id, own_priority, year, category), amounts in sums.items():
        prioritair = with_priorities and (own_priority or parent_id in marked_plans)
        for direction, amount in zip(snapshots.DIRECTIONS, amounts, strict=True):
            if amount:
                for split in (by_plan[parent_id], by_year[int(year)]):
                    (split.priority if prioritair else split.other).add(category, direction, amount)
    marked, _goal_of = _marked(version) if with_priorities else (set(), {})
    blocks: dict[int | None, FinanceBlock] = {}
    for goal in goals:
        blocks[goal.item_id] = FinanceBlock(FinanceLine(goal, money.Split()), [])
    whole = money.Split()
    for item in action_plans:
        split = by_plan.get(item.item_id, money.Split())
        if item.parent_id not in blocks:
            blocks[item.parent_id] = FinanceBlock(FinanceLine(VersionItem(title=""), money.Split()), [])
        block = blocks[item.parent_id]
        block.action_plans.append(FinanceLine(item, split, item.item_id in marked))
        _add(block.goal.split, split)
        _add(whole, split)
        if item.item_id in marked:
            block.goal.priority = True
    all_years = money.Split()
    for line in by_year.values():
        _add(all_years, line)
    return Finances(
        [YearLine(year, by_year[year]) for year in sorted(by_year)],
        all_years,
        [block for block in blocks.values() if block.action_plans],
        whole,
    )


def _add(total: money.Split, part: money.Split) -> None:
    total.priority += part.priority
    total.other += part.other


@dataclass
class IndicatorLine:
    item: VersionItem
    targets: list[tuple[int, str]]  # per year of the plan, "" without a target
    followed: bool


def indicators(version: PlanVersion) -> list[IndicatorLine]:
    """The version's indicators with their targets per year of the plan (one query)."""
    years = _years(version.plan)
    return [
        IndicatorLine(
            item,
            [(year, item.data.get("targets", {}).get(str(year), "")) for year in years],
            item.life_cycle == LifeCycle.ACTIVE,
        )
        for item in _rows(version, ItemKind.INDICATOR)
    ]


def indicator(version: PlanVersion, item_id: int) -> IndicatorLine | None:
    found = VersionItem.objects.filter(version=version, kind=ItemKind.INDICATOR, item_id=item_id).first()
    if found is None:
        return None
    years = _years(version.plan)
    targets = found.data.get("targets", {})
    return IndicatorLine(
        found, [(year, targets.get(str(year), "")) for year in years], found.life_cycle == LifeCycle.ACTIVE
    )


@dataclass
class Marker:
    """A version an item passed through, as a line of its timeline."""

    on: datetime.date
    text: str
    version: PlanVersion
    held: VersionItem
    is_version = True

    @property
    def status_label(self) -> str:
        return status_label(self.held) if self.held.status else ""


def _version_words(version: PlanVersion) -> dict:
    return {
        "number": version.number,
        "name": version.name,
        "date": formats.date_format(version.council_date),
    }


def markers(plan: Plan, kind: str, item_id: int) -> list[Marker]:
    """The adopted versions that held the item, oldest first: "in versie 2: AMJP 2027-1 (vastgesteld
    15 december 2026)", "nieuw in versie …" when the version before did not hold it, "geschrapt in
    versie …" / "gebundeld in versie …" when it was active in the version before and is no longer.
    Two queries, whatever the number of versions: the versions, and the item's rows in all of them."""
    versions = list(in_force.adopted(plan).exclude(council_date=None))
    held = {
        row.version_id: row
        for row in VersionItem.objects.filter(
            version__in=[version.pk for version in versions], kind=kind, item_id=item_id
        )
    }
    found: list[Marker] = []
    before: VersionItem | None = None
    for position, version in enumerate(versions):
        row = held.get(version.pk)
        if row is not None:
            words = _version_words(version)
            if before is None and position > 0:
                text = gettext("nieuw in versie %(number)s: %(name)s (vastgesteld %(date)s)") % words
            elif (
                before is not None
                and before.life_cycle == LifeCycle.ACTIVE
                and row.life_cycle != before.life_cycle
            ):
                if row.life_cycle == LifeCycle.MERGED:
                    text = gettext("gebundeld in versie %(number)s: %(name)s (vastgesteld %(date)s)") % words
                else:
                    text = gettext("geschrapt in versie %(number)s: %(name)s (vastgesteld %(date)s)") % words
            else:
                text = gettext("in versie %(number)s: %(name)s (vastgesteld %(date)s)") % words
            found.append(Marker(version.council_date, text, version, _decorate(row)))
        before = row
    return found
