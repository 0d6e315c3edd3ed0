from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from plans import features
from plans.features import Feature
from plans.finances import FinanceFilters
from plans.models import (
    EXPLANATION_MAX_LENGTH,
    Action,
    ActionPlan,
    AmountKind,
    ChangeProposal,
    LifeCycle,
    Plan,
    ProposalKind,
    ProposalState,
    Status,
)
from plans.statuses import naming_statuses

UNKNOWN_STATUS = naming_statuses(_("Onbekende status “%(value)s”. Kies {statuses}."))
EXPLANATION_TOO_LONG = _(
    "De toelichting is te lang: %(show_value)d tekens, het maximum is %(limit_value)d. Kort ze in."
)
VERSION_MISSING = _("Deze pagina is verouderd. Herlaad ze en probeer opnieuw.")


def _one_kind_of_line_break(text: str) -> str:
    return text.replace("\r\n", "\n")


STATUS_FIELDS = ("status", "explanation", "explanation_internal")


class StatusForm(forms.Form):
    """One row of the status page: status, toelichting and whether it is internal, with the values and
    version the editor loaded, so that only what the editor changed is saved."""

    status = forms.ChoiceField(
        label=_("status"),
        choices=Status.choices,
        error_messages={"invalid_choice": UNKNOWN_STATUS, "required": _("Kies een status.")},
    )
    explanation = forms.CharField(
        label=_("toelichting"),
        required=False,
        max_length=EXPLANATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": EXPLANATION_TOO_LONG},
    )
    explanation_internal = forms.BooleanField(
        label=_("Toelichting is intern (niet op de publieke website)"), required=False
    )
    seen_status = forms.CharField(required=False, widget=forms.HiddenInput)
    seen_explanation = forms.CharField(required=False, widget=forms.HiddenInput)
    # "1" or empty; a form without the box (an older page) saw and sends "not internal": no edit.
    seen_explanation_internal = forms.BooleanField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "required": VERSION_MISSING,
            "invalid": VERSION_MISSING,
            "min_value": VERSION_MISSING,
        },
    )

    def clean_explanation(self) -> str:
        return _one_kind_of_line_break(self.cleaned_data["explanation"])

    def clean_seen_explanation(self) -> str:
        return _one_kind_of_line_break(self.cleaned_data["seen_explanation"])

    def edits(self) -> dict[str, str | bool]:
        """The fields the editor changed, with their new values."""
        data = self.cleaned_data
        return {name: data[name] for name in STATUS_FIELDS if data[name] != data[f"seen_{name}"]}

    def seen(self) -> dict[str, str | bool]:
        return {name: self.cleaned_data[f"seen_{name}"] for name in STATUS_FIELDS}


class PlainSelect(forms.Select):
    """A drop-down written without a template per option: a big plan's filters have hundreds."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            "{}",
            (
                (
                    format_html('<option value="{}" selected>{}</option>', option, label)
                    if str(option) == chosen
                    else format_html('<option value="{}">{}</option>', option, label),
                )
                for option, label in self.choices
            ),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)


class OverviewFilterForm(forms.Form):
    """The filters of the plan overview; every field is optional."""

    q = forms.CharField(label=_("zoeken"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("status"), required=False, widget=PlainSelect)
    responsible = forms.ChoiceField(label=_("verantwoordelijke"), required=False, widget=PlainSelect)
    show_inactive = forms.BooleanField(label=_("ook geschrapte en gebundelde tonen"), required=False)

    def __init__(
        self, *args, responsibles: list[str], entities: list | None = None, plan: Plan | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("alle statussen")), *Status.choices]
        add_priority_filters(self, entities or [], plan=plan)
        self.fields["delayed"] = forms.BooleanField(
            label=_("enkel vertraagd"),
            required=False,
            help_text=_("Voorbij het eindjaar en niet afgewerkt of regulier, zelf of in een van de acties."),
        )
        # The tracks of indicators/series.py (Track), as the indicator list's ?koers= names them.
        self.fields["koers"] = forms.ChoiceField(
            label=_("indicatoren"),
            required=False,
            widget=PlainSelect,
            choices=[
                ("", _("alle")),
                ("niet_op_koers", _("met een indicator niet op koers")),
                ("op_koers", _("met een indicator op koers")),
            ],
            help_text=_("Actieplannen die zelf, via hun doelstelling of via een actie een indicator volgen."),
        )
        if plan is not None and not features.uses(plan, Feature.INDICATORS):
            del self.fields["koers"]
        self.entities = entities or []
        if responsibles:
            self.fields["responsible"].choices = [("", _("alle verantwoordelijken"))] + [
                (r, r) for r in responsibles
            ]
        else:  # a filter without values only gets in the way
            del self.fields["responsible"]
        self.fields["q"].widget.attrs.update(placeholder=_("nummer of titel"), type="search")

    def shows_inactive(self) -> bool:
        return self.is_valid() and self.cleaned_data["show_inactive"]

    def life_cycles(self) -> list[str]:
        return list(LifeCycle.values) if self.shows_inactive() else [LifeCycle.ACTIVE]


class ProjectFilterForm(forms.Form):
    """The filters of the projects page; a filter without values is left out."""

    status = forms.ChoiceField(label=_("status"), required=False, widget=PlainSelect)
    action_plan = forms.ChoiceField(label=_("gekoppeld aan actieplan"), required=False, widget=PlainSelect)
    leader = forms.ChoiceField(label=_("projectleider"), required=False, widget=PlainSelect)
    show_inactive = forms.BooleanField(label=_("ook geschrapte tonen"), required=False)

    def __init__(self, *args, action_plans: list[ActionPlan], leaders: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("alle statussen")), *Status.choices]
        if action_plans:
            self.fields["action_plan"].choices = [("", _("alle actieplannen"))] + [
                (ap.number, f"{ap.number} {ap.title}"[:60]) for ap in action_plans
            ]
        else:
            del self.fields["action_plan"]
        if leaders:
            self.fields["leader"].choices = [("", _("alle projectleiders"))] + [(n, n) for n in leaders]
        else:
            del self.fields["leader"]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status", ""),
            "action_plan": data.get("action_plan", ""),
            "leader": data.get("leader", ""),
            "include_inactive": bool(data.get("show_inactive")),
        }


def rounds_of(plan: Plan):
    """The plan's reporting rounds, newest first (the model lives in rounds, above plans)."""
    return ChangeProposal.round.field.related_model.objects.filter(plan=plan).order_by("-date", "-pk")


OLD_KINDS = (ProposalKind.REMOVE, ProposalKind.REWORD, ProposalKind.MERGE)  # the others: plans/amendments.py


class ProposalForm(forms.Form):
    """A change proposal as the cel writes it on an actieplan's page."""

    kind = forms.ChoiceField(
        label=_("soort"),
        choices=ProposalKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat u voorstelt: schrappen, herformuleren of bundelen.")},
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("acties"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vink niets aan om het actieplan zelf te schrappen of te herformuleren."),
    )
    merge_into = forms.ModelChoiceField(
        label=_("bundelen in bestaande actie"),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_("— een nieuwe actie —"),
    )
    new_action_number = forms.CharField(label=_("nummer nieuwe actie"), required=False, max_length=20)
    new_title = forms.CharField(
        label=_("nieuwe formulering"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Herformuleren: de nieuwe titel. Bundelen: de titel van de actie die verdergaat."),
    )
    motivation = forms.CharField(
        label=_("motivering"),
        max_length=EXPLANATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Schrijf een motivering: waarom stelt de cel dit voor?")},
    )
    round = forms.ModelChoiceField(
        label=_("rapportering"),
        queryset=ChangeProposal.objects.none(),
        required=False,
        empty_label=_("— nog geen rapportering —"),
        help_text=_("De rapportering waarin het voorstel aan de raad gemeld wordt."),
    )
    # When editing: the version the cel opened, so an edit on an outdated copy is refused.
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, error_messages={"required": VERSION_MISSING}
    )

    def __init__(self, *args, action_plan: ActionPlan, fixed_kind: bool = False, aanpassing=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Schrappen, herformuleren and bundelen belong to an aanpassing in ontwerp, or stand alone.
        self.fields["kind"].choices = [
            (value, label) for value, label in ProposalKind.choices if value in OLD_KINDS
        ]
        if aanpassing is not None:
            self.fields["in_aanpassing"] = forms.BooleanField(
                label=_("in aanpassing %(name)s") % {"name": aanpassing.name},
                required=False,
                initial=True,
                help_text=_(
                    "De raad stelt het voorstel dan vast samen met de rest van de aanpassing. Vink uit "
                    "om het apart door de raad te laten beslissen."
                ),
            )
        active = action_plan.actions.active().order_by("sort_key")
        self.fields["actions"].queryset = active
        self.fields["merge_into"].queryset = active
        self.fields["actions"].label_from_instance = lambda a: f"{a.number} {a.title}"
        self.fields["merge_into"].label_from_instance = lambda a: f"{a.number} {a.title}"
        self.fields["round"].queryset = rounds_of(action_plan.plan)
        if fixed_kind:
            self.fields["kind"].disabled = True
            self.fields["version"].required = True

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("kind") != ProposalKind.MERGE:
            # The bundling fields are on the form for every kind; they only count for bundelen.
            cleaned["merge_into"], cleaned["new_action_number"] = None, ""
        if cleaned.get("kind") == ProposalKind.REMOVE:
            cleaned["new_title"] = ""  # schrappen has no new wording
        return cleaned


class ReviewForm(forms.Form):
    """The MT's decision on one proposal."""

    decision = forms.ChoiceField(choices=[("approve", _("goedkeuren")), ("reject", _("afwijzen"))])
    remark = forms.CharField(
        label=_("opmerking"),
        required=False,
        max_length=EXPLANATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_title = forms.CharField(
        label=_("nieuwe formulering"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Enkel bij herformuleren: vul ze in of pas ze aan vóór u goedkeurt."),
    )


class DecisionForm(forms.Form):
    """The raad's decision: its date and the approved proposals it covers."""

    decision_date = forms.DateField(
        label=_("datum van de raadsbeslissing"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Geef de datum van de raadsbeslissing."),
            "invalid": _("Geef een geldige datum, bijvoorbeeld 2017-12-18."),
        },
    )
    proposals = forms.ModelMultipleChoiceField(
        queryset=ChangeProposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één goedgekeurd voorstel om door te voeren.")},
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = ChangeProposal.objects.in_plan(plan).filter(
            state=ProposalState.APPROVED,
            plan_version=None,  # an aanpassing's are adopted with it
        )


class SearchForm(forms.Form):
    """The search box in the page header: one line of text (a NUL character is refused)."""

    q = forms.CharField(label=_("zoeken in het plan"), required=False, max_length=200, strip=True)


def add_priority_filters(form: forms.Form, entities: list, *, plan: Plan | None = None) -> None:
    """The BBC 2020 filters shared by the lists: "enkel prioritair" (in a plan that uses prioritaire
    acties) and, in a plan with entities, one entity (by its code)."""
    if plan is None or features.uses(plan, Feature.PRIORITIES):
        form.fields["priority"] = forms.BooleanField(label=_("enkel prioritair"), required=False)
    if entities:
        form.fields["entity"] = forms.ChoiceField(
            label=_("entiteit"),
            required=False,
            widget=PlainSelect,
            choices=[("", _("alle entiteiten"))] + [(e.code, e.name) for e in entities],
        )


def chosen_entity(form: forms.Form, entities: list):
    """The entity the form's filter names, or None."""
    code = form.cleaned_data.get("entity", "") if form.is_valid() else ""
    return next((entity for entity in entities if entity.code == code), None)


class FinanceFilterForm(forms.Form):
    """The filters of the totals page: ramingen or realisaties, one year or the whole plan,
    prioritair only, one entity."""

    kind = forms.ChoiceField(label=_("bedragen"), required=False, choices=AmountKind.choices)
    year = forms.TypedChoiceField(label=_("jaar"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, plan: Plan, entities: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (AmountKind.ESTIMATE, _("ramingen")),
            (AmountKind.ACTUAL, _("realisaties")),
        ]
        years = range(plan.start_year, plan.end_year + 1)
        self.fields["year"].choices = [("", _("alle jaren samen"))] + [(year, year) for year in years]
        add_priority_filters(self, entities, plan=plan)
        self.entities = entities

    def filters(self) -> FinanceFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return FinanceFilters(
            kind=data.get("kind") or AmountKind.ESTIMATE,
            year=data.get("year"),
            priority_only=bool(data.get("priority")),
            entity=chosen_entity(self, self.entities),
        )


class PriorityFilterForm(forms.Form):
    """The filters of the whole-plan status page: prioritair only, one entity."""

    def __init__(self, *args, entities: list, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        add_priority_filters(self, entities, plan=plan)
        self.entities = entities


UNKNOWN_TARGET = _("Kies een persoon of dienst uit de lijst.")


class LinkNameForm(forms.Form):
    """Link one verantwoordelijke as written to a person or a dienst (the beheerder's page)."""

    name = forms.CharField(label=_("naam"), max_length=200, widget=forms.HiddenInput)
    target = forms.ChoiceField(
        label=_("koppelen aan"),
        error_messages={"invalid_choice": UNKNOWN_TARGET, "required": UNKNOWN_TARGET},
    )

    def __init__(self, *args, users: list, departments: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.users = {f"user-{user.pk}": user for user in users}
        self.departments = {f"department-{department.pk}": department for department in departments}
        people = self.users.items()
        self.fields["target"].choices = [
            ("", _("— kies —")),
            (_("Diensten"), [(key, department.name) for key, department in self.departments.items()]),
            (
                _("Personen"),
                [(key, f"{user.get_full_name() or user.username} ({user.username})") for key, user in people],
            ),
        ]

    def chosen(self) -> dict:
        """``user=`` or ``department=`` for ``people_links.link_name``."""
        key = self.cleaned_data["target"]
        if key in self.users:
            return {"user": self.users[key]}
        return {"department": self.departments[key]}
