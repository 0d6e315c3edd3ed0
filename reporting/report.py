"""The narrative report: per actieplan in number order, as the raad reads the rapportering."""

from dataclasses import dataclass

from plans.models import LifeCycle
from reporting.columns import STATUS_LABELS
from reporting.rounds import ItemRow, ProposalRow, RoundRows


@dataclass
class Section:
    action_plan: ItemRow
    status: str
    previous_status: str | None
    removed: bool
    proposals: list[ProposalRow]


def report_sections(rows: RoundRows) -> list[Section]:
    """One section per actieplan: still active ones, and those removed but with a proposal of this round."""
    sections = []
    for action_plan in rows.action_plans:
        proposals = rows.proposals_of(action_plan.number)
        removed = action_plan.life_cycle != LifeCycle.ACTIVE
        if removed and not proposals:
            continue
        previous = rows.previous(action_plan)
        sections.append(
            Section(
                action_plan,
                STATUS_LABELS.get(action_plan.status, action_plan.status),
                STATUS_LABELS.get(previous) if previous and previous != action_plan.status else None,
                removed,
                proposals,
            )
        )
    return sections
