"""Money per actie per year (BBC 2020): figures, their totals, the envelope check, euro formatting.

Every total is computed here from the acties' own amounts, bottom up, so a total is always the sum
of its parts: an actieplan's of its acties, a doelstelling's of its actieplannen, an entity's and the
plan's of their acties, each split prioritair / niet-prioritair.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from plans import priorities
from plans.models import Action, Amount, AmountKind, Category, Direction, Plan

Key = tuple[str, str]  # (category, direction)
KEYS: list[Key] = [(category, direction) for category in Category.values for direction in Direction.values]
ZERO = Decimal("0.00")


@dataclass
class Figures:
    """Uitgaven and ontvangsten in the three categories (E/I/F)."""

    values: dict[Key, Decimal] = field(default_factory=lambda: dict.fromkeys(KEYS, ZERO))

    def add(self, category: str, direction: str, amount: Decimal) -> None:
        self.values[category, direction] += amount

    def __add__(self, other: "Figures") -> "Figures":
        return Figures({key: self.values[key] + other.values[key] for key in KEYS})

    def __iadd__(self, other: "Figures") -> "Figures":
        for key in KEYS:
            self.values[key] += other.values[key]
        return self

    def get(self, category: str, direction: str) -> Decimal:
        return self.values[category, direction]

    @property
    def expenses(self) -> Decimal:
        return sum((self.values[c, Direction.EXPENSE] for c in Category.values), ZERO)

    @property
    def receipts(self) -> Decimal:
        return sum((self.values[c, Direction.RECEIPT] for c in Category.values), ZERO)

    @property
    def is_zero(self) -> bool:
        return not any(self.values.values())

    def cells(self) -> list[Decimal]:
        """In the order of ``KEYS``: E uitgaven, E ontvangsten, I …, F …"""
        return [self.values[key] for key in KEYS]


@dataclass
class Split:
    """A total split into its prioritaire and niet-prioritaire part."""

    priority: Figures = field(default_factory=Figures)
    other: Figures = field(default_factory=Figures)

    @property
    def total(self) -> Figures:
        return self.priority + self.other

    def add(self, figures: Figures, *, priority: bool) -> None:
        if priority:
            self.priority += figures
        else:
            self.other += figures


@dataclass(frozen=True)
class ActionFacts:
    """What a total needs to know of an actie: where it belongs and whether it is prioritair."""

    action_id: int
    action_plan_id: int
    goal_id: int | None
    entity_id: int | None
    priority: bool


@dataclass
class Totals:
    """The figures of one kind (raming or realisatie) of a plan, over the chosen years."""

    by_action: dict[int, Figures]
    by_action_plan: dict[int, Split]
    by_goal: dict[int | None, Split]
    by_entity: dict[int | None, Split]
    plan: Split


def action_facts(plan: Plan, derived: priorities.Priorities | None = None) -> list[ActionFacts]:
    """One query (after the two of the priorities, unless they are given)."""
    derived = derived or priorities.of_plan(plan)
    return [
        ActionFacts(pk, action_plan_id, goal_id, entity_id, derived.money(priority, action_plan_id))
        for pk, action_plan_id, goal_id, entity_id, priority in Action.objects.in_plan(plan).values_list(
            "pk", "action_plan_id", "action_plan__goal_id", "entity_id", "priority"
        )
    ]


def figures_by_action(
    plan: Plan, kind: str, years: Iterable[int] | None = None, action_ids: Iterable[int] | None = None
) -> dict[int, dict[int, Figures]]:
    """Per actie (of the plan, or only ``action_ids``), per year, its figures of ``kind``: one query."""
    amounts = Amount.objects.filter(action__action_plan__plan=plan, kind=kind)
    if action_ids is not None:
        amounts = amounts.filter(action_id__in=list(action_ids))
    if years is not None:
        amounts = amounts.filter(year__in=list(years))
    result: dict[int, dict[int, Figures]] = defaultdict(lambda: defaultdict(Figures))
    rows = amounts.values("action_id", "year", "category", "direction").annotate(total=Sum("amount"))
    for row in rows.order_by():
        result[row["action_id"]][row["year"]].add(row["category"], row["direction"], row["total"])
    return result


def total_over_years(per_year: dict[int, Figures]) -> Figures:
    total = Figures()
    for figures in per_year.values():
        total += figures
    return total


def totals_of(facts: Iterable[ActionFacts], by_action: dict[int, Figures]) -> Totals:
    """Sum the acties' figures up to every level, each total from its own parts."""
    by_action_plan: dict[int, Split] = defaultdict(Split)
    by_goal: dict[int | None, Split] = defaultdict(Split)
    by_entity: dict[int | None, Split] = defaultdict(Split)
    plan = Split()
    for fact in facts:
        figures = by_action.get(fact.action_id)
        if figures is None:
            continue
        for split in (
            by_action_plan[fact.action_plan_id],
            by_goal[fact.goal_id],
            by_entity[fact.entity_id],
            plan,
        ):
            split.add(figures, priority=fact.priority)
    return Totals(dict(by_action), dict(by_action_plan), dict(by_goal), dict(by_entity), plan)


def totals(plan: Plan, kind: str = AmountKind.ESTIMATE, years: Iterable[int] | None = None) -> Totals:
    """The totals of ``kind`` over ``years`` (all years of the plan when None): four queries."""
    per_action = figures_by_action(plan, kind, years)
    by_action = {action_id: total_over_years(per_year) for action_id, per_year in per_action.items()}
    return totals_of(action_facts(plan), by_action)


@dataclass(frozen=True)
class EnvelopeCheck:
    """An actieplan's budget envelope against the uitgaven its acties' ramingen add up to."""

    envelope: Decimal
    estimated: Decimal

    @property
    def difference(self) -> Decimal:
        """Positive: the ramingen go over the envelope; negative: they stay under it."""
        return self.estimated - self.envelope

    @property
    def verdict(self) -> str:
        if self.difference > 0:
            return str(_("%(amount)s boven de enveloppe") % {"amount": euro(self.difference)})
        if self.difference < 0:
            return str(_("%(amount)s onder de enveloppe") % {"amount": euro(-self.difference)})
        return str(_("precies de enveloppe"))


def envelope_check(envelope: Decimal | None, estimates: Split | None) -> EnvelopeCheck | None:
    """None when the actieplan has no envelope."""
    if envelope is None:
        return None
    return EnvelopeCheck(envelope, estimates.total.expenses if estimates else ZERO)


def euro(amount: Decimal | None, *, cents: bool = True) -> str:
    """The Flemish way: € 1.234.567,89 (and € -500,00); without cents for orders of magnitude
    (€ 1.250.000)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    whole, fraction = f"{abs(amount):.2f}".split(".")
    if not cents:
        whole, fraction = f"{abs(amount):.0f}", ""
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"€ {sign}{'.'.join(groups)}" + (f",{fraction}" if fraction else "")
