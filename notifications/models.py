"""The e-mails the product sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import scoped_manager
from rounds.models import ReportingRound


class EmailReason(models.TextChoices):
    OPENED = "opened", _("rapportering geopend")
    BEFORE = "before", _("herinnering vóór de deadline")
    AFTER = "after", _("herinnering na de deadline")
    MORE_ASKED = "more_asked", _("vraag om aanvulling")
    MENTION = "mention", _("vermelding in een opmerking")


SCHEDULED_REASONS = (EmailReason.OPENED, EmailReason.BEFORE, EmailReason.AFTER)


class SentEmail(models.Model):
    """An e-mail the product sent, or tried to: shown on the round's page. The scheduled reminders
    are sent once per round, person and reason (the constraint makes a second run send nothing)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    round = models.ForeignKey(
        ReportingRound,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("rapportering"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("ontvanger")
    )
    address = models.CharField(_("adres"), max_length=254)
    reason = models.CharField(_("reden"), max_length=12, choices=EmailReason.choices)
    subject = models.CharField(_("onderwerp"), max_length=300)
    item_count = models.PositiveIntegerField(_("aantal items"), default=0)
    sent_at = models.DateTimeField(_("verstuurd op"))
    delivered = models.BooleanField(_("aanvaard door de mailserver"), default=True)
    error = models.CharField(_("fout"), max_length=500, blank=True)

    objects = scoped_manager("organisation")

    class Meta:
        db_table = "reporting_sentemail"  # kept from before the move to notifications
        verbose_name = _("verstuurde e-mail")
        verbose_name_plural = _("verstuurde e-mails")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "recipient", "reason"],
                condition=models.Q(reason__in=["opened", "before", "after"]),
                name="scheduled_email_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.address}: {self.subject}"
