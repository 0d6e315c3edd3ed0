"""Who owns an item, and what that lets them do: written once, used by pages, imports and commands.

An actieplan, actie or project has at most one eigenaar: a person (``owner``) or a dienst
(``department``, whose head and members all count). An actie without an eigenaar of its own
belongs to its actieplan's. A user with the eigenaar role edits the status and toelichting of the
items they own, and nothing else; the cel edits every item (its model permission).
"""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.roles import OWNER
from organisations.roles import group_names
from plans.models import Action, Department, PlanItem

EDIT_STATUS = "plans.edit_status"
NOT_YOUR_ITEM = _(
    "U kan enkel uw eigen items bijwerken; dit item heeft een andere eigenaar. Hoort het toch bij u, "
    "vraag dan de strategische cel om u als eigenaar in te stellen."
)


class NotYourItem(PermissionDenied):
    """An eigenaar asked to change another's item: the 403 page says why (``NOT_YOUR_ITEM``)."""

    def __init__(self):
        super().__init__(NOT_YOUR_ITEM)


def department_ids(user) -> set[int]:
    """The diensten a user heads or is a member of (one query, kept on the user for the request)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_department_ids"):
        user._department_ids = set(
            Department.objects.filter(Q(members=user) | Q(head=user)).values_list("pk", flat=True)
        )
    return user._department_ids


def _owns_directly(user, item: PlanItem) -> bool:
    return (item.owner_id is not None and item.owner_id == user.pk) or (
        item.department_id is not None and item.department_id in department_ids(user)
    )


def has_owner(item: PlanItem) -> bool:
    return item.owner_id is not None or item.department_id is not None


def owns(user, item: PlanItem) -> bool:
    """Whether ``user`` owns ``item``, directly, through their dienst, or (an actie without an
    eigenaar of its own) through its actieplan."""
    if not user.is_authenticated or item is None:
        return False
    if has_owner(item):
        return _owns_directly(user, item)
    if isinstance(item, Action):
        return _owns_directly(user, item.action_plan)
    return False


def owned_filter(model, user) -> Q:
    """The items of ``model`` that ``user`` owns, as a filter (the same rule as ``owns``)."""
    departments = department_ids(user)
    direct = Q(owner=user) | Q(department__in=departments)
    if model is Action:
        inherited = Q(owner__isnull=True, department__isnull=True) & (
            Q(action_plan__owner=user) | Q(action_plan__department__in=departments)
        )
        return direct | inherited
    return direct


@rules.predicate
def is_owner(user, item) -> bool:
    return owns(user, item)


@rules.predicate
def may_change_any(user, item) -> bool:
    return item is not None and user.has_perm(f"plans.change_{type(item)._meta.model_name}")


@rules.predicate
def has_owner_role(user) -> bool:
    return user.is_authenticated and OWNER in group_names(user)


edits_status = may_change_any | (has_owner_role & is_owner)
rules.add_perm(EDIT_STATUS, edits_status)


def may_edit_status(user, item: PlanItem) -> bool:
    """The cel edits every item; an eigenaar only their own."""
    return user.has_perm(EDIT_STATUS, item)


def check_may_edit_status(user, item: PlanItem) -> None:
    """Refuse ``user`` a change of ``item``'s status or toelichting: ``NotYourItem`` (the message says
    why) for an eigenaar and another's item, a plain PermissionDenied for a role that never may."""
    if may_edit_status(user, item):
        return
    if has_owner_role.test(user):
        raise NotYourItem
    raise PermissionDenied


def owners_of(item: PlanItem) -> list:
    """The people who own ``item``: its eigenaar, or its dienst's head and members, or (an actie
    without an eigenaar of its own) those of its actieplan. Active users only; at most three queries."""
    source = item if has_owner(item) or not isinstance(item, Action) else item.action_plan
    if source.owner_id is not None:
        people = [source.owner]
    elif source.department_id is not None:
        department = source.department
        people = [*([department.head] if department.head_id else []), *department.members.all()]
    else:
        people = []
    unique = {person.pk: person for person in people if person.is_active}
    return sorted(unique.values(), key=lambda person: person.get_username())


def _name_of_owner(item: PlanItem) -> str:
    if item.owner_id is not None:
        return item.owner.get_full_name() or item.owner.get_username()
    if item.department_id is not None:
        return item.department.name
    return ""


def owner_name(item: PlanItem) -> str:
    """Who an item's row shows as its eigenaar: the person's full name or the dienst's name; else the
    free-text verantwoordelijke (a project's projectleider) as before; else, for an actie, its
    actieplan's eigenaar. Load items with ``OWNER_FIELDS`` (``ACTION_OWNER_FIELDS`` for acties) in
    select_related, so this asks no query."""
    if name := _name_of_owner(item):
        return name
    if text := getattr(item, "responsible", None) or getattr(item, "project_leader", ""):
        return text
    if isinstance(item, Action):
        return _name_of_owner(item.action_plan)
    return ""


OWNER_FIELDS = ("owner", "department")
ACTION_OWNER_FIELDS = (*OWNER_FIELDS, "action_plan__owner", "action_plan__department")
