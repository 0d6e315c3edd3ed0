"""The forms of the indicator pages: the definition, a value in place, a target per year, the filters."""

from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indicators import kinds
from indicators.links import Links, links_text, parse_links
from indicators.models import Indicator, Kind
from indicators.series import Track
from organisations.membership import members
from plans.models import Department, Plan

UNKNOWN_RESPONSIBLE = _("Kies een verantwoordelijke uit de lijst.")
VERSION_MISSING = _("Het formulier is onvolledig: herlaad de pagina en voer uw wijziging opnieuw in.")


def _responsible_choices(plan: Plan) -> list:
    """The plan's diensten and its organisation's members: never a person of another organisation."""
    users = members(plan.organisation).order_by("first_name", "last_name", "username")
    return [
        ("", _("— niemand —")),
        (_("Diensten"), [(f"department-{d.pk}", d.name) for d in Department.objects.order_by("name")]),
        (
            _("Personen"),
            [(f"user-{u.pk}", f"{u.get_full_name() or u.username} ({u.username})") for u in users],
        ),
    ]


class IndicatorForm(forms.ModelForm):
    """The definition of an indicator as the cel writes it; the baseline typed as users type values."""

    steps = forms.CharField(
        label=_("stappen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Enkel voor een stappenplan: één stap per regel, in volgorde."),
    )
    baseline_value = forms.CharField(
        label=_("basiswaarde"),
        required=False,
        max_length=100,
        help_text=_("Zoals u een waarde invult: 12,5 of ja/nee of de naam van een stap."),
    )
    responsible = forms.ChoiceField(
        label=_("verantwoordelijke"),
        required=False,
        help_text=_("Een dienst of een persoon: die vult de waarden in."),
        error_messages={"invalid_choice": UNKNOWN_RESPONSIBLE},
    )
    links = forms.CharField(
        label=_("meet de items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "De nummers van doelstellingen, actieplannen en acties van dit plan, gescheiden door komma’s: "
            "bv. SD 1, actieplan 10, 10.2."
        ),
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Indicator
        fields = [
            "name",
            "description",
            "kind",
            "unit",
            "decimals",
            "better",
            "steps",
            "baseline_value",
            "baseline_date",
            "source",
            "followed",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "better": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "baseline_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.links_found = Links()
        self.fields["responsible"].choices = _responsible_choices(plan)
        indicator = self.instance
        # The stored forms (a list of steps, a number) as the cel types them.
        self.initial["steps"] = "\n".join(indicator.steps or [])
        self.initial["baseline_value"] = kinds.display(indicator, indicator.baseline_value, unit=False)
        if indicator.pk:
            self.initial["loaded_version"] = indicator.version
            self.initial["links"] = links_text(
                indicator.goals.all(), indicator.action_plans.all(), indicator.actions.all()
            )
        else:
            self.fields.pop("followed")
        if indicator.owner_id:
            self.initial["responsible"] = f"user-{indicator.owner_id}"
        elif indicator.department_id:
            self.initial["responsible"] = f"department-{indicator.department_id}"

    def clean_steps(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()]

    def clean_links(self) -> str:
        text = self.cleaned_data["links"]
        self.links_found = parse_links(self.plan, text)
        return text

    def clean_responsible(self) -> str:
        key = self.cleaned_data["responsible"]
        owner = department = None
        if key.startswith("user-"):
            owner = members(self.plan.organisation).filter(pk=key[5:]).first()
        elif key.startswith("department-"):
            department = Department.objects.filter(pk=key[11:]).first()
        if key and owner is None and department is None:
            raise ValidationError(UNKNOWN_RESPONSIBLE, code="unknown_responsible")
        self.instance.owner, self.instance.department = owner, department
        return key

    def clean(self) -> dict:
        cleaned = super().clean()
        self.instance.plan = self.plan
        raw = cleaned.get("baseline_value")
        if raw in (None, ""):
            cleaned["baseline_value"] = None
        elif "kind" in cleaned and "decimals" in cleaned and "steps" in cleaned:
            shape = SimpleNamespace(
                kind=cleaned["kind"], steps=cleaned["steps"], decimals=cleaned["decimals"], unit=""
            )
            try:
                cleaned["baseline_value"] = kinds.parse(shape, raw)
            except ValidationError as error:
                self.add_error("baseline_value", error)
        if self.instance.pk and cleaned.get("loaded_version") is None:
            raise ValidationError(VERSION_MISSING, code="version_missing")
        return cleaned


class ValueForm(forms.Form):
    """One value in place: for a round, an existing dated value, or a new date."""

    value = forms.CharField(label=_("waarde"), required=False, max_length=200)
    note = forms.CharField(label=_("toelichting"), required=False, max_length=2000)
    round = forms.IntegerField(required=False)
    value_id = forms.IntegerField(required=False)
    date = forms.DateField(label=_("datum"), required=False)
    version = forms.IntegerField(required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("round", "value_id", "date")) and not self.errors:
            raise ValidationError(_("Vul een datum in."), code="no_date")
        return cleaned


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("jaar"))
    value = forms.CharField(label=_("streefwaarde"), max_length=200, required=False)


class IndicatorFilterForm(forms.Form):
    q = forms.CharField(label=_("woorden in de naam"), required=False, max_length=200)
    soort = forms.ChoiceField(
        label=_("soort"), required=False, choices=[("", _("alle soorten")), *Kind.choices]
    )
    koers = forms.ChoiceField(
        label=_("stand"),
        required=False,
        choices=[("", _("alle")), *((key, label) for key, label in Track.LABELS.items())],
    )
    alle = forms.BooleanField(label=_("ook de indicatoren die niet meer gevolgd worden"), required=False)
