"""The verslag: the narrative report of a round, as the raad reads the rapportering.

``build_report(round)`` is the one content model every form of the verslag renders from: the HTML
page, its PDF (``reporting/pdf.py``) and the Word file (``reporting/docx_report.py``). It reads the
round's rows through ``round_rows``, so a closed round's verslag is built from the copy made when
the round was closed and never changes afterwards. The grouping by goal of a closed round is read
from the plan's history as it stood at closing, for the same reason.

Its query count does not depend on the size of the plan.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.numbering import natural_sort_key
from indicators import lines
from indicators import series as indicator_series
from plans.counts import StatusCounts
from plans.models import ActionPlan, Goal, LifeCycle, Plan, Status
from plans.statuses import DECLARED, STATUSES
from reporting.columns import STATUS_LABELS
from reporting.indicator_parts import IndicatorPart, indicator_parts
from reporting.rounds import ItemRow, ProposalRow, RoundRows, round_rows
from rounds.models import ReportingRound, RoundVersion

# The chart's geometry in SVG user units: a label column, then the bars, then each total.
CHART_LABEL, CHART_BAR, CHART_ROW = 130, 380, 34


@dataclass(frozen=True)
class ChartSegment:
    status: str
    label: str
    count: int
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class ChartBar:
    name: str
    total: int
    y: int
    segments: list[ChartSegment]


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    x: int


@dataclass(frozen=True)
class Chart:
    """The summary as a stacked bar per kind of item, placed in SVG user units (width 600)."""

    bars: list[ChartBar]
    legend: list[LegendItem]
    legend_y: int
    height: int
    description: str  # the same figures in words, for screen readers and as the caption


@dataclass(frozen=True)
class GoalRow:
    """A goal (beleidsdoelstelling) as the verslag shows it."""

    number: str
    title: str
    domain: str = ""


@dataclass
class ActionPart:
    row: ItemRow
    status: str  # the Dutch label
    previous_status: str | None  # the label at the previous closed round, when it differs
    removed: bool = False
    indicators: list[lines.Line] = field(default_factory=list)


@dataclass
class ActionPlanPart:
    row: ItemRow
    status: str
    previous_status: str | None
    removed: bool
    actions: list[ActionPart]
    proposals: list[ProposalRow]
    indicators: list[lines.Line] = field(default_factory=list)


@dataclass
class GoalPart:
    goal: GoalRow | None  # None when the plan has no goals (or for actieplannen without one)
    action_plans: list[ActionPlanPart]
    indicators: list[lines.Line] = field(default_factory=list)


@dataclass
class ProjectPart:
    row: ItemRow
    status: str
    previous_status: str | None
    action_plan_numbers: list[str]  # the actieplannen the project is linked to, in plan order


@dataclass
class Summary:
    """How many actieplannen, acties and projecten of the verslag have each status."""

    action_plans: StatusCounts = field(default_factory=StatusCounts)
    actions: StatusCounts = field(default_factory=StatusCounts)
    projects: StatusCounts = field(default_factory=StatusCounts)

    def rows(self) -> list[tuple[str, StatusCounts]]:
        """(Dutch name, counts) per kind of item, in the order the verslag shows them."""
        return [
            (_("Actieplannen"), self.action_plans),
            (_("Acties"), self.actions),
            (_("Projecten"), self.projects),
        ]

    def table(self) -> list[tuple[str, str, list[int]]]:
        """Per status (code, label) the count of each kind, then the totals: the figures in words."""
        kinds = [counts for _name, counts in self.rows()]
        lines = [
            (status, str(label), [k.counts.get(status, 0) for k in kinds]) for status, label in Status.choices
        ]
        return [*lines, ("", _("Totaal"), [k.total for k in kinds])]

    def chart(self) -> Chart:
        """One stacked bar per kind of item, with its segments and legend placed in SVG units."""
        bars, words = [], []
        for index, (name, counts) in enumerate(self.rows()):
            segments = [
                ChartSegment(
                    s.status,
                    s.label,
                    s.count,
                    round(CHART_LABEL + s.start * CHART_BAR / 100, 2),
                    round(s.width * CHART_BAR / 100, 2),
                    DECLARED[s.status].css_colour,
                )
                for s in counts.segments()
            ]
            bars.append(ChartBar(str(name), counts.total, index * CHART_ROW, segments))
            figures = ", ".join(f"{s.label} {s.count}" for s in segments) or _("geen")
            words.append(f"{name}: {figures}")
        legend = [
            LegendItem(str(status.label), status.css_colour, index * 118)
            for index, status in enumerate(STATUSES)
        ]
        legend_y = len(bars) * CHART_ROW + 12
        return Chart(bars, legend, legend_y, legend_y + 20, "; ".join(words) + ".")


@dataclass
class Report:
    plan: Plan
    round: ReportingRound
    versions: list[RoundVersion]
    goals: list[GoalPart]
    projects: list[ProjectPart]
    summary: Summary
    proposals: list[ProposalRow]
    indicators: list[IndicatorPart] = field(default_factory=list)

    @property
    def has_goals(self) -> bool:
        return any(part.goal is not None for part in self.goals)

    @property
    def action_plans(self) -> list[ActionPlanPart]:
        """Every actieplan of the verslag, in plan order."""
        return [ap for part in self.goals for ap in part.action_plans]


def _label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def _previous_label(rows: RoundRows, row: ItemRow) -> str | None:
    previous = rows.previous(row)
    return _label(previous) if previous and previous != row.status else None


def _goals_of(round: ReportingRound) -> tuple[dict[int, int | None], dict[int, GoalRow]]:
    """Which goal each actieplan belongs to, and the goals: as at closing for a closed round.

    Two queries. History is never deleted, so a closed round's grouping stays what it was."""
    plan_id = round.plan_id
    if round.is_closed and round.closed_at is not None:
        plans_goal = {
            pk: goal_id
            for pk, goal_id, _type in _latest(ActionPlan, plan_id, round.closed_at, "goal_id")
            if _type != "-"
        }
        goals = {
            pk: GoalRow(number, title, domain)
            for pk, number, title, domain, _type in _latest(
                Goal, plan_id, round.closed_at, "number", "title", "domain"
            )
            if _type != "-"
        }
        return plans_goal, goals
    plans_goal = dict(ActionPlan.objects.filter(plan_id=plan_id).values_list("id", "goal_id"))
    goals = Goal.objects.filter(plan_id=plan_id).values_list("id", "number", "title", "domain")
    return plans_goal, {pk: GoalRow(number, title, domain) for pk, number, title, domain in goals}


def _latest(model, plan_id: int, moment, *fields: str) -> list[tuple]:
    """Each record of the plan as its history last recorded it at ``moment``: one query."""
    history = (
        model.history.filter(plan_id=plan_id, history_date__lte=moment)
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", *fields, "history_type")
    )
    latest, seen = [], set()
    for row in history:
        if row[0] not in seen:
            seen.add(row[0])
            latest.append(row)
    return latest


def _goal_order(goals: dict[int, GoalRow]) -> list[int]:
    return sorted(goals, key=lambda pk: natural_sort_key(goals[pk].number))


def build_report(round: ReportingRound) -> Report:
    """The verslag of ``round``: per goal its actieplannen (active ones, and those removed with a
    proposal of this round), each with its actions, status, toelichting and proposals; the projects;
    the counts per status; and all proposals of the round in the rapportering's phrasing."""
    rows = round_rows(round)
    proposals_by_plan: dict[str, list[ProposalRow]] = defaultdict(list)
    targeted: set[str] = set()
    for proposal in rows.proposals:
        proposals_by_plan[proposal.action_plan_number].append(proposal)
        targeted.update(n for n in proposal.action_numbers.split(", ") if n)
    actions_by_plan: dict[str, list[ItemRow]] = defaultdict(list)
    for action in rows.actions:
        actions_by_plan[action.action_plan_number].append(action)

    summary = Summary()
    parts: list[ActionPlanPart] = []
    for row in rows.action_plans:
        proposals = proposals_by_plan.get(row.number, [])
        removed = row.life_cycle != LifeCycle.ACTIVE
        if removed and not proposals:
            continue
        actions = []
        for action in actions_by_plan.get(row.number, []):
            action_removed = action.life_cycle != LifeCycle.ACTIVE
            if action_removed and action.number not in targeted:
                continue
            actions.append(
                ActionPart(action, _label(action.status), _previous_label(rows, action), action_removed)
            )
            if not action_removed:
                _count(summary.actions, action.status)
        parts.append(
            ActionPlanPart(row, _label(row.status), _previous_label(rows, row), removed, actions, proposals)
        )
        if not removed:
            _count(summary.action_plans, row.status)

    all_series = indicator_series.of_round(round)  # frozen once the round is closed
    indicators_of = lines.by_item(all_series)
    for part in parts:
        part.indicators = indicators_of.get(("actionplan", part.row.item_id), [])
        for action in part.actions:
            action.indicators = indicators_of.get(("action", action.row.item_id), [])

    goal_of, goals = _goals_of(round)
    grouped: dict[int | None, list[ActionPlanPart]] = defaultdict(list)
    for part in parts:
        grouped[goal_of.get(part.row.item_id) if goals else None].append(part)
    goal_parts = [
        GoalPart(goals[pk], grouped[pk], indicators_of.get(("goal", pk), []))
        for pk in _goal_order(goals)
        if grouped.get(pk)
    ]
    if grouped.get(None) or not goal_parts:
        goal_parts.append(GoalPart(None, grouped.get(None, [])))

    projects = []
    for row in rows.projects:
        if row.life_cycle != LifeCycle.ACTIVE:
            continue
        numbers = [n for n in row.links.split(", ") if n]
        projects.append(ProjectPart(row, _label(row.status), _previous_label(rows, row), numbers))
        _count(summary.projects, row.status)

    return Report(
        plan=round.plan,
        round=round,
        versions=list(round.versions.all()),
        goals=goal_parts,
        projects=projects,
        summary=summary,
        proposals=rows.proposals,
        indicators=indicator_parts(round, all_series),
    )


def _count(counts: StatusCounts, status: str) -> None:
    if status in counts.counts:
        counts.counts[status] += 1
    else:  # a status this code does not know is still counted, never dropped
        counts.counts[status] = counts.counts.get(status, 0) + 1
