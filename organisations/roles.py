"""The roles a user has in the organisation they act in (the table of roles: ``core/roles.py``)."""

from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, ROLE_LABELS
from organisations.membership import current_role


def is_administrator(user) -> bool:
    """The platform beheerder, or the beheerder of the organisation the user acts in."""
    return user.is_superuser or ADMINISTRATOR in group_names(user)


def role_names(user) -> list[str]:
    """The roles a user has, in Dutch, for display."""
    names = [str(_("platformbeheerder"))] if user.is_superuser else []
    names += [str(ROLE_LABELS[name]) for name in group_names(user) if name in ROLE_LABELS]
    return names


def group_names(user) -> list[str]:
    """The user's role in the organisation they act in, as a list of role group names (empty for none)."""
    role = current_role(user)
    return [role] if role else []
