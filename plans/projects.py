"""A project's links to actieplannen and acties: only items of the project's own plan."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import changes
from plans.items import with_last_change
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


LINKS_CHANGED = "koppelingen gewijzigd"


def link(
    project: Project,
    *,
    action_plans: Iterable[ActionPlan],
    actions: Iterable[Action],
    by: AbstractBaseUser | None,
    version: int | None,
    reason: str = LINKS_CHANGED,
) -> changes.Update:
    """Set the project's linked actieplannen and acties, for an editor who loaded ``version`` (an
    outdated copy is refused with ``changes.Conflict``): the version raised and one history row."""
    action_plans, actions = list(action_plans), list(actions)
    check_links(project.plan, action_plans=action_plans, actions=actions)
    return changes.set_links(
        project, {"action_plans": action_plans, "actions": actions}, by=by, reason=reason, version=version
    )


def filter_projects(
    plan: Plan,
    *,
    status: str = "",
    action_plan: str = "",
    leader: str = "",
    include_inactive: bool = False,
) -> QuerySet:
    """The plan's projects by name, filtered on status, on an actieplan they are linked to (directly
    or through one of its acties) and on projectleider."""
    projects = Project.objects.in_plan(plan)
    if not include_inactive:
        projects = projects.active()
    if status:
        projects = projects.filter(status=status)
    if leader:
        projects = projects.filter(project_leader=leader)
    if action_plan:
        projects = projects.filter(
            Q(action_plans__number=action_plan) | Q(actions__action_plan__number=action_plan)
        ).distinct()
    return projects.order_by("name")


LINK_FIELDS = ("number", "title", "sort_key")


def with_links(projects: QuerySet) -> list[Project]:
    """``projects`` (one page of them) with their last change and linked actieplannen and acties: three
    queries. The page is chosen first, so the last change is looked up only for the projects shown."""
    shown = list(projects.values_list("pk", flat=True))
    return list(
        with_last_change(Project.objects.filter(pk__in=shown).order_by("name"))
        .select_related("owner", "department")
        .prefetch_related(
            Prefetch("action_plans", queryset=ActionPlan.objects.order_by("sort_key").only(*LINK_FIELDS)),
            Prefetch(
                "actions",
                queryset=Action.objects.order_by("sort_key")
                .select_related("action_plan")
                .only(*LINK_FIELDS, "action_plan__number"),
            ),
        )
    )


def leaders(plan: Plan) -> list[str]:
    """The projectleiders named in the plan, for the filter."""
    names = Project.objects.in_plan(plan).exclude(project_leader="").values_list("project_leader", flat=True)
    return sorted(set(names), key=str.lower)


def linked_action_plans(plan: Plan) -> list[ActionPlan]:
    """The actieplannen some project is linked to, directly or through an actie, for the filter."""
    direct = Project.action_plans.through.objects.filter(project__plan=plan).values_list("actionplan_id")
    through_actions = Project.actions.through.objects.filter(project__plan=plan).values_list(
        "action__action_plan_id"
    )
    linked = {pk for (pk,) in [*direct, *through_actions]}
    return list(ActionPlan.objects.in_plan(plan).filter(pk__in=linked).order_by("sort_key"))
