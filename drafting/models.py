"""Drafting the next meerjarenplan (seed 004): from the bestuursakkoord to the plan the raad adopts.

A draft (ontwerp) holds the akkoord's chapters and ambitions, the actieplan and goal proposals with
their decisions meeting by meeting, the envelopes against the room per year, the scenarios, and the
acties and projecten that detail each retained actieplan. Nothing becomes part of a plan in force
until the raad adopts the draft (``drafting/adoption.py``). Every write goes through
``core/changes.py``; the rules that span rows are in the modules named for them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import clock
from core.models import Versioned
from core.numbering import MAX_LENGTH as NUMBER_MAX_LENGTH
from core.scoping import scoped_manager
from plans.models import Category, Direction, Numbering, validate_number, year_validators

SHORT_TITLE_MAX_LENGTH = 100  # the Flemish digital report's limit
TEXT_MAX_LENGTH = 4000
END_BEFORE_START = _("Het eindjaar (%(end)s) ligt vóór het startjaar (%(start)s). Pas een van beide aan.")
YEAR_OUTSIDE_DRAFT = _(
    "Het jaar %(year)s valt buiten de planperiode (%(period)s). Kies een jaar van het plan."
)


def _history(name) -> HistoricalRecords:
    return HistoricalRecords(verbose_name=name, excluded_fields=["version"])


def _user(label, **kwargs) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
        **kwargs,
    )


class DraftState(models.TextChoices):
    DRAFTING = "ontwerp", _("ontwerp")
    ADOPTED = "vastgesteld", _("vastgesteld door de raad")


class Draft(Versioned):
    """The next meerjarenplan while it is drafted: one per organisation and period."""

    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="drafts", verbose_name=_("organisatie")
    )
    name = models.CharField(
        _("naam"), max_length=200, help_text=_("Bv. Strategisch meerjarenplan 2020–2025.")
    )
    authority = models.CharField(_("bestuur"), max_length=200, help_text=_("Bv. Stad Turnhout."))
    start_year = models.PositiveSmallIntegerField(_("startjaar"), validators=year_validators())
    end_year = models.PositiveSmallIntegerField(_("eindjaar"), validators=year_validators())
    agreement = models.CharField(
        _("bestuursakkoord"),
        max_length=200,
        help_text=_("De titel van het akkoord, bv. Bestuursakkoord 2019–2024."),
    )
    note = models.TextField(_("toelichting"), blank=True, max_length=TEXT_MAX_LENGTH)
    state = models.CharField(
        _("stand"), max_length=12, choices=DraftState.choices, default=DraftState.DRAFTING
    )
    plan = models.OneToOneField(
        "plans.Plan",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name=_("vastgesteld plan"),
    )
    numbering = models.CharField(
        _("nummering"), max_length=20, choices=Numbering.choices, default=Numbering.HIERARCHICAL
    )
    council_date = models.DateField(_("datum raadsbeslissing"), null=True, blank=True)
    created_by = _user(_("opgemaakt door"))
    created_at = models.DateTimeField(_("opgemaakt op"), default=clock.now, editable=False)
    objects = scoped_manager("organisation")
    history = _history(_("historiek van ontwerpplan"))

    class Meta:
        verbose_name = _("ontwerp van meerjarenplan")
        verbose_name_plural = _("ontwerpen van meerjarenplan")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="draft_end_not_before_start",
                violation_error_message=_("Het eindjaar ligt vóór het startjaar. Pas een van beide aan."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_adopted(self) -> bool:
        return self.state == DraftState.ADOPTED

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {
                    "end_year": ValidationError(
                        END_BEFORE_START, params={"start": self.start_year, "end": self.end_year}
                    )
                }
            )


class Chapter(Versioned):
    """A chapter of the bestuursakkoord (Welzijn, Omgeving, Beleving, Organisatie)."""

    draft = models.ForeignKey(Draft, models.PROTECT, related_name="chapters", verbose_name=_("ontwerp"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    name = models.CharField(_("naam"), max_length=200)
    objects = scoped_manager("draft__organisation")
    history = _history(_("historiek van hoofdstuk"))

    class Meta:
        verbose_name = _("hoofdstuk van het bestuursakkoord")
        verbose_name_plural = _("hoofdstukken van het bestuursakkoord")
        ordering = ["draft", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "name"],
                name="chapter_name_once_per_draft",
                violation_error_message=_(
                    "Het akkoord heeft al een hoofdstuk met deze naam. Kies een andere naam."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Ambition(Versioned):
    """An ambition quoted from a chapter of the akkoord: what an actieplan answers."""

    chapter = models.ForeignKey(
        Chapter, models.PROTECT, related_name="ambitions", verbose_name=_("hoofdstuk")
    )
    position = models.PositiveIntegerField(_("volgorde"), default=1)
    text = models.TextField(_("ambitie"), max_length=TEXT_MAX_LENGTH)
    reference = models.CharField(
        _("vindplaats"), max_length=50, blank=True, help_text=_("Waar het in het akkoord staat, bv. p. 12.")
    )
    objects = scoped_manager("chapter__draft__organisation")
    history = _history(_("historiek van ambitie"))

    class Meta:
        verbose_name = _("ambitie")
        verbose_name_plural = _("ambities")
        ordering = ["chapter__position", "chapter", "position", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class Mandatary(Versioned):
    """A person with a political mandate (burgemeester, schepen): a politiek aanspreekpunt. Not a user."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="mandataries",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=200)
    mandate = models.CharField(
        _("mandaat"), max_length=200, blank=True, help_text=_("Bv. schepen van welzijn.")
    )
    objects = scoped_manager("organisation")
    history = _history(_("historiek van mandataris"))

    class Meta:
        verbose_name = _("mandataris")
        verbose_name_plural = _("mandatarissen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="mandatary_name_once_per_organisation",
                violation_error_message=_("Er is al een mandataris met deze naam."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.mandate})" if self.mandate else self.name


class Subject(models.TextChoices):
    """What a step decides on: the list of actieplannen (stap 1) or the strategic framework (stap 3)."""

    ACTION_PLANS = "actieplannen", _("actieplannen")
    GOALS = "doelstellingen", _("doelstellingen")


class Decider(models.TextChoices):
    """Who records the decisions of a step: the cel always may; the MT records its own step's."""

    CEL = "cel", _("strategische cel")
    MANAGEMENT_TEAM = "mt", _("managementteam")


class Step(Versioned):
    """A decision step: a meeting with a date, whose agenda is the proposals still to decide there."""

    draft = models.ForeignKey(Draft, models.PROTECT, related_name="steps", verbose_name=_("ontwerp"))
    subject = models.CharField(_("onderwerp"), max_length=20, choices=Subject.choices)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=200, help_text=_("Bv. Aftoetsen managementteam."))
    meeting_date = models.DateField(_("datum vergadering"), null=True, blank=True)
    decider = models.CharField(
        _("beslissingen genoteerd door"), max_length=4, choices=Decider.choices, default=Decider.CEL
    )
    removed = models.BooleanField(_("geschrapt"), default=False)
    objects = scoped_manager("draft__organisation")
    history = _history(_("historiek van beslissingsstap"))

    class Meta:
        verbose_name = _("beslissingsstap")
        verbose_name_plural = _("beslissingsstappen")
        ordering = ["draft", "subject", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "subject", "position"],
                name="step_position_once",
                violation_error_message=_("Er is al een stap op deze plaats."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProposalKind(models.TextChoices):
    ACTION_PLAN = "actieplan", _("actieplan")
    GOAL = "doelstelling", _("doelstelling")


class Standing(models.TextChoices):
    """Where a proposal stands: on its way through the steps, retained after the last, or not."""

    UNDER_WAY = "in_behandeling", _("in behandeling")
    RETAINED = "weerhouden", _("weerhouden")
    NOT_RETAINED = "niet_weerhouden", _("niet weerhouden")


class Proposal(Versioned):
    """An actieplan or a goal proposed for the new plan, on its way through the decision steps."""

    draft = models.ForeignKey(Draft, models.PROTECT, related_name="proposals", verbose_name=_("ontwerp"))
    kind = models.CharField(_("soort"), max_length=12, choices=ProposalKind.choices)
    number = models.CharField(
        _("nummer"),
        max_length=NUMBER_MAX_LENGTH,
        blank=True,
        validators=[validate_number],
        help_text=_("Optioneel: wie al nummert, houdt dat nummer bij de vaststelling."),
    )
    title = models.CharField(_("titel"), max_length=500)
    short_title = models.CharField(
        _("korte titel"),
        max_length=SHORT_TITLE_MAX_LENGTH,
        blank=True,
        help_text=_("Hoogstens 100 tekens, voor de digitale rapportering."),
    )
    description = models.TextField(_("omschrijving"), blank=True, max_length=TEXT_MAX_LENGTH)
    chapter = models.ForeignKey(
        Chapter, models.PROTECT, null=True, blank=True, related_name="proposals", verbose_name=_("hoofdstuk")
    )
    ambitions = models.ManyToManyField(
        Ambition, blank=True, related_name="proposals", verbose_name=_("ambities uit het akkoord")
    )
    political_contact = models.ForeignKey(
        Mandatary,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("politiek aanspreekpunt"),
    )
    partners = models.TextField(_("te betrekken partners"), blank=True, max_length=TEXT_MAX_LENGTH)
    points_of_attention = models.TextField(
        _("aandachtspunten"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Bv. een doelgroep, een wijk, de ambitie verduidelijken."),
    )
    department = models.ForeignKey(
        "plans.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="draft_proposals",
        verbose_name=_("dienst of cluster"),
    )
    # An actieplan's goal, or a goal's parent goal: the strategic framework (drafting/framework.py).
    goal = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("doelstelling")
    )
    position = models.PositiveIntegerField(_("volgorde"), default=1)
    step = models.ForeignKey(
        Step, models.PROTECT, null=True, blank=True, related_name="proposals", verbose_name=_("huidige stap")
    )
    # Carried over from the plan in force (drafting/carry_over.py): what this proposal continues.
    continues_goal = models.ForeignKey(
        "plans.Goal", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vervolg van")
    )
    continues_action_plan = models.ForeignKey(
        "plans.ActionPlan",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vervolg van"),
    )
    standing = models.CharField(
        _("stand"), max_length=16, choices=Standing.choices, default=Standing.UNDER_WAY
    )
    created_by = _user(_("voorgesteld door"))
    created_at = models.DateTimeField(_("voorgesteld op"), default=clock.now, editable=False)
    objects = scoped_manager("draft__organisation")
    history = HistoricalRecords(
        verbose_name=_("historiek van voorstel"), m2m_fields=[ambitions], excluded_fields=["version"]
    )

    class Meta:
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        ordering = ["draft", "kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProposalKind.values), name="draft_proposal_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(standing__in=Standing.values), name="draft_proposal_standing_known"
            ),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{label} {self.number}: {self.title}" if self.number else f"{label}: {self.title}"

    @property
    def shown_title(self) -> str:
        return self.short_title or self.title


class Outcome(models.TextChoices):
    AGREED = "akkoord", _("akkoord")
    REFUSED = "niet_akkoord", _("niet akkoord")
    AMENDED = "aangepast", _("aangepast")
    POSTPONED = "uitgesteld", _("uitgesteld")


class Decision(Versioned):
    """What a meeting decided on one proposal. Kept forever: the trail of how the plan was made."""

    proposal = models.ForeignKey(
        Proposal, models.PROTECT, related_name="decisions", verbose_name=_("voorstel")
    )
    step = models.ForeignKey(Step, models.PROTECT, related_name="decisions", verbose_name=_("stap"))
    outcome = models.CharField(_("beslissing"), max_length=14, choices=Outcome.choices)
    remark = models.TextField(_("opmerking"), blank=True, max_length=TEXT_MAX_LENGTH)
    decided_by = _user(_("genoteerd door"))
    decided_at = models.DateTimeField(_("genoteerd op"), default=clock.now, editable=False)
    objects = scoped_manager("proposal__draft__organisation")
    history = _history(_("historiek van beslissing"))

    class Meta:
        verbose_name = _("beslissing")
        verbose_name_plural = _("beslissingen")
        ordering = ["proposal", "decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="draft_decision_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step}: {self.get_outcome_display()}"


class Remark(Versioned):
    """A remark on a proposal: from participation (an adviesraad, a partner) or from an eigenaar."""

    proposal = models.ForeignKey(Proposal, models.PROTECT, related_name="remarks", verbose_name=_("voorstel"))
    source = models.CharField(
        _("bron"), max_length=200, help_text=_("Wie het zei, bv. Seniorenadviesraad of LOGO Kempen.")
    )
    text = models.TextField(_("opmerking"), max_length=TEXT_MAX_LENGTH)
    author = _user(_("ingevoerd door"))
    created_at = models.DateTimeField(_("ingevoerd op"), default=clock.now, editable=False)
    objects = scoped_manager("proposal__draft__organisation")
    history = _history(_("historiek van opmerking"))

    class Meta:
        verbose_name = _("opmerking uit participatie")
        verbose_name_plural = _("opmerkingen uit participatie")
        ordering = ["proposal", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.source}: {self.text[:60]}"


def euro_field(label, **kwargs) -> models.DecimalField:
    """Whole euros: envelopes and room are orders of magnitude."""
    return models.DecimalField(label, max_digits=14, decimal_places=0, **kwargs)


class Envelope(Versioned):
    """An actieplan's financial envelope for one year, in orders of magnitude (stap 2)."""

    proposal = models.ForeignKey(
        Proposal, models.PROTECT, related_name="envelopes", verbose_name=_("actieplan")
    )
    year = models.PositiveSmallIntegerField(_("jaar"), validators=year_validators())
    operating = euro_field(_("exploitatie (EUR)"), default=0, validators=[MinValueValidator(0)])
    investment = euro_field(_("investeringen (EUR)"), default=0, validators=[MinValueValidator(0)])
    objects = scoped_manager("proposal__draft__organisation")
    history = _history(_("historiek van enveloppe"))

    class Meta:
        verbose_name = _("enveloppe")
        verbose_name_plural = _("enveloppes")
        ordering = ["proposal", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "year"],
                name="envelope_once_per_year",
                violation_error_message=_("Dit actieplan heeft al een enveloppe voor dit jaar. Pas die aan."),
            ),
            models.CheckConstraint(
                condition=Q(operating__gte=0) & Q(investment__gte=0),
                name="envelope_not_negative",
                violation_error_message=_("Een enveloppe is nooit negatief."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} {self.year}"

    @property
    def total(self):
        return self.operating + self.investment


class Room(Versioned):
    """What finance says a year can carry: the beschikbare ruimte for new policy (the budgettair
    resultaat must stay ≥ 0), and the autofinancieringsmarge before the envelopes (≥ 0 in the last year)."""

    draft = models.ForeignKey(Draft, models.PROTECT, related_name="rooms", verbose_name=_("ontwerp"))
    year = models.PositiveSmallIntegerField(_("jaar"), validators=year_validators())
    available = euro_field(_("beschikbare ruimte (EUR)"))
    self_financing_margin = euro_field(
        _("autofinancieringsmarge vóór de enveloppes (EUR)"), null=True, blank=True
    )
    objects = scoped_manager("draft__organisation")
    history = _history(_("historiek van beschikbare ruimte"))

    class Meta:
        verbose_name = _("beschikbare ruimte")
        verbose_name_plural = _("beschikbare ruimte")
        ordering = ["draft", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "year"],
                name="room_once_per_year",
                violation_error_message=_("Voor dit jaar is de ruimte al ingevuld. Pas die aan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft} {self.year}"


class ScenarioState(models.TextChoices):
    OPEN = "open", _("open")
    APPLIED = "toegepast", _("toegepast")
    DROPPED = "verworpen", _("verworpen")


class Scenario(Versioned):
    """A choice to weigh before anyone decides: its changes and their effect on every year."""

    draft = models.ForeignKey(Draft, models.PROTECT, related_name="scenarios", verbose_name=_("ontwerp"))
    name = models.CharField(_("naam"), max_length=200)
    note = models.TextField(_("toelichting"), blank=True, max_length=TEXT_MAX_LENGTH)
    state = models.CharField(
        _("stand"), max_length=10, choices=ScenarioState.choices, default=ScenarioState.OPEN
    )
    created_by = _user(_("opgesteld door"))
    created_at = models.DateTimeField(_("opgesteld op"), default=clock.now, editable=False)
    objects = scoped_manager("draft__organisation")
    history = _history(_("historiek van scenario"))

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenario's")
        ordering = ["draft", "created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ChangeKind(models.TextChoices):
    SPREAD = "spreiden", _("spreiden over latere jaren")
    LOWER = "verlagen", _("enveloppe verlagen")
    POSTPONE = "uitstellen", _("uitstellen tot na de planperiode")


class ScenarioChange(Versioned):
    """One change of a scenario to one actieplan's envelopes (``drafting/scenarios.py`` computes it)."""

    scenario = models.ForeignKey(Scenario, models.PROTECT, related_name="changes", verbose_name=_("scenario"))
    proposal = models.ForeignKey(Proposal, models.PROTECT, related_name="+", verbose_name=_("actieplan"))
    kind = models.CharField(_("keuze"), max_length=10, choices=ChangeKind.choices)
    first_year = models.PositiveSmallIntegerField(
        _("vanaf jaar"),
        null=True,
        blank=True,
        validators=year_validators(),
        help_text=_("Spreiden: het eerste jaar waarover het totaal verdeeld wordt."),
    )
    last_year = models.PositiveSmallIntegerField(
        _("tot en met jaar"),
        null=True,
        blank=True,
        validators=year_validators(),
        help_text=_("Spreiden: het laatste jaar."),
    )
    percent = models.PositiveSmallIntegerField(
        _("verlagen met (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    objects = scoped_manager("scenario__draft__organisation")
    history = _history(_("historiek van scenariokeuze"))

    class Meta:
        verbose_name = _("keuze in een scenario")
        verbose_name_plural = _("keuzes in een scenario")
        ordering = ["scenario", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.proposal}"


class ItemKind(models.TextChoices):
    ACTION = "actie", _("actie")
    PROJECT = "project", _("project")


class DraftItem(Versioned):
    """An actie or project that details a retained actieplan (stap 4), spread over the years."""

    proposal = models.ForeignKey(Proposal, models.PROTECT, related_name="items", verbose_name=_("actieplan"))
    kind = models.CharField(_("soort"), max_length=8, choices=ItemKind.choices, default=ItemKind.ACTION)
    number = models.CharField(
        _("nummer"), max_length=NUMBER_MAX_LENGTH, blank=True, validators=[validate_number]
    )
    title = models.CharField(_("titel"), max_length=500)
    position = models.PositiveIntegerField(_("volgorde"), default=1)
    start_year = models.PositiveSmallIntegerField(_("startjaar"), validators=year_validators())
    end_year = models.PositiveSmallIntegerField(_("eindjaar"), validators=year_validators())
    task_city = models.TextField(_("taak van het bestuur"), blank=True, max_length=TEXT_MAX_LENGTH)
    task_partners = models.TextField(_("taak van de partners"), blank=True, max_length=TEXT_MAX_LENGTH)
    task_citizens = models.TextField(_("taak van de burgers"), blank=True, max_length=TEXT_MAX_LENGTH)
    policy_field = models.ForeignKey(
        "plans.PolicyField",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beleidsveld"),
    )
    removed = models.BooleanField(_("geschrapt"), default=False)
    continues_action = models.ForeignKey(
        "plans.Action", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vervolg van")
    )
    objects = scoped_manager("proposal__draft__organisation")
    history = _history(_("historiek van actie in ontwerp"))

    class Meta:
        verbose_name = _("actie of project in ontwerp")
        verbose_name_plural = _("acties en projecten in ontwerp")
        ordering = ["proposal", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="draft_item_end_not_before_start",
                violation_error_message=_("Het eindjaar ligt vóór het startjaar. Pas een van beide aan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.title}" if self.number else self.title

    def clean(self) -> None:
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = ValidationError(
                END_BEFORE_START, params={"start": self.start_year, "end": self.end_year}
            )
        if self.proposal_id:
            draft = self.proposal.draft
            for field in ("start_year", "end_year"):
                year = getattr(self, field)
                if year and not draft.start_year <= year <= draft.end_year:
                    errors[field] = ValidationError(
                        YEAR_OUTSIDE_DRAFT, params={"year": year, "period": draft.period}
                    )
        if errors:
            raise ValidationError(errors)


class DraftAmount(Versioned):
    """A raming of a drafted actie: one year, category (E/I/F), direction and budget code."""

    item = models.ForeignKey(DraftItem, models.PROTECT, related_name="amounts", verbose_name=_("actie"))
    year = models.PositiveSmallIntegerField(_("jaar"), validators=year_validators())
    category = models.CharField(_("categorie"), max_length=1, choices=Category.choices)
    direction = models.CharField(
        _("uitgave of ontvangst"), max_length=10, choices=Direction.choices, default=Direction.EXPENSE
    )
    budget_code = models.CharField(
        _("budgetcode"),
        max_length=50,
        blank=True,
        help_text=_("Bv. 0950/6130000: beleidsveld en algemene rekening."),
    )
    amount = models.DecimalField(
        _("bedrag (EUR)"), max_digits=15, decimal_places=2, validators=[MinValueValidator(0)]
    )
    objects = scoped_manager("item__proposal__draft__organisation")
    history = _history(_("historiek van raming in ontwerp"))

    class Meta:
        verbose_name = _("raming in ontwerp")
        verbose_name_plural = _("ramingen in ontwerp")
        ordering = ["item", "year", "category", "direction", "budget_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "year", "category", "direction", "budget_code"],
                name="draft_amount_once",
                violation_error_message=_(
                    "Deze actie heeft al een raming voor dit jaar, deze categorie en deze budgetcode. "
                    "Pas die aan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="draft_amount_category_known"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="draft_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.year} {self.category}"

    def clean(self) -> None:
        if self.item_id and self.year:
            draft = self.item.proposal.draft
            if not draft.start_year <= self.year <= draft.end_year:
                raise ValidationError(
                    {
                        "year": ValidationError(
                            YEAR_OUTSIDE_DRAFT, params={"year": self.year, "period": draft.period}
                        )
                    }
                )
