"""Prioritair: marked on an actie or actieplan, derived for the rest (BBC 2020).

An actie is prioritair when it is marked so or its actieplan is. An actieplan is prioritair when it
is marked so or holds an active prioritaire actie; a doelstelling when it holds a prioritair
actieplan. Only the marks are stored: everything derived is computed here, never typed twice.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from plans import features
from plans.features import Feature
from plans.models import Action, ActionPlan, Goal, LifeCycle, Plan


def action_is_priority() -> Q:
    """The condition on Action: marked, or under a marked actieplan."""
    return Q(priority=True) | Q(action_plan__priority=True)


def _priority_actions_of(action_plan_ref: str) -> Exists:
    return Exists(
        Action.objects.filter(
            action_plan=OuterRef(action_plan_ref), life_cycle=LifeCycle.ACTIVE, priority=True
        )
    )


def action_plan_is_priority(prefix: str = "") -> Q:
    """The condition on ActionPlan (or, with ``prefix``, on a model that reaches one by it)."""
    return Q(**{f"{prefix}priority": True}) | Q(_priority_actions_of(f"{prefix}pk" if prefix else "pk"))


def priority_actions(actions: QuerySet[Action]) -> QuerySet[Action]:
    return actions.filter(action_is_priority())


def priority_action_plans(action_plans: QuerySet[ActionPlan]) -> QuerySet[ActionPlan]:
    return action_plans.filter(action_plan_is_priority())


def priority_goals(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    holds = ActionPlan.objects.filter(goal=OuterRef("pk"), life_cycle=LifeCycle.ACTIVE).filter(
        action_plan_is_priority()
    )
    return goals.filter(Exists(holds))


@dataclass(frozen=True)
class Priorities:
    """Which actieplannen and doelstellingen of a plan are prioritair (marked or derived)."""

    action_plans: frozenset[int]
    goals: frozenset[int]
    marked_action_plans: frozenset[int]

    def action(self, action: Action) -> bool:
        return self.marked(action.priority, action.action_plan_id)

    def marked(self, action_priority: bool, action_plan_id: int) -> bool:
        """An actie is prioritair when marked itself or under an actieplan marked as a whole."""
        return action_priority or action_plan_id in self.marked_action_plans

    def money(self, action_priority: bool, action_plan_id: int) -> bool:
        """Whether an actie's money counts as prioritair: under an active actieplan marked as a whole,
        or marked itself under an actieplan that is prioritair. So the money of a struck prioritaire
        actie counts prioritair only while its actieplan still is, and every prioritair total is
        the sum of the prioritaire actieplannen a report shows."""
        return action_plan_id in self.marked_action_plans or (
            action_priority and action_plan_id in self.action_plans
        )

    def action_plan(self, action_plan_id: int) -> bool:
        return action_plan_id in self.action_plans

    def goal(self, goal_id: int | None) -> bool:
        return goal_id in self.goals


NONE = Priorities(action_plans=frozenset(), goals=frozenset(), marked_action_plans=frozenset())


def of_plan(plan: Plan) -> Priorities:
    """Two queries, whatever the size of the plan."""
    marked = dict(
        ActionPlan.objects.filter(plan=plan, life_cycle=LifeCycle.ACTIVE, priority=True).values_list(
            "pk", "goal_id"
        )
    )
    through_actions = dict(
        Action.objects.filter(
            action_plan__plan=plan,
            action_plan__life_cycle=LifeCycle.ACTIVE,
            life_cycle=LifeCycle.ACTIVE,
            priority=True,
        ).values_list("action_plan_id", "action_plan__goal_id")
    )
    holding = marked | through_actions
    return Priorities(
        action_plans=frozenset(holding),
        goals=frozenset(goal for goal in holding.values() if goal is not None),
        marked_action_plans=frozenset(marked),
    )


def mark_items(plan: Plan, items) -> Priorities:
    """Give each doelstelling, actieplan and actie of ``items`` its ``is_priority`` (marked or
    derived) for the pages; anything else gets False, and everything in a plan that does not use
    prioritaire acties (plans/features.py). Two queries, however many items."""
    derived = of_plan(plan) if features.uses(plan, Feature.PRIORITIES) else NONE
    for item in items:
        if isinstance(item, Action):
            item.is_priority = derived is not NONE and derived.action(item)
        elif isinstance(item, ActionPlan):
            item.is_priority = derived.action_plan(item.pk)
        elif isinstance(item, Goal):
            item.is_priority = derived.goal(item.pk)
        else:
            item.is_priority = False
    return derived


def in_entity(entity) -> Q:
    """The condition on ActionPlan: it holds an active actie of ``entity``. Not correlated: SQLite
    would otherwise scan the entity's acties once per actieplan."""
    return Q(
        pk__in=Action.objects.filter(entity=entity, life_cycle=LifeCycle.ACTIVE).values("action_plan_id")
    )


def mark_action_plan(action_plan: ActionPlan, actions: list[Action]) -> None:
    """``mark_items`` for one actieplan whose acties are all loaded: the same rules, no query."""
    action_plan.is_priority = action_plan.priority or any(
        action.priority and action.life_cycle == LifeCycle.ACTIVE for action in actions
    )
    for action in actions:
        action.is_priority = action.priority or action_plan.priority
