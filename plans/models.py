"""The strategic plan: plans, goals, action plans, actions and projects.

Single-row rules live here (``clean()`` and database constraints); workflows that change
several rows live in modules named for them (``lifecycle.py``, later ``proposals.py``).
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
from core.numbering import belongs_to, is_valid_number, next_child
from core.scoping import scoped_manager
from plans.statuses import ON_HOLD_WITHOUT_EXPLANATION, Status  # noqa: F401 (read from here too)

MIN_YEAR = 1990
MAX_YEAR = 2100
EXPLANATION_MAX_LENGTH = 4000

INVALID_NUMBER = _(
    "Nummer “%(number)s” is ongeldig: gebruik letters en cijfers zoals het plan ze schrijft "
    "(bijvoorbeeld 40.2, SD 1, OD 1.2 of AP000012), zonder tabs of regeleinden, hoogstens %(max)d tekens."
)
ACTION_NUMBER_NOT_IN_ACTION_PLAN = _(
    "Actie %(number)s hoort niet bij actieplan %(action_plan)s: in een hiërarchisch genummerd plan "
    "verlengt het nummer van een actie dat van haar actieplan met één volgnummer (bijvoorbeeld "
    "%(example)s). Pas het nummer aan, of zet de nummering van het plan op vrij."
)
DUPLICATE_ACTION_PLAN_NUMBER = _("Dit plan heeft al een actieplan met dit nummer. Kies een ander nummer.")
DUPLICATE_ACTION_NUMBER = _("Dit actieplan heeft al een actie met dit nummer. Kies een ander nummer.")
DUPLICATE_GOAL_NUMBER = _("Dit plan heeft al een doelstelling met dit nummer. Kies een ander nummer.")
DUPLICATE_PROJECT_NAME = _("Dit plan heeft al een project met deze naam. Kies een andere naam.")
END_BEFORE_START = _("Het eindjaar (%(end)s) ligt vóór het startjaar (%(start)s). Pas een van beide aan.")
GOAL_OF_OTHER_PLAN = _("Deze doelstelling hoort bij een ander plan. Kies een doelstelling van %(plan)s.")
MERGE_TARGET_OTHER_PLAN = _(
    "Actie %(target)s hoort bij een ander plan. Bundel enkel in een actie van hetzelfde plan."
)
MERGE_TARGET_SELF = _("Een actie kan niet in zichzelf gebundeld worden. Kies een andere actie.")
MERGE_TARGET_INACTIVE = _("Actie %(target)s is zelf niet meer actief. Bundel enkel in een actieve actie.")
MERGE_TARGET_MISSING = _("Kies de actie waarin deze actie gebundeld werd.")
MERGE_TARGET_ONLY_WHEN_MERGED = _(
    "Enkel een gebundelde actie heeft een actie waarin ze gebundeld werd. Maak dit veld leeg of "
    "zet de stand in het plan op gebundeld."
)
LIFE_CYCLE_DATE_MISSING = _("Vul de datum in waarop het item geschrapt of gebundeld werd.")
LIFE_CYCLE_DATE_WHEN_ACTIVE = _(
    "Een actief item heeft geen datum van schrappen of bundelen. Maak dit veld leeg."
)
ROUND_OF_OTHER_PLAN = _("Deze rapportering hoort bij een ander plan. Kies een rapportering van %(plan)s.")
ENTITY_OF_OTHER_PLAN = _("Deze entiteit hoort bij een ander plan. Kies een entiteit van dit plan.")
OWNER_TWICE = _("Kies als eigenaar een persoon óf een dienst, niet allebei.")
ACTION_PLAN_CANNOT_MERGE = _(
    "Een actieplan kan niet gebundeld worden; enkel acties. Kies actief of geschrapt."
)


class ItemKind(models.TextChoices):
    """The three kinds of items that carry a status, by the names the addresses and exports use."""

    ACTION_PLAN = "actieplan", _("actieplan")
    ACTION = "actie", _("actie")
    PROJECT = "project", _("project")


class LifeCycle(models.TextChoices):
    """What approved changes did to an item. Nothing is ever hard-deleted."""

    ACTIVE = "active", _("actief")
    REMOVED = "removed", _("geschrapt")
    MERGED = "merged", _("gebundeld")


def year_validators() -> list:
    return [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


def validate_number(number: str) -> None:
    if not is_valid_number(number):
        raise ValidationError(
            INVALID_NUMBER, code="invalid_number", params={"number": number, "max": NUMBER_MAX_LENGTH}
        )


class Numbering(models.TextChoices):
    """How a plan numbers its items."""

    HIERARCHICAL = "hierarchical", _("hiërarchisch")
    FREE = "free", _("vrij")


class Plan(Versioned):
    name = models.CharField(_("naam"), max_length=200, help_text=_("Bv. Strategisch plan 2014–2019."))
    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="plans", verbose_name=_("organisatie")
    )
    authority = models.CharField(
        _("bestuur"),
        max_length=200,
        help_text=_("Het bestuur dat het plan opmaakt, zoals het in de stukken staat, bv. OCMW Turnhout."),
    )
    start_year = models.PositiveSmallIntegerField(_("startjaar"), validators=year_validators())
    end_year = models.PositiveSmallIntegerField(_("eindjaar"), validators=year_validators())
    slug = models.SlugField(
        _("korte naam"),
        max_length=80,
        unique=True,
        help_text=_("Unieke korte naam voor adressen en commando's, bv. turnhout-2014-2019."),
    )
    numbering = models.CharField(
        _("nummering"),
        max_length=20,
        choices=Numbering.choices,
        default=Numbering.HIERARCHICAL,
        help_text=_(
            "Hiërarchisch: het nummer van een actie verlengt dat van haar actieplan (10 → 10.2, "
            "OD 1.1 → OD 1.1.3). Vrij: elk nummer of elke code (AC000012), uniek in het plan."
        ),
    )
    # The BBC 2020 features a plan uses (plans/features.py): on for a new plan, as every plan since
    # 2020 follows BBC 2020; an older plan (2014–2019) has them off, and the beheerder switches them.
    uses_priorities = models.BooleanField(
        _("werkt met prioritaire acties"),
        default=True,
        help_text=_("Toont het kenmerk prioritair en de filter 'enkel prioritair'."),
    )
    uses_money = models.BooleanField(
        _("werkt met bedragen"),
        default=True,
        help_text=_("Toont de pagina Financiën en de knop Bedragen importeren."),
    )
    uses_indicators = models.BooleanField(
        _("werkt met indicatoren"),
        default=True,
        help_text=_("Toont de pagina Indicatoren en de indicatoren bij de actieplannen."),
    )
    objects = scoped_manager("organisation")
    history = HistoricalRecords(verbose_name=_("historiek van strategisch plan"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("strategisch plan")
        verbose_name_plural = _("strategische plannen")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="plan_end_not_before_start",
                violation_error_message=_("Het eindjaar ligt vóór het startjaar. Pas een van beide aan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.authority})"

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {
                    "end_year": ValidationError(
                        END_BEFORE_START,
                        code="end_before_start",
                        params={"start": self.start_year, "end": self.end_year},
                    )
                }
            )


def external_code_field() -> models.CharField:
    return models.CharField(
        _("code digitale rapportering"),
        max_length=50,
        blank=True,
        help_text=_(
            "De code van het item in het financiële pakket en de digitale rapportering, bv. AC000012."
        ),
    )


def priority_field(help_text) -> models.BooleanField:
    return models.BooleanField(_("prioritair"), default=False, help_text=help_text)


class Entity(Versioned):
    """An entity of an integrated plan: gemeente, OCMW, AGB … Each actie belongs to one."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="entities", verbose_name=_("plan"))
    code = models.CharField(_("code"), max_length=20, help_text=_("Kort, bv. GEM, OCMW of AGB."))
    name = models.CharField(_("naam"), max_length=200, help_text=_("Bv. Gemeente Voorbeeldgemeente."))
    objects = scoped_manager("plan__organisation")
    history = HistoricalRecords(verbose_name=_("historiek van entiteit"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("entiteit")
        verbose_name_plural = _("entiteiten")
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="entity_code_unique_in_plan",
                violation_error_message=_(
                    "Dit plan heeft al een entiteit met deze code. Kies een andere code."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PolicyField(Versioned):
    """A beleidsveld of the BBC code list (bv. 0119 Overige algemene diensten); one list per
    installation, imported by the beheerder."""

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("Bv. 0119."))
    name = models.CharField(_("naam"), max_length=200, help_text=_("Bv. Overige algemene diensten."))
    history = HistoricalRecords(verbose_name=_("historiek van beleidsveld"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("beleidsveld")
        verbose_name_plural = _("beleidsvelden")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class NaturallyOrdered(models.Model):
    """Numbered items keep a sort key beside their number (filled by ``core/changes.py``), so the
    database orders 10.2 before 10.10."""

    sort_key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        abstract = True


class Goal(NaturallyOrdered, Versioned):
    """A beleidsdoelstelling / strategische doelstelling (SD): an optional grouping of action plans."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="goals", verbose_name=_("plan"))
    number = models.CharField(
        _("nummer"),
        max_length=NUMBER_MAX_LENGTH,
        validators=[validate_number],
        help_text=_("Zoals het plan het schrijft, bv. 1, SD 1 of BD000003."),
    )
    title = models.CharField(_("titel"), max_length=500)
    domain = models.CharField(
        _("domein"),
        max_length=200,
        blank=True,
        help_text=_("Het hoofdstuk of domein, bv. MENSEN STERKER MAKEN."),
    )
    description = models.TextField(_("omschrijving"), blank=True)
    external_code = external_code_field()
    continues = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("vervolg van"),
        help_text=_("De doelstelling van het vorige plan die dit item voortzet."),
    )
    objects = scoped_manager("plan__organisation")
    history = HistoricalRecords(verbose_name=_("historiek van doelstelling"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")
        ordering = ["plan", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "sort_key"],
                name="goal_number_unique_in_plan",
                violation_error_message=DUPLICATE_GOAL_NUMBER,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Department(Versioned):
    """A dienst: a team with a head and members that can own items of the plan."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="departments",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=200, help_text=_("Zoals de organisatie de dienst noemt."))
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("diensthoofd"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="departments", verbose_name=_("leden")
    )
    objects = scoped_manager("organisation")
    history = HistoricalRecords(
        verbose_name=_("historiek van dienst"), m2m_fields=[members], excluded_fields=["version"]
    )

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="department_name_once_per_organisation",
                violation_error_message=_("Er is al een dienst met deze naam. Kies een andere naam."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PlanItemQuerySet(models.QuerySet):
    def active(self) -> "PlanItemQuerySet":
        return self.filter(life_cycle=LifeCycle.ACTIVE)

    def with_status(self, status: str) -> "PlanItemQuerySet":
        return self.filter(status=status)


class PlanItem(Versioned):
    """What every item of the plan that gets a status in the rapportering has."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.NOT_STARTED,
        help_text=_("Regulier: opgenomen in de reguliere werking."),
    )
    explanation = models.TextField(
        _("toelichting"),
        blank=True,
        max_length=EXPLANATION_MAX_LENGTH,
        help_text=_("Korte stand van zaken voor de rapportering."),
    )
    explanation_internal = models.BooleanField(
        _("toelichting intern"),
        default=False,
        help_text=_("Enkel voor de raad en de organisatie: de publieke website toont deze toelichting niet."),
    )
    life_cycle = models.CharField(
        _("stand in het plan"),
        max_length=20,
        choices=LifeCycle.choices,
        default=LifeCycle.ACTIVE,
        help_text=_("Geschrapt of gebundeld na een goedgekeurd wijzigingsvoorstel; nooit verwijderd."),
    )
    life_cycle_date = models.DateField(
        _("datum geschrapt/gebundeld"),
        null=True,
        blank=True,
        help_text=_("Wanneer het item geschrapt of gebundeld werd."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_%(class)ss",
        verbose_name=_("eigenaar (persoon)"),
        help_text=_("Wie de status en toelichting bijwerkt. Kies een persoon óf een dienst."),
    )
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_%(class)ss",
        verbose_name=_("eigenaar (dienst)"),
        help_text=_("Elk lid en het hoofd van de dienst werken de status en toelichting bij."),
    )
    objects = PlanItemQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.life_cycle == LifeCycle.ACTIVE

    def clean_owner(self) -> dict[str, ValidationError]:
        """One eigenaar at most: a person or a dienst."""
        errors = {}
        if self.owner_id and self.department_id:
            errors["department"] = ValidationError(OWNER_TWICE, code="owner_twice")
        return errors

    def clean_life_cycle(self) -> dict[str, ValidationError]:
        errors = {}
        if self.life_cycle == LifeCycle.ACTIVE and self.life_cycle_date:
            errors["life_cycle_date"] = ValidationError(LIFE_CYCLE_DATE_WHEN_ACTIVE, code="date_when_active")
        if self.life_cycle != LifeCycle.ACTIVE and not self.life_cycle_date:
            errors["life_cycle_date"] = ValidationError(LIFE_CYCLE_DATE_MISSING, code="date_missing")
        return errors


def status_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(status__in=Status.values),
            name=f"{prefix}_status_known",
            violation_error_message=_(
                "Onbekende status. Kies niet gestart, loopt, on hold, afgewerkt of regulier."
            ),
        ),
        models.CheckConstraint(
            condition=Q(life_cycle__in=LifeCycle.values),
            name=f"{prefix}_life_cycle_known",
            violation_error_message=_("Onbekende stand in het plan. Kies actief, geschrapt of gebundeld."),
        ),
        models.CheckConstraint(
            condition=Q(owner__isnull=True) | Q(department__isnull=True),
            name=f"{prefix}_one_owner",
            violation_error_message=OWNER_TWICE,
        ),
    ]


class Timed(models.Model):
    """When an item runs: a year range ("2020 - 2022"), one year, or free text ("korte termijn")."""

    start_year = models.PositiveSmallIntegerField(
        _("startjaar"), null=True, blank=True, validators=year_validators()
    )
    end_year = models.PositiveSmallIntegerField(
        _("eindjaar"), null=True, blank=True, validators=year_validators()
    )
    timing = models.CharField(
        _("timing (vrij)"),
        max_length=100,
        blank=True,
        help_text=_("Wanneer geen jaartallen gekend zijn, bv. “korte termijn” of “lange termijn”."),
    )

    class Meta:
        abstract = True

    @property
    def timing_display(self) -> str:
        """The timing as the plan writes it: "2015 - 2017", "2016", or the free text."""
        if self.start_year and self.end_year and self.start_year != self.end_year:
            return f"{self.start_year} - {self.end_year}"
        return str(self.start_year or self.end_year or "") or self.timing

    def clean_timing(self) -> dict[str, ValidationError]:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            params = {"start": self.start_year, "end": self.end_year}
            return {"end_year": ValidationError(END_BEFORE_START, code="end_before_start", params=params)}
        return {}


def timing_constraint(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end_year__isnull=True)
        | Q(start_year__isnull=True)
        | Q(end_year__gte=models.F("start_year")),
        name=f"{prefix}_end_not_before_start",
        violation_error_message=_("Het eindjaar ligt vóór het startjaar. Pas een van beide aan."),
    )


class ActionPlanQuerySet(PlanItemQuerySet):
    def in_plan(self, plan: Plan) -> "ActionPlanQuerySet":
        return self.filter(plan=plan)


class ActionPlan(PlanItem, NaturallyOrdered, Timed):
    plan = models.ForeignKey(Plan, models.PROTECT, related_name="action_plans", verbose_name=_("plan"))
    goal = models.ForeignKey(
        Goal,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("doelstelling"),
        help_text=_("Optioneel: de strategische doelstelling."),
    )
    number = models.CharField(
        _("nummer"),
        max_length=NUMBER_MAX_LENGTH,
        validators=[validate_number],
        help_text=_("Een identificatie, geen volgorde: bv. 10, 30, 460."),
    )
    title = models.CharField(_("titel"), max_length=500, help_text=_("Bv. “We stimuleren zelfhulp.”"))
    points_of_attention = models.TextField(_("aandachtspunten"), blank=True)
    responsible = models.CharField(_("verantwoordelijke"), max_length=200, blank=True)
    political_contact = models.CharField(_("politiek aanspreekpunt"), max_length=200, blank=True)
    partners = models.TextField(_("te betrekken partners"), blank=True)
    budget = models.DecimalField(
        _("budgetenveloppe (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    priority = priority_field(
        _(
            "Het actieplan als geheel is prioritair. Een actieplan met een prioritaire actie is dat ook "
            "zonder dit vinkje."
        )
    )
    external_code = external_code_field()
    continues = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("vervolg van"),
        help_text=_("De actieplan van het vorige plan die dit item voortzet."),
    )
    history = HistoricalRecords(verbose_name=_("historiek van actieplan"), excluded_fields=["version"])

    objects = scoped_manager("plan__organisation", ActionPlanQuerySet)

    class Meta:
        verbose_name = _("actieplan")
        verbose_name_plural = _("actieplannen")
        ordering = ["plan", "sort_key"]
        indexes = [models.Index(fields=["plan", "sort_key"], name="actionplan_plan_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "sort_key"],
                name="action_plan_number_unique_in_plan",
                violation_error_message=DUPLICATE_ACTION_PLAN_NUMBER,
            ),
            models.CheckConstraint(
                condition=~Q(life_cycle=LifeCycle.MERGED),
                name="action_plan_not_merged",
                violation_error_message=ACTION_PLAN_CANNOT_MERGE,
            ),
            timing_constraint("action_plan"),
            *status_constraints("action_plan"),
        ]

    def __str__(self) -> str:
        return _("Actieplan %(number)s") % {"number": self.number}

    def clean(self) -> None:
        errors = self.clean_life_cycle() | self.clean_timing() | self.clean_owner()
        if self.life_cycle == LifeCycle.MERGED:
            errors["life_cycle"] = ValidationError(ACTION_PLAN_CANNOT_MERGE, code="action_plan_merged")
        if self.goal_id and self.plan_id and self.goal.plan_id != self.plan_id:
            errors["goal"] = ValidationError(
                GOAL_OF_OTHER_PLAN, code="goal_other_plan", params={"plan": self.plan}
            )
        if errors:
            raise ValidationError(errors)


class ActionQuerySet(PlanItemQuerySet):
    def in_plan(self, plan: Plan) -> "ActionQuerySet":
        return self.filter(action_plan__plan=plan)


class Action(PlanItem, NaturallyOrdered, Timed):
    action_plan = models.ForeignKey(
        ActionPlan, models.PROTECT, related_name="actions", verbose_name=_("actieplan")
    )
    number = models.CharField(
        _("nummer"),
        max_length=NUMBER_MAX_LENGTH,
        validators=[validate_number],
        help_text=_(
            "Zoals het plan het schrijft. Hiërarchisch genummerd: het nummer van het actieplan met één "
            "volgnummer erbij, bv. 40.2 of OD 1.1.3."
        ),
    )
    title = models.CharField(_("titel"), max_length=500)
    responsible = models.CharField(_("verantwoordelijke"), max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("gebundeld in"),
        help_text=_("Enkel voor een gebundelde actie: de actie die verdergaat."),
    )
    priority = priority_field(_("Een prioritaire actie maakt haar actieplan en doelstelling prioritair."))
    policy_field = models.ForeignKey(
        PolicyField,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("beleidsveld"),
    )
    entity = models.ForeignKey(
        Entity,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("entiteit"),
        help_text=_("In een geïntegreerd plan: gemeente, OCMW, AGB …"),
    )
    external_code = external_code_field()
    continues = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("vervolg van"),
        help_text=_("De actie van het vorige plan die dit item voortzet."),
    )
    history = HistoricalRecords(verbose_name=_("historiek van actie"), excluded_fields=["version"])

    objects = scoped_manager("action_plan__plan__organisation", ActionQuerySet)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["sort_key", "action_plan"]
        indexes = [models.Index(fields=["action_plan", "sort_key"], name="action_plan_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["action_plan", "sort_key"],
                name="action_number_unique_in_action_plan",
                violation_error_message=DUPLICATE_ACTION_NUMBER,
            ),
            timing_constraint("action"),
            models.CheckConstraint(
                condition=Q(life_cycle=LifeCycle.MERGED, merged_into__isnull=False)
                | (~Q(life_cycle=LifeCycle.MERGED) & Q(merged_into__isnull=True)),
                name="action_merged_has_target",
                violation_error_message=MERGE_TARGET_MISSING,
            ),
            *status_constraints("action"),
        ]

    def __str__(self) -> str:
        return _("Actie %(number)s") % {"number": self.number}

    def clean(self) -> None:
        errors = self.clean_life_cycle() | self.clean_timing() | self.clean_owner()
        # The action plan may be unsaved here (a new action plan with its actions inline).
        action_plan = (
            self.action_plan if self.action_plan_id or "action_plan" in self._state.fields_cache else None
        )
        if number_error := self.numbering_error(action_plan):
            errors["number"] = number_error
        if merge_error := self.merge_error(action_plan):
            errors["merged_into"] = merge_error
        if self.entity_id and action_plan is not None and self.entity.plan_id != action_plan.plan_id:
            errors["entity"] = ValidationError(ENTITY_OF_OTHER_PLAN, code="entity_other_plan")
        if errors:
            raise ValidationError(errors)

    def numbering_error(self, action_plan: ActionPlan | None) -> ValidationError | None:
        """In a hierarchically numbered plan, the number must extend the actieplan's by one part."""
        if action_plan is None or not is_valid_number(self.number):
            return None
        plan = action_plan.plan if action_plan.plan_id or "plan" in action_plan._state.fields_cache else None
        if (
            plan is None
            or plan.numbering != Numbering.HIERARCHICAL
            or belongs_to(self.number, action_plan.number)
        ):
            return None
        example = next_child(action_plan.number, [])
        return ValidationError(
            ACTION_NUMBER_NOT_IN_ACTION_PLAN,
            code="number_not_in_action_plan",
            params={"number": self.number, "action_plan": action_plan.number, "example": example},
        )

    def merge_error(self, action_plan: ActionPlan | None) -> ValidationError | None:
        target = self.merged_into
        if self.life_cycle != LifeCycle.MERGED:
            if target is None:
                return None
            return ValidationError(MERGE_TARGET_ONLY_WHEN_MERGED, code="target_when_not_merged")
        if target is None:
            return ValidationError(MERGE_TARGET_MISSING, code="target_missing")
        if self.pk and target.pk == self.pk:
            return ValidationError(MERGE_TARGET_SELF, code="target_self")
        params = {"target": target.number}
        if action_plan and target.action_plan.plan_id != action_plan.plan_id:
            return ValidationError(MERGE_TARGET_OTHER_PLAN, code="target_other_plan", params=params)
        if not target.is_active:
            return ValidationError(MERGE_TARGET_INACTIVE, code="target_inactive", params=params)
        return None


class ProjectQuerySet(PlanItemQuerySet):
    def in_plan(self, plan: Plan) -> "ProjectQuerySet":
        return self.filter(plan=plan)


class Project(PlanItem):
    """A cross-cutting project (NEWTON, BOOST, Welzijns-campus…), linked to action plans and actions."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="projects", verbose_name=_("plan"))
    name = models.CharField(_("naam"), max_length=200)
    project_leader = models.CharField(_("projectleider"), max_length=200, blank=True)
    action_plans = models.ManyToManyField(
        ActionPlan, blank=True, related_name="projects", verbose_name=_("actieplannen")
    )
    actions = models.ManyToManyField(Action, blank=True, related_name="projects", verbose_name=_("acties"))
    history = HistoricalRecords(
        verbose_name=_("historiek van project"),
        m2m_fields=[action_plans, actions],
        excluded_fields=["version"],
    )

    objects = scoped_manager("plan__organisation", ProjectQuerySet)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        ordering = ["plan", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="project_name_unique_in_plan",
                violation_error_message=DUPLICATE_PROJECT_NAME,
            ),
            models.CheckConstraint(
                condition=~Q(life_cycle=LifeCycle.MERGED),
                name="project_not_merged",
                violation_error_message=_("Een project kan niet gebundeld worden. Kies actief of geschrapt."),
            ),
            *status_constraints("project"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = self.clean_life_cycle() | self.clean_owner()
        if self.life_cycle == LifeCycle.MERGED:
            errors["life_cycle"] = ValidationError(
                _("Een project kan niet gebundeld worden. Kies actief of geschrapt."),
                code="project_merged",
            )
        if errors:
            raise ValidationError(errors)


class AmountKind(models.TextChoices):
    """Money planned or spent: the meerjarenplan's ramingen, the bookkeeping's realisaties."""

    ESTIMATE = "raming", _("raming")
    ACTUAL = "realisatie", _("realisatie")


class Category(models.TextChoices):
    """The three BBC categories of money (E/I/F)."""

    OPERATING = "E", _("exploitatie")
    INVESTMENT = "I", _("investeringen")
    FINANCING = "F", _("financiering")


class Direction(models.TextChoices):
    EXPENSE = "uitgave", _("uitgaven")
    RECEIPT = "ontvangst", _("ontvangsten")


AMOUNT_YEAR_OUTSIDE_PLAN = _(
    "Het jaar %(year)s valt buiten het plan (%(period)s). Kies een jaar van het plan."
)


class Amount(Versioned):
    """One figure of an actie: its raming or realisatie of one year, category and direction, in euro
    with cents. The totals of actieplannen, doelstellingen, entiteiten and the plan are sums of
    these (``plans/money.py``)."""

    action = models.ForeignKey(Action, models.PROTECT, related_name="amounts", verbose_name=_("actie"))
    kind = models.CharField(_("soort"), max_length=12, choices=AmountKind.choices)
    year = models.PositiveSmallIntegerField(_("jaar"), validators=year_validators())
    category = models.CharField(_("categorie"), max_length=1, choices=Category.choices)
    direction = models.CharField(_("uitgave of ontvangst"), max_length=10, choices=Direction.choices)
    amount = models.DecimalField(_("bedrag (EUR)"), max_digits=15, decimal_places=2)
    source = models.CharField(
        _("bron"), max_length=255, blank=True, help_text=_("Het bestand waaruit het bedrag kwam.")
    )
    objects = scoped_manager("action__action_plan__plan__organisation")
    history = HistoricalRecords(verbose_name=_("historiek van bedrag"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("bedrag")
        verbose_name_plural = _("bedragen")
        ordering = ["action", "kind", "year", "category", "direction"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "year", "category", "direction"],
                name="amount_unique_per_action_year",
                violation_error_message=_(
                    "Deze actie heeft voor dit jaar al een bedrag van deze soort, categorie en richting. "
                    "Pas dat bedrag aan."
                ),
            ),
            models.CheckConstraint(condition=Q(kind__in=AmountKind.values), name="amount_kind_known"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="amount_category_known"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="amount_direction_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.get_kind_display()} {self.year} {self.category} {self.direction}"

    def clean(self) -> None:
        if self.action_id and self.year:
            plan = self.action.action_plan.plan
            if not plan.start_year <= self.year <= plan.end_year:
                raise ValidationError(
                    {
                        "year": ValidationError(
                            AMOUNT_YEAR_OUTSIDE_PLAN,
                            code="year_outside_plan",
                            params={"year": self.year, "period": plan.period},
                        )
                    }
                )


class ProposalKind(models.TextChoices):
    REMOVE = "remove", _("schrappen")
    REWORD = "reword", _("herformuleren")
    MERGE = "merge", _("bundelen")
    # Only in an aanpassing of the meerjarenplan (a proposal with a plan_version):
    ADD = "add", _("toevoegen")
    AMOUNTS = "amounts", _("ramingen wijzigen")
    PRIORITY = "priority", _("prioriteit wijzigen")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("ontwerp")
    SUBMITTED = "submitted", _("ingediend")
    APPROVED = "approved", _("goedgekeurd")
    ENDORSED = "endorsed", _("akkoord college")  # an aanpassing's proposal after the college's step
    REJECTED = "rejected", _("afgewezen")
    APPLIED = "applied", _("doorgevoerd")
    WITHDRAWN = "withdrawn", _("ingetrokken")


OPEN_STATES = (ProposalState.DRAFT, ProposalState.SUBMITTED, ProposalState.APPROVED, ProposalState.ENDORSED)


class ChangeProposalQuerySet(models.QuerySet):
    def open(self) -> "ChangeProposalQuerySet":
        return self.filter(state__in=OPEN_STATES)

    def in_plan(self, plan: Plan) -> "ChangeProposalQuerySet":
        return self.filter(plan=plan)


def step_taker(label) -> models.ForeignKey:
    """The user who took one step of a proposal's workflow (empty until the step is taken)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=label
    )


class ChangeProposal(Versioned):
    """A wijzigingsvoorstel: drafted by the cel, reviewed by the MT, applied after the raad decides.

    The rules of its workflow live in ``plans/proposals.py``.
    """

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="proposals", verbose_name=_("plan"))
    kind = models.CharField(_("soort"), max_length=20, choices=ProposalKind.choices)
    action_plan = models.ForeignKey(
        ActionPlan,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("actieplan"),
        help_text=_(
            "Het actieplan waarover het voorstel gaat; zonder acties gaat het over het actieplan zelf. "
            "Leeg bij een nieuw actieplan."
        ),
    )
    goal = models.ForeignKey(
        Goal,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("doelstelling"),
        help_text=_("Bij een nieuw actieplan: de doelstelling waaronder het komt."),
    )
    # A lazy reference, as for the round: the aanpassing (a version in ontwerp) that gathers it.
    plan_version = models.ForeignKey(
        "versions.PlanVersion",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("aanpassing"),
        help_text=_(
            "De aanpassing van het meerjarenplan waarin de raad het voorstel samen met de rest vaststelt."
        ),
    )
    details = models.JSONField(
        _("inhoud"),
        default=dict,
        blank=True,
        help_text=_("Wat toevoegen, ramingen wijzigen of prioriteit wijzigen precies voorstelt."),
    )
    actions = models.ManyToManyField(
        Action,
        blank=True,
        related_name="proposals",
        verbose_name=_("acties"),
        help_text=_("De acties om te schrappen of te herformuleren, of om te bundelen."),
    )
    merge_into = models.ForeignKey(
        Action,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merge_proposals",
        verbose_name=_("bundelen in bestaande actie"),
    )
    new_action_number = models.CharField(
        _("nummer nieuwe actie"),
        max_length=NUMBER_MAX_LENGTH,
        blank=True,
        validators=[validate_number],
        help_text=_("Bij bundelen in een nieuwe actie."),
    )
    new_title = models.TextField(
        _("nieuwe formulering"),
        blank=True,
        max_length=500,
        help_text=_("Herformuleren: de nieuwe titel. Bundelen: de titel van de actie die verdergaat."),
    )
    motivation = models.TextField(_("motivering"), max_length=EXPLANATION_MAX_LENGTH)
    # A lazy reference: plans never imports rounds, but a proposal is reported in one round.
    round = models.ForeignKey(
        "rounds.ReportingRound",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("rapportering"),
        help_text=_("De rapportering waarin het voorstel aan de raad gemeld wordt."),
    )
    titles_when_written = models.JSONField(default=dict, editable=False)
    state = models.CharField(
        _("stand"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("opgesteld door")
    )
    created_at = models.DateTimeField(_("opgesteld op"), default=clock.now, editable=False)
    submitted_by = step_taker(_("ingediend door"))
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    decided_by = step_taker(_("beoordeeld door"))
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    endorsed_by = step_taker(_("akkoord college genoteerd door"))
    endorsed_at = models.DateTimeField(_("akkoord college op"), null=True, blank=True)
    remark = models.TextField(_("opmerking managementteam"), blank=True, max_length=EXPLANATION_MAX_LENGTH)
    council_decision_date = models.DateField(_("datum raadsbeslissing"), null=True, blank=True)
    applied_by = step_taker(_("doorgevoerd door"))
    applied_at = models.DateTimeField(_("doorgevoerd op"), null=True, blank=True)
    history = HistoricalRecords(
        verbose_name=_("historiek van wijzigingsvoorstel"), m2m_fields=[actions], excluded_fields=["version"]
    )

    objects = scoped_manager("plan__organisation", ChangeProposalQuerySet)

    class Meta:
        verbose_name = _("wijzigingsvoorstel")
        verbose_name_plural = _("wijzigingsvoorstellen")
        ordering = ["plan", "action_plan__sort_key", "pk"]
        permissions = [
            ("review_changeproposal", _("kan wijzigingsvoorstellen goedkeuren of afwijzen")),
            ("apply_changeproposal", _("kan wijzigingsvoorstellen doorvoeren na de raadsbeslissing")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProposalKind.values),
                name="proposal_kind_known",
                violation_error_message=_(
                    "Onbekende soort. Kies schrappen, herformuleren, bundelen, toevoegen, ramingen wijzigen "
                    "of prioriteit wijzigen."
                ),
            ),
            models.CheckConstraint(condition=Q(state__in=ProposalState.values), name="proposal_state_known"),
        ]

    def __str__(self) -> str:
        return _("wijzigingsvoorstel #%(number)s") % {"number": self.pk}

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def clean(self) -> None:
        if self.round_id and self.plan_id and self.round.plan_id != self.plan_id:
            raise ValidationError(
                {
                    "round": ValidationError(
                        ROUND_OF_OTHER_PLAN, code="round_other_plan", params={"plan": self.plan}
                    )
                }
            )


class Comment(models.Model):
    """A remark in the short thread between the cel and an item's eigenaar. Internal: never in the
    raad's workbook or verslag. Never edited or removed, so it needs no history of its own."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="comments", verbose_name=_("plan"))
    kind = models.CharField(_("soort item"), max_length=10, choices=ItemKind.choices)
    item_id = models.BigIntegerField(_("item"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    text = models.TextField(_("opmerking"), max_length=2000)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in", verbose_name=_("vermeld")
    )
    created_at = models.DateTimeField(_("geplaatst op"), default=clock.now)

    objects = scoped_manager("plan__organisation")

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["kind", "item_id", "created_at"], name="comment_item")]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id}: {self.text[:40]}"


class Preferences(Versioned):
    """What a user chose for themselves. A user without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="preferences", verbose_name=_("gebruiker")
    )
    reminders = models.BooleanField(
        _("herinneringen per e-mail"),
        default=True,
        help_text=_(
            "Herinneringen voor een rapportering. Een vraag om aanvulling of een vermelding krijgt u altijd."
        ),
    )
    history = HistoricalRecords(verbose_name=_("historiek van voorkeuren"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("voorkeuren")
        verbose_name_plural = _("voorkeuren")

    def __str__(self) -> str:
        return str(self.user)
