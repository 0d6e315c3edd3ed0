import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.counts import StatusCounts
from plans.lifecycle import remove_items
from plans.models import LifeCycle, Status
from reporting.dashboard import counts_per_goal, overall_counts, recent_changes, untouched_since
from tests.factories import ActionFactory, ActionPlanFactory, GoalFactory, PlanFactory, edit_item
from tests.helpers import SESSION_RENEWAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory(slug="p")
    goal = GoalFactory(plan=plan, number="1", title="Armoede")
    action_plan = ActionPlanFactory(plan=plan, number="10", goal=goal)
    for status in [Status.COMPLETED, Status.REGULAR, Status.IN_PROGRESS, Status.NOT_STARTED]:
        ActionFactory(action_plan=action_plan, status=status)
    ActionFactory(
        action_plan=action_plan,
        status=Status.COMPLETED,
        life_cycle=LifeCycle.REMOVED,
        life_cycle_date=datetime.date(2017, 12, 18),
    )
    ActionFactory(action_plan=ActionPlanFactory(plan=plan, number="20"), status=Status.ON_HOLD)
    return plan


def test_status_counts_share_and_bar():
    counts = StatusCounts()
    counts.counts.update({Status.COMPLETED: 1, Status.REGULAR: 1, Status.IN_PROGRESS: 2})
    assert counts.total == 4 and counts.done_share == 50
    assert [(s.status, s.start, s.width) for s in counts.segments()] == [
        (Status.IN_PROGRESS, 0, 50),
        (Status.COMPLETED, 50, 25),
        (Status.REGULAR, 75, 25),
    ]
    assert StatusCounts().done_share == 0


def test_overall_counts_only_count_active_items(plan):
    action_plans, actions, projects = overall_counts(plan)
    assert actions.counts.total == 5 and actions.counts.counts[Status.COMPLETED] == 1
    assert actions.counts.done_share == 40
    assert action_plans.counts.total == 2 and projects.counts.total == 0


def test_counts_per_goal_with_a_row_for_action_plans_without_goal(plan):
    rows = counts_per_goal(plan)
    assert [(str(row.label), row.counts.total) for row in rows] == [
        ("1. Armoede", 4),
        ("zonder doelstelling", 1),
    ]
    assert counts_per_goal(PlanFactory()) == []


def test_recent_changes_newest_first_with_user(plan, cel_user):
    action = plan.action_plans.get(number="20").actions.get()
    edit_item(action, by=cel_user, status=Status.COMPLETED, explanation="")
    newest = recent_changes(plan)[0]
    assert (newest.label, newest.user, newest.kind, newest.pk) == (
        f"actie {action.number}",
        "cel",
        "actie",
        action.pk,
    )
    assert recent_changes(PlanFactory()) == []


def test_recent_changes_say_what_changed(plan, cel_user):
    action = plan.action_plans.get(number="20").actions.get()
    edit_item(action, by=cel_user, status=Status.COMPLETED)
    edit_item(action, by=cel_user, explanation="Afgerond in december.")
    action.refresh_from_db()
    remove_items([action], on=datetime.date(2017, 12, 18), reason="raad", by=cel_user)
    said = [change.what for change in recent_changes(plan) if change.pk == action.pk]
    assert said == [["geschrapt"], ["toelichting aangepast"], ["status on hold → afgewerkt"], ["aangemaakt"]]


def test_untouched_since_lists_items_not_saved_since_the_date(plan, cel_user):
    action = plan.action_plans.get(number="20").actions.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert untouched_since(plan, tomorrow).total == 2 + 5
    assert untouched_since(plan, timezone.localdate() - datetime.timedelta(days=1)).total == 0
    plan.action_plans.model.history.filter(plan_id=plan.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=400)
    )
    action.history.update(history_date=timezone.now() - datetime.timedelta(days=400))
    edit_item(action, by=cel_user, status=Status.COMPLETED, explanation="")
    last_month = timezone.localdate() - datetime.timedelta(days=30)
    untouched = untouched_since(plan, last_month)
    assert {str(item) for item in untouched.items} == {"Actieplan 10", "Actieplan 20"}


def test_dashboard_page(client, plan, council_user, django_assert_max_num_queries):
    client.force_login(council_user)
    url = reverse("reporting:dashboard", args=[plan.slug])
    with django_assert_max_num_queries(25 + SESSION_RENEWAL):  # 2: the vertraagde counts; 1: indicators
        page = client.get(url).content.decode()
    assert "Afgewerkt of regulier" in page and "40%" in page and "1. Armoede" in page
    assert "<svg" in page
    response = client.get(url, {"since": "geen-datum"})
    assert "Geef een geldige datum" in response.content.decode()


def test_dashboard_queries_do_not_grow_with_the_plan(
    plan, client, council_user, django_assert_max_num_queries
):
    for number in range(30, 130):
        action_plan = ActionPlanFactory(plan=plan, number=str(number))
        ActionFactory.create_batch(2, action_plan=action_plan)
    client.force_login(council_user)
    with django_assert_max_num_queries(25 + SESSION_RENEWAL):  # 2: the vertraagde counts; 1: indicators
        assert client.get(reverse("reporting:dashboard", args=[plan.slug])).status_code == 200
