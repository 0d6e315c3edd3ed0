"""Vraag om aanvulling: the cel asks an item's eigenaar for more, in a round, with a message.

The item's update in the round goes to "aanvulling gevraagd" with the message (history by the cel).
Once that is committed, a task e-mails each eigenaar, whatever their reminder preference; every
e-mail is recorded (SentEmail), and the item's page shows which arrived and which the mail server
refused.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled
from django_tasks import task

from core import changes
from core.site import absolute
from notifications.mailing import compose, header_safe, send_all
from notifications.models import EmailReason, SentEmail
from plans.items import KINDS, kind_of
from plans.models import Action, PlanItem
from plans.owners import owners_of
from rounds.models import ItemUpdate, ReportingRound, UpdateState

ROUND_CLOSED = gettext_lazy(
    "%(round)s is afgesloten: vraag geen aanvulling meer. Open een nieuwe rapportering als er nog iets "
    "moet gebeuren."
)
EMPTY_MESSAGE = gettext_lazy("Schrijf wat u nog wilt weten: de vraag om aanvulling is leeg.")
NO_OWNER = gettext_lazy(
    "%(item)s heeft geen eigenaar met een e-mailadres. Duid eerst een eigenaar aan (een persoon of een "
    "dienst) in Beheer."
)
REASON = "aanvulling gevraagd"


def update_of(round: ReportingRound, item: PlanItem) -> ItemUpdate | None:
    return ItemUpdate.objects.filter(round=round, kind=kind_of(item), item_id=item.pk).first()


def item_url(item: PlanItem, slug: str) -> str:
    """The item's row on its status page (of the plan ``slug``), as an absolute link."""
    kind = kind_of(item)
    if isinstance(item, Action):
        path = reverse("plans:action_plan_status", args=[slug, item.action_plan.number])
    elif kind == "actieplan":
        path = reverse("plans:action_plan_status", args=[slug, item.number])
    else:
        path = reverse("plans:project_status", args=[slug])
    return absolute(f"{path}#row-{kind}-{item.pk}")


def subject_of(round: ReportingRound, item: PlanItem) -> str:
    return _("Vraag om aanvulling voor %(item)s (%(round)s)") % {"item": item, "round": round.name}


def ask_for_more(round: ReportingRound, item: PlanItem, *, message: str, by: AbstractBaseUser) -> ItemUpdate:
    """Ask the eigenaar(s) of ``item`` for more in ``round``: the update's state and message now, an
    e-mail to each once committed (``send_more_asked_emails``). Refused (ValidationError, nothing
    changed) for a closed round, an empty message or an item nobody owns."""
    message = message.strip()
    with transaction.atomic():
        round = ReportingRound.objects.select_for_update(of=("self",)).select_related("plan").get(pk=round.pk)
        if round.is_closed:
            raise ValidationError(ROUND_CLOSED, code="round_closed", params={"round": round})
        if not message:
            raise ValidationError(EMPTY_MESSAGE, code="empty_message")
        if not any(person.email for person in owners_of(item)):
            raise ValidationError(NO_OWNER, code="no_owner", params={"item": item})
        current = update_of(round, item)
        values = {"state": UpdateState.MORE_ASKED, "message": message}
        if current is None:
            update = changes.save(
                ItemUpdate(round=round, kind=kind_of(item), item_id=item.pk, **values), by=by, reason=REASON
            )
        else:
            update = changes.update(current, values, by=by, reason=REASON, version=current.version).record
        transaction.on_commit(lambda: send_more_asked_emails.enqueue(update.pk, by.pk), robust=True)
    return update


def mail_question(update: ItemUpdate, asker) -> list[SentEmail]:
    """One e-mail per eigenaar of the update's item with its question, each recorded."""
    round = update.round
    item = KINDS[update.kind].objects.get(pk=update.item_id)
    recipients = [person for person in owners_of(item) if person.email]
    label, title = (_("Project"), item.name) if kind_of(item) == "project" else (str(item), item.title)
    context = {"round": round, "plan": round.plan, "label": label, "title": title, "message": update.message}
    context |= {"url": item_url(item, round.plan.slug), "asker": asker}
    outgoing = [
        compose(
            "more_asked",
            context,
            round=round,
            recipient=person,
            reason=EmailReason.MORE_ASKED,
            subject=subject_of(round, item),
            item_count=1,
        )
        for person in recipients
    ]
    return send_all(outgoing)


@task()
def send_more_asked_emails(update_id: int, asker_id: int) -> dict:
    """The task: the e-mails of one vraag om aanvulling; how many were delivered and refused."""
    with scopes_disabled():  # a worker serves every organisation; the update names its own
        update = ItemUpdate.objects.select_related("round__plan").get(pk=update_id)
        sent = mail_question(update, get_user_model().objects.get(pk=asker_id))
    return {
        "delivered": sum(mail.delivered for mail in sent),
        "refused": sum(not mail.delivered for mail in sent),
    }


def emails_of(round: ReportingRound, item: PlanItem):
    """The e-mails sent for the questions about ``item`` in ``round``, newest first."""
    return SentEmail.objects.filter(
        round=round, reason=EmailReason.MORE_ASKED, subject=header_safe(subject_of(round, item))
    ).order_by("-sent_at", "-pk")
