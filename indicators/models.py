"""Indicators: what the plan measures, with a baseline, targets per year and a value per round or date.

Every value is stored as a number, whatever the kind: a numeric value as it is, ja/nee as 1/0, a
stappenplan as the position of the step reached (1 for the first). ``indicators/kinds.py`` reads and
writes them the way users do.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Versioned
from core.scoping import scoped_manager
from plans.models import Action, ActionPlan, Department, Goal, Plan, year_validators

MAX_DECIMALS = 6
NUMBER = {"max_digits": 20, "decimal_places": MAX_DECIMALS}


class Kind(models.TextChoices):
    NUMBER = "getal", _("getal")
    YES_NO = "ja_nee", _("ja/nee")
    STEPS = "stappenplan", _("stappenplan")


class Better(models.TextChoices):
    HIGHER = "hoger", _("hoger is beter")
    LOWER = "lager", _("lager is beter")


class Indicator(Versioned):
    """Something the plan promises, in a number: "Aandeel inwoners onder de armoedegrens"."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="indicators", verbose_name=_("plan"))
    name = models.CharField(
        _("naam"), max_length=300, help_text=_("Bv. Aantal inwoners onder de armoedegrens.")
    )
    description = models.TextField(_("omschrijving"), blank=True, help_text=_("Wat en hoe er gemeten wordt."))
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices, default=Kind.NUMBER)
    unit = models.CharField(_("eenheid"), max_length=50, blank=True, help_text=_("Bv. %, inwoners, km."))
    decimals = models.PositiveSmallIntegerField(
        _("aantal decimalen"), default=0, validators=[MaxValueValidator(MAX_DECIMALS)]
    )
    better = models.CharField(_("richting"), max_length=5, choices=Better.choices, default=Better.HIGHER)
    steps = models.JSONField(
        _("stappen"), default=list, blank=True, help_text=_("Voor een stappenplan: de stappen, in volgorde.")
    )
    baseline_value = models.DecimalField(_("basiswaarde"), null=True, blank=True, **NUMBER)
    baseline_date = models.DateField(_("datum basiswaarde"), null=True, blank=True)
    source = models.CharField(
        _("bron"), max_length=300, blank=True, help_text=_("Bv. Gemeente-Stadsmonitor, eigen registratie.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_indicators",
        verbose_name=_("verantwoordelijke (persoon)"),
        help_text=_("Wie de waarden invult. Kies een persoon óf een dienst."),
    )
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_indicators",
        verbose_name=_("verantwoordelijke (dienst)"),
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="indicators", verbose_name=_("doelstellingen")
    )
    action_plans = models.ManyToManyField(
        ActionPlan, blank=True, related_name="indicators", verbose_name=_("actieplannen")
    )
    actions = models.ManyToManyField(Action, blank=True, related_name="indicators", verbose_name=_("acties"))
    followed = models.BooleanField(
        _("wordt opgevolgd"),
        default=True,
        help_text=_("Een indicator die niet meer gevolgd wordt, blijft bewaard."),
    )
    objects = scoped_manager("plan__organisation")
    history = HistoricalRecords(
        verbose_name=_("historiek van indicator"),
        m2m_fields=[goals, action_plans, actions],
        excluded_fields=["version"],
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["plan", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="indicator_kind_known"),
            models.CheckConstraint(
                condition=models.Q(owner__isnull=True) | models.Q(department__isnull=True),
                name="indicator_one_owner",
                violation_error_message=_(
                    "Kies een persoon óf een dienst als verantwoordelijke, niet beide."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from indicators import kinds

        kinds.check_definition(self)


class Target(Versioned):
    """The value the plan aims at by the end of a year (the plan's end year for "tegen het einde")."""

    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("jaar"), validators=year_validators())
    value = models.DecimalField(_("streefwaarde"), **NUMBER)
    objects = scoped_manager("indicator__plan__organisation")
    history = HistoricalRecords(verbose_name=_("historiek van streefwaarde"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="one_target_per_year",
                violation_error_message=_("Er is al een streefwaarde voor dat jaar. Pas die aan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.year}"

    def clean(self) -> None:
        from indicators import kinds

        kinds.check_target(self)


class Value(Versioned):
    """A measured value: for a rapportering (``round``) or on a date, with a note."""

    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    date = models.DateField(_("datum"), help_text=_("Waarop de waarde betrekking heeft."))
    round = models.ForeignKey(
        "rounds.ReportingRound",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_values",
        verbose_name=_("rapportering"),
    )
    value = models.DecimalField(_("waarde"), **NUMBER)
    note = models.TextField(_("toelichting"), blank=True, max_length=2000)
    objects = scoped_manager("indicator__plan__organisation")
    history = HistoricalRecords(verbose_name=_("historiek van waarde"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("waarde")
        verbose_name_plural = _("waarden")
        ordering = ["indicator", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="one_value_per_date",
                violation_error_message=_("Deze indicator heeft al een waarde op die datum. Pas die aan."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "round"],
                condition=models.Q(round__isnull=False),
                name="one_value_per_round",
                violation_error_message=_("Er is al een waarde voor die rapportering. Pas die aan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.date}"

    def clean(self) -> None:
        from indicators import kinds

        kinds.check_value(self)


class FrozenIndicator(models.Model):
    """An indicator as a closed round reported it: definition, baseline, targets and the values up to
    the round, whatever is edited later (``indicators/series.py`` reads and writes ``data``)."""

    round = models.ForeignKey("rounds.ReportingRound", models.CASCADE, related_name="frozen_indicators")
    indicator_id = models.BigIntegerField()
    position = models.PositiveIntegerField()
    data = models.JSONField()

    objects = scoped_manager("round__plan__organisation")

    class Meta:
        verbose_name = _("bevroren indicator")
        verbose_name_plural = _("bevroren indicatoren")
        ordering = ["round", "position"]

    def __str__(self) -> str:
        return f"{self.round}: {self.data.get('name', self.indicator_id)}"


def refuse(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
