"""Which organisation a user acts in, and with which role.

The middleware settles it once per request (``activate``); outside a request (a command, a test)
a user acts in the organisation a ``scope()`` names, or else in their only one.
"""

from django.contrib.auth import get_user_model
from django_scopes import ScopeError, get_scope, scopes_disabled

from core import changes
from organisations.models import Membership, Organisation


def activate(user, organisation: Organisation | None, role: str | None) -> None:
    user._organisation = organisation
    user._role = role
    user.__dict__.pop("_perm_cache", None)
    user.__dict__.pop("_group_perm_cache", None)


def active_memberships(user) -> list[Membership]:
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, active=True)
            .select_related("organisation")
            .order_by("organisation__name")
        )


def organisations_to_act_for(user, memberships: list[Membership] | None = None) -> list[Organisation]:
    """The organisations ``user`` may act for, by name: every one for the platform beheerder, whichever
    they act in now (so it is read outside that organisation's scope); else those of their active
    ``memberships`` (read when not given)."""
    if user.is_superuser:
        with scopes_disabled():
            return list(Organisation.objects.order_by("name"))
    if memberships is None:
        memberships = active_memberships(user)
    return [membership.organisation for membership in memberships]


def _settle(user) -> None:
    """Outside a request: the membership in the organisation a ``scope()`` names, else the user's only
    one; none for a member of several without a scope."""
    if hasattr(user, "_role"):
        return
    memberships = active_memberships(user) if user.is_authenticated else []
    in_scope = get_scope().get("organisation")
    if isinstance(in_scope, int):
        memberships = [m for m in memberships if m.organisation_id == in_scope]
    only = memberships[0] if len(memberships) == 1 else None
    activate(user, only and only.organisation, only and only.role)


def current_role(user) -> str | None:
    """The user's role in the organisation they act in; None for none (and for the platform beheerder)."""
    _settle(user)
    return user._role


def current_organisation(user) -> Organisation | None:
    _settle(user)
    return user._organisation


def add_member(user, organisation: Organisation, role: str, *, by=None) -> Membership:
    """Make ``user`` a member of ``organisation`` with ``role`` (or change the role they have there)."""
    with scopes_disabled():
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
    else:
        membership.role, membership.active = role, True
    changes.save(membership, by=by)
    for name in ("_role", "_organisation", "_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(name, None)
    return membership


def members(organisation: Organisation):
    """The organisation's active users: whom its pages may offer, mention or e-mail."""
    return get_user_model().objects.filter(
        is_active=True, memberships__organisation=organisation, memberships__active=True
    )


def people_in_scope():
    """The active users whom a page may offer, match or link in the organisation in scope (django-scopes'
    state, as the scoped managers read it): its members; every active user only where the scope is
    all organisations (the platform beheerder outside a plan) or disabled (commands, migrations).
    ``auth.User`` cannot be scoped itself, so every list of people goes through here or ``members``."""
    users = get_user_model().objects.filter(is_active=True)
    state = get_scope()
    if not state.get("_enabled", True):
        return users
    if "organisation" not in state:
        raise ScopeError("people: query outside an organisation's scope")
    value = state["organisation"]
    if value is None:
        return users
    organisations = value if isinstance(value, list | tuple | set) else [value]
    return users.filter(
        pk__in=Membership.objects.across_organisations()
        .filter(organisation__in=organisations, active=True)
        .values("user")
    )
