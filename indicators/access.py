"""Who may define indicators and who may enter their values."""

from plans.owners import department_ids, has_owner_role

DEFINE = "indicators.change_indicator"
ENTER = "indicators.change_value"


def may_define(user) -> bool:
    """The cel (and the beheerder) define indicators, their baseline and targets."""
    return user.is_authenticated and user.has_perm(DEFINE)


def is_responsible(user, indicator) -> bool:
    if not user.is_authenticated:
        return False
    if indicator.owner_id is not None:
        return indicator.owner_id == user.pk
    return indicator.department_id is not None and indicator.department_id in department_ids(user)


def may_enter_values(user, indicator) -> bool:
    """The cel every indicator; an eigenaar the indicators they are verantwoordelijke for."""
    if not user.is_authenticated:
        return False
    if user.has_perm(ENTER):
        return True
    return has_owner_role(user) and is_responsible(user, indicator)
