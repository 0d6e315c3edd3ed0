"""How an item left the active plan: geschrapt or gebundeld, on which date, by which wijzigingsvoorstel.

Struck and merged items stay on their pages, greyed out, with this story linked. An item taken out
in Beheer, without a proposal, still says when; the proposal is then unknown.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from plans.models import (
    Action,
    ActionPlan,
    ChangeProposal,
    LifeCycle,
    Plan,
    PlanItem,
    ProposalKind,
    ProposalState,
)


@dataclass(frozen=True)
class Departure:
    life_cycle: str
    on: datetime.date | None
    proposal: ChangeProposal | None
    merged_into: Action | None


def mark_departures(plan: Plan, items: Iterable[PlanItem]) -> None:
    """Set ``item.departure`` on each inactive item (None on the active ones). Two queries, however
    many items: the plan's applied schrappen and bundelen proposals with their actions."""
    items = list(items)
    inactive = [item for item in items if not item.is_active]
    for item in items:
        item.departure = None
    if not inactive:
        return
    by_action: dict[int, ChangeProposal] = {}
    by_action_plan: dict[int, ChangeProposal] = {}
    applied = (
        ChangeProposal.objects.in_plan(plan)
        .filter(state=ProposalState.APPLIED, kind__in=[ProposalKind.REMOVE, ProposalKind.MERGE])
        .prefetch_related("actions")
        .order_by("applied_at", "pk")
    )
    for proposal in applied:
        actions = list(proposal.actions.all())
        for action in actions:
            by_action[action.pk] = proposal
        if not actions and proposal.kind == ProposalKind.REMOVE:
            by_action_plan[proposal.action_plan_id] = proposal
    for item in inactive:
        if isinstance(item, ActionPlan):
            proposal = by_action_plan.get(item.pk)
        elif isinstance(item, Action):
            proposal = by_action.get(item.pk) or by_action_plan.get(item.action_plan_id)
        else:
            proposal = None
        merged_into = item.merged_into if item.life_cycle == LifeCycle.MERGED else None
        item.departure = Departure(item.life_cycle, item.life_cycle_date, proposal, merged_into)
