"""Prioritair (BBC 2020): marked on an actie or actieplan, derived for actieplan and doelstelling,
and shown and filtered on the lists."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans import money, priorities
from plans.models import Action, ActionPlan, Goal, LifeCycle
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AmountFactory,
    EntityFactory,
    GoalFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """Goal 1 holds actieplan 10 (actie 10.1 marked) and 20 (nothing marked); goal 2 holds actieplan
    30, marked itself; actieplan 40 has no goal and only a struck prioritaire actie."""
    plan = PlanFactory(start_year=2026, end_year=2031)
    one, two = GoalFactory(plan=plan, number="1"), GoalFactory(plan=plan, number="2")
    ten = ActionPlanFactory(plan=plan, goal=one, number="10")
    ActionFactory(action_plan=ten, number="10.1", priority=True)
    ActionFactory(action_plan=ten, number="10.2")
    twenty = ActionPlanFactory(plan=plan, goal=one, number="20")
    ActionFactory(action_plan=twenty, number="20.1")
    thirty = ActionPlanFactory(plan=plan, goal=two, number="30", priority=True)
    ActionFactory(action_plan=thirty, number="30.1")
    forty = ActionPlanFactory(plan=plan, number="40")
    ActionFactory(
        action_plan=forty,
        number="40.1",
        priority=True,
        life_cycle=LifeCycle.REMOVED,
        life_cycle_date="2026-06-01",
    )
    return plan


def numbers(queryset) -> list[str]:
    return sorted(queryset.values_list("number", flat=True))


def test_a_marked_actie_makes_its_action_plan_and_goal_prioritair(plan):
    derived = priorities.of_plan(plan)
    ten = ActionPlan.objects.get(plan=plan, number="10")
    assert derived.action_plan(ten.pk) and derived.goal(ten.goal_id)
    assert numbers(priorities.priority_action_plans(ActionPlan.objects.in_plan(plan))) == ["10", "30"]
    assert numbers(priorities.priority_goals(Goal.objects.filter(plan=plan))) == ["1", "2"]


def test_an_action_plan_without_a_prioritaire_actie_is_not_prioritair(plan):
    twenty = ActionPlan.objects.get(plan=plan, number="20")
    assert not priorities.of_plan(plan).action_plan(twenty.pk)


def test_a_marked_action_plan_makes_its_acties_count_prioritair(plan):
    derived = priorities.of_plan(plan)
    thirty_one = Action.objects.get(action_plan__plan=plan, number="30.1")
    assert derived.action(thirty_one)
    assert "30.1" in numbers(priorities.priority_actions(Action.objects.in_plan(plan)))
    facts = {fact.action_id: fact.priority for fact in money.action_facts(plan)}
    assert facts[thirty_one.pk]


def test_an_unmarked_actie_beside_a_prioritaire_one_stays_niet_prioritair(plan):
    derived = priorities.of_plan(plan)
    assert not derived.action(Action.objects.get(action_plan__plan=plan, number="10.2"))


def test_a_struck_actie_does_not_make_its_action_plan_prioritair(plan):
    forty = ActionPlan.objects.get(plan=plan, number="40")
    derived = priorities.of_plan(plan)
    assert not derived.action_plan(forty.pk)
    assert not derived.goal(None)
    assert "40" not in numbers(priorities.priority_action_plans(ActionPlan.objects.in_plan(plan)))


def test_derivation_takes_two_queries_whatever_the_plan(plan, django_assert_num_queries):
    with django_assert_num_queries(2):
        priorities.of_plan(plan)


def test_money_of_a_marked_action_plans_acties_counts_prioritair(plan):
    AmountFactory(action=Action.objects.get(action_plan__plan=plan, number="30.1"), year=2026)
    AmountFactory(action=Action.objects.get(action_plan__plan=plan, number="10.2"), year=2026)
    totals = money.totals(plan)
    assert totals.plan.priority.expenses == Decimal("1000.00")
    assert totals.plan.other.expenses == Decimal("1000.00")


def test_marking_one_loaded_action_plan_follows_the_same_rules(plan):
    for action_plan in ActionPlan.objects.in_plan(plan):
        actions = list(action_plan.actions.all())
        priorities.mark_action_plan(action_plan, actions)
        expected = priorities.of_plan(plan)
        assert action_plan.is_priority == expected.action_plan(action_plan.pk)
        assert [a.is_priority for a in actions] == [expected.action(a) for a in actions]


# --- shown and filtered on the pages --------------------------------------------------------------

MARK = '<span class="priority-mark">'


def row_of(page: str, number: str) -> str:
    start = page.index(f">{number}<")
    return page[start : page.index("</tr>", start)]


def test_the_overview_marks_prioritaire_goals_and_action_plans_in_words(client, plan, council_user):
    client.force_login(council_user)
    page = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
    assert MARK in row_of(page, "10") and "prioritair" in row_of(page, "10")
    assert MARK in row_of(page, "30")
    assert MARK not in row_of(page, "20") and MARK not in row_of(page, "40")
    goal_heading = page[
        page.index('id="doelstelling-') : page.index("</h2>", page.index('id="doelstelling-'))
    ]
    assert MARK in goal_heading


def overview_numbers(client, plan, **params) -> list[str]:
    response = client.get(reverse("plans:overview", args=[plan.slug]), params)
    return [ap.number for group in response.context["groups"] for ap in group.action_plans]


def test_the_overview_filters_prioritair_only_and_by_entity(client, plan, cel_user):
    gem = EntityFactory(plan=plan, code="GEM", name="Gemeente")
    twenty_one = Action.objects.get(action_plan__plan=plan, number="20.1")
    twenty_one.entity = gem
    from core import changes

    changes.save(twenty_one, by=None)
    client.force_login(cel_user)
    assert overview_numbers(client, plan) == ["10", "20", "30", "40"]
    assert overview_numbers(client, plan, priority="on") == ["10", "30"]
    assert overview_numbers(client, plan, entity="GEM") == ["20"]
    assert overview_numbers(client, plan, entity="GEM", priority="on") == []
    page = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
    assert "Enkel prioritair" in page and "Gemeente" in page


def test_the_overview_has_no_entity_filter_in_a_plan_without_entities(client, plan, cel_user):
    client.force_login(cel_user)
    response = client.get(reverse("plans:overview", args=[plan.slug]))
    assert "entity" not in response.context["form"].fields


def test_the_overview_keeps_the_priority_filter_when_paging(client, cel_user):
    plan = PlanFactory()
    for number in range(1, 106):
        action_plan = ActionPlanFactory(plan=plan, number=str(number), priority=number % 2 == 0)
    client.force_login(cel_user)
    page = client.get(reverse("plans:overview", args=[plan.slug]), {"priority": "on"}).content.decode()
    assert "priority=on&amp;pagina=2" not in page  # 52 prioritaire: one page
    page = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
    assert "pagina=2" in page
    assert action_plan  # the last one made


def test_the_status_pages_mark_prioritaire_items(client, plan, council_user):
    client.force_login(council_user)
    page = client.get(reverse("plans:action_plan_status", args=[plan.slug, "10"])).content.decode()
    rows = page.split('<form class="item-row')
    marked = [MARK in row for row in rows[1:]]
    assert marked == [True, True, False]  # actieplan 10, actie 10.1, actie 10.2
    page = client.get(reverse("plans:action_plan_status", args=[plan.slug, "30"])).content.decode()
    assert [MARK in row for row in page.split('<form class="item-row')[1:]] == [True, True]


def test_the_whole_plan_status_page_filters_prioritair_only_and_keeps_it_when_paging(client, plan, cel_user):
    client.force_login(cel_user)
    response = client.get(reverse("plans:plan_status", args=[plan.slug]), {"priority": "on"})
    assert [section["action_plan"].number for section in response.context["sections"]] == ["10", "30"]
    rows = "".join(response.context["sections"][0]["rows"])
    assert "10.1" in rows and "10.2" not in rows
    big = PlanFactory(slug="groot")
    for number in range(1, 46):
        ActionPlanFactory(plan=big, number=str(number), priority=True)
    page = client.get(reverse("plans:plan_status", args=[big.slug]), {"priority": "on"}).content.decode()
    assert "priority=on&amp;pagina=2" in page


def test_search_results_mark_prioritaire_items(client, plan, council_user):
    client.force_login(council_user)
    page = client.get(reverse("plans:search", args=[plan.slug]), {"q": "10"}).content.decode()
    hits = page.split('<ol class="search-hits">', 1)[1].split("<li")[1:]
    assert [MARK in hit for hit in hits] == [True, True, False]  # actieplan 10, actie 10.1, actie 10.2
