"""Reporting rounds (rapporteringen): the rapportering of one moment, frozen when the round is closed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import background
from core.models import Versioned
from core.scoping import scoped_manager
from plans.models import (
    EXPLANATION_MAX_LENGTH,
    AmountKind,
    Category,
    Direction,
    ItemKind,
    LifeCycle,
    Plan,
    Status,
)

PERIOD_END_BEFORE_START = _("Het einde van de periode ligt vóór het begin. Pas een van beide aan.")
DEADLINE_BEFORE_OPENING = _(
    "De deadline (%(deadline)s) ligt vóór de opening van de rapportering (%(opened)s). Kies een latere datum."
)
PERIOD_MISSING = _(
    "Een opvolgingsrapportering of doelstellingenrealisatie gaat over een periode: vul begin en einde in."
)


class RoundKind(models.TextChoices):
    """What a round reports: the cel's rapportering of every item, or one of the reports BBC 2020
    asks of the raad."""

    STATUS = "rapportering", _("rapportering")
    FOLLOW_UP = "opvolging", _("opvolgingsrapportering")
    ANNUAL = "jaarrekening", _("doelstellingenrealisatie (jaarrekening)")


class RoundState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("afgesloten")


class ReportingRound(Versioned):
    """A rapportering, e.g. "Rapportering december 2017": open while the cel edits, then closed."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="rounds", verbose_name=_("plan"))
    name = models.CharField(_("naam"), max_length=200, help_text=_("Bv. Rapportering december 2017."))
    date = models.DateField(_("datum"))
    state = models.CharField(_("stand"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    kind = models.CharField(_("soort"), max_length=20, choices=RoundKind.choices, default=RoundKind.STATUS)
    period_start = models.DateField(
        _("periode van"), null=True, blank=True, help_text=_("Bv. 1 januari 2026 voor het eerste semester.")
    )
    period_end = models.DateField(_("periode tot"), null=True, blank=True, help_text=_("Bv. 30 juni 2026."))
    changed_assumptions = models.TextField(
        _("gewijzigde veronderstellingen"),
        blank=True,
        max_length=EXPLANATION_MAX_LENGTH,
        help_text=_(
            "Voor de opvolgingsrapportering: welke veronderstellingen van het meerjarenplan wijzigden."
        ),
    )
    changed_financial_risks = models.TextField(
        _("gewijzigde financiële risico's"),
        blank=True,
        max_length=EXPLANATION_MAX_LENGTH,
        help_text=_("Voor de opvolgingsrapportering: welke financiële risico's wijzigden."),
    )
    opened_on = models.DateField(_("geopend op"), null=True, blank=True)
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Tot wanneer de eigenaars hun items bijwerken."),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("herinnering (dagen vóór de deadline)"), default=14
    )
    remind_days_after = models.PositiveSmallIntegerField(_("herinnering (dagen na de deadline)"), default=3)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgesloten door"),
    )
    objects = scoped_manager("plan__organisation")
    history = HistoricalRecords(
        table_name="reporting_historicalreportinground",
        verbose_name=_("historiek van rapportering"),
        excluded_fields=["version"],
    )

    class Meta:
        db_table = "reporting_reportinground"  # kept from before the move to rounds
        verbose_name = _("rapportering")
        verbose_name_plural = _("rapporteringen")
        ordering = ["plan", "-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="round_name_unique_in_plan",
                violation_error_message=_(
                    "Dit plan heeft al een rapportering met deze naam. Kies een andere naam."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.state == RoundState.CLOSED

    @property
    def year(self) -> int:
        """The year whose figures the round reports: that of its period's end, else of its date."""
        return (self.period_end or self.date).year

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = ValidationError(PERIOD_END_BEFORE_START, code="period_end_before_start")
        if self.deadline and self.opened_on and self.deadline < self.opened_on:
            params = {"deadline": date_format(self.deadline), "opened": date_format(self.opened_on)}
            errors["deadline"] = ValidationError(
                DEADLINE_BEFORE_OPENING, code="deadline_before_opening", params=params
            )
        if self.kind != RoundKind.STATUS and not (self.period_start and self.period_end):
            errors["period_start"] = ValidationError(PERIOD_MISSING, code="period_missing")
        if errors:
            raise ValidationError(errors)


class RoundVersion(models.Model):
    """A line of the round's version table: "2 · 00 · 6 december 2017 · Na review van 29 november 2017"."""

    class Change(models.TextChoices):
        ADDED = "T", _("T (toevoegen)")
        REPLACED = "V", _("V (vervangen)")

    round = models.ForeignKey(
        ReportingRound, models.CASCADE, related_name="versions", verbose_name=_("rapportering")
    )
    edition = models.PositiveSmallIntegerField(_("editie"))
    revision = models.CharField(_("revisie"), max_length=5, default="00")
    date = models.DateField(_("datum"))
    description = models.CharField(_("beschrijving"), max_length=300)
    change = models.CharField(
        _("toevoegen/vervangen"), max_length=1, choices=Change.choices, default=Change.ADDED
    )
    pages = models.CharField(_("pagina's"), max_length=50, default="Alle")
    objects = scoped_manager("round__plan__organisation")
    history = HistoricalRecords(
        table_name="reporting_historicalroundversion", verbose_name=_("historiek van versie")
    )

    class Meta:
        db_table = "reporting_roundversion"  # kept from before the move to rounds
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["round", "edition", "revision"]

    def __str__(self) -> str:
        return f"{self.edition}.{self.revision}"


class UpdateState(models.TextChoices):
    OPEN = "open", _("nog open")
    READY = "ready", _("klaar voor deze rapportering")
    MORE_ASKED = "more_asked", _("aanvulling gevraagd")


class ItemUpdate(Versioned):
    """Where an item stands in a round's to-do: open until its eigenaar marks it klaar; the cel can
    ask for more (a message), which opens it again. An item without a row is open."""

    round = models.ForeignKey(ReportingRound, models.PROTECT, related_name="updates")
    kind = models.CharField(_("soort item"), max_length=10, choices=ItemKind.choices)
    item_id = models.BigIntegerField(_("item"))
    state = models.CharField(_("stand"), max_length=12, choices=UpdateState.choices, default=UpdateState.OPEN)
    message = models.TextField(_("vraag om aanvulling"), blank=True, max_length=EXPLANATION_MAX_LENGTH)
    objects = scoped_manager("round__plan__organisation")
    history = HistoricalRecords(
        table_name="reporting_historicalitemupdate",
        verbose_name=_("historiek van een update"),
        excluded_fields=["version"],
    )

    class Meta:
        db_table = "reporting_itemupdate"  # kept from before the move to rounds
        verbose_name = _("update voor een rapportering")
        verbose_name_plural = _("updates voor een rapportering")
        constraints = [
            models.UniqueConstraint(fields=["round", "kind", "item_id"], name="one_update_per_item_and_round")
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.kind} {self.item_id} ({self.get_state_display()})"


class FrozenItem(models.Model):
    """One actieplan, actie or project as a closed round shows it, whatever is edited later."""

    round = models.ForeignKey(ReportingRound, models.CASCADE, related_name="frozen_items")
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    item_id = models.BigIntegerField()
    sort_key = models.CharField(max_length=200)
    action_plan_number = models.CharField(max_length=40, blank=True)
    action_plan_title = models.CharField(max_length=500, blank=True)
    number = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices)
    explanation = models.TextField(blank=True)
    explanation_internal = models.BooleanField(default=False)  # never on the public website
    points_of_attention = models.TextField(blank=True)
    responsible = models.CharField(max_length=200, blank=True)
    life_cycle = models.CharField(max_length=20, choices=LifeCycle.choices)
    links = models.CharField(max_length=1000, blank=True)  # a project's actieplannen: "120, 300, 390"
    goal_number = models.CharField(max_length=40, blank=True)
    goal_title = models.CharField(max_length=500, blank=True)
    priority = models.BooleanField(default=False)  # as derived: see plans/priorities.py
    own_priority = models.BooleanField(default=False)  # marked on the item itself
    entity = models.CharField(max_length=200, blank=True)
    policy_field = models.CharField(max_length=220, blank=True)
    external_code = models.CharField(max_length=50, blank=True)

    objects = scoped_manager("round__plan__organisation")

    class Meta:
        db_table = "reporting_frozenitem"  # kept from before the move to rounds
        verbose_name = _("bevroren item")
        verbose_name_plural = _("bevroren items")
        indexes = [
            models.Index(fields=["round", "kind", "sort_key"], name="frozen_item_order"),
            models.Index(fields=["round", "kind", "item_id"], name="frozen_item_lookup"),  # public/
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.kind} {self.number or self.title}"


class FrozenAmount(models.Model):
    """An actie's figure of the round's year as a closed round reports it."""

    round = models.ForeignKey(ReportingRound, models.CASCADE, related_name="frozen_amounts")
    action_id = models.BigIntegerField()
    kind = models.CharField(max_length=12, choices=AmountKind.choices)
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=1, choices=Category.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    amount = models.DecimalField(max_digits=15, decimal_places=2)

    objects = scoped_manager("round__plan__organisation")

    class Meta:
        db_table = "reporting_frozenamount"  # kept from before the move to rounds
        verbose_name = _("bevroren bedrag")
        verbose_name_plural = _("bevroren bedragen")
        indexes = [models.Index(fields=["round", "action_id"], name="frozen_amount_round")]

    def __str__(self) -> str:
        return f"{self.round}: {self.action_id} {self.kind} {self.year} {self.category} {self.direction}"


class FrozenProposal(models.Model):
    """A change proposal as a closed round shows it."""

    round = models.ForeignKey(ReportingRound, models.CASCADE, related_name="frozen_proposals")
    proposal_id = models.BigIntegerField()
    sort_key = models.CharField(max_length=200)
    action_plan_number = models.CharField(max_length=40)
    action_numbers = models.CharField(max_length=1000, blank=True)
    kind = models.CharField(max_length=20)
    phrase = models.TextField()
    motivation = models.TextField(blank=True)
    state = models.CharField(max_length=20)
    remark = models.TextField(blank=True)
    council_decision_date = models.DateField(null=True, blank=True)

    objects = scoped_manager("round__plan__organisation")

    class Meta:
        db_table = "reporting_frozenproposal"  # kept from before the move to rounds
        verbose_name = _("bevroren wijzigingsvoorstel")
        verbose_name_plural = _("bevroren wijzigingsvoorstellen")
        ordering = ["round", "sort_key", "proposal_id"]

    def __str__(self) -> str:
        return f"{self.round}: {self.phrase}"


class ClosingState(models.TextChoices):
    WAITING = background.WAITING, _("wacht op zijn beurt")
    RUNNING = background.RUNNING, _("wordt afgesloten")
    FAILED = background.FAILED, _("mislukt")


class RoundClosing(models.Model):
    """A request to close a round, done by a task (``reporting/closing.py``): the round's page follows
    it. Gone once the round is closed; a failed one keeps its reason until the next request."""

    round = models.OneToOneField(ReportingRound, models.CASCADE, related_name="closing")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)  # when a worker took it
    state = models.CharField(max_length=10, choices=ClosingState.choices, default=ClosingState.WAITING)
    message = models.TextField(blank=True)

    objects = scoped_manager("round__plan__organisation")

    class Meta:
        verbose_name = _("afsluiting van een rapportering")
        verbose_name_plural = _("afsluitingen van rapporteringen")

    def __str__(self) -> str:
        return f"{self.round}: {self.get_state_display()}"
