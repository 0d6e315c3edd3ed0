from django.http import HttpRequest

from plans.roles import role_names


def user_roles(request: HttpRequest) -> dict[str, str]:
    """The signed-in user's roles in Dutch, for the page header ("strategische cel")."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": ""}
    return {"user_roles": ", ".join(role_names(user))}
