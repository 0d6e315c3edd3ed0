import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core import changes
from plans import models
from plans.models import Action, ActionPlan, LifeCycle, Status
from tests.factories import ActionFactory, ActionPlanFactory, GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError, field: str) -> list[str]:
    return error.message_dict[field]


def test_the_five_statuses_exactly():
    assert [str(label) for label in Status.labels] == [
        "niet gestart",
        "loopt",
        "on hold",
        "afgewerkt",
        "regulier",
    ]


def test_life_cycle_choices():
    assert [str(label) for label in LifeCycle.labels] == ["actief", "geschrapt", "gebundeld"]


def test_duplicate_action_plan_number_in_a_plan_is_refused_naming_the_field():
    existing = ActionPlanFactory(number="40")
    duplicate = ActionPlan(plan=existing.plan, number="40", title="Nog een actieplan")
    with pytest.raises(ValidationError) as error:
        changes.validate(duplicate)
    assert str(models.DUPLICATE_ACTION_PLAN_NUMBER) in error.value.messages
    assert ActionPlan.objects.count() == 1


def test_same_action_plan_number_in_another_plan_is_allowed():
    ActionPlanFactory(number="40")
    changes.validate(ActionPlan(plan=PlanFactory(), number="40", title="Ander plan"))


def test_duplicate_action_plan_number_is_refused_by_the_database_too():
    existing = ActionPlanFactory(number="40")
    with pytest.raises(IntegrityError), transaction.atomic():
        changes.create_many([ActionPlan(plan=existing.plan, number="40", title="x")], by=None, reason="")


def test_duplicate_action_number_is_refused():
    action = ActionFactory(number="40.2", action_plan__number="40")
    with pytest.raises(ValidationError) as error:
        changes.validate(Action(action_plan=action.action_plan, number="40.2", title="Dubbel"))
    assert str(models.DUPLICATE_ACTION_NUMBER) in error.value.messages


def test_action_number_must_belong_to_its_action_plan():
    action_plan = ActionPlanFactory(number="40")
    with pytest.raises(ValidationError) as error:
        changes.validate(Action(action_plan=action_plan, number="41.2", title="Verkeerd genummerd"))
    (message,) = messages_of(error.value, "number")
    assert "Actie 41.2 hoort niet bij actieplan 40" in message
    assert not Action.objects.exists()


def test_action_number_10_10_is_not_10_1():
    action_plan = ActionPlanFactory(number="10")
    ActionFactory(action_plan=action_plan, number="10.1")
    changes.validate(Action(action_plan=action_plan, number="10.10", title="Tiende actie"))


def test_invalid_number_is_refused_with_an_example():
    with pytest.raises(ValidationError) as error:
        changes.validate(ActionPlan(plan=PlanFactory(), number="40\n2", title="x"))
    (message,) = messages_of(error.value, "number")
    assert "ongeldig" in message and "40.2" in message and "SD 1" in message


def test_unknown_status_is_refused_by_validation_and_by_the_database():
    action = ActionFactory()
    action.status = "klaar"
    with pytest.raises(ValidationError) as error:
        changes.validate(action)
    assert "status" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(status="klaar")
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


def test_end_year_before_start_year_is_refused():
    action = ActionFactory.build(
        action_plan=ActionPlanFactory(number="10"), number="10.1", start_year=2018, end_year=2016
    )
    with pytest.raises(ValidationError) as error:
        changes.validate(action)
    (message,) = messages_of(error.value, "end_year")
    assert "eindjaar (2016) ligt vóór het startjaar (2018)" in message
    assert not Action.objects.exists()


def test_plan_end_year_before_start_year_is_refused():
    plan = PlanFactory.build(start_year=2019, end_year=2014)
    with pytest.raises(ValidationError) as error:
        changes.validate(plan)
    assert "end_year" in error.value.message_dict


def test_merge_into_an_action_of_another_plan_is_refused():
    source = ActionFactory()
    elsewhere = ActionFactory()
    source.life_cycle, source.life_cycle_date, source.merged_into = (
        LifeCycle.MERGED,
        datetime.date(2018, 1, 1),
        elsewhere,
    )
    with pytest.raises(ValidationError) as error:
        changes.validate(source)
    (message,) = messages_of(error.value, "merged_into")
    assert "hoort bij een ander plan" in message


def test_merge_needs_a_target_and_a_date():
    action = ActionFactory()
    action.life_cycle = LifeCycle.MERGED
    with pytest.raises(ValidationError) as error:
        changes.validate(action)
    assert set(error.value.message_dict) == {"merged_into", "life_cycle_date"}


def test_merge_into_itself_or_into_an_inactive_action_is_refused():
    action = ActionFactory()
    removed = ActionFactory(
        action_plan=action.action_plan,
        life_cycle=LifeCycle.REMOVED,
        life_cycle_date=datetime.date(2017, 12, 6),
    )
    action.life_cycle, action.life_cycle_date = LifeCycle.MERGED, datetime.date(2018, 1, 1)
    for target, expected in [(action, models.MERGE_TARGET_SELF), (removed, "niet meer actief")]:
        action.merged_into = target
        with pytest.raises(ValidationError) as error:
            changes.validate(action)
        assert str(expected) in messages_of(error.value, "merged_into")[0]


def test_only_a_merged_action_has_a_merge_target():
    action = ActionFactory()
    action.merged_into = ActionFactory(action_plan=action.action_plan)
    with pytest.raises(ValidationError) as error:
        changes.validate(action)
    assert "merged_into" in error.value.message_dict


def test_an_action_plan_cannot_be_merged():
    action_plan = ActionPlanFactory()
    action_plan.life_cycle, action_plan.life_cycle_date = (
        LifeCycle.MERGED,
        datetime.date(2018, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        changes.validate(action_plan)
    assert "life_cycle" in error.value.message_dict


def test_goal_must_belong_to_the_same_plan():
    action_plan = ActionPlanFactory.build(plan=PlanFactory(), goal=GoalFactory(), number="10", title="x")
    with pytest.raises(ValidationError) as error:
        changes.validate(action_plan)
    assert "hoort bij een ander plan" in messages_of(error.value, "goal")[0]


def test_action_plans_and_actions_come_in_natural_order():
    plan = PlanFactory()
    for number in ["100", "10", "9", "460"]:
        ActionPlanFactory(plan=plan, number=number)
    ten = ActionPlan.objects.get(number="10")
    for number in ["10.10", "10.2", "10.1"]:
        ActionFactory(action_plan=ten, number=number)
    assert list(ActionPlan.objects.in_plan(plan).values_list("number", flat=True)) == [
        "9",
        "10",
        "100",
        "460",
    ]
    assert list(ten.actions.values_list("number", flat=True)) == ["10.1", "10.2", "10.10"]


def test_active_excludes_removed_and_merged_items():
    target = ActionFactory()
    ActionFactory(
        action_plan=target.action_plan,
        life_cycle=LifeCycle.REMOVED,
        life_cycle_date=datetime.date(2018, 1, 1),
    )
    ActionFactory(
        action_plan=target.action_plan,
        life_cycle=LifeCycle.MERGED,
        life_cycle_date=datetime.date(2018, 1, 1),
        merged_into=target,
    )
    assert list(Action.objects.active()) == [target]


def test_timing_is_shown_as_the_plan_writes_it():
    assert Action(start_year=2015, end_year=2017).timing_display == "2015 - 2017"
    assert Action(start_year=2016, end_year=2016).timing_display == "2016"
    assert Action(timing="korte termijn").timing_display == "korte termijn"
