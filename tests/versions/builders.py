"""Small plans with versions for the versions tests."""

import datetime
from decimal import Decimal

from indicators.values import set_target
from plans.models import Category, Direction
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AmountFactory,
    GoalFactory,
    IndicatorFactory,
    PlanFactory,
    ProjectFactory,
)
from versions import adopting

ADOPTED = datetime.date(2020, 3, 2)


def a_plan_with_items(**plan_fields):
    """A plan with a goal, an actieplan under it with two acties (ramingen for two years on the first),
    a project linked to the actieplan and an indicator with a target."""
    plan = PlanFactory(**plan_fields)
    goal = GoalFactory(plan=plan, number="SD 1", title="Iedereen kan meedoen.")
    action_plan = ActionPlanFactory(plan=plan, goal=goal, number="1", title="We stimuleren zelfhulp.")
    first = ActionFactory(action_plan=action_plan, number="1.1", title="We organiseren budgetbegeleiding.")
    second = ActionFactory(action_plan=action_plan, number="1.2", title="We openen een sociale kruidenier.")
    AmountFactory(action=first, year=2020, amount=Decimal("1000.00"))
    AmountFactory(action=first, year=2021, category=Category.INVESTMENT, amount=Decimal("2500.50"))
    AmountFactory(action=first, year=2021, direction=Direction.RECEIPT, amount=Decimal("300.00"))
    project = ProjectFactory(plan=plan, name="Welzijnscampus")
    project.action_plans.add(action_plan)
    indicator = IndicatorFactory(plan=plan, name="Gezinnen in budgetbegeleiding")
    set_target(indicator, 2025, "120", by=None)
    return plan, goal, action_plan, first, second


def first_version(plan, *, on=ADOPTED, name="MJP 2020-2025"):
    return adopting.record(plan, name=name, council_date=on, by=None)
