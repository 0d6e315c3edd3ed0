"""Sending the product's e-mails: composed here from templates, sent over one SMTP connection, and
each recorded as a ``SentEmail`` (delivered, or the server's refusal) for the round's page.

A refused address (the server answers 550 to one message) is recorded and the others still go out.
"""

import re
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core import clock
from notifications.models import EmailReason, SentEmail
from rounds.models import ReportingRound

ERROR_MAX_LENGTH = 500


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
HEADER_MAX_LENGTH = 300


def header_safe(text: str) -> str:
    """Any text made fit for an e-mail header: one line (a newline would let the text add headers of
    its own, and the mail library refuses it), no control characters, at most 300 characters. Every
    header of every e-mail goes through here (``Outgoing.message``)."""
    return " ".join(_UNPRINTABLE.sub(" ", str(text)).split())[:HEADER_MAX_LENGTH]


@dataclass
class Outgoing:
    """One e-mail to one person, not sent yet."""

    round: ReportingRound | None
    recipient: object  # a user with an e-mail address
    reason: EmailReason
    subject: str
    text: str
    html: str
    item_count: int = 0
    organisation_id: int | None = None  # the round's when there is one

    def message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            header_safe(self.subject),
            self.text,
            header_safe(settings.DEFAULT_FROM_EMAIL),
            [header_safe(self.recipient.email)],
        )
        message.attach_alternative(self.html, "text/html")
        return message


def compose(
    template: str,
    context: dict,
    *,
    round: ReportingRound | None,
    recipient,
    reason: EmailReason,
    subject: str,
    item_count: int = 0,
    organisation_id: int | None = None,
) -> Outgoing:
    """An e-mail from ``notifications/emails/<template>.txt`` and ``.html`` (the HTML escaped)."""
    context = {**context, "recipient": recipient, "subject": subject, "site_url": settings.SITE_URL}
    return Outgoing(
        round=round,
        recipient=recipient,
        reason=reason,
        subject=header_safe(subject),
        text=render_to_string(f"notifications/emails/{template}.txt", context),
        html=render_to_string(f"notifications/emails/{template}.html", context),
        item_count=item_count,
        organisation_id=organisation_id if organisation_id is not None else round.plan.organisation_id,
    )


def _text(message: bytes | str) -> str:
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)


def _refusal(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(
            f"{address}: {code} {_text(message)}" for address, (code, message) in error.recipients.items()
        )
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{error.smtp_code} {_text(error.smtp_error)}"
    else:
        text = f"{type(error).__name__}: {error}"
    return text[:ERROR_MAX_LENGTH]


def send_all(outgoing: list[Outgoing], *, connection=None) -> list[SentEmail]:
    """Send every e-mail over one connection (opened once), and record each, in one query.

    A message the server refuses is recorded with its error, and the next ones still go out. When
    the server drops the connection, it is opened again for the rest; when it cannot be reached at
    all, every e-mail not sent yet is recorded with that error."""
    if not outgoing:
        return []
    connection = connection or get_connection()
    records, unreachable = [], ""
    try:
        for mail in outgoing:
            delivered, error = False, unreachable
            if not mail.recipient.email:
                error = _("Geen e-mailadres bekend.")
            elif not unreachable:
                try:
                    connection.open()  # once: does nothing while the connection is open
                except OSError as failure:
                    unreachable = error = _refusal(failure)
                else:
                    try:
                        connection.send_messages([mail.message()])
                        delivered = True
                    except OSError as failure:  # smtplib's refusals are OSErrors too
                        error = _refusal(failure)
                        broken = not isinstance(failure, smtplib.SMTPException)
                        if broken or isinstance(failure, smtplib.SMTPServerDisconnected):
                            connection.close()  # opened again for the next e-mail
            records.append(
                SentEmail(
                    organisation_id=mail.organisation_id,
                    round=mail.round,
                    recipient=mail.recipient,
                    address=mail.recipient.email,
                    reason=mail.reason,
                    subject=mail.subject[:300],
                    item_count=mail.item_count,
                    sent_at=clock.now(),
                    delivered=delivered,
                    error=error,
                )
            )
    finally:
        connection.close()
    return SentEmail.objects.bulk_create(records)
