"""A stand-in for ``reporting.report.build_report`` until the complete verslag's content model lands.

It gives the Word export the same shape (``Report`` → goals → action plans → actions, projects,
summary, proposals), built from ``round_rows``. Once ``build_report`` exists, the one import in
``reporting/docx_report.py`` (``from reporting.report_stand_in import build_report``) switches to it
and this module goes.
"""

from dataclasses import dataclass, field

from plans.counts import StatusCounts
from plans.models import Goal, ItemKind, LifeCycle, Plan
from reporting.columns import STATUS_LABELS
from reporting.models import ReportingRound, RoundVersion
from reporting.rounds import ItemRow, ProposalRow, RoundRows, round_rows


@dataclass
class ActionPart:
    row: ItemRow
    status: str
    previous_status: str | None


@dataclass
class ActionPlanPart:
    row: ItemRow
    status: str
    previous_status: str | None
    removed: bool
    actions: list[ActionPart]
    proposals: list[ProposalRow]


@dataclass
class GoalPart:
    goal: Goal | None
    action_plans: list[ActionPlanPart]


@dataclass
class ProjectPart:
    row: ItemRow
    status: str
    previous_status: str | None
    linked: list[str]


@dataclass
class Report:
    plan: Plan
    round: ReportingRound
    versions: list[RoundVersion]
    goals: list[GoalPart]
    projects: list[ProjectPart]
    summary: dict[str, StatusCounts]
    proposals: list[ProposalRow] = field(default_factory=list)


def _labels(rows: RoundRows, row: ItemRow) -> tuple[str, str | None]:
    previous = rows.previous(row)
    return (
        STATUS_LABELS.get(row.status, row.status),
        STATUS_LABELS.get(previous) if previous and previous != row.status else None,
    )


def build_report(round: ReportingRound) -> Report:
    """The round's verslag as one ``GoalPart`` without goal (the frozen rows carry no goals)."""
    rows = round_rows(round)
    summary = {kind: StatusCounts() for kind in ItemKind.values}
    parts = []
    for action_plan in rows.action_plans:
        proposals = rows.proposals_of(action_plan.number)
        removed = action_plan.life_cycle != LifeCycle.ACTIVE
        if removed and not proposals:
            continue
        actions = [
            ActionPart(row, *_labels(rows, row))
            for row in rows.actions
            if row.action_plan_number == action_plan.number
            and (row.life_cycle == LifeCycle.ACTIVE or rows.proposals_on_action(row.number))
        ]
        parts.append(ActionPlanPart(action_plan, *_labels(rows, action_plan), removed, actions, proposals))
    projects = [
        ProjectPart(row, *_labels(rows, row), [n for n in row.links.split(", ") if n])
        for row in rows.projects
        if row.life_cycle == LifeCycle.ACTIVE
    ]
    for row in [*rows.action_plans, *rows.actions, *rows.projects]:
        if row.life_cycle == LifeCycle.ACTIVE:
            summary[row.kind].counts[row.status] += 1
    return Report(
        plan=round.plan,
        round=round,
        versions=list(round.versions.all()),
        goals=[GoalPart(None, parts)],
        projects=projects,
        summary=summary,
        proposals=rows.proposals,
    )
