"""The totals page of a plan ("Ramingen en realisaties"): the acties' figures summed per
beleidsdoelstelling, actieplan, entiteit and for the plan, per year, each split prioritair /
niet-prioritair, and each actieplan's envelope against its acties' ramingen.

The database sums the amounts per actieplan, entity, priority and year (one query); every level is
then summed here from those same groups, so a total is the sum of its parts, and equal to what
``plans/money.py`` sums from the acties (tested). A fixed number of queries, whatever the size of
the plan.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from plans import money, priorities
from plans.models import Action, ActionPlan, Amount, AmountKind, Direction, Entity, Goal, LifeCycle, Plan


@dataclass(frozen=True)
class FinanceFilters:
    """What the page shows: ramingen or realisaties, one year or all, prioritair only, one entity."""

    kind: str = AmountKind.ESTIMATE
    year: int | None = None
    priority_only: bool = False
    entity: Entity | None = None


@dataclass
class Line:
    """One row of the totals: a doelstelling, actieplan, entiteit or the plan, with its split."""

    label: str
    split: money.Split
    number: str = ""
    priority: bool = False
    action_plan: ActionPlan | None = None

    @property
    def mixed(self) -> bool:
        """Both a prioritaire and a niet-prioritaire part: the row then shows them apart."""
        return not self.split.priority.is_zero and not self.split.other.is_zero


@dataclass
class GoalBlock:
    line: Line
    action_plans: list[Line] = field(default_factory=list)


@dataclass
class YearLine:
    year: int
    split: money.Split


@dataclass
class EnvelopeLine:
    action_plan: ActionPlan
    check: money.EnvelopeCheck


@dataclass
class FinanceOverview:
    filters: FinanceFilters
    years: list[YearLine]
    all_years: money.Split
    goals: list[GoalBlock]
    entities: list[Line]
    plan: money.Split
    envelopes: list[EnvelopeLine]
    has_amounts: bool  # any amount of the chosen kind and filters


@dataclass(frozen=True)
class Group:
    """The summed amounts of the acties that share an actieplan, entity, priority and year."""

    action_plan_id: int
    goal_id: int | None
    entity_id: int | None
    priority: bool
    year: int
    figures: money.Figures


def _groups(plan: Plan, filters: FinanceFilters, derived: priorities.Priorities) -> list[Group]:
    """One query, summed by the database per actieplan, entity, priority and year, with the six
    E/I/F uitgaven/ontvangsten as columns: a big plan's page reads thousands of rows, not its
    hundred thousand amounts. An actie's money counts prioritair as ``Priorities.money`` says."""
    amounts = Amount.objects.filter(action__action_plan__plan=plan, kind=filters.kind)
    marked_plan = Q(action__action_plan__priority=True, action__action_plan__life_cycle=LifeCycle.ACTIVE)
    if filters.priority_only:
        amounts = amounts.filter(Q(action__priority=True) | marked_plan)
    if filters.entity is not None:
        amounts = amounts.filter(action__entity=filters.entity)
    columns = {f"sum_{category}_{direction}": (category, direction) for category, direction in money.KEYS}
    sums = {
        name: Sum("amount", filter=Q(category=category, direction=direction))
        for name, (category, direction) in columns.items()
    }
    rows = (
        amounts.values(
            "action__action_plan_id",
            "action__action_plan__goal_id",
            "action__entity_id",
            "action__priority",
            "year",
        )
        .annotate(**sums)
        .order_by()
    )
    return [
        Group(
            row["action__action_plan_id"],
            row["action__action_plan__goal_id"],
            row["action__entity_id"],
            derived.money(row["action__priority"], row["action__action_plan_id"]),
            row["year"],
            money.Figures({key: row[name] or money.ZERO for name, key in columns.items()}),
        )
        for row in rows
    ]


@dataclass
class Sums:
    by_action_plan: dict[int, money.Split]
    by_goal: dict[int | None, money.Split]
    by_entity: dict[int | None, money.Split]
    plan: money.Split


def _sums(groups: list[Group], year: int | None) -> Sums:
    """Every level from the same groups, each total from its own parts."""
    sums = Sums(defaultdict(money.Split), defaultdict(money.Split), defaultdict(money.Split), money.Split())
    for group in groups:
        if year is not None and group.year != year:
            continue
        for split in (
            sums.by_action_plan[group.action_plan_id],
            sums.by_goal[group.goal_id],
            sums.by_entity[group.entity_id],
            sums.plan,
        ):
            split.add(group.figures, priority=group.priority)
    return sums


def _per_year(plan: Plan, groups: list[Group]) -> list[YearLine]:
    """The plan's split of each year: the sum of its groups of that year."""
    splits = {year: money.Split() for year in range(plan.start_year, plan.end_year + 1)}
    for group in groups:
        if group.year in splits:
            splits[group.year].add(group.figures, priority=group.priority)
    return [YearLine(year, split) for year, split in splits.items()]


def finance_overview(plan: Plan, filters: FinanceFilters) -> FinanceOverview:
    """The whole page's figures in eight queries, whatever the size of the plan."""
    derived = priorities.of_plan(plan)
    groups = _groups(plan, filters, derived)
    if filters.priority_only:
        groups = [group for group in groups if group.priority]
    years = _per_year(plan, groups)
    totals = _sums(groups, filters.year)
    shown_action_plans = {group.action_plan_id for group in groups}
    action_plans = list(  # the active ones, and struck ones whose acties carry money
        ActionPlan.objects.in_plan(plan)
        .filter(Q(life_cycle=LifeCycle.ACTIVE) | Q(pk__in=list(shown_action_plans)))
        .order_by("sort_key")
    )
    if filters.priority_only or filters.entity:
        shown_action_plans |= set(
            ActionPlan.objects.in_plan(plan).active().filter(_holding(filters)).values_list("pk", flat=True)
        )
    goals = list(Goal.objects.filter(plan=plan).order_by("sort_key"))
    by_goal: dict[int | None, GoalBlock] = {
        goal.pk: GoalBlock(
            Line(goal.title, totals.by_goal.get(goal.pk, money.Split()), goal.number, derived.goal(goal.pk))
        )
        for goal in goals
    }
    for action_plan in action_plans:
        if action_plan.pk not in shown_action_plans and (filters.priority_only or filters.entity):
            continue
        block = by_goal.get(action_plan.goal_id)
        if block is None:
            block = by_goal[None] = GoalBlock(Line("", totals.by_goal.get(None, money.Split())))
        block.action_plans.append(
            Line(
                action_plan.title,
                totals.by_action_plan.get(action_plan.pk, money.Split()),
                action_plan.number,
                derived.action_plan(action_plan.pk),
                action_plan,
            )
        )
    goal_blocks = [
        block for block in by_goal.values() if block.action_plans or not block.line.split.total.is_zero
    ]

    entities = [
        Line(entity.name, totals.by_entity.get(entity.pk, money.Split()), entity.code)
        for entity in Entity.objects.filter(plan=plan).order_by("code")
        if filters.entity is None or entity == filters.entity
    ]
    if entities and None in totals.by_entity:
        entities.append(Line("", totals.by_entity[None]))

    all_years = money.Split()
    for line in years:
        all_years.priority += line.split.priority
        all_years.other += line.split.other
    return FinanceOverview(
        filters,
        years,
        all_years,
        goal_blocks,
        entities,
        totals.plan,
        envelope_lines(plan, action_plans),
        has_amounts=bool(groups),
    )


def _holding(filters: FinanceFilters) -> Q:
    """The actieplannen a filtered page lists even without money: those holding a matching actie."""
    condition = Q()
    if filters.priority_only:
        condition &= priorities.action_plan_is_priority()
    if filters.entity is not None:
        condition &= priorities.in_entity(filters.entity)
    return condition


def envelope_lines(plan: Plan, action_plans: list[ActionPlan]) -> list[EnvelopeLine]:
    """Each active actieplan with an envelope against the uitgaven its acties' ramingen add up to,
    over every year of the plan (the envelope is for the whole plan period), whatever the page's
    filters. One query."""
    with_envelope = [ap for ap in action_plans if ap.budget is not None and ap.life_cycle == LifeCycle.ACTIVE]
    if not with_envelope:
        return []
    estimated = dict(
        Amount.objects.filter(
            action__action_plan__in=[ap.pk for ap in with_envelope],
            kind=AmountKind.ESTIMATE,
            direction=Direction.EXPENSE,
        )
        .values_list("action__action_plan_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return [
        EnvelopeLine(ap, money.EnvelopeCheck(ap.budget, estimated.get(ap.pk) or money.ZERO))
        for ap in with_envelope
    ]


@dataclass
class ActionMoney:
    """An actie's amounts of one direction per year, raming and realisatie side by side."""

    action: Action
    years: list[int]
    estimates: list[Decimal]
    actuals: list[Decimal]

    @property
    def cells(self) -> list[tuple[int, Decimal, Decimal]]:
        """Per year: the year (the cell's label on a phone), the raming and the realisatie."""
        return list(zip(self.years, self.estimates, self.actuals, strict=True))


@dataclass
class MoneyTable:
    direction: str
    label: str
    rows: list[ActionMoney]


def action_plan_money(action_plan: ActionPlan, actions: list[Action]) -> tuple[list[int], list[MoneyTable]]:
    """For an actieplan's page: the years of the plan and, per direction that has figures, a table of
    the acties (of ``actions``) with figures, their raming and realisatie per year. One query."""
    plan = action_plan.plan
    years = list(range(plan.start_year, plan.end_year + 1))
    sums: dict[tuple, Decimal] = {
        (row["action_id"], row["kind"], row["year"], row["direction"]): row["total"]
        for row in Amount.objects.filter(action_id__in=[action.pk for action in actions])
        .values("action_id", "kind", "year", "direction")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    tables = []
    for direction, label in Direction.choices:
        rows = [
            ActionMoney(
                action,
                years,
                [sums.get((action.pk, AmountKind.ESTIMATE, year, direction), money.ZERO) for year in years],
                [sums.get((action.pk, AmountKind.ACTUAL, year, direction), money.ZERO) for year in years],
            )
            for action in actions
        ]
        rows = [row for row in rows if any(row.estimates) or any(row.actuals)]
        if rows:
            tables.append(MoneyTable(direction, label, rows))
    return years, tables
