"""Vraag om aanvulling: the cel asks an item's eigenaar for more, in a round, with a message.

The item's update in the round goes to "aanvulling gevraagd" with the message (history by the cel),
and each eigenaar gets an e-mail right away, whatever their reminder preference, recorded for the
round's page.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import changes
from notifications.mailing import absolute, compose, send_all
from notifications.models import EmailReason, SentEmail
from plans.items import kind_of
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


def ask_for_more(
    round: ReportingRound, item: PlanItem, *, message: str, by: AbstractBaseUser
) -> tuple[ItemUpdate, list[SentEmail]]:
    """Ask the eigenaar(s) of ``item`` for more in ``round``: the update's state and message, and an
    e-mail to each. Refused (ValidationError, nothing changed) for a closed round, an empty message or
    an item nobody owns."""
    message = message.strip()
    with transaction.atomic():
        round = ReportingRound.objects.select_for_update(of=("self",)).select_related("plan").get(pk=round.pk)
        if round.is_closed:
            raise ValidationError(ROUND_CLOSED, code="round_closed", params={"round": round})
        if not message:
            raise ValidationError(EMPTY_MESSAGE, code="empty_message")
        recipients = [person for person in owners_of(item) if person.email]
        if not recipients:
            raise ValidationError(NO_OWNER, code="no_owner", params={"item": item})
        current = update_of(round, item)
        values = {"state": UpdateState.MORE_ASKED, "message": message}
        if current is None:
            update = changes.save(
                ItemUpdate(round=round, kind=kind_of(item), item_id=item.pk, **values), by=by, reason=REASON
            )
        else:
            update = changes.update(current, values, by=by, reason=REASON, version=current.version).record
    label, title = (_("Project"), item.name) if kind_of(item) == "project" else (str(item), item.title)
    context = {"round": round, "plan": round.plan, "label": label, "title": title, "message": message}
    context["url"] = item_url(item, round.plan.slug)
    subject = _("Vraag om aanvulling voor %(item)s (%(round)s)") % {"item": item, "round": round.name}
    outgoing = [
        compose(
            "more_asked",
            context | {"asker": by},
            round=round,
            recipient=person,
            reason=EmailReason.MORE_ASKED,
            subject=subject,
            item_count=1,
        )
        for person in recipients
    ]
    return update, send_all(outgoing)
