"""Who may do what in a draft: the cel drafts, the MT reads and records its own steps, an eigenaar
sees the proposals naming their dienst and adds remarks to them, the raad sees no draft."""

import pytest
from django.core.exceptions import PermissionDenied

from core import changes
from core.roles import CEL, COUNCIL, MANAGEMENT_TEAM, OWNER
from drafting import access, drafts, steps
from drafting.models import Outcome, ProposalKind, Remark
from plans.models import Department
from tests.drafting.builders import a_draft, an_action_plan
from tests.factories import default_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {role: make_user(f"draft-{role[:3]}", role) for role in (CEL, MANAGEMENT_TEAM, COUNCIL, OWNER)}


def a_department(head) -> Department:
    return changes.save(
        Department(organisation=default_organisation(), name="Dienst Welzijn", head=head), by=None
    )


def test_the_cel_drafts_and_the_others_do_not(people):
    draft = a_draft()
    assert steps.propose(draft, kind=ProposalKind.ACTION_PLAN, title="Van de cel", by=people[CEL])
    for role in (MANAGEMENT_TEAM, COUNCIL, OWNER):
        with pytest.raises(PermissionDenied):
            steps.propose(draft, kind=ProposalKind.ACTION_PLAN, title="Niet van de cel", by=people[role])
    assert draft.proposals.count() == 1


def test_who_reads_what(people):
    draft = a_draft()
    welzijn = a_department(people[OWNER])
    mine = an_action_plan(draft, "Van mijn dienst", department=welzijn)
    an_action_plan(draft, "Van een andere dienst")
    assert access.visible_proposals(people[CEL], draft).count() == 2
    assert access.visible_proposals(people[MANAGEMENT_TEAM], draft).count() == 2
    assert list(access.visible_proposals(people[OWNER], draft)) == [mine]
    assert not access.may_read(people[COUNCIL])
    assert access.visible_proposals(people[COUNCIL], draft).count() == 0


def test_an_eigenaar_remarks_on_their_diensts_proposals_only(people):
    draft = a_draft()
    welzijn = a_department(people[OWNER])
    mine = an_action_plan(draft, "Van mijn dienst", department=welzijn)
    other = an_action_plan(draft, "Van een andere dienst")
    drafts.add_remark(mine, source="Dienst Welzijn", text="Denk aan de wijk Zuid.", by=people[OWNER])
    with pytest.raises(PermissionDenied):
        drafts.add_remark(other, source="Dienst Welzijn", text="Ook hier?", by=people[OWNER])
    with pytest.raises(PermissionDenied):
        drafts.add_remark(mine, source="Raad", text="Mag niet.", by=people[COUNCIL])
    assert list(Remark.objects.values_list("proposal__title", "author__username")) == [
        ("Van mijn dienst", people[OWNER].username)
    ]


def test_the_mt_records_the_mt_step_and_no_other(people):
    draft = a_draft()
    proposal = an_action_plan(draft)
    with pytest.raises(PermissionDenied):
        steps.decide(proposal, proposal.step, Outcome.AGREED, by=people[MANAGEMENT_TEAM])
    proposal = steps.decide(proposal, proposal.step, Outcome.AGREED, by=people[CEL]).proposal
    steps.decide(proposal, proposal.step, Outcome.AGREED, by=people[MANAGEMENT_TEAM])
    with pytest.raises(PermissionDenied):
        steps.decide(proposal, proposal.step, Outcome.AGREED, by=people[OWNER])
