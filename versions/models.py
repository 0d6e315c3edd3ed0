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
    STOPPED = "stopgezet", _("stopgezet")  # an aanpassing the cel stopped before the raad adopted it


# The states of a version the raad adopted: only these hold a snapshot.
ADOPTED_STATES = (VersionState.ADOPTED, VersionState.REPLACED)


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
    based_on = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vertrekt van"),
        help_text=_("De versie die van kracht was toen deze aanpassing begon."),
    )
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


class ItemKind(models.TextChoices):
    """What a version holds of the strategic nota, in plan order."""

    GOAL = "doelstelling", _("doelstelling")
    ACTION_PLAN = "actieplan", _("actieplan")
    ACTION = "actie", _("actie")
    PROJECT = "project", _("project")
    INDICATOR = "indicator", _("indicator")


class VersionItem(models.Model):
    """One item of the strategic nota as a version holds it: written once when the version is adopted
    (``versions/snapshots.py``), never changed, never removed.

    ``item_id`` is the live item's id, so an item is followed across versions; ``parent_id`` is the
    live id of its goal (an actieplan; a goal under a goal) or actieplan (an actie). ``data`` holds
    what differs per kind (description, years, entity, an indicator's targets…), ``money`` an actie's
    ramingen per year as ``{"2027": {"E": ["uitgave", "ontvangst"], …}}`` (only years and categories
    that have an amount)."""

    version = models.ForeignKey(PlanVersion, models.PROTECT, related_name="items")
    kind = models.CharField(max_length=12, choices=ItemKind.choices)
    item_id = models.BigIntegerField()
    parent_id = models.BigIntegerField(null=True, blank=True)
    sort_key = models.CharField(max_length=200, blank=True)
    number = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=500)
    status = models.CharField(max_length=20, blank=True)
    life_cycle = models.CharField(max_length=20, blank=True)
    priority = models.BooleanField(default=False)  # marked on the item itself (plans/priorities.py)
    owner = models.CharField(max_length=200, blank=True)  # the eigenaar as named: a person or a dienst
    data = models.JSONField(default=dict, blank=True)
    money = models.JSONField(default=dict, blank=True)

    objects = scoped_manager("version__plan__organisation")

    class Meta:
        verbose_name = _("item van een versie")
        verbose_name_plural = _("items van een versie")
        indexes = [models.Index(fields=["version", "kind", "sort_key"], name="version_item_order")]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind", "item_id"], name="version_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.kind} {self.number or self.title}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("A version's items are written once and never changed.")
        super().save(*args, **kwargs)


class Comparison(models.Model):
    """Two versions compared, kept: versions never change, so the result holds for as long as the
    code that made it (``key``: core/code_version.py)."""

    older = models.ForeignKey(PlanVersion, models.PROTECT, related_name="+")
    newer = models.ForeignKey(PlanVersion, models.PROTECT, related_name="+")
    key = models.CharField(max_length=64)
    rows = models.JSONField(default=list)
    made_at = models.DateTimeField(default=clock.now)

    objects = scoped_manager("older__plan__organisation")

    class Meta:
        verbose_name = _("vergelijking van versies")
        verbose_name_plural = _("vergelijkingen van versies")
        constraints = [
            models.UniqueConstraint(fields=["older", "newer", "key"], name="comparison_once_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.older} ↔ {self.newer}"
