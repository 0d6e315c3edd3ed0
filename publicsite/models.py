"""Which plans an organisation shows on its public website, and whom citizens write to about it.

The beheerder switches a plan's publication on or off (``publicsite/publishing.py``); nothing is public
until then. What is shown is never the live plan: see ``publicsite/editions.py``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Versioned
from core.scoping import scoped_manager


class Publication(Versioned):
    plan = models.OneToOneField(
        "plans.Plan", models.PROTECT, related_name="publication", verbose_name=_("plan")
    )
    enabled = models.BooleanField(
        _("publiek"),
        default=False,
        help_text=_(
            "Toont de vastgestelde versies van dit plan en de rapporteringen aan de raad aan iedereen."
        ),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    objects = scoped_manager("plan__organisation")
    history = HistoricalRecords(verbose_name=_("historiek van publicatie"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("publicatie van een plan")
        verbose_name_plural = _("publicaties van plannen")

    def __str__(self) -> str:
        return str(self.plan)


class PublicProfile(Versioned):
    """What the organisation's public pages say of the organisation itself: the accessibility
    statement's contact."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        models.PROTECT,
        related_name="public_profile",
        verbose_name=_("organisatie"),
    )
    contact_email = models.EmailField(
        _("e-mailadres voor vragen en meldingen"),
        blank=True,
        help_text=_("Waar burgers een toegankelijkheidsprobleem of een vraag over het plan melden."),
    )
    contact_phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)

    objects = scoped_manager("organisation")
    history = HistoricalRecords(verbose_name=_("historiek van publiek profiel"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("publiek profiel")
        verbose_name_plural = _("publieke profielen")

    def __str__(self) -> str:
        return str(self.organisation)
