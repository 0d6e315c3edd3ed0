"""Comments on an item: a short thread between the strategische cel and the item's eigenaars.

Internal: only the cel, the beheerder and the item's eigenaars see them, and no output for the raad
(workbook, verslag, BBC reports) reads them. ``@naam`` names a user by username, or by first name
when no one else has it. Only those who may read the thread can be mentioned (``readers``): a
comment naming anyone else is refused, naming them and those who may (their e-mail is sent by
``notifications/mentions.py``, after the comment is committed).
"""

import re
from collections.abc import Iterable

import rules
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organisations.membership import members
from organisations.models import Membership
from plans.items import kind_of
from plans.models import Action, Comment, Plan, PlanItem
from plans.owners import edits_status, is_owner, may_change_any, owners_of

MAX_LENGTH = 2000
EMPTY = _("De opmerking is leeg. Schrijf wat u wilt vragen of melden.")
TOO_LONG = _("De opmerking is te lang: %(length)d tekens, het maximum is %(max)d. Kort ze in.")
MAY_NOT_COMMENT = _(
    "U kunt hier geen opmerking plaatsen: dat kunnen enkel de strategische cel en de eigenaars van dit item."
)
# "@sofie" or "@sofie.janssens", not the "@" inside an e-mail address.
MENTION = re.compile(r"(?<![\w.@])@([\w][\w.+-]*[\w]|[\w])")
VIEW_PLAN = "view_plan"


def plan_of(item: PlanItem) -> Plan:
    return item.action_plan.plan if isinstance(item, Action) else item.plan


READ_COMMENTS = "plans.read_comments"
COMMENT = "plans.comment"
# The cel (who edits every item), the beheerder and the item's eigenaars read an item's thread.
rules.add_perm(READ_COMMENTS, rules.is_authenticated & (rules.is_superuser | may_change_any | is_owner))
# The cel, and an eigenaar on the items they own, write in it (who edits the item's status).
rules.add_perm(COMMENT, rules.is_authenticated & edits_status)


def may_see_comments(user, item: PlanItem) -> bool:
    return user.has_perm(READ_COMMENTS, item)


def may_comment(user, item: PlanItem) -> bool:
    return user.has_perm(COMMENT, item)


def readers(item: PlanItem) -> list:
    """The members of the item's organisation who may read its thread, as ``may_see_comments`` says
    for each: those whose role there (or own permission) edits every item of its kind, and the item's
    eigenaars. Whom a comment may mention; a few queries, whatever the count."""
    organisation = plan_of(item).organisation
    model = type(item)
    permission = Permission.objects.get(
        content_type=ContentType.objects.get_for_model(model), codename=f"change_{model._meta.model_name}"
    )
    roles = Group.objects.filter(permissions=permission).values("name")
    in_role = Membership.objects.filter(organisation=organisation, active=True, role__in=roles).values("user")
    owners = [person.pk for person in owners_of(item)]
    may = Q(is_superuser=True) | Q(user_permissions=permission) | Q(pk__in=in_role) | Q(pk__in=owners)
    return list(members(organisation).filter(may).distinct().order_by("first_name", "last_name", "username"))


def _named(user) -> str:
    full = user.get_full_name()
    return f"{full} (@{user.get_username()})" if full else f"@{user.get_username()}"


def refuse_unreadable_mentions(mentioned: list, item: PlanItem, author) -> None:
    """ValidationError naming each mentioned user who may not read the thread, and who may."""
    if not mentioned:
        return
    allowed = readers(item)
    refused = [user for user in mentioned if user not in allowed]
    if not refused:
        return
    others = [_named(user) for user in allowed if user != author]
    message = ngettext(
        "%(names)s kan de opmerkingen bij dit item niet lezen en kan dus niet vermeld worden.",
        "%(names)s kunnen de opmerkingen bij dit item niet lezen en kunnen dus niet vermeld worden.",
        len(refused),
    ) % {"names": ", ".join(_named(user) for user in refused)}
    advice = (
        _("Haal de vermelding weg. U kunt wel vermelden: %(readers)s.") % {"readers": ", ".join(others)}
        if others
        else _("Haal de vermelding weg: niemand anders kan deze opmerkingen lezen.")
    )
    raise ValidationError(f"{message} {advice}", code="may_not_read")


def mentioned_users(text: str, organisation) -> list:
    """The members of ``organisation`` (who all may see its plans) that ``text`` mentions:
    ``@username`` (any case), or ``@voornaam`` when exactly one member has that first name. Nobody
    of another organisation, however named. Two queries, whatever the count."""
    names = {name.rstrip(".").casefold() for name in MENTION.findall(text)}
    if not names:
        return []
    wanted = Q()
    for name in names:
        wanted |= Q(username__iexact=name) | Q(first_name__iexact=name)
    candidates = list(members(organisation).filter(wanted).distinct())
    first_names = {user.first_name.casefold() for user in candidates if user.first_name}
    unique_first = set(
        members(organisation)
        .filter(first_name__in=[u.first_name for u in candidates if u.first_name])
        .values("first_name")
        .annotate(n=Count("pk"))
        .filter(n=1)
        .values_list("first_name", flat=True)
    )
    unique_first = {name.casefold() for name in unique_first} & first_names
    by_username = {user.username.casefold(): user for user in candidates}
    chosen = {}
    for name in names:
        if name in by_username:
            chosen[by_username[name].pk] = by_username[name]
        elif name in unique_first:
            user = next(u for u in candidates if u.first_name.casefold() == name)
            chosen[user.pk] = user
    return list(chosen.values())


def clean_text(text: str) -> str:
    """The text as kept: trimmed, 1 to 2000 characters (ValidationError in Dutch otherwise)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(EMPTY, code="empty")
    if len(text) > MAX_LENGTH:
        raise ValidationError(TOO_LONG, code="too_long", params={"length": len(text), "max": MAX_LENGTH})
    return text


@transaction.atomic
def add_comment(item: PlanItem, author, text: str) -> Comment:
    """Add ``author``'s comment to ``item``'s thread, with the users it mentions. Refused with a
    Dutch message, nothing written: PermissionDenied for someone who may not comment here,
    ValidationError for an empty or too long text, or a mention of someone who may not read it.
    Comments are never edited or removed."""
    if not may_comment(author, item):
        raise PermissionDenied(MAY_NOT_COMMENT)
    text = clean_text(text)
    plan = plan_of(item)
    mentions = mentioned_users(text, plan.organisation)
    refuse_unreadable_mentions(mentions, item, author)
    comment = Comment.objects.create(plan=plan, kind=kind_of(item), item_id=item.pk, author=author, text=text)
    comment.mentions.set(mentions)
    return comment


def thread(item: PlanItem) -> list[Comment]:
    """The item's comments, oldest first, with authors and mentions: two queries."""
    return list(
        Comment.objects.filter(kind=kind_of(item), item_id=item.pk)
        .select_related("author")
        .prefetch_related("mentions")
    )


def links(items: Iterable[PlanItem], user) -> list[dict]:
    """The items whose thread ``user`` may read, each with its kind and comment count: one query."""
    visible = [item for item in items if may_see_comments(user, item)]
    counted = counts(visible)
    return [
        {"item": item, "kind": kind_of(item), "count": counted.get((kind_of(item), item.pk), 0)}
        for item in visible
    ]


def counts(items: Iterable[PlanItem]) -> dict[tuple[str, int], int]:
    """How many comments each item has, keyed by (kind, id): one query."""
    keys = [(kind_of(item), item.pk) for item in items]
    if not keys:
        return {}
    wanted = Q()
    for kind, pk in keys:
        wanted |= Q(kind=kind, item_id=pk)
    rows = Comment.objects.filter(wanted).values("kind", "item_id").annotate(n=Count("pk"))
    return {(row["kind"], row["item_id"]): row["n"] for row in rows}
