"""The decision steps: in order, never skipped; each outcome's effect; refusals change nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from drafting import steps
from drafting.models import Decider, Decision, Outcome, Proposal, Standing, Subject
from tests.drafting.builders import (
    a_draft,
    an_action_plan,
    retained_action_plan,
    step_named,
    through_all_steps,
)

pytestmark = pytest.mark.django_db


def test_a_new_draft_has_the_seeds_six_steps_for_actieplannen_and_four_for_goals():
    draft = a_draft()
    assert [s.name for s in steps.steps_of(draft, Subject.ACTION_PLANS)] == [
        "Voorzet Strategie & Beleid",
        "Aftoetsen managementteam",
        "Bespreking conclaaf",
        "Verwerken input conclaaf met managers",
        "Feedback clusters",
        "Definitief afkloppen op het college (CBS)",
    ]
    assert steps.steps_of(draft, Subject.GOALS).count() == 4
    assert step_named(draft, Subject.ACTION_PLANS, 2).decider == Decider.MANAGEMENT_TEAM


def test_a_proposal_starts_on_the_first_steps_agenda_and_moves_on_with_akkoord():
    draft = a_draft()
    proposal = an_action_plan(draft)
    first, second = step_named(draft, Subject.ACTION_PLANS, 1), step_named(draft, Subject.ACTION_PLANS, 2)
    assert list(steps.agenda(first)) == [proposal]
    proposal = steps.decide(proposal, first, Outcome.AGREED, by=None).proposal
    assert proposal.step == second
    assert list(steps.agenda(first)) == []
    assert list(steps.agenda(second)) == [proposal]


def test_after_the_last_step_it_is_retained():
    proposal = retained_action_plan(a_draft())
    assert proposal.standing == Standing.RETAINED
    assert proposal.step is None
    assert proposal.decisions.count() == 6


def test_uitgesteld_keeps_it_on_the_same_agenda_and_niet_akkoord_ends_it_with_its_trail():
    draft = a_draft()
    proposal = an_action_plan(draft)
    first = step_named(draft, Subject.ACTION_PLANS, 1)
    proposal = steps.decide(proposal, first, Outcome.POSTPONED, by=None, remark="Volgende keer").proposal
    assert proposal.step == first and proposal.standing == Standing.UNDER_WAY
    proposal = steps.decide(proposal, first, Outcome.REFUSED, by=None).proposal
    assert proposal.standing == Standing.NOT_RETAINED
    assert [d.outcome for d in steps.trail(proposal)] == [Outcome.POSTPONED, Outcome.REFUSED]
    assert Proposal.objects.filter(pk=proposal.pk).exists()  # niet weerhouden, never gone


def test_a_decision_out_of_order_is_refused_and_changes_nothing():
    draft = a_draft()
    proposal = an_action_plan(draft)
    third = step_named(draft, Subject.ACTION_PLANS, 3)
    with pytest.raises(ValidationError) as refused:
        steps.decide(proposal, third, Outcome.AGREED, by=None)
    assert "slaat geen stap over" in str(refused.value)
    proposal.refresh_from_db()
    assert proposal.step == step_named(draft, Subject.ACTION_PLANS, 1)
    assert not Decision.objects.exists()


def test_aangepast_needs_a_remark():
    draft = a_draft()
    proposal = an_action_plan(draft)
    with pytest.raises(ValidationError, match="wat er aangepast"):
        steps.decide(proposal, proposal.step, Outcome.AMENDED, by=None)
    assert not Decision.objects.exists()


def test_a_decided_proposal_takes_no_more_decisions():
    draft = a_draft()
    proposal = retained_action_plan(draft)
    last = step_named(draft, Subject.ACTION_PLANS, 6)
    with pytest.raises(ValidationError, match="al weerhouden"):
        steps.decide(proposal, last, Outcome.AGREED, by=None)
    assert proposal.decisions.count() == 6


def test_the_mt_records_only_its_own_steps(make_user):
    from core.roles import MANAGEMENT_TEAM

    mt = make_user("mt-drafting", MANAGEMENT_TEAM)
    draft = a_draft()
    proposal = an_action_plan(draft)
    with pytest.raises(PermissionDenied):
        steps.decide(proposal, proposal.step, Outcome.AGREED, by=mt)
    proposal = steps.decide(proposal, proposal.step, Outcome.AGREED, by=None).proposal
    assert proposal.step.decider == Decider.MANAGEMENT_TEAM
    assert steps.decide(proposal, proposal.step, Outcome.AGREED, by=mt).decision.decided_by == mt


def test_an_outdated_copy_is_refused():
    from core.changes import Conflict

    draft = a_draft()
    proposal = an_action_plan(draft)
    seen = proposal.version
    steps.decide(proposal, proposal.step, Outcome.AGREED, by=None)
    with pytest.raises(Conflict):
        steps.decide(
            proposal, step_named(draft, Subject.ACTION_PLANS, 2), Outcome.AGREED, by=None, version=seen
        )
    assert Decision.objects.count() == 1


def test_goals_come_after_a_retained_actieplan():
    from tests.drafting.builders import a_goal

    draft = a_draft()
    with pytest.raises(ValidationError, match="Doelstellingen worden voorgesteld"):
        a_goal(draft)
    retained_action_plan(draft)
    assert through_all_steps(a_goal(draft)).standing == Standing.RETAINED


def test_a_step_can_be_added_only_where_no_proposal_would_skip_it_and_removed_only_unused():
    draft = a_draft()
    proposal = an_action_plan(draft)
    first = step_named(draft, Subject.ACTION_PLANS, 1)
    with pytest.raises(ValidationError, match="Voeg een nieuwe stap toe na"):
        steps.add_step(draft, Subject.ACTION_PLANS, name="Extra", decider=Decider.CEL, after=None, by=None)
    added = steps.add_step(
        draft, Subject.ACTION_PLANS, name="Adviesraden", decider=Decider.CEL, after=first, by=None
    )
    assert [s.name for s in steps.steps_of(draft, Subject.ACTION_PLANS)][:3] == [
        "Voorzet Strategie & Beleid",
        "Adviesraden",
        "Aftoetsen managementteam",
    ]
    proposal = steps.decide(proposal, first, Outcome.AGREED, by=None).proposal
    assert proposal.step == added
    with pytest.raises(ValidationError, match="blijft in het spoor"):
        steps.remove_step(first, by=None)
    last = step_named(draft, Subject.ACTION_PLANS, 7)
    steps.remove_step(last, by=None)
    assert steps.steps_of(draft, Subject.ACTION_PLANS).count() == 6
