"""Who enters Beheer (the admin), and in which organisation.

The platform beheerder (a superuser) enters for every organisation; the beheerder and the cel of an
organisation enter for the organisation they act in. The role decides, not ``user.is_staff``: a
cel member of one organisation who is raad in another has no Beheer while acting in the other.
"""

import rules
from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, CEL
from organisations.membership import active_memberships, current_role

BEHEER_ROLES = frozenset({CEL, ADMINISTRATOR})
NO_BEHEER = _(
    "U hebt geen toegang tot Beheer: enkel de beheerder en de strategische cel van een organisatie "
    "mogen er binnen. Meld u aan met een ander account of ga naar de startpagina."
)


ENTER_BEHEER = "organisations.enter_beheer"


@rules.predicate
def acts_in_a_beheer_role(user) -> bool:
    return current_role(user) in BEHEER_ROLES


# Beheer, now: the platform beheerder, or a beheerder or cel of the organisation acted in.
rules.add_perm(ENTER_BEHEER, rules.is_active & (rules.is_superuser | acts_in_a_beheer_role))


def may_enter(user) -> bool:
    return user.has_perm(ENTER_BEHEER)


def may_ever_enter(user) -> bool:
    """Beheer in at least one organisation (for the login form, before an organisation is chosen)."""
    return bool(
        user.is_active
        and (user.is_superuser or any(m.role in BEHEER_ROLES for m in active_memberships(user)))
    )


class BeheerLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user) -> None:
        AuthenticationForm.confirm_login_allowed(self, user)  # not the admin's is_staff check
        if not may_ever_enter(user):
            raise forms.ValidationError(NO_BEHEER, code="invalid_login")


class BeheerSite(admin.AdminSite):
    """Django's admin, entered by role in the organisation (see ``may_enter``), not by ``is_staff``."""

    login_form = BeheerLoginForm

    def has_permission(self, request) -> bool:
        return may_enter(request.user)
