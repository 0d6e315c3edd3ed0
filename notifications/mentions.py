"""The e-mail a user gets when a comment mentions them: one per mentioned user, with the text and a
link to the item's thread, recorded as a SentEmail (reason "vermelding"). Sent whatever the user
chose for reminders: a mention is addressed to them, not a reminder. An address the mail server
refuses is recorded with its error; the others are still sent."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.translation import gettext as _

from core.people import person
from notifications.models import EmailReason, SentEmail
from plans.comments import add_comment, plan_of
from plans.models import Comment, PlanItem
from rounds.models import ReportingRound, RoundState


def open_round_of(plan) -> ReportingRound | None:
    return ReportingRound.objects.filter(plan=plan, state=RoundState.OPEN).order_by("-date", "-pk").first()


def post_comment(item: PlanItem, author, text: str, *, link: str) -> Comment:
    """Add the comment (``plans.comments.add_comment``, which refuses what is not allowed) and
    e-mail each user it mentions. ``link`` is the thread's full address."""
    comment = add_comment(item, author, text)
    send_mentions(comment, item, link=link)
    return comment


def send_mentions(comment: Comment, item: PlanItem, *, link: str) -> list[SentEmail]:
    """One e-mail per mentioned user, over one connection, each recorded."""
    recipients = [user for user in comment.mentions.all() if user.pk != comment.author_id]
    if not recipients:
        return []
    round = open_round_of(plan_of(item))
    subject = _("%(author)s vermeldt u bij %(item)s") % {"author": person(comment.author), "item": item}
    body = _(
        "Dag %(name)s,\n\n%(author)s vermeldt u in een opmerking bij %(item)s:\n\n%(text)s\n\n"
        "Lees en beantwoord de opmerking hier:\n%(link)s\n"
    )
    sent = []
    with get_connection() as connection:
        for user in recipients:
            record = SentEmail(
                organisation_id=plan_of(item).organisation_id,
                round=round,
                recipient=user,
                address=user.email,
                reason=EmailReason.MENTION,
                subject=subject[:300],
                item_count=1,
                sent_at=timezone.now(),
            )
            text = body % {
                "name": person(user),
                "author": person(comment.author),
                "item": item,
                "text": comment.text,
                "link": link,
            }
            if not user.email:
                record.delivered, record.error = False, _("Geen e-mailadres bekend.")
            else:
                message = EmailMessage(
                    subject, text, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection
                )
                try:
                    message.send()
                except (smtplib.SMTPException, OSError) as error:
                    record.delivered, record.error = False, str(error)[:500]
            sent.append(record)
    return SentEmail.objects.bulk_create(sent)
