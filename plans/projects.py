"""A project's links to actieplannen and acties: only items of the project's own plan."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from plans.models import Action, ActionPlan, Plan, Project

LINK_OUTSIDE_PLAN = _("%(item)s hoort niet bij %(plan)s. Koppel enkel items van hetzelfde plan.")


def check_links(
    plan: Plan, *, action_plans: Iterable[ActionPlan] = (), actions: Iterable[Action] = ()
) -> None:
    """Refuse (ValidationError per field) a link to an actieplan or actie of another plan. Actions
    are read with their actieplan (select it along to spare a query per action)."""
    errors = {}
    for field, items, plan_of in [
        ("action_plans", action_plans, lambda ap: ap.plan_id),
        ("actions", actions, lambda action: action.action_plan.plan_id),
    ]:
        outside = next((item for item in items if plan_of(item) != plan.pk), None)
        if outside is not None:
            errors[field] = ValidationError(
                LINK_OUTSIDE_PLAN, code="link_outside_plan", params={"item": outside, "plan": plan}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def link(project: Project, *, action_plans: Iterable[ActionPlan], actions: Iterable[Action]) -> None:
    """Set the project's linked actieplannen and acties (history records the change)."""
    action_plans, actions = list(action_plans), list(actions)
    check_links(project.plan, action_plans=action_plans, actions=actions)
    project.action_plans.set(action_plans)
    project.actions.set(actions)
