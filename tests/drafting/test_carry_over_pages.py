"""The carry-over wizard's pages: from the drafts list to a new draft that continues the plan in force,
its refusals (nothing written, the page says what to do), who may do what, the "vervolg van" and
"voortgezet in" lines on both plans' pages, and the query count of the goal page independent of the
plan's size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import CEL, MANAGEMENT_TEAM
from drafting import adoption, framework
from drafting.models import Draft, DraftItem, Proposal, ProposalKind
from plans.models import ActionPlan
from tests.drafting.builders import through_all_steps
from tests.drafting.test_carry_over import a_plan_in_force
from tests.factories import ActionFactory, ActionPlanFactory, GoalFactory, PlanFactory
from tests.helpers import database_state
from versions import adopting

pytestmark = pytest.mark.django_db
SESSION_KEY = "drafting_carry_over"


@pytest.fixture
def cel(client, make_user):
    client.force_login(make_user("cel-vervolg", CEL))
    return client


@pytest.fixture
def mt(client, make_user):
    client.force_login(make_user("mt-vervolg", MANAGEMENT_TEAM))
    return client


def state() -> tuple:
    return database_state(), Draft.objects.count(), Proposal.objects.count(), DraftItem.objects.count()


def step_one(client, plan, **changed):
    data = {
        "plan": plan.pk,
        "name": "MJP 2026–2031",
        "start_year": 2026,
        "end_year": 2031,
        "agreement": "Bestuursakkoord 2025–2030",
        **changed,
    }
    return client.post(reverse("drafting:carry_over"), data)


def test_the_drafts_list_offers_the_wizard(cel):
    page = cel.get(reverse("drafting:drafts")).content.decode()
    assert "Nieuw ontwerp vanuit het plan in werking" in page
    assert reverse("drafting:carry_over") in page


def test_the_wizard_makes_a_draft_that_continues_the_plan(cel):
    plan, goals, action_plans, actions = a_plan_in_force()
    page = cel.get(reverse("drafting:carry_over") + f"?plan={plan.slug}").content.decode()
    assert 'value="2026"' in page and 'value="2031"' in page  # the period after the plan's, proposed
    response = step_one(cel, plan)
    assert response.status_code == 302 and response["Location"] == reverse(
        "drafting:carry_over_goals", args=[plan.slug]
    )
    goals_url = reverse("drafting:carry_over_goals", args=[plan.slug])
    page = cel.get(goals_url).content.decode()
    assert "Iedereen kan meedoen." in page and "Een groene gemeente." in page
    # goal 1 picked: its actieplan 1.1 with both active acties come pre-ticked (1.2 struck, 1.1.3 merged)
    assert cel.post(goals_url, {"goal": [goals[0].pk], "save": ""}).status_code == 302
    selection = cel.session[SESSION_KEY]["selection"]
    assert selection == {
        "goals": [goals[0].pk],
        "action_plans": [action_plans[0].pk],
        "actions": sorted([actions[0].pk, actions[1].pk]),
    }
    goal_url = reverse("drafting:carry_over_goal", args=[plan.slug, goals[0].pk])
    page = cel.get(goal_url).content.decode()
    assert "Geschrapt actieplan." not in page and "Gebundeld." not in page
    assert f'value="{actions[0].pk}" id="action-{actions[0].pk}" checked' in page
    # leave actie 1.1.2 out
    response = cel.post(goal_url, {"action_plan": [action_plans[0].pk], "action": [actions[0].pk]})
    assert response.status_code == 302
    confirm_url = reverse("drafting:carry_over_confirm", args=[plan.slug])
    page = cel.get(confirm_url).content.decode()
    assert "MJP 2020–2025, actieplan 1.1" in page and "1 doelstellingen, 1 actieplannen, 1 acties" in page
    response = cel.post(confirm_url)
    draft = Draft.objects.get(name="MJP 2026–2031")
    assert response.status_code == 302 and response["Location"] == reverse("drafting:draft", args=[draft.pk])
    assert SESSION_KEY not in cel.session
    proposal = Proposal.objects.get(draft=draft, kind=ProposalKind.ACTION_PLAN)
    assert proposal.continues_action_plan == action_plans[0]
    item = DraftItem.objects.get(proposal__draft=draft)
    assert item.continues_action == actions[0]
    page = cel.get(reverse("drafting:proposal", args=[draft.pk, proposal.pk])).content.decode()
    old_page = reverse("plans:action_plan_status", args=[plan.slug, "1.1"])
    assert "Vervolg van" in page and f'<a href="{old_page}">MJP 2020–2025, actieplan 1.1</a>' in page
    through_all_steps(proposal)  # detailed once retained
    page = cel.get(reverse("drafting:detailing_item", args=[draft.pk, item.pk])).content.decode()
    assert "MJP 2020–2025, actie 1.1.1" in page


def test_the_adopted_plan_and_the_old_one_name_each_other(cel):
    plan, goals, _action_plans, _actions = a_plan_in_force()
    step_one(cel, plan)
    cel.post(reverse("drafting:carry_over_goals", args=[plan.slug]), {"goal": [goals[1].pk]})
    cel.post(reverse("drafting:carry_over_confirm", args=[plan.slug]))
    draft = Draft.objects.get(name="MJP 2026–2031")
    action_plan = through_all_steps(Proposal.objects.get(draft=draft, kind=ProposalKind.ACTION_PLAN))
    goal = through_all_steps(Proposal.objects.get(draft=draft, kind=ProposalKind.GOAL))
    framework.link(action_plan, goal, by=None)
    adopted = adoption.adopt(
        draft,
        council_date=datetime.date(2025, 12, 18),
        slug="mjp-2026",
        numbering=adoption.AUTOMATIC,
        by=None,
    )
    new = ActionPlan.objects.get(plan=adopted.plan)
    page = cel.get(reverse("plans:action_plan_status", args=["mjp-2026", new.number])).content.decode()
    old_url = reverse("plans:action_plan_status", args=[plan.slug, "2.1"])
    assert f'Vervolg van <a href="{old_url}">MJP 2020–2025, actieplan 2.1</a>' in page
    page = cel.get(old_url).content.decode()
    new_url = reverse("plans:action_plan_status", args=["mjp-2026", new.number])
    assert f'Voortgezet in <a href="{new_url}">{adopted.plan.name}, actieplan {new.number}</a>' in page


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"start_year": 2024, "end_year": 2029}, "Kies een startjaar na 2025"),
        ({"start_year": 2030, "end_year": 2027}, "ligt vóór het startjaar"),
        ({"name": ""}, "Geef het ontwerp een naam"),
    ],
)
def test_step_one_refuses_a_period_that_does_not_follow(cel, changed, message):
    plan, *_rest = a_plan_in_force()
    before = state()
    response = step_one(cel, plan, **changed)
    assert response.status_code == 422 and message in response.content.decode()
    assert state() == before and SESSION_KEY not in cel.session


def test_step_one_refuses_a_plan_without_a_version_and_says_where_to_record_it(cel):
    plan = PlanFactory(name="Plan zonder versie")
    response = step_one(cel, plan)
    assert response.status_code == 422
    assert "Leg eerst de startversie vast op de pagina Versies" in response.content.decode()
    response = cel.get(reverse("drafting:carry_over_goals", args=[plan.slug]))
    assert response.status_code == 302 and response["Location"] == reverse("drafting:carry_over")


def test_an_actie_without_its_actieplan_is_refused_and_the_choice_stays(cel):
    plan, goals, _action_plans, actions = a_plan_in_force()
    step_one(cel, plan)
    cel.post(reverse("drafting:carry_over_goals", args=[plan.slug]), {"goal": [goals[0].pk]})
    kept = cel.session[SESSION_KEY]
    response = cel.post(
        reverse("drafting:carry_over_goal", args=[plan.slug, goals[0].pk]), {"action": [actions[0].pk]}
    )
    assert response.status_code == 422
    assert "De actie 1.1.1 wordt enkel overgenomen met haar actieplan 1.1" in response.content.decode()
    assert cel.session[SESSION_KEY] == kept


def test_nothing_picked_is_refused_at_the_end_and_nothing_is_written(cel):
    plan, *_rest = a_plan_in_force()
    step_one(cel, plan)
    confirm_url = reverse("drafting:carry_over_confirm", args=[plan.slug])
    assert "Kies minstens één" in cel.get(confirm_url).content.decode()
    before = state()
    response = cel.post(confirm_url)
    assert response.status_code == 422 and "Kies minstens één" in response.content.decode()
    assert state() == before


def test_the_mt_reads_the_tree_but_does_not_pick(mt):
    plan, goals, _action_plans, _actions = a_plan_in_force()
    assert mt.get(reverse("drafting:carry_over")).status_code == 200
    page = mt.get(reverse("drafting:carry_over_goal", args=[plan.slug, goals[0].pk])).content.decode()
    assert "We stimuleren zelfhulp." in page and "disabled" in page
    assert (
        mt.post(reverse("drafting:carry_over_goals", args=[plan.slug]), {"goal": [goals[0].pk]}).status_code
        == 403
    )
    assert step_one(mt, plan).status_code == 403


def _goal_page_queries(client, plan, goal_id) -> int:
    url = reverse("drafting:carry_over_goal", args=[plan.slug, goal_id])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _bigger(plan, goal, action_plans: int, actions: int) -> None:
    for index in range(action_plans):
        action_plan = ActionPlanFactory(plan=plan, goal=goal, number=f"9.{index + 1}", title=f"Extra {index}")
        for number in range(actions):
            ActionFactory(
                action_plan=action_plan, number=f"9.{index + 1}.{number + 1}", title=f"Actie {number}"
            )


def test_the_pages_query_count_does_not_grow_with_the_plan(cel):
    small = PlanFactory(name="Klein", slug="klein")
    small_goal = GoalFactory(plan=small, number="1")
    _bigger(small, small_goal, 1, 1)
    adopting.record(small, name="MJP", council_date=datetime.date(2020, 3, 2), by=None)
    big = PlanFactory(name="Groot", slug="groot")
    big_goal = GoalFactory(plan=big, number="1")
    for number in range(2, 8):
        GoalFactory(plan=big, number=str(number))
    _bigger(big, big_goal, 8, 5)
    adopting.record(big, name="MJP", council_date=datetime.date(2020, 3, 2), by=None)
    for plan in (small, big):
        step_one(cel, plan)
        cel.post(reverse("drafting:carry_over_goals", args=[plan.slug]), {"goal": [plan.goals.first().pk]})
    assert _goal_page_queries(cel, big, big_goal.pk) == _goal_page_queries(cel, small, small_goal.pk)

    def queries(name, plan) -> int:
        url = reverse(name, args=[plan.slug])
        with CaptureQueriesContext(connection) as captured:
            assert cel.get(url).status_code == 200
        return len(captured)

    for name in ("drafting:carry_over_goals", "drafting:carry_over_confirm"):
        step_one(cel, small)
        small_count = queries(name, small)
        step_one(cel, big)
        assert queries(name, big) == small_count, name
