"""The next legislature: a new draft that starts from the plan in force (issue 32, item 5). What the raad
adopted carries over (the snapshot, not the live edits after it), each carried item keeps its link, a
struck or merged item is not offered, the acties' years are clipped to the new period, each refusal
changes nothing, and adoption writes the links as the new plan's ``continues``."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core import changes
from drafting import adoption, carry_over, drafts, framework
from drafting.carry_over import Selection
from drafting.models import Draft, DraftItem, Proposal, ProposalKind, Standing, Subject
from plans.models import Action, ActionPlan, Goal, LifeCycle, Plan
from tests.drafting.builders import through_all_steps
from tests.factories import ActionFactory, ActionPlanFactory, GoalFactory, PlanFactory
from versions import adopting

pytestmark = pytest.mark.django_db
ADOPTED = datetime.date(2020, 3, 2)


def a_plan_in_force():
    """MJP 2020–2025 with two goals; goal 1 holds actieplan 1.1 (acties 1.1.1 for 2021–2024, 1.1.2
    without years and 1.1.3 merged) and 1.2 (struck); goal 2 holds actieplan 2.1 with actie 2.1.1
    (2020–2021). Version 1 adopted."""
    plan = PlanFactory(name="MJP 2020–2025", slug="mjp-2020-2025")
    first = GoalFactory(plan=plan, number="1", title="Iedereen kan meedoen.", description="Sociaal.")
    second = GoalFactory(plan=plan, number="2", title="Een groene gemeente.")
    ap11 = ActionPlanFactory(plan=plan, goal=first, number="1.1", title="We stimuleren zelfhulp.")
    ap12 = ActionPlanFactory(
        plan=plan,
        goal=first,
        number="1.2",
        title="Geschrapt actieplan.",
        life_cycle=LifeCycle.REMOVED,
        life_cycle_date=ADOPTED,
    )
    ap21 = ActionPlanFactory(plan=plan, goal=second, number="2.1", title="We planten bomen.")
    a111 = ActionFactory(
        action_plan=ap11, number="1.1.1", title="Budgetbegeleiding.", start_year=2021, end_year=2024
    )
    a112 = ActionFactory(action_plan=ap11, number="1.1.2", title="Sociale kruidenier.")
    a113 = ActionFactory(
        action_plan=ap11,
        number="1.1.3",
        title="Gebundeld.",
        life_cycle=LifeCycle.MERGED,
        merged_into=a111,
        life_cycle_date=ADOPTED,
    )
    a211 = ActionFactory(
        action_plan=ap21, number="2.1.1", title="Bomen in elke straat.", start_year=2020, end_year=2021
    )
    adopting.record(plan, name="MJP 2020-2025", council_date=ADOPTED, by=None)
    return plan, (first, second), (ap11, ap12, ap21), (a111, a112, a113, a211)


def everything(plan, goals, action_plans, actions) -> Selection:
    return Selection(
        {goal.pk for goal in goals},
        {action_plans[0].pk, action_plans[2].pk},
        {actions[0].pk, actions[1].pk, actions[3].pk},
    )


def carry(plan, selection, *, start_year=2026, end_year=2031, by=None) -> Draft:
    return carry_over.carry_over(
        plan,
        name="MJP 2026–2031",
        start_year=start_year,
        end_year=end_year,
        agreement="Bestuursakkoord 2025–2030",
        selection=selection,
        by=by,
    )


def counts() -> tuple[int, int, int]:
    return Draft.objects.count(), Proposal.objects.count(), DraftItem.objects.count()


def test_struck_and_merged_items_are_not_offered():
    plan, goals, _action_plans, _actions = a_plan_in_force()
    version = carry_over.source(plan)
    offered = carry_over.offered_goal(version, goals[0].pk)
    assert [ap.item.number for ap in offered.action_plans] == ["1.1"]
    assert [action.number for action in offered.action_plans[0].actions] == ["1.1.1", "1.1.2"]
    assert [goal.number for goal in carry_over.goals(version)] == ["1", "2"]
    assert carry_over.counts(version) == {goals[0].pk: 1, goals[1].pk: 1}


def test_a_picked_goal_brings_its_active_action_plans_and_their_actions():
    plan, goals, action_plans, actions = a_plan_in_force()
    found_plans, found_actions = carry_over.all_of_goal(carry_over.source(plan), [goals[0].pk])
    assert found_plans == {action_plans[0].pk}
    assert found_actions == {actions[0].pk, actions[1].pk}


def test_carried_items_keep_their_links_and_enter_the_first_step(cel_user):
    plan, goals, action_plans, actions = a_plan_in_force()
    cel = cel_user
    draft = carry(plan, everything(plan, goals, action_plans, actions), by=cel)
    assert (draft.start_year, draft.end_year, draft.organisation) == (2026, 2031, plan.organisation)
    goal_proposals = list(Proposal.objects.filter(draft=draft, kind=ProposalKind.GOAL).order_by("position"))
    assert [(p.title, p.continues_goal) for p in goal_proposals] == [
        ("Iedereen kan meedoen.", goals[0]),
        ("Een groene gemeente.", goals[1]),
    ]
    assert goal_proposals[0].description == "Sociaal."
    plan_proposals = list(
        Proposal.objects.filter(draft=draft, kind=ProposalKind.ACTION_PLAN).order_by("position")
    )
    assert [(p.continues_action_plan, p.goal) for p in plan_proposals] == [
        (action_plans[0], goal_proposals[0]),
        (action_plans[2], goal_proposals[1]),
    ]
    for proposal in goal_proposals + plan_proposals:
        subject = Subject.GOALS if proposal.kind == ProposalKind.GOAL else Subject.ACTION_PLANS
        assert proposal.standing == Standing.UNDER_WAY
        assert proposal.step.position == 1 and proposal.step.subject == subject
        assert (
            proposal.history.first().history_change_reason
            == "overgenomen uit MJP 2020-2025 van MJP 2020–2025"
        )
        assert proposal.history.first().history_user == cel
    items = {item.continues_action: item for item in DraftItem.objects.filter(proposal__draft=draft)}
    assert set(items) == {actions[0], actions[1], actions[3]}
    assert items[actions[0]].proposal == plan_proposals[0]


def test_the_years_of_a_carried_actie_are_clipped_to_the_new_period():
    plan, goals, action_plans, actions = a_plan_in_force()
    draft = carry(plan, everything(plan, goals, action_plans, actions), start_year=2024 + 2, end_year=2028)
    years = {
        item.continues_action_id: (item.start_year, item.end_year)
        for item in DraftItem.objects.filter(proposal__draft=draft)
    }
    # 2021–2024 and 2020–2021 ended before the new period: the whole new period; no years: idem
    assert years == {actions[0].pk: (2026, 2028), actions[1].pk: (2026, 2028), actions[3].pk: (2026, 2028)}
    assert carry_over.clip(2027, 2040, 2026, 2031) == (2027, 2031)
    assert carry_over.clip(2020, 2029, 2026, 2031) == (2026, 2029)
    assert carry_over.clip(None, 2028, 2026, 2031) == (2026, 2028)


def test_the_source_is_what_the_raad_adopted_not_the_live_edits_after_it():
    plan, goals, _action_plans, _actions = a_plan_in_force()
    changes.update(
        goals[0],
        {"title": "Live herschreven."},
        by=None,
        reason="na de vaststelling",
        version=goals[0].version,
    )
    draft = carry(plan, Selection({goals[0].pk}, set(), set()))
    assert Proposal.objects.get(draft=draft).title == "Iedereen kan meedoen."


@pytest.mark.parametrize(
    "case",
    ["no_version", "overlaps", "end_before_start", "nothing_picked", "action_alone", "struck", "not_cel"],
)
def test_refusals_change_nothing(case, mt_user):
    plan, goals, action_plans, actions = a_plan_in_force()
    selection = everything(plan, goals, action_plans, actions)
    kwargs = {}
    if case == "no_version":
        plan = PlanFactory(name="Zonder versie")
    elif case == "overlaps":
        kwargs = {"start_year": 2025, "end_year": 2030}
    elif case == "end_before_start":
        kwargs = {"start_year": 2030, "end_year": 2027}
    elif case == "nothing_picked":
        selection = Selection()
    elif case == "action_alone":
        selection = Selection(set(), {action_plans[2].pk}, {actions[0].pk})
    elif case == "struck":
        selection = Selection(set(), {action_plans[1].pk}, set())
    elif case == "not_cel":
        kwargs = {"by": mt_user}
    before = counts()
    error = PermissionDenied if case == "not_cel" else ValidationError
    with pytest.raises(error) as refused:
        carry(plan, selection, **kwargs)
    assert counts() == before
    text = " ".join(getattr(refused.value, "messages", [str(refused.value)]))
    expected = {
        "no_version": "Leg eerst de startversie vast op de pagina Versies",
        "overlaps": "Kies een startjaar na 2025",
        "end_before_start": "ligt vóór het startjaar",
        "nothing_picked": "Kies minstens één",
        "action_alone": "De actie 1.1.1 wordt enkel overgenomen met haar actieplan 1.1",
        "struck": "Actieplan 1.2 kan niet overgenomen worden",
        "not_cel": "strategische cel",
    }[case]
    assert expected in text


def test_adoption_sets_continues_and_the_reference_names_the_plan():
    plan, goals, action_plans, actions = a_plan_in_force()
    draft = carry(plan, Selection({goals[1].pk}, {action_plans[2].pk}, {actions[3].pk}))
    for proposal in Proposal.objects.filter(draft=draft).order_by("-kind"):  # actieplannen first
        through_all_steps(proposal)
    action_plan = Proposal.objects.get(draft=draft, kind=ProposalKind.ACTION_PLAN)
    goal = Proposal.objects.get(draft=draft, kind=ProposalKind.GOAL)
    framework.link(action_plan, goal, by=None)  # the link stays as carried
    assert adoption.problems(draft) == []
    adopted = adoption.adopt(
        draft,
        council_date=datetime.date(2025, 12, 18),
        slug="mjp-2026-2031",
        numbering=adoption.AUTOMATIC,
        by=None,
    )
    new_goal = Goal.objects.get(plan=adopted.plan)
    new_plan = ActionPlan.objects.get(plan=adopted.plan)
    new_action = Action.objects.get(action_plan__plan=adopted.plan)
    assert (new_goal.continues, new_plan.continues, new_action.continues) == (
        goals[1],
        action_plans[2],
        actions[3],
    )
    assert list(action_plans[2].continued_by.all()) == [new_plan]
    assert carry_over.reference(new_plan.continues) == "MJP 2020–2025, actieplan 2.1"
    assert carry_over.reference(new_goal.continues) == "MJP 2020–2025, doelstelling 2"
    assert carry_over.reference(new_action.continues) == "MJP 2020–2025, actie 2.1.1"
    assert carry_over.reference(action_plans[2].continued_by.get()) == f"{adopted.plan.name}, actieplan 1.1"
    # the new plan's version 1 holds the link too
    assert adopted.version.items.get(kind="actieplan").data["continues"] == action_plans[2].pk


def test_a_carried_actie_is_detailed_once_its_action_plan_is_retained():
    plan, _goals, action_plans, actions = a_plan_in_force()
    draft = carry(plan, Selection(set(), {action_plans[0].pk}, {actions[0].pk}))
    proposal = through_all_steps(Proposal.objects.get(draft=draft))
    item = DraftItem.objects.get(proposal=proposal)
    assert item.continues_action == actions[0]
    drafts.edit_item(item, {"title": "Budgetbegeleiding, vernieuwd."}, by=None, version=item.version)
    assert Plan.objects.count() == 1


def test_carrying_over_is_all_or_nothing(cel_user, monkeypatch):
    plan, goals, action_plans, actions = a_plan_in_force()
    before = (Draft.objects.count(), Proposal.objects.count(), DraftItem.objects.count())
    real = changes.create_many

    def fails_on_the_acties(records, **kwargs):
        if records and isinstance(records[0], DraftItem):
            raise RuntimeError("de server valt uit")
        return real(records, **kwargs)

    monkeypatch.setattr(changes, "create_many", fails_on_the_acties)
    with pytest.raises(RuntimeError):
        carry(plan, everything(plan, goals, action_plans, actions), by=cel_user)
    assert (Draft.objects.count(), Proposal.objects.count(), DraftItem.objects.count()) == before
