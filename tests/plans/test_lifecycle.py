import datetime

import pytest
from django.core.exceptions import ValidationError

from plans.lifecycle import merge_actions, remove_items
from plans.models import Action, LifeCycle
from tests.factories import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db
DECISION = datetime.date(2017, 12, 18)


def snapshot() -> list[tuple]:
    return list(
        Action.objects.order_by("pk").values_list("pk", "life_cycle", "life_cycle_date", "merged_into")
    )


def test_removing_an_action_keeps_it_with_a_dated_life_cycle_and_history(admin_user):
    action = ActionFactory()
    remove_items([action], on=DECISION, reason="voorstel #1", by=admin_user)
    action.refresh_from_db()
    assert (action.life_cycle, action.life_cycle_date) == (LifeCycle.REMOVED, DECISION)
    latest = action.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("voorstel #1", admin_user)
    assert latest.prev_record.life_cycle == LifeCycle.ACTIVE
    assert not Action.objects.active().filter(pk=action.pk).exists()


def test_removing_an_action_plan_removes_its_active_actions_with_it():
    action_plan = ActionPlanFactory()
    actions = ActionFactory.create_batch(2, action_plan=action_plan)
    changed = remove_items([action_plan], on=DECISION, reason="schrappen")
    assert len(changed) == 3
    assert {a.life_cycle for a in Action.objects.filter(pk__in=[a.pk for a in actions])} == {
        LifeCycle.REMOVED
    }


def test_removing_an_item_that_is_no_longer_active_is_refused_and_changes_nothing():
    active = ActionFactory()
    removed = ActionFactory(
        action_plan=active.action_plan, life_cycle=LifeCycle.REMOVED, life_cycle_date=DECISION
    )
    before, history_before = snapshot(), Action.history.count()
    with pytest.raises(ValidationError) as error:
        remove_items([active, removed], on=DECISION, reason="schrappen")
    assert f"Actie {removed.number} is al geschrapt" in error.value.messages[0]
    assert snapshot() == before and Action.history.count() == history_before


def test_merging_marks_each_source_merged_into_the_target():
    target = ActionFactory()
    sources = ActionFactory.create_batch(3, action_plan=target.action_plan)
    merge_actions(sources, into=target, on=DECISION, reason="bundelen")
    assert set(Action.objects.filter(merged_into=target).values_list("life_cycle", flat=True)) == {
        LifeCycle.MERGED
    }
    assert list(target.merged_from.order_by("sort_key")) == sources
    target.refresh_from_db()
    assert target.is_active


def test_merging_into_an_action_of_another_plan_is_refused_and_changes_nothing():
    target = ActionFactory()
    same_plan, other_plan = ActionFactory(action_plan=target.action_plan), ActionFactory()
    before, history_before = snapshot(), Action.history.count()
    with pytest.raises(ValidationError) as error:
        merge_actions([same_plan, other_plan], into=target, on=DECISION, reason="bundelen")
    assert "hoort bij een ander plan" in " ".join(error.value.messages)
    assert snapshot() == before and Action.history.count() == history_before


def test_merging_nothing_is_refused():
    target = ActionFactory()
    with pytest.raises(ValidationError):
        merge_actions([target], into=target, on=DECISION, reason="bundelen")
