"""Reminder e-mails of a round: who gets which reminder on a date, with only their open items.

A round with a deadline sends up to three reminders to each eigenaar who still has open items:

- ``opened`` once the round is open (from ``opened_on``);
- ``before`` from ``remind_days_before`` days before the deadline (left out when that day is not
  after the opening: the opening's e-mail is then the reminder);
- ``after`` from ``remind_days_after`` days after the deadline.

On a date, a person gets the latest reminder that is due, unless they already had it: a run that
missed a few days sends one e-mail, not a pile, and a second run the same day sends nothing new
(the ``SentEmail`` constraint holds one row per round, person and reason). People who opted out
(``Preferences.reminders``) get none. The queries per round do not grow with the number of people
or items.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scope, scopes_disabled
from django_tasks import task

from core.site import absolute
from notifications.mailing import Outgoing, compose, send_all
from notifications.models import EmailReason, SentEmail
from organisations.membership import members
from plans.models import Department, ItemKind, Preferences
from rounds.models import ReportingRound, RoundState, UpdateState
from rounds.todo import round_items

MY_ACTIONS = "reporting:my_items"


def due_reason(round: ReportingRound, day: datetime.date) -> EmailReason | None:
    """The latest reminder of ``round`` due on ``day``, or None (closed, no deadline, not open yet)."""
    if round.state != RoundState.OPEN or round.deadline is None:
        return None
    if round.opened_on is not None and day < round.opened_on:
        return None
    if day >= round.deadline + datetime.timedelta(days=round.remind_days_after):
        return EmailReason.AFTER
    before = round.deadline - datetime.timedelta(days=round.remind_days_before)
    if day >= before and (round.opened_on is None or before > round.opened_on):
        return EmailReason.BEFORE
    return EmailReason.OPENED


@dataclass(frozen=True)
class OpenItem:
    """One item still open in the round, as an e-mail lists it."""

    kind: str
    item_id: int
    label: str  # "Actie 40.1"
    title: str
    url: str  # absolute
    more_asked: str = ""  # the cel's question, when it asked for more


@dataclass
class Reminder:
    round: ReportingRound
    recipient: object
    reason: EmailReason
    items: list[OpenItem] = field(default_factory=list)


def _departments(organisation_id: int) -> dict[int, set[int]]:
    """Every dienst's people (head and members) by dienst, in one organisation: two queries."""
    people: dict[int, set[int]] = defaultdict(set)
    for pk, head in Department.objects.filter(organisation_id=organisation_id).values_list("pk", "head_id"):
        if head is not None:
            people[pk].add(head)
    members_of_diensten = Department.members.through.objects.filter(
        department__organisation_id=organisation_id
    )
    for pk, user in members_of_diensten.values_list("department_id", "user_id"):
        people[pk].add(user)
    return people


def open_items_by_person(round: ReportingRound) -> dict[int, list[OpenItem]]:
    """Each person's items still open in ``round`` (the to-do of ``todo.round_items``, not marked
    klaar), by user id: an item owned by a dienst counts for its head and members. Constant queries,
    whatever the size of the plan."""
    slug = round.plan.slug
    departments = _departments(round.plan.organisation_id)
    projects = reverse("plans:project_status", args=[slug])
    labels = {ItemKind.ACTION_PLAN: _("Actieplan %(number)s"), ItemKind.ACTION: _("Actie %(number)s")}
    by_person: dict[int, list[OpenItem]] = defaultdict(list)
    for item in round_items(round):
        if item.is_ready or not item.has_owner:
            continue
        if item.kind == ItemKind.PROJECT:
            path, label = projects, _("Project")
        else:
            path = reverse("plans:action_plan_status", args=[slug, item.action_plan_number])
            label = labels[item.kind] % {"number": item.number}
        more = item.message if item.state == UpdateState.MORE_ASKED else ""
        url = absolute(f"{path}#row-{item.kind}-{item.item_id}")
        open_item = OpenItem(item.kind, item.item_id, label, item.title, url, more)
        people = {item.owner_id} if item.owner_id is not None else departments.get(item.department_id, set())
        for person in people:
            by_person[person].append(open_item)
    return by_person


def reminders_of(round: ReportingRound, day: datetime.date) -> list[Reminder]:
    """The reminders of ``round`` due on ``day`` and not sent yet, one per person (constant queries)."""
    reason = due_reason(round, day)
    if reason is None:
        return []
    by_person = open_items_by_person(round)
    if not by_person:
        return []
    already = set(
        SentEmail.objects.filter(round=round, reason=reason, recipient__in=by_person).values_list(
            "recipient_id", flat=True
        )
    )
    opted_out = set(
        Preferences.objects.filter(user__in=by_person, reminders=False).values_list("user_id", flat=True)
    )
    wanted = set(by_person) - already - opted_out
    # Only members of the plan's organisation: someone who left it gets no more reminders.
    people = (
        members(round.plan.organisation)
        .filter(pk__in=wanted)
        .exclude(email="")
        .order_by("last_name", "first_name", "username")
    )
    return [Reminder(round, person, reason, by_person[person.pk]) for person in people]


def _my_actions_url(round: ReportingRound) -> str:
    return absolute(reverse(MY_ACTIONS))


def _subject(reminder: Reminder) -> str:
    count = len(reminder.items)
    items = ngettext("%(count)s item", "%(count)s items", count) % {"count": count}
    params = {"round": reminder.round.name, "items": items, "deadline": date_format(reminder.round.deadline)}
    if reminder.reason == EmailReason.OPENED:
        return _("%(round)s: werk uw %(items)s bij vóór %(deadline)s") % params
    if reminder.reason == EmailReason.BEFORE:
        return _("Herinnering – %(round)s: nog %(items)s open, deadline %(deadline)s") % params
    return _("De deadline van %(round)s is verstreken: nog %(items)s open") % params


def outgoing(reminder: Reminder, *, my_actions: str = "") -> Outgoing:
    """The e-mail of one reminder: Dutch, plain text with an HTML alternative."""
    round = reminder.round
    context = {
        "round": round,
        "plan": round.plan,
        "reason": reminder.reason,
        "items": reminder.items,
        "deadline": date_format(round.deadline),
        "my_actions": my_actions,
        "round_url": absolute(reverse("reporting:round", args=[round.plan.slug, round.pk])),
        "preferences_url": absolute(reverse("plans:preferences")),
    }
    return compose(
        "reminder",
        context,
        round=round,
        recipient=reminder.recipient,
        reason=reminder.reason,
        subject=_subject(reminder),
        item_count=len(reminder.items),
    )


def due_rounds():
    """The open rounds with a deadline: those that can have reminders."""
    return ReportingRound.objects.filter(state=RoundState.OPEN, deadline__isnull=False).select_related("plan")


def send_reminders(
    day: datetime.date | None = None, *, dry_run: bool = False, connection=None
) -> list[tuple[Reminder, SentEmail | None]]:
    """Send the reminders due on ``day`` (default today) of every open round, one e-mail per person,
    over one connection per round. With ``dry_run`` nothing is sent or recorded: the reminders are
    returned with None. Each round's reminders are computed, sent and recorded while that round's
    row is locked, so two runs at once do not both send them."""
    day = day or timezone.localdate()
    done: list[tuple[Reminder, SentEmail | None]] = []
    for round in due_rounds():
        if dry_run:
            with scope(organisation=round.plan.organisation_id):
                done += [(reminder, None) for reminder in reminders_of(round, day)]
            continue
        with transaction.atomic(), scope(organisation=round.plan.organisation_id):
            round = (
                ReportingRound.objects.select_for_update(of=("self",)).select_related("plan").get(pk=round.pk)
            )
            reminders = reminders_of(round, day)
            my_actions = _my_actions_url(round)
            sent = send_all([outgoing(r, my_actions=my_actions) for r in reminders], connection=connection)
            done += list(zip(reminders, sent, strict=True))
    return done


@task()
def send_reminders_task(day: str | None = None) -> dict:
    """The reminders as a task, for the scheduler (``send_reminders --queue``): sent by a worker, for
    ``day`` (ISO date) or the day the worker runs it."""
    with scopes_disabled():  # every organisation's open rounds
        done = send_reminders(datetime.date.fromisoformat(day) if day else None)
    delivered = sum(1 for _reminder, sent in done if sent is not None and sent.delivered)
    return {"delivered": delivered, "refused": len(done) - delivered}
