"""The reports BBC 2020 asks of the raad: the opvolgingsrapportering and the doelstellingenrealisatie
of the jaarrekening. ``build_bbc_report(round)`` is their one content model, as ``report.py`` is the
classic verslag's: the screen page, the workbook (``bbc_workbook.py``), the print HTML and PDF
(``pdf.py``) and the Word file (``docx_report.py``) all render from it.

It reads the round through ``round_rows`` and ``round_figures``: an open round shows the plan and
its amounts as they are now, a closed round the copies made when it was closed, so its reports
never change afterwards. The money totals come from ``plans.money.totals_of``, so every total is the
sum of its parts. Query count: that of ``round_rows`` plus two, whatever the size of the plan.

Per beleidsdoelstelling it shows:

- the stand van zaken of each prioritair actieplan and each prioritaire actie (status, toelichting,
  and the previous round's status);
- raming versus realisatie of the round's year in E/I/F, uitgaven and ontvangsten: one line per
  prioritair actieplan (the money of its prioritaire acties) with a line per prioritaire actie under
  it, then the niet-prioritaire total, then the doelstelling's total (the sum of those lines);
- for the doelstellingenrealisatie, the prioritaire acties counted per status.

An entity (ItemRow.entity, the entity's name as the round shows it) narrows everything to the acties
of that entity and the actieplannen that hold one.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.numbering import natural_sort_key
from indicators import series as indicator_series
from plans.counts import StatusCounts
from plans.models import AmountKind, Category, Direction, LifeCycle
from plans.money import KEYS, Figures, Split, totals_of
from plans.money import ActionFacts as Facts
from reporting.columns import STATUS_LABELS
from reporting.indicator_parts import IndicatorPart, indicator_parts
from reporting.rounds import ItemRow, RoundRows, round_figures, round_rows
from rounds.models import ReportingRound, RoundKind, RoundVersion

BBC_KINDS = (RoundKind.FOLLOW_UP, RoundKind.ANNUAL)
HUNDRED = Decimal(100)


@functools.lru_cache(maxsize=8)
def _category_labels(language: str) -> tuple[tuple[str, str], ...]:
    """E, I and F with their names in ``language`` (the active one): translated once, not per line."""
    return tuple((code, str(label)) for code, label in Category.choices)


def is_bbc(round: ReportingRound) -> bool:
    return round.kind in BBC_KINDS


def rate(estimate: Decimal, actual: Decimal) -> Decimal | None:
    """The realisatiegraad in percent (one decimal), None where nothing was estimated."""
    if not estimate:
        return None
    return (actual * HUNDRED / estimate).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class MoneyCell:
    """Raming, realisatie and realisatiegraad of one category and direction."""

    category: str
    direction: str
    estimate: Decimal
    actual: Decimal

    @property
    def rate(self) -> Decimal | None:
        return rate(self.estimate, self.actual)


class LineKind:
    ACTION_PLAN = "actieplan"
    ACTION = "actie"
    OTHER = "niet-prioritair"
    TOTAL = "totaal"
    PLAN = "plan"


@dataclass
class MoneyLine:
    """One line of the financial table: a prioritair actieplan or actie, the niet-prioritaire
    total, or the doelstelling's total."""

    kind: str
    number: str
    title: str
    estimate: Figures
    actual: Figures

    @cached_property
    def label(self) -> str:
        if self.kind == LineKind.ACTION_PLAN:
            return _("Actieplan %(number)s") % {"number": self.number}
        if self.kind == LineKind.ACTION:
            return _("Actie %(number)s") % {"number": self.number}
        if self.kind == LineKind.OTHER:
            return _("Niet-prioritair (totaal)")
        if self.kind == LineKind.PLAN:
            return _("Totaal van het plan")
        return _("Totaal beleidsdoelstelling")

    def cells(self) -> list[MoneyCell]:
        """Per category (E, I, F) and direction (uitgaven, ontvangsten), in ``KEYS`` order."""
        return [MoneyCell(c, d, self.estimate.get(c, d), self.actual.get(c, d)) for c, d in KEYS]

    def by_category(self) -> list[tuple[str, MoneyCell, MoneyCell]]:
        """(category label, uitgaven, ontvangsten) for E, I and F."""
        cells = {(cell.category, cell.direction): cell for cell in self.cells()}
        return [
            (label, cells[code, Direction.EXPENSE], cells[code, Direction.RECEIPT])
            for code, label in _category_labels(get_language())
        ]

    @property
    def expenses(self) -> MoneyCell:
        return MoneyCell("", Direction.EXPENSE, self.estimate.expenses, self.actual.expenses)

    @property
    def receipts(self) -> MoneyCell:
        return MoneyCell("", Direction.RECEIPT, self.estimate.receipts, self.actual.receipts)


@dataclass(frozen=True)
class StandItem:
    """A prioritair actieplan or prioritaire actie as the stand van zaken shows it."""

    row: ItemRow
    status: str  # the Dutch label
    previous_status: str  # the label at the previous closed round, "" when there is none

    @property
    def moved(self) -> bool:
        return bool(self.previous_status) and self.previous_status != self.status


@dataclass
class GoalSection:
    """One beleidsdoelstelling of the report (number "" for actieplannen without one)."""

    number: str
    title: str
    items: list[StandItem] = field(default_factory=list)
    money: list[MoneyLine] = field(default_factory=list)
    counts: StatusCounts = field(default_factory=StatusCounts)  # the prioritaire acties per status

    @property
    def heading(self) -> str:
        if not self.number:
            return _("Zonder beleidsdoelstelling")
        return _("Beleidsdoelstelling %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    @property
    def total(self) -> MoneyLine:
        return self.money[-1]


@dataclass
class BbcReport:
    """The opvolgingsrapportering or doelstellingenrealisatie of a round, for one entity or all."""

    plan: object
    round: ReportingRound
    versions: list[RoundVersion]
    kind: str
    year: int
    entity: str  # "" for every entity
    entities: list[str]  # the entities the round knows, to filter or split by
    goals: list[GoalSection]
    changed_assumptions: str
    changed_financial_risks: str
    is_bbc: bool = True  # the print HTML and the Word writer render this report, not the classic one
    indicators: list[IndicatorPart] = field(default_factory=list)  # the plan's, whatever the entity

    @property
    def title(self) -> str:
        return str(RoundKind(self.kind).label).capitalize()

    @property
    def subtitle(self) -> str:
        """ "Opvolgingsrapportering 2026 · Rapportering september", or the round's name alone when it
        says as much already."""
        heading = f"{self.title} {self.year}"
        if self.round.name.casefold().startswith(heading.casefold()):
            return self.round.name
        return f"{heading} · {self.round.name}"

    @property
    def is_follow_up(self) -> bool:
        return self.kind == RoundKind.FOLLOW_UP

    @property
    def counts(self) -> StatusCounts:
        """The prioritaire acties of every doelstelling per status."""
        total = StatusCounts()
        for goal in self.goals:
            for status, count in goal.counts.counts.items():
                total.counts[status] = total.counts.get(status, 0) + count
        return total

    @property
    def total(self) -> MoneyLine:
        """The plan's total (for the entity): the sum of the doelstellingen's totals."""
        estimate, actual = Figures(), Figures()
        for goal in self.goals:
            estimate += goal.total.estimate
            actual += goal.total.actual
        return MoneyLine(LineKind.PLAN, "", self.entity, estimate, actual)


def _label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def _previous(rows: RoundRows, row: ItemRow) -> str:
    previous = rows.previous(row)
    return _label(previous) if previous else ""


def _facts(rows: RoundRows, entity: str) -> tuple[list[Facts], dict[int, ItemRow]]:
    """Where each actie of the round belongs, keyed by what the round's rows carry: the actieplan's
    id and the doelstelling's number (a closed round knows no more than its copy)."""
    plan_ids = {ap.number: ap.item_id for ap in rows.action_plans}
    # Money counts as prioritair when it shows under a prioritair actieplan of the report: so every
    # doelstelling's total is its actieplan lines plus its niet-prioritaire total, exactly.
    shown = {ap.number for ap in rows.action_plans if ap.priority and ap.life_cycle == LifeCycle.ACTIVE}
    facts, actions = [], {}
    for action in rows.actions:
        if entity and action.entity != entity:
            continue
        actions[action.item_id] = action
        facts.append(
            Facts(
                action.item_id,
                plan_ids.get(action.action_plan_number, 0),
                action.goal_number or None,
                action.entity or None,
                action.priority and action.action_plan_number in shown,
            )
        )
    return facts, actions


def entities_in(rows: RoundRows) -> list[str]:
    """The entities of the round's acties, by name: what its BBC report can be narrowed to."""
    return sorted({action.entity for action in rows.actions if action.entity}, key=str.casefold)


def build_bbc_report(round: ReportingRound, *, entity: str = "") -> BbcReport:
    """The BBC report of ``round`` (an opvolgingsrapportering or a doelstellingenrealisatie), for
    ``entity`` only when given."""
    rows = round_rows(round)
    entities = entities_in(rows)
    entity = entity if entity in entities else ""
    facts, actions = _facts(rows, entity)
    estimates = totals_of(facts, round_figures(round, AmountKind.ESTIMATE))
    actuals = totals_of(facts, round_figures(round, AmountKind.ACTUAL))

    sections: dict[str, GoalSection] = {}

    def section(number: str, title: str) -> GoalSection:
        if number not in sections:
            sections[number] = GoalSection(number, title)
        return sections[number]

    priority_actions: dict[str, list[ItemRow]] = defaultdict(list)
    plans_with_entity: set[str] = set()
    for action in actions.values():
        plans_with_entity.add(action.action_plan_number)
        if action.priority and action.life_cycle == LifeCycle.ACTIVE:
            priority_actions[action.action_plan_number].append(action)
    for action_plan in rows.action_plans:
        if action_plan.life_cycle != LifeCycle.ACTIVE:
            continue
        if entity and action_plan.number not in plans_with_entity:
            continue
        goal = section(action_plan.goal_number, action_plan.goal_title)
        if action_plan.priority:
            goal.items.append(
                StandItem(action_plan, _label(action_plan.status), _previous(rows, action_plan))
            )
            money = estimates.by_action_plan.get(action_plan.item_id, Split())
            spent = actuals.by_action_plan.get(action_plan.item_id, Split())
            goal.money.append(
                MoneyLine(
                    LineKind.ACTION_PLAN,
                    action_plan.number,
                    action_plan.title,
                    money.priority,
                    spent.priority,
                )
            )
        for action in priority_actions.get(action_plan.number, []):
            goal.items.append(StandItem(action, _label(action.status), _previous(rows, action)))
            goal.counts.counts[action.status] = goal.counts.counts.get(action.status, 0) + 1
            goal.money.append(
                MoneyLine(
                    LineKind.ACTION,
                    action.number,
                    action.title,
                    estimates.by_action.get(action.item_id, Figures()),
                    actuals.by_action.get(action.item_id, Figures()),
                )
            )
    # A doelstelling whose acties have money but no active actieplan left still shows its totals.
    for action in actions.values():
        section(action.goal_number, action.goal_title)
    for number, goal in sections.items():
        key = number or None
        estimate = estimates.by_goal.get(key, Split())
        actual = actuals.by_goal.get(key, Split())
        goal.money.append(MoneyLine(LineKind.OTHER, "", "", estimate.other, actual.other))
        goal.money.append(MoneyLine(LineKind.TOTAL, number, goal.title, estimate.total, actual.total))
    ordered = sorted(sections.values(), key=lambda g: (not g.number, natural_sort_key(g.number)))
    return BbcReport(
        plan=round.plan,
        round=round,
        versions=list(round.versions.all()),
        kind=round.kind,
        year=round.year,
        entity=entity,
        entities=entities,
        goals=ordered,
        changed_assumptions=round.changed_assumptions,
        changed_financial_risks=round.changed_financial_risks,
        indicators=indicator_parts(round, indicator_series.of_round(round)),
    )
