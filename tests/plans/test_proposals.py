"""The change-proposal workflow on the demo's own proposals, and every refusal."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from core import changes
from plans import proposals as rules
from plans.lifecycle import remove_items
from plans.models import Action, ActionPlan, ChangeProposal, LifeCycle, ProposalKind, ProposalState
from plans.proposal_sentences import effects, phrase
from plans.proposals import apply_decision, apply_proposal, approve, draft_proposal, reject, submit, withdraw
from plans.timeline import item_timeline
from tests.factories import ActionFactory, ActionPlanFactory
from tests.helpers import database_state

pytestmark = pytest.mark.django_db
RAAD = datetime.date(2017, 12, 18)
REASON = "door wijzigingsvoorstel #{pk} (raad van 18 december 2017)"


def proposal_on(plan, *numbers: str, action_plan: str | None = None) -> ChangeProposal:
    """The demo's proposal on exactly these actions (or on the action plan itself)."""
    for proposal in plan.proposals.prefetch_related("actions"):
        targets = {a.number for a in proposal.actions.all()}
        if targets == set(numbers) and (action_plan is None or proposal.action_plan.number == action_plan):
            return proposal
    raise LookupError(numbers)


def decide(proposal, users, **approval) -> ChangeProposal:
    approve(proposal, by=users["mt"], remark="Akkoord.", **approval)
    return apply_proposal(proposal, by=users["cel"], decision_date=RAAD)


def action(number: str) -> Action:
    return Action.objects.get(number=number)


# The demo's proposals


def test_the_demo_holds_the_seeds_16_proposals_as_submitted(plan):
    proposals = list(plan.proposals.all())
    assert len(proposals) == 16
    assert {p.state for p in proposals} == {ProposalState.SUBMITTED}
    kinds = [p.kind for p in proposals]
    assert (
        kinds.count(ProposalKind.REMOVE),
        kinds.count(ProposalKind.REWORD),
        kinds.count(ProposalKind.MERGE),
    ) == (
        10,
        4,
        2,
    )
    assert proposal_on(plan, "40.1", "40.2").motivation.startswith("De concrete acties die hier onder vallen")


def test_the_proposals_read_as_the_rapportering_writes_them(plan):
    assert phrase(proposal_on(plan, "10.2")) == "Voorstel te schrappen: actie 10.2."
    assert phrase(proposal_on(plan, "40.1", "40.2")) == "Voorstel te schrappen: acties 40.1 en 40.2."
    assert phrase(proposal_on(plan, action_plan="150")) == (
        "Voorstel te herformuleren: actieplan 150 ‘We werken actief aan de maatschappelijke kwetsbaarheid "
        "van onze inwoners.’"
    )
    assert phrase(proposal_on(plan, "120.2", "120.3", "120.4", "120.5")).startswith(
        "Voorstel te bundelen: acties 120.2 tot en met 120.5 in één nieuwe actie 120.6 ‘We bereiden"
    )
    assert phrase(proposal_on(plan, "380.5", "380.7", "380.8")) == (
        "Voorstel te bundelen: acties 380.5, 380.7 en 380.8 in actie 380.1 "
        "‘We werken een modern HR-beleid uit’."
    )


def test_schrappen_of_40_1_and_40_2(plan, users):
    proposal = decide(proposal_on(plan, "40.1", "40.2"), users)
    for number in ("40.1", "40.2"):
        removed = action(number)
        assert (removed.life_cycle, removed.life_cycle_date) == (LifeCycle.REMOVED, RAAD)
        latest = removed.history.first()
        assert latest.history_change_reason == REASON.format(pk=proposal.pk)
        assert latest.history_user == users["cel"]
    assert (proposal.state, proposal.council_decision_date, proposal.applied_by) == (
        ProposalState.APPLIED,
        RAAD,
        users["cel"],
    )
    assert ActionPlan.objects.get(number="40").is_active


def test_schrappen_of_a_whole_action_plan_takes_its_actions_with_it(plan, users):
    action_plan = ActionPlan.objects.get(number="340")
    withdraw(proposal_on(plan, "340.4"), by=users["cel"])  # the demo's, on its action: the whole plan now
    proposal = draft_proposal(
        plan=plan,
        kind=ProposalKind.REMOVE,
        action_plan=action_plan,
        motivation="Geen ontwikkeling meer deze legislatuur.",
        by=users["cel"],
    )
    assert effects(proposal) == [
        "Actieplan 340 “We ontwikkelen de gebieden waar het OCMW een belangrijk aandeel van het "
        "patrimonium in eigendom heeft.” wordt geschrapt, met zijn 1 actieve actie."
    ]
    submit(proposal, by=users["cel"])
    decide(proposal, users)
    assert not ActionPlan.objects.get(number="340").is_active
    assert action("340.4").life_cycle == LifeCycle.REMOVED


def test_herformuleren_of_action_plan_150_keeps_the_old_wording_in_history(plan, users):
    old = ActionPlan.objects.get(number="150").title
    proposal = decide(proposal_on(plan, action_plan="150"), users)
    action_plan = ActionPlan.objects.get(number="150")
    assert action_plan.title == "We werken actief aan de maatschappelijke kwetsbaarheid van onze inwoners."
    entry = item_timeline(action_plan)[0]
    assert entry.change("title").old == old
    assert entry.reason == REASON.format(pk=proposal.pk)


def test_herformuleren_without_wording_needs_the_mt_to_give_it(plan, users):
    proposal = proposal_on(plan, action_plan="110")
    before = database_state()
    with pytest.raises(ValidationError) as error:
        approve(proposal, by=users["mt"])
    assert str(rules.REWORD_WITHOUT_TEXT) in error.value.messages
    assert database_state() == before
    decide(proposal, users, new_title="In samenwerking met CAW De Kempen realiseren we één Welzijns-campus.")
    assert ActionPlan.objects.get(number="110").title.endswith("één Welzijns-campus.")


def test_bundelen_of_120_2_to_120_5_into_one_new_action_with_the_seeds_wording(plan, users):
    proposal = decide(proposal_on(plan, "120.2", "120.3", "120.4", "120.5"), users)
    new = action("120.6")
    assert new.title.startswith("We bereiden de implementatie van onze MFO's voor.")
    assert new.is_active and new.history.get().history_change_reason == REASON.format(pk=proposal.pk)
    for number in ("120.2", "120.3", "120.4", "120.5"):
        merged = action(number)
        assert (merged.life_cycle, merged.merged_into, merged.life_cycle_date) == (
            LifeCycle.MERGED,
            new,
            RAAD,
        )


def test_bundelen_of_the_running_actions_of_380_into_380_1(plan, users):
    decide(proposal_on(plan, "380.5", "380.7", "380.8"), users)
    target = action("380.1")
    assert target.title == "We werken een modern HR-beleid uit" and target.is_active
    assert sorted(a.number for a in target.merged_from.all()) == ["380.5", "380.7", "380.8"]
    assert {a.life_cycle for a in target.merged_from.all()} == {LifeCycle.MERGED}


def test_the_raad_decision_applies_all_approved_proposals_at_once(plan, users):
    chosen = [proposal_on(plan, "10.2"), proposal_on(plan, action_plan="60"), proposal_on(plan, "60.1")]
    for proposal in chosen:
        approve(proposal, by=users["mt"])
    applied = apply_decision(chosen, by=users["beheerder"], decision_date=RAAD)
    assert {p.state for p in applied} == {ProposalState.APPLIED}
    assert action("10.2").life_cycle == LifeCycle.REMOVED and action("60.1").life_cycle == LifeCycle.REMOVED
    assert ActionPlan.objects.get(number="60").title.startswith("In ons seniorenbeleid")


def test_withdrawing_and_rejecting(plan, users):
    withdrawn = withdraw(proposal_on(plan, "10.2"), by=users["cel"])
    assert withdrawn.state == ProposalState.WITHDRAWN
    rejected = reject(proposal_on(plan, "50.1"), by=users["mt"], remark="Eerst bespreken met de Stad.")
    assert (rejected.state, rejected.decided_by, rejected.remark) == (
        ProposalState.REJECTED,
        users["mt"],
        "Eerst bespreken met de Stad.",
    )
    assert action("50.1").is_active
    # A withdrawn proposal no longer blocks a new one on the same target.
    draft_proposal(
        plan=plan,
        kind=ProposalKind.REMOVE,
        action_plan=action("10.2").action_plan,
        actions=[action("10.2")],
        motivation="Opnieuw.",
        by=users["cel"],
    )


def test_a_proposal_keeps_its_history(plan, users):
    proposal = decide(proposal_on(plan, "10.2"), users)
    steps = [(r.state, r.history_user) for r in proposal.history.all()]
    steps = [step for index, step in enumerate(steps) if index == 0 or step != steps[index - 1]]
    assert steps == [
        ("applied", users["cel"]),
        ("approved", users["mt"]),
        ("submitted", users["cel"]),
        ("draft", users["cel"]),
    ]


# Refusals: each leaves the database as it was.


def refused(call, message, error=ValidationError):
    before = database_state()
    with pytest.raises(error) as raised:
        call()
    text = " ".join(raised.value.messages) if isinstance(raised.value, ValidationError) else str(raised.value)
    assert message in text
    assert database_state() == before


def test_refused_a_target_already_geschrapt(plan, users):
    proposal = proposal_on(plan, "80.1", "80.2")
    approve(proposal, by=users["mt"])
    remove_items([action("80.1")], on=RAAD, reason="elders geschrapt", by=users["beheerder"])
    refused(
        lambda: apply_proposal(proposal, by=users["cel"], decision_date=RAAD), "Actie 80.1 is al geschrapt"
    )


def test_refused_a_target_already_gebundeld(plan, users):
    decide(proposal_on(plan, "380.5", "380.7", "380.8"), users)
    refused(
        lambda: draft_proposal(
            plan=plan,
            kind=ProposalKind.REMOVE,
            action_plan=action("380.5").action_plan,
            actions=[action("380.5")],
            motivation="x",
            by=users["cel"],
        ),
        "Actie 380.5 is al gebundeld",
    )


def test_refused_a_target_reworded_since_the_proposal_was_written(plan, users):
    proposal = proposal_on(plan, "400.1")
    approve(proposal, by=users["mt"])
    target = action("400.1")
    target.title = "Het EFQM-model, anders verwoord"
    changes.save(target, by=None)
    refused(
        lambda: apply_proposal(proposal, by=users["cel"], decision_date=RAAD),
        "Actie 400.1 werd geherformuleerd sinds dit voorstel werd opgesteld",
    )


def test_refused_items_of_another_plan(plan, users):
    elsewhere = ActionFactory()
    refused(
        lambda: draft_proposal(
            plan=plan,
            kind=ProposalKind.REMOVE,
            action_plan=elsewhere.action_plan,
            actions=[elsewhere],
            motivation="x",
            by=users["cel"],
        ),
        "hoort niet bij Strategisch plan 2014–2019",
    )


def test_refused_bundelen_with_sources_from_different_plans(plan, users):
    elsewhere = ActionFactory()
    action_plan = action("230.1").action_plan
    refused(
        lambda: draft_proposal(
            plan=plan,
            kind=ProposalKind.MERGE,
            action_plan=action_plan,
            actions=[action("230.3"), elsewhere],
            new_action_number="230.9",
            new_title="Samen",
            motivation="x",
            by=users["cel"],
        ),
        f"Actie {elsewhere.number} hoort niet bij Strategisch plan 2014–2019",
    )


def test_refused_bundelen_with_fewer_than_two_actions(plan, users):
    action_plan = action("230.3").action_plan
    refused(
        lambda: draft_proposal(
            plan=plan,
            kind=ProposalKind.MERGE,
            action_plan=action_plan,
            actions=[action("230.3")],
            new_action_number="230.9",
            new_title="Alleen",
            motivation="x",
            by=users["cel"],
        ),
        "Bundelen vraagt minstens twee acties",
    )


def test_refused_bundelen_into_a_taken_number_or_without_target(plan, users):
    action_plan = action("230.3").action_plan
    sources = [action("230.3"), ActionFactory(action_plan=action_plan, number="230.4")]
    refused(
        lambda: draft_proposal(
            plan=plan,
            kind=ProposalKind.MERGE,
            action_plan=action_plan,
            actions=sources,
            new_action_number="230.1",
            new_title="Samen",
            motivation="x",
            by=users["cel"],
        ),
        "Actieplan 230 heeft al een actie 230.1. Kies een vrij nummer, bv. 230.5.",
    )
    refused(
        lambda: draft_proposal(
            plan=plan,
            kind=ProposalKind.MERGE,
            action_plan=action_plan,
            actions=sources,
            motivation="x",
            by=users["cel"],
        ),
        "Kies de bestaande actie waarin gebundeld wordt",
    )


def test_refused_a_second_open_proposal_on_the_same_target(plan, users):
    refused(
        lambda: draft_proposal(
            plan=plan,
            kind=ProposalKind.REWORD,
            action_plan=action("10.2").action_plan,
            actions=[action("10.2")],
            new_title="Anders",
            motivation="x",
            by=users["cel"],
        ),
        "Over Actie 10.2 loopt al wijzigingsvoorstel #",
    )


def test_refused_herformuleren_without_new_text_at_apply(plan, users):
    proposal = proposal_on(plan, "140.1")
    ChangeProposal.objects.filter(pk=proposal.pk).update(state=ProposalState.APPROVED)
    refused(
        lambda: apply_proposal(proposal, by=users["cel"], decision_date=RAAD), "vraagt een nieuwe formulering"
    )


def test_refused_applying_a_proposal_not_approved(plan, users):
    refused(
        lambda: apply_proposal(proposal_on(plan, "10.2"), by=users["cel"], decision_date=RAAD),
        "is ingediend. Doorvoeren kan enkel bij een voorstel dat goedgekeurd is",
    )


def test_refused_deciding_a_decided_proposal_again(plan, users):
    proposal = proposal_on(plan, "10.2")
    approve(proposal, by=users["mt"])
    refused(lambda: reject(proposal, by=users["mt"], remark="Toch niet."), "is goedgekeurd")


def test_refused_reject_without_remark(plan, users):
    refused(
        lambda: reject(proposal_on(plan, "10.2"), by=users["mt"], remark=" "),
        "Geef bij een afwijzing een opmerking",
    )


def test_refused_approving_ones_own_proposal(plan, users):
    proposal = draft_proposal(
        plan=plan,
        kind=ProposalKind.REMOVE,
        action_plan=ActionPlan.objects.get(number="30"),
        motivation="x",
        by=users["beheerder"],
    )
    submit(proposal, by=users["beheerder"])
    refused(
        lambda: approve(proposal, by=users["beheerder"]), "U stelde dit voorstel zelf op", PermissionDenied
    )


def test_refused_a_decision_date_missing_or_in_the_future(plan, users):
    proposal = proposal_on(plan, "10.2")
    approve(proposal, by=users["mt"])
    refused(lambda: apply_proposal(proposal, by=users["cel"], decision_date=None), "Geef de datum")
    future = datetime.date.today() + datetime.timedelta(days=30)
    refused(lambda: apply_proposal(proposal, by=users["cel"], decision_date=future), "ligt in de toekomst")


@pytest.mark.parametrize(
    ("username", "step"),
    [
        ("mt", "draft"),
        ("raad", "draft"),
        ("cel", "approve"),
        ("raad", "approve"),
        ("mt", "apply"),
        ("raad", "withdraw"),
    ],
)
def test_refused_a_step_by_a_role_that_may_not_take_it(plan, users, username, step):
    proposal = proposal_on(plan, "10.2")
    if step == "apply":
        approve(proposal, by=users["mt"])
    calls = {
        "draft": lambda: draft_proposal(
            plan=plan,
            kind=ProposalKind.REMOVE,
            action_plan=proposal.action_plan,
            motivation="x",
            by=users[username],
        ),
        "approve": lambda: approve(proposal, by=users[username]),
        "apply": lambda: apply_proposal(proposal, by=users[username], decision_date=RAAD),
        "withdraw": lambda: withdraw(proposal, by=users[username]),
    }
    refused(calls[step], "U mag dit voorstel niet", PermissionDenied)


def test_a_raad_decision_is_all_or_nothing(plan, users):
    good, bad = proposal_on(plan, "10.2"), proposal_on(plan, "280.1")
    for proposal in (good, bad):
        approve(proposal, by=users["mt"])
    remove_items([action("280.1")], on=RAAD, reason="elders", by=users["beheerder"])
    refused(
        lambda: apply_decision([good, bad], by=users["cel"], decision_date=RAAD),
        f"Wijzigingsvoorstel #{bad.pk} kan niet doorgevoerd worden: Actie 280.1 is al geschrapt",
    )
    assert action("10.2").is_active


def test_free_action_number_follows_the_highest():
    action_plan = ActionPlanFactory(number="120")
    for number in ("120.2", "120.10", "120.3"):
        ActionFactory(action_plan=action_plan, number=number)
    assert rules.free_action_number(action_plan) == "120.11"


def test_users_fixture_is_the_demo(users):
    turnhout = {"cel", "mt", "raad", "turnhout-beheerder", "diensthoofd", "projectleider"}
    voorbeeldgemeente = {
        f"vg-{name}" for name in ("cel", "mt", "raad", "beheerder", "diensthoofd", "projectleider")
    }
    assert set(users) == turnhout | voorbeeldgemeente | {"beheerder"}
    assert get_user_model().objects.count() == 13
