"""A plan's numbered versions: what the raad adopted, and when.

The drafting app makes version 1 when the raad adopts a drafted plan. The versions issue adds the
immutable snapshot of the strategic nota, each aanpassing and the comparison of two versions.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import clock
from core.models import Versioned
from core.scoping import scoped_manager


class VersionState(models.TextChoices):
    DRAFT = "ontwerp", _("ontwerp")
    ADOPTED = "vastgesteld", _("vastgesteld")
    REPLACED = "vervangen", _("vervangen")


class PlanVersion(Versioned):
    plan = models.ForeignKey("plans.Plan", models.PROTECT, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("volgnummer"))
    name = models.CharField(_("naam"), max_length=100, help_text=_("Bv. MJP 2020-2025 of AMJP 2026-1."))
    state = models.CharField(
        _("stand"), max_length=12, choices=VersionState.choices, default=VersionState.DRAFT
    )
    council_date = models.DateField(_("datum raadsbeslissing"), null=True, blank=True)
    published_on = models.DateField(_("gepubliceerd op"), null=True, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=clock.now, editable=False)
    objects = scoped_manager("plan__organisation")
    history = HistoricalRecords(verbose_name=_("historiek van planversie"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("versie van een plan")
        verbose_name_plural = _("versies van een plan")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="plan_version_number_once",
                violation_error_message=_("Dit plan heeft al een versie met dit volgnummer."),
            )
        ]

    def __str__(self) -> str:
        return _("Versie %(number)s: %(name)s") % {"number": self.number, "name": self.name}
