"""The plan overview: action plans in number order, filtered, grouped by goal, with their actions' counts."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from plans import owners, priorities
from plans.counts import StatusCounts, count_by_status_per
from plans.delays import delayed_filter, delayed_or_holding_delayed, mark_delays
from plans.models import Action, ActionPlan, Entity, Goal, LifeCycle, Plan
from plans.struck_or_merged import mark_departures


@dataclass
class GoalGroup:
    goal: Goal | None
    action_plans: list[ActionPlan]


def filter_action_plans(
    plan: Plan,
    *,
    q: str = "",
    status: str = "",
    responsible: str = "",
    life_cycles: list[str] | None = None,
    priority_only: bool = False,
    entity: Entity | None = None,
    delayed_only: bool = False,
    linked_to=None,
) -> QuerySet:
    """Action plans of ``plan`` matching the filters; by default only the active ones. With
    ``priority_only`` only the prioritaire (marked or holding a prioritaire actie); with ``entity``
    only those holding an active actie of that entity; with ``delayed_only`` only those vertraagd or
    holding a vertraagde actie (``plans/delays.py``); with ``linked_to`` (ids of goals, actieplannen and
    acties: ``plans.page_parts.LinkedItems``) only those linked, themselves, through their goal or
    through an actie. Each with its eigenaar and its number of vertraagde acties
    (``delayed_actions``), in the same query."""
    action_plans = ActionPlan.objects.in_plan(plan).filter(life_cycle__in=life_cycles or [LifeCycle.ACTIVE])
    if q:
        action_plans = action_plans.filter(Q(number__istartswith=q) | Q(title__icontains=q))
    if status:
        action_plans = action_plans.filter(status=status)
    if responsible:
        action_plans = action_plans.filter(responsible=responsible)
    if priority_only:
        action_plans = action_plans.filter(priorities.action_plan_is_priority())
    if entity is not None:
        action_plans = action_plans.filter(priorities.in_entity(entity))
    if delayed_only:
        action_plans = action_plans.filter(delayed_or_holding_delayed())
    if linked_to is not None:
        through_actions = Action.objects.filter(pk__in=linked_to.action_ids).values("action_plan_id")
        action_plans = action_plans.filter(
            Q(pk__in=linked_to.action_plan_ids)
            | Q(goal_id__in=linked_to.goal_ids)
            | Q(pk__in=through_actions)
        )
    delayed_actions = Count("actions", filter=delayed_filter(prefix="actions__"))
    return (
        action_plans.select_related("goal", *owners.OWNER_FIELDS)
        .annotate(delayed_actions=delayed_actions)
        .order_by(F("goal__sort_key").asc(nulls_last=True), "sort_key")
    )


def filter_status_items(plan: Plan, priority_only: bool, entity: Entity | None) -> tuple[QuerySet, QuerySet]:
    """The active actieplannen and acties of the whole-plan status page, filtered: prioritair only
    (the prioritaire actieplannen with their prioritaire acties), and one entity (the actieplannen
    holding an actie of it, with those acties)."""
    action_plans = ActionPlan.objects.in_plan(plan).active()
    actions = Action.objects.active()
    if priority_only:
        action_plans = action_plans.filter(priorities.action_plan_is_priority())
        actions = actions.filter(priorities.action_is_priority())
    if entity is not None:
        action_plans = action_plans.filter(priorities.in_entity(entity))
        actions = actions.filter(entity=entity)
    return action_plans, actions


def overview_groups(plan: Plan, action_plans: QuerySet, *, with_departed: bool = False) -> list[GoalGroup]:
    """The filtered action plans grouped by goal (one group without goal when the plan has none),
    each carrying ``action_counts``: its active actions per status, and ``is_priority`` (as its goal).
    Four queries.

    ``with_departed`` also gives each action plan ``departed_actions``: its struck and merged
    actions, each saying how it left the plan (three queries more, however many there are)."""
    rows = list(action_plans)
    shown = [row.pk for row in rows]
    mark_delays(rows)
    priorities.mark_items(plan, [*rows, *(row.goal for row in rows if row.goal)])
    counts = count_by_status_per(Action.objects.active().filter(action_plan__in=shown), "action_plan")
    departed: dict[int, list[Action]] = {}
    if with_departed:
        inactive = list(
            Action.objects.in_plan(plan)
            .exclude(life_cycle=LifeCycle.ACTIVE)
            .filter(action_plan__in=shown)
            .select_related("merged_into__action_plan")
            .order_by("sort_key")
        )
        mark_departures(plan, [*rows, *inactive])
        for action in inactive:
            departed.setdefault(action.action_plan_id, []).append(action)
    groups: list[GoalGroup] = []
    for action_plan in rows:
        action_plan.action_counts = counts.get(action_plan.pk, StatusCounts())
        action_plan.departed_actions = departed.get(action_plan.pk, [])
        if not groups or groups[-1].goal != action_plan.goal:
            groups.append(GoalGroup(action_plan.goal, []))
        groups[-1].action_plans.append(action_plan)
    return groups


def responsibles(plan: Plan) -> list[str]:
    """The verantwoordelijken named on the plan's action plans, for the filter."""
    values = ActionPlan.objects.in_plan(plan).exclude(responsible="").values_list("responsible", flat=True)
    return sorted(set(values), key=str.lower)
