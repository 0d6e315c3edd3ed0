from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from plans.roles import OWNER, group_names, role_names


def user_roles(request: HttpRequest) -> dict:
    """The signed-in user's roles in Dutch, for the page header; looked up only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": "", "is_eigenaar": False}
    return {
        "user_roles": SimpleLazyObject(lambda: ", ".join(role_names(user))),
        # From the same groups as the roles (one query for both): the eigenaar's link to Mijn acties.
        "is_eigenaar": SimpleLazyObject(lambda: OWNER in group_names(user)),
    }
