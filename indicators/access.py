"""Who may define indicators and who may enter their values, as ``rules`` permissions."""

import rules

from plans.owners import department_ids, has_owner_role

DEFINE = "indicators.change_indicator"
ENTER = "indicators.change_value"
ENTER_VALUES_OF = "indicators.enter_values_of"  # one indicator's values


@rules.predicate
def is_responsible(user, indicator) -> bool:
    if not user.is_authenticated or indicator is None:
        return False
    if indicator.owner_id is not None:
        return indicator.owner_id == user.pk
    return indicator.department_id is not None and indicator.department_id in department_ids(user)


@rules.predicate
def enters_every_value(user) -> bool:
    return user.has_perm(ENTER)


# The cel every indicator; an eigenaar the indicators they are verantwoordelijke for.
rules.add_perm(
    ENTER_VALUES_OF, rules.is_authenticated & (enters_every_value | (has_owner_role & is_responsible))
)


def may_define(user) -> bool:
    """The cel (and the beheerder) define indicators, their baseline and targets."""
    return user.is_authenticated and user.has_perm(DEFINE)


def may_enter_values(user, indicator) -> bool:
    return user.has_perm(ENTER_VALUES_OF, indicator)
