from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core.roles import OWNER
from organisations.membership import organisations_to_act_for
from organisations.roles import group_names, is_administrator, role_names
from plans.models import Plan


def _organisation_choices(request: HttpRequest) -> list:
    """The organisations the user may switch between: their own when they have several; every one for
    the platform beheerder."""
    if request.user.is_superuser:
        return organisations_to_act_for(request.user)
    memberships = getattr(request, "memberships", [])
    return organisations_to_act_for(request.user, memberships) if len(memberships) > 1 else []


def _reading_plan(user) -> Plan | None:
    """The plan whose reading links (overview, statussen, …) the menu shows on a page without a plan of
    its own, for an eigenaar: their start page is Mijn acties, so without these links they could reach
    the plan they may read only by typing its address. Their organisation's newest plan."""
    if OWNER not in group_names(user):
        return None
    return Plan.objects.order_by("-start_year", "name").first()


def user_roles(request: HttpRequest) -> dict:
    """The signed-in user's roles in Dutch, for the page header; looked up only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": "", "is_eigenaar": False}
    return {
        "acting_organisation": getattr(request, "organisation", None),
        "organisation_choices": SimpleLazyObject(lambda: _organisation_choices(request)),
        "is_administrator": SimpleLazyObject(lambda: is_administrator(user)),
        "user_roles": SimpleLazyObject(lambda: ", ".join(role_names(user))),
        # From the same groups as the roles (one query for both): the eigenaar's link to Mijn acties.
        "is_eigenaar": SimpleLazyObject(lambda: OWNER in group_names(user)),
        "reading_plan": SimpleLazyObject(lambda: _reading_plan(user)),
    }
