"""Two adopted versions of a small plan that differ in every kind of change, for the compare tests."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from core import changes
from indicators.values import set_target
from plans.lifecycle import merge_actions, remove_items
from plans.models import Action, ActionPlan, Amount, Goal, Plan
from tests.factories import ActionFactory, ActionPlanFactory, AmountFactory, GoalFactory
from tests.versions.builders import a_plan_with_items, first_version
from versions import adopting
from versions.models import PlanVersion

SECOND_ADOPTED = datetime.date(2021, 12, 20)
REWORDED = "We organiseren budgetbegeleiding voor elk gezin."


@dataclass
class TwoVersions:
    plan: Plan
    older: PlanVersion
    newer: PlanVersion
    goal: Goal  # SD 1
    other_goal: Goal  # SD 2
    action_plan: ActionPlan  # 1, under SD 1: its owner changes
    marked: ActionPlan  # 2, under SD 2: marked prioritair in the newer version
    added: ActionPlan  # 3, under SD 2: new in the newer version
    reworded: Action  # 1.1: reworded, its 2020 raming raised by 500
    struck: Action  # 1.2
    merged: Action  # 1.3, merged into 1.1
    moved: Action  # 1.4 → 2.2, with a raming of 100 in 2020
    under_marked: Action  # 2.1: prioritair derived, a new raming of 2,000 in 2021


def _update(record, by, **values):
    record.refresh_from_db()
    return changes.update(record, values, by=by, reason="aanpassing", version=record.version).record


def two_versions(owner) -> TwoVersions:
    """Version 1 adopted, then the plan edited and version 2 recorded (``versions.adopting.record``)."""
    plan, goal, action_plan, first, second = a_plan_with_items()
    other_goal = GoalFactory(plan=plan, number="SD 2", title="Iedereen woont goed.")
    marked = ActionPlanFactory(plan=plan, goal=other_goal, number="2", title="We renoveren sociale woningen.")
    under_marked = ActionFactory(action_plan=marked, number="2.1", title="We isoleren daken.")
    merged = ActionFactory(action_plan=action_plan, number="1.3", title="We geven budgetcursussen.")
    moved = ActionFactory(action_plan=action_plan, number="1.4", title="We bouwen een woonloket uit.")
    AmountFactory(action=moved, year=2020, amount=Decimal("100.00"))
    older = first_version(plan)

    _update(first, owner, title=REWORDED)
    remove_items([second], on=datetime.date(2021, 6, 1), reason="schrappen", by=owner)
    merge_actions([merged], into=first, on=datetime.date(2021, 6, 1), reason="bundelen", by=owner)
    _update(marked, owner, priority=True)
    _update(moved, owner, action_plan=marked, number="2.2")
    _update(action_plan, owner, owner=owner)
    added = ActionPlanFactory(plan=plan, goal=other_goal, number="3", title="We bouwen een woonzorgcentrum.")
    raised = Amount.objects.get(action=first, year=2020)
    _update(raised, owner, amount=Decimal("1500.00"))
    AmountFactory(action=under_marked, year=2021, amount=Decimal("2000.00"))
    set_target(plan.indicators.get(), 2025, "150", by=None)
    newer = adopting.record(plan, name="AMJP 2021-1", council_date=SECOND_ADOPTED, by=owner)
    for item in (first, second, merged, moved, under_marked, action_plan, marked):
        item.refresh_from_db()
    return TwoVersions(
        plan,
        older,
        newer,
        goal,
        other_goal,
        action_plan,
        marked,
        added,
        first,
        second,
        merged,
        moved,
        under_marked,
    )
