"""An aanpassing drafted as a version: starting it, its proposals of every kind through MT and college,
the raad's adoption, every refusal (nothing changes), and the Turnhout decision recorded as a version."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core import changes
from plans import amendments
from plans import proposals as rules
from plans.lifecycle import remove_items
from plans.models import (
    Action,
    ActionPlan,
    Amount,
    AmountKind,
    ChangeProposal,
    LifeCycle,
    ProposalKind,
    ProposalState,
)
from plans.proposal_sentences import effects, phrase
from tests.factories import GoalFactory, PlanFactory
from tests.helpers import database_state
from tests.versions.builders import a_plan_with_items, first_version
from versions import aanpassing, in_force, snapshots
from versions.models import ItemKind, PlanVersion, VersionState

pytestmark = pytest.mark.django_db
COLLEGE = datetime.date(2021, 12, 6)
RAAD = datetime.date(2021, 12, 20)


def state() -> dict:
    """database_state plus what an adoption writes: versions, their items and the ramingen."""
    return database_state() | {
        "versions": list(PlanVersion.objects.order_by("pk").values_list("pk", "state", "council_date")),
        "amounts": list(Amount.objects.order_by("pk").values_list("pk", "amount")),
        "priorities": list(Action.objects.order_by("pk").values_list("pk", "priority")),
        "action plan priorities": list(ActionPlan.objects.order_by("pk").values_list("pk", "priority")),
    }


@pytest.fixture
def world(users):
    plan, goal, action_plan, first, second = a_plan_with_items()
    version1 = first_version(plan)
    draft = aanpassing.start(plan, name="AMJP 2021-1", by=users["cel"])
    return {
        "plan": plan,
        "goal": goal,
        "action_plan": action_plan,
        "first": first,
        "second": second,
        "version1": version1,
        "draft": draft,
        "cel": users["cel"],
        "mt": users["mt"],
    }


def through_college(proposal, world) -> ChangeProposal:
    rules.submit(proposal, by=world["cel"])
    rules.approve(proposal, by=world["mt"], remark="Akkoord.")
    return rules.endorse(proposal, by=world["cel"], college_date=COLLEGE)


def refused(call, message: str, error=ValidationError):
    before = state()
    with pytest.raises(error) as raised:
        call()
    text = " ".join(raised.value.messages) if isinstance(raised.value, ValidationError) else str(raised.value)
    assert message in text, text
    assert state() == before
    return text


def new_action_plan(world, number="2", title="We bouwen een buurthuis."):
    return amendments.draft_action_plan(
        world["draft"],
        goal=world["goal"],
        number=number,
        title=title,
        motivation="Nieuw in het bestuursakkoord.",
        by=world["cel"],
        responsible="Dienst welzijn",
    )


def new_amounts(world, **cells):
    return amendments.draft_amounts(
        world["draft"],
        action=world["first"],
        new={(2022, "E", "uitgave"): Decimal("5000.00"), (2020, "E", "uitgave"): Decimal("0")} | cells,
        motivation="Meer middelen.",
        by=world["cel"],
    )


# Starting


def test_an_aanpassing_starts_from_the_version_in_force(world):
    draft = world["draft"]
    assert draft.state == VersionState.DRAFT and draft.number == 2
    assert draft.based_on == world["version1"] and in_force.in_draft(world["plan"]) == draft
    assert draft.history.first().history_change_reason == "aanpassing gestart"


def test_refused_a_second_aanpassing_while_one_is_in_ontwerp(world):
    refused(lambda: aanpassing.start(world["plan"], name="AMJP 2021-2", by=world["cel"]), "AMJP 2021-1")


def test_refused_an_aanpassing_of_a_plan_without_a_version_in_force(users):
    plan = PlanFactory()
    refused(
        lambda: aanpassing.start(plan, name="AMJP 2021-1", by=users["cel"]), "Leg eerst de startversie vast"
    )


def test_refused_an_aanpassing_without_a_name_or_by_the_mt(users):
    plan, *_rest = a_plan_with_items()
    first_version(plan)
    refused(lambda: aanpassing.start(plan, name=" ", by=users["cel"]), "Geef de aanpassing een naam")
    refused(lambda: aanpassing.start(plan, name="AMJP", by=users["mt"]), "strategische cel", PermissionDenied)


# The new kinds


def test_the_new_kinds_are_only_allowed_in_an_aanpassing(world):
    refused(
        lambda: rules.draft_proposal(
            plan=world["plan"],
            kind=ProposalKind.PRIORITY,
            action_plan=world["action_plan"],
            details={"priority": True},
            motivation="Belangrijk.",
            by=world["cel"],
        ),
        "enkel in een aanpassing",
    )


def test_refused_a_proposal_for_an_aanpassing_no_longer_in_ontwerp(world):
    aanpassing.adopt(world["draft"], council_date=RAAD, by=world["cel"])
    refused(lambda: new_action_plan(world), "geen aanpassing in ontwerp")


def test_a_new_actieplan_reads_with_its_goal_and_title(world):
    proposal = new_action_plan(world)
    assert proposal.action_plan is None and proposal.goal == world["goal"]
    assert proposal.details == {
        "number": "2",
        "title": "We bouwen een buurthuis.",
        "responsible": "Dienst welzijn",
    }
    assert phrase(proposal) == (
        "Voorstel toe te voegen: nieuw actieplan 2 ‘We bouwen een buurthuis.’ onder doelstelling SD 1."
    )
    assert effects(proposal) == [
        "Nieuw actieplan 2 “We bouwen een buurthuis.” wordt aangemaakt onder doelstelling SD 1: "
        "Iedereen kan meedoen."
    ]


def test_refused_additions_that_do_not_fit(world):
    refused(lambda: new_action_plan(world, number="1"), "heeft al een actieplan 1")
    refused(lambda: new_action_plan(world, title=""), "Geef de titel")
    new_action_plan(world, number="3")
    refused(lambda: new_action_plan(world, number="3"), "stelt al een nieuw item met nummer 3 voor")
    other_goal = GoalFactory(plan=PlanFactory(), number="SD 9")
    refused(
        lambda: amendments.draft_action_plan(
            world["draft"], goal=other_goal, number="7", title="Elders.", motivation="x", by=world["cel"]
        ),
        "hoort niet bij",
    )
    refused(
        lambda: amendments.draft_action(
            world["draft"],
            action_plan=world["action_plan"],
            number="1.1",
            title="Dubbel.",
            motivation="x",
            by=world["cel"],
        ),
        "heeft al een actie 1.1",
    )
    refused(
        lambda: amendments.draft_action(
            world["draft"],
            action_plan=world["action_plan"],
            number="1.3",
            title="Te laat.",
            motivation="x",
            start_year=2024,
            end_year=2030,
            by=world["cel"],
        ),
        "binnen de looptijd",
    )


def test_ramingen_record_the_old_values_and_refuse_no_change(world):
    proposal = new_amounts(world)
    assert proposal.details["old"] == {
        "2020": {"E": ["1000.00", "0.00"]},
        "2021": {"E": ["0.00", "300.00"], "I": ["2500.50", "0.00"]},
    }
    assert proposal.details["new"] == {
        "2021": {"E": ["0.00", "300.00"], "I": ["2500.50", "0.00"]},
        "2022": {"E": ["5000.00", "0.00"]},
    }
    assert effects(proposal) == [
        "2020, exploitatie uitgaven: € 1.000,00 wordt € 0,00.",
        "2022, exploitatie uitgaven: € 0,00 wordt € 5.000,00.",
    ]
    rules.withdraw(proposal, by=world["cel"])
    refused(
        lambda: amendments.draft_amounts(
            world["draft"], action=world["first"], new={}, motivation="Niets.", by=world["cel"]
        ),
        "dezelfde als de huidige",
    )
    refused(
        lambda: amendments.draft_amounts(
            world["draft"],
            action=world["first"],
            new={(2031, "E", "uitgave"): Decimal("1")},
            motivation="Te laat.",
            by=world["cel"],
        ),
        "buiten de looptijd",
    )


@pytest.mark.parametrize(
    "text, amount",
    [
        ("1.234,56", "1234.56"),
        ("€ 250 000", "250000.00"),
        ("1.250.000", "1250000.00"),
        ("12,5", "12.50"),
        ("1234.5", "1234.50"),
        ("", "0.00"),
    ],
)
def test_amounts_as_flemish_people_write_them(text, amount):
    assert amendments.parse_euro(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["twaalf", "-5", "1,2,3", "1,234"])
def test_amounts_that_are_no_amounts(text):
    if text == "1,234":
        with pytest.raises(ValueError, match="twee cijfers"):
            amendments.parse_euro(text)
        return
    with pytest.raises(ValueError):
        amendments.parse_euro(text)


# Steps


def test_the_college_step_comes_after_the_mt_and_only_in_an_aanpassing(world, users):
    proposal = amendments.draft_priority(
        world["draft"], item=world["second"], motivation="Speerpunt.", by=world["cel"]
    )
    rules.submit(proposal, by=world["cel"])
    proposal = rules.approve(proposal, by=world["mt"])
    assert "endorse" in rules.allowed_steps(proposal, world["cel"])
    assert "apply" not in rules.allowed_steps(proposal, world["cel"])
    assert "endorse" not in rules.allowed_steps(proposal, world["mt"])
    refused(lambda: rules.endorse(proposal, by=world["mt"], college_date=COLLEGE), "niet", PermissionDenied)
    refused(lambda: rules.endorse(proposal, by=world["cel"], college_date=None), "datum van het college")
    future = datetime.date.today() + datetime.timedelta(days=3)
    refused(lambda: rules.endorse(proposal, by=world["cel"], college_date=future), "in de toekomst")
    refused(
        lambda: rules.apply_proposal(proposal, by=world["cel"], decision_date=RAAD), "hoort bij AMJP 2021-1"
    )
    endorsed = rules.endorse(proposal, by=world["cel"], college_date=COLLEGE)
    assert endorsed.state == ProposalState.ENDORSED and endorsed.endorsed_by == world["cel"]
    assert endorsed.endorsed_at.date() == COLLEGE
    assert endorsed.history.first().history_change_reason == "akkoord college van 6 december 2021"


def test_the_college_step_is_refused_outside_an_aanpassing(world):
    proposal = rules.draft_proposal(
        plan=world["plan"],
        kind=ProposalKind.REMOVE,
        action_plan=world["action_plan"],
        actions=[world["second"]],
        motivation="Afgerond.",
        by=world["cel"],
    )
    rules.submit(proposal, by=world["cel"])
    proposal = rules.approve(proposal, by=world["mt"])
    assert "endorse" not in rules.allowed_steps(proposal, world["cel"])
    refused(
        lambda: rules.endorse(proposal, by=world["cel"], college_date=COLLEGE),
        "enkel bij een voorstel in een aanpassing",
    )


def test_the_college_decides_several_at_once_or_none(world):
    first, second = new_action_plan(world), new_action_plan(world, number="3", title="Nog een.")
    for proposal in (first, second):
        rules.submit(proposal, by=world["cel"])
    rules.approve(first, by=world["mt"])
    refused(
        lambda: rules.endorse_many([first, second], by=world["cel"], college_date=COLLEGE), f"#{second.pk}"
    )
    rules.approve(second, by=world["mt"])
    done = rules.endorse_many([first, second], by=world["cel"], college_date=COLLEGE)
    assert {p.state for p in done} == {ProposalState.ENDORSED}


# Adoption


def test_the_raad_adopts_the_aanpassing_with_every_change_at_once(world):
    plan, draft = world["plan"], world["draft"]
    removed = rules.draft_proposal(
        plan=plan,
        kind=ProposalKind.REMOVE,
        action_plan=world["action_plan"],
        actions=[world["second"]],
        motivation="Afgerond.",
        plan_version=draft,
        by=world["cel"],
    )
    added = new_action_plan(world)
    added_action = amendments.draft_action(
        draft,
        action_plan=world["action_plan"],
        number="1.3",
        title="We starten een repaircafé.",
        motivation="Vraag van de buurt.",
        start_year=2022,
        end_year=2025,
        by=world["cel"],
    )
    amounts = new_amounts(world)
    priority = amendments.draft_priority(
        draft, item=world["action_plan"], motivation="Speerpunt.", by=world["cel"]
    )
    rejected = amendments.draft_action(
        draft,
        action_plan=world["action_plan"],
        number="1.4",
        title="Niet nodig.",
        motivation="?",
        by=world["cel"],
    )
    withdrawn = amendments.draft_action(
        draft,
        action_plan=world["action_plan"],
        number="1.5",
        title="Toch niet.",
        motivation="?",
        by=world["cel"],
    )
    for proposal in (removed, added, added_action, amounts, priority):
        through_college(proposal, world)
    rules.submit(rejected, by=world["cel"])
    rules.reject(rejected, by=world["mt"], remark="Past niet in het budget.")
    rules.withdraw(withdrawn, by=world["cel"])

    adopted = aanpassing.adopt(
        draft, council_date=RAAD, by=world["cel"], published_on=datetime.date(2021, 12, 22)
    )

    assert adopted.state == VersionState.ADOPTED and adopted.council_date == RAAD
    assert adopted.published_on == datetime.date(2021, 12, 22)
    world["version1"].refresh_from_db()
    assert world["version1"].state == VersionState.REPLACED
    reason = "door de aanpassing AMJP 2021-1 (raad van 20 december 2021)"
    second = Action.objects.get(pk=world["second"].pk)
    assert second.life_cycle == LifeCycle.REMOVED and second.life_cycle_date == RAAD
    assert second.history.first().history_change_reason == reason
    new_plan = ActionPlan.objects.get(plan=plan, number="2")
    assert new_plan.goal == world["goal"] and new_plan.responsible == "Dienst welzijn"
    assert new_plan.history.first().history_change_reason == reason
    new_action = Action.objects.get(action_plan=world["action_plan"], number="1.3")
    assert (new_action.start_year, new_action.end_year) == (2022, 2025)
    ramingen = dict(
        Amount.objects.filter(
            action=world["first"], kind=AmountKind.ESTIMATE, category="E", direction="uitgave"
        ).values_list("year", "amount")
    )
    assert ramingen == {2020: Decimal("0.00"), 2022: Decimal("5000.00")}
    assert ActionPlan.objects.get(pk=world["action_plan"].pk).priority is True
    for proposal in (removed, added, added_action, amounts, priority):
        proposal.refresh_from_db()
        assert proposal.state == ProposalState.APPLIED and proposal.council_decision_date == RAAD
        assert proposal.history.first().history_change_reason == reason
    rejected.refresh_from_db(), withdrawn.refresh_from_db()
    assert (rejected.state, withdrawn.state) == (ProposalState.REJECTED, ProposalState.WITHDRAWN)
    snapshot = snapshots.of(adopted)
    assert snapshot.get(ItemKind.ACTION_PLAN, new_plan.pk).title == "We bouwen een buurthuis."
    assert snapshot.get(ItemKind.ACTION, second.pk).life_cycle == LifeCycle.REMOVED
    assert snapshot.get(ItemKind.ACTION, world["first"].pk).money["2022"] == {"E": ["5000.00", "0.00"]}
    old = snapshots.of(world["version1"])
    assert old.get(ItemKind.ACTION_PLAN, new_plan.pk) is None


@pytest.mark.parametrize("stop_at", ["draft", "submit", "approve"])
def test_refused_adopting_with_undecided_proposals(world, stop_at):
    proposal = new_action_plan(world)
    if stop_at != "draft":
        rules.submit(proposal, by=world["cel"])
    if stop_at == "approve":
        rules.approve(proposal, by=world["mt"])
    text = refused(
        lambda: aanpassing.adopt(world["draft"], council_date=RAAD, by=world["cel"]),
        f"wijzigingsvoorstel #{proposal.pk}",
    )
    assert "nog niet beslist" in text


def test_refused_adopting_without_a_date_by_the_mt_or_twice(world):
    refused(lambda: aanpassing.adopt(world["draft"], council_date=None, by=world["cel"]), "Geef de datum")
    refused(
        lambda: aanpassing.adopt(world["draft"], council_date=RAAD, by=world["mt"]),
        "strategische cel",
        PermissionDenied,
    )
    refused(
        lambda: aanpassing.adopt(world["draft"], council_date=datetime.date(2019, 1, 1), by=world["cel"]),
        "kan niet vroeger",
    )
    refused(
        lambda: aanpassing.adopt(
            world["draft"], council_date=RAAD, published_on=datetime.date(2021, 12, 1), by=world["cel"]
        ),
        "niet vóór de raadsbeslissing",
    )
    aanpassing.adopt(world["draft"], council_date=RAAD, by=world["cel"])
    refused(lambda: aanpassing.adopt(world["draft"], council_date=RAAD, by=world["cel"]), "is al vastgesteld")


# An item changed by someone else while a proposal on it was pending


def test_refused_a_reworded_item(world):
    proposal = rules.draft_proposal(
        plan=world["plan"],
        kind=ProposalKind.REWORD,
        action_plan=world["action_plan"],
        actions=[world["second"]],
        new_title="We openen twee sociale kruideniers.",
        motivation="Groei.",
        plan_version=world["draft"],
        by=world["cel"],
    )
    through_college(proposal, world)
    second = Action.objects.get(pk=world["second"].pk)
    second.title = "We openen een sociale kruidenier in elke wijk."
    changes.save(second, by=world["cel"], reason="bijgewerkt")
    text = refused(
        lambda: aanpassing.adopt(world["draft"], council_date=RAAD, by=world["cel"]), "geherformuleerd"
    )
    assert f"Wijzigingsvoorstel #{proposal.pk}" in text and "Actie 1.2" in text


def test_refused_changed_ramingen(world):
    proposal = through_college(new_amounts(world), world)
    amount = Amount.objects.get(action=world["first"], year=2021, category="I")
    amount.amount = Decimal("9999.00")
    changes.save(amount, by=world["cel"], reason="bijgewerkt")
    text = refused(
        lambda: aanpassing.adopt(world["draft"], council_date=RAAD, by=world["cel"]),
        "De ramingen van Actie 1.1",
    )
    assert f"wijzigingsvoorstel #{proposal.pk}" in text


def test_refused_a_priority_changed_already(world):
    proposal = through_college(
        amendments.draft_priority(
            world["draft"], item=world["second"], motivation="Speerpunt.", by=world["cel"]
        ),
        world,
    )
    second = Action.objects.get(pk=world["second"].pk)
    second.priority = True
    changes.save(second, by=world["cel"], reason="bijgewerkt")
    text = refused(
        lambda: aanpassing.adopt(world["draft"], council_date=RAAD, by=world["cel"]),
        "Actie 1.2 werd intussen al prioritair",
    )
    assert f"wijzigingsvoorstel #{proposal.pk}" in text


def test_refused_an_item_struck_meanwhile(world):
    proposal = rules.draft_proposal(
        plan=world["plan"],
        kind=ProposalKind.MERGE,
        action_plan=world["action_plan"],
        actions=[world["second"]],
        merge_into=world["first"],
        motivation="Samen.",
        plan_version=world["draft"],
        by=world["cel"],
    )
    through_college(proposal, world)
    remove_items(
        [Action.objects.get(pk=world["first"].pk)], on=COLLEGE, reason="elders beslist", by=world["cel"]
    )
    text = refused(
        lambda: aanpassing.adopt(world["draft"], council_date=RAAD, by=world["cel"]), "al geschrapt"
    )
    assert f"Wijzigingsvoorstel #{proposal.pk}" in text and "Actie 1.1" in text


# The Turnhout practice


def turnhout_proposal(world):
    proposal = rules.draft_proposal(
        plan=world["plan"],
        kind=ProposalKind.REMOVE,
        action_plan=world["action_plan"],
        actions=[world["second"]],
        motivation="Afgerond.",
        by=world["cel"],
    )
    rules.submit(proposal, by=world["cel"])
    return rules.approve(proposal, by=world["mt"])


def test_a_raad_decision_applying_proposals_one_by_one_is_a_numbered_version(world):
    aanpassing.adopt(world["draft"], council_date=datetime.date(2021, 1, 4), by=world["cel"])
    proposal = turnhout_proposal(world)
    rules.apply_decision([proposal], by=world["cel"], decision_date=RAAD)
    version = in_force.current(world["plan"])
    assert (version.number, version.name, version.council_date) == (
        3,
        "Raadsbeslissing 20 december 2021",
        RAAD,
    )
    assert f"#{proposal.pk}" in version.note
    assert snapshots.of(version).get(ItemKind.ACTION, world["second"].pk).life_cycle == LifeCycle.REMOVED
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPLIED


def test_a_raad_decision_is_refused_while_an_aanpassing_is_in_ontwerp(world):
    proposal = turnhout_proposal(world)
    refused(
        lambda: rules.apply_decision([proposal], by=world["cel"], decision_date=RAAD),
        "AMJP 2021-1 nog in ontwerp",
    )


# Stopping an aanpassing the raad will not adopt


def test_the_cel_stops_an_aanpassing_its_open_proposals_are_withdrawn_and_a_new_one_may_start(world):
    waiting = new_action_plan(world)
    version = aanpassing.stop(
        world["draft"], reason="De raad behandelt ze niet meer dit jaar.", by=world["cel"]
    )
    assert version.state == VersionState.STOPPED and "niet meer dit jaar" in version.note
    waiting.refresh_from_db()
    assert waiting.state == ProposalState.WITHDRAWN
    assert in_force.in_draft(world["plan"]) is None and in_force.current(world["plan"]) == world["version1"]
    assert aanpassing.start(world["plan"], name="AMJP 2021-2", by=world["cel"]).number == 3


def test_stopping_without_a_reason_by_the_mt_or_twice_is_refused_and_nothing_changes(world):
    refused(lambda: aanpassing.stop(world["draft"], reason=" ", by=world["cel"]), "waarom")
    refused(
        lambda: aanpassing.stop(world["draft"], reason="Weg", by=world["mt"]),
        "strategische cel",
        PermissionDenied,
    )
    aanpassing.stop(world["draft"], reason="Weg", by=world["cel"])
    refused(lambda: aanpassing.stop(world["draft"], reason="Nog eens", by=world["cel"]), "stopgezet")
