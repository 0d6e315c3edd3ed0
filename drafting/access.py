"""Who may do what in a draft.

- The strategische cel (and the beheerder) drafts: proposals, envelopes, scenarios, goals, acties,
  and records every step's decisions.
- The managementteam reads the whole draft and records the decisions of the steps it takes itself
  (a step's ``decider``).
- An eigenaar sees the proposals that name their dienst (as head or member) and may add remarks.
- The college has no role in the tool: its decisions (the CBS steps) are recorded by the cel.
- The raad reads the plan once it adopted it.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.roles import MANAGEMENT_TEAM, OWNER
from drafting.models import Decider, Draft, Proposal, Step
from organisations.membership import current_role

ONLY_CEL = _("Enkel de strategische cel werkt het ontwerp uit.")
NOT_YOURS = _("U ziet enkel de voorstellen die uw dienst noemen.")


def may_draft(user) -> bool:
    return user.has_perm("drafting.change_proposal")


def may_read_all(user) -> bool:
    return user.has_perm("drafting.view_proposal")


def may_read(user) -> bool:
    """Sees the drafts at all: the cel, the MT, the beheerder, and eigenaars (their dienst's proposals)."""
    return may_read_all(user) or current_role(user) == OWNER


def may_decide(user, step: Step) -> bool:
    if may_draft(user):
        return True
    return step.decider == Decider.MANAGEMENT_TEAM and current_role(user) == MANAGEMENT_TEAM


def _department_filter(user) -> Q:
    return Q(department__head=user) | Q(department__members=user)


def visible_proposals(user, draft: Draft) -> QuerySet[Proposal]:
    proposals = Proposal.objects.filter(draft=draft)
    if may_read_all(user):
        return proposals
    if current_role(user) == OWNER:
        return proposals.filter(pk__in=Proposal.objects.filter(_department_filter(user)).values("pk"))
    return proposals.none()


def may_see(user, proposal: Proposal) -> bool:
    return may_read_all(user) or visible_proposals(user, proposal.draft).filter(pk=proposal.pk).exists()


def may_remark(user, proposal: Proposal) -> bool:
    """Remarks: the cel (participation's, with their source) and the eigenaars of the named dienst."""
    if proposal.draft.is_adopted:
        return False
    return may_draft(user) or (current_role(user) == OWNER and may_see(user, proposal))
