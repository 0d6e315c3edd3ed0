"""A small plan with indicators on a goal and an actieplan, shared by the verslag, dashboard, overview
and search tests."""

import datetime
from decimal import Decimal

from indicators import values
from tests.factories import ActionPlanFactory, GoalFactory, IndicatorFactory, PlanFactory

JUNE = datetime.date(2026, 6, 30)


def small_plan():
    return PlanFactory(start_year=2026, end_year=2031)


def poverty(
    plan, *, by, goal=None, action_plan=None, name="Aandeel inwoners onder de armoedegrens", value="14,5"
):
    """A numeric indicator, lower is better, 12,0 % at the start and 10 % by 2026: off track at 14,5."""
    indicator = IndicatorFactory(
        plan=plan,
        name=name,
        description="Gemeente-Stadsmonitor, inwoners onder de armoedegrens.",
        unit="%",
        decimals=1,
        better="lager",
        baseline_value=Decimal("12.0"),
        baseline_date=datetime.date(2025, 1, 1),
    )
    if goal is not None:
        indicator.goals.add(goal)
    if action_plan is not None:
        indicator.action_plans.add(action_plan)
    values.set_target(indicator, 2026, "10", by=by)
    if value is not None:
        values.record_value(indicator, value, date=JUNE, note="Cijfer van de monitor.", by=by)
    return indicator


def items(plan):
    goal = GoalFactory(plan=plan, number="SD1", title="We bestrijden armoede.")
    action_plan = ActionPlanFactory(plan=plan, goal=goal, number="10", title="We stimuleren zelfhulp.")
    return goal, action_plan
