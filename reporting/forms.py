import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import clock
from organisations.models import Organisation
from plans.models import EXPLANATION_MAX_LENGTH, MAX_YEAR, MIN_YEAR, AmountKind, Numbering
from reporting.rounds import round_kinds
from rounds.models import RoundKind
from uploads.forms import checked_table_file
from uploads.reading import MAX_UPLOAD_BYTES

DEFAULT_REMIND_DAYS_BEFORE = 14
DEFAULT_REMIND_DAYS_AFTER = 3


class UntouchedForm(forms.Form):
    since = forms.DateField(
        label=_("niet gewijzigd sinds"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geef een geldige datum, bijvoorbeeld 2017-12-06.")},
    )


class RoundForm(forms.Form):
    name = forms.CharField(
        label=_("naam"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Rapportering juni 2018")}),
        error_messages={"required": _("Geef de rapportering een naam, bv. Rapportering juni 2018.")},
    )
    date = forms.DateField(
        label=_("datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Geef de datum van de rapportering."),
            "invalid": _("Geef een geldige datum, bijvoorbeeld 2018-06-30."),
        },
    )

    kind = forms.ChoiceField(
        label=_("soort"),
        choices=RoundKind.choices,
        initial=RoundKind.STATUS,
        required=False,  # a form without it (older scripts, the status journey) opens a status round
        help_text=_(
            "Opvolgingsrapportering: minstens over het eerste semester, voor de raad vóór het einde "
            "van het derde kwartaal. Doelstellingenrealisatie: bij de jaarrekening."
        ),
    )
    period_start = forms.DateField(
        label=_("periode van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geef een geldige datum, bijvoorbeeld 2026-01-01.")},
    )
    period_end = forms.DateField(
        label=_("periode tot"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geef een geldige datum, bijvoorbeeld 2026-06-30.")},
    )

    deadline = forms.DateField(
        label=_("deadline voor de eigenaars"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Tot wanneer de eigenaars hun items bijwerken en klaar melden. Niet vóór vandaag. "
            "Laat leeg als de cel alles zelf invult."
        ),
        error_messages={"invalid": _("Geef een geldige datum, bijvoorbeeld 2018-06-15.")},
    )
    remind_days_before = forms.IntegerField(
        label=_("herinnering, dagen vóór de deadline"),
        required=False,
        min_value=0,
        max_value=365,
        initial=DEFAULT_REMIND_DAYS_BEFORE,
        help_text=_("Wie nog items open heeft, krijgt zoveel dagen vóór de deadline een herinnering."),
        error_messages={
            "invalid": _("Geef een aantal dagen, bijvoorbeeld 14."),
            "min_value": _("Geef een aantal dagen van 0 of meer."),
            "max_value": _("Geef een aantal dagen van hoogstens 365."),
        },
    )
    remind_days_after = forms.IntegerField(
        label=_("herinnering, dagen na de deadline"),
        required=False,
        min_value=0,
        max_value=365,
        initial=DEFAULT_REMIND_DAYS_AFTER,
        help_text=_("Wie na de deadline nog items open heeft, krijgt zoveel dagen later een herinnering."),
        error_messages={
            "invalid": _("Geef een aantal dagen, bijvoorbeeld 3."),
            "min_value": _("Geef een aantal dagen van 0 of meer."),
            "max_value": _("Geef een aantal dagen van hoogstens 365."),
        },
    )

    def __init__(self, *args, plan, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The opvolgingsrapportering's usual period: the first semester of this year, or of the
        # plan's nearest year when this year is outside it.
        year = min(max((today or timezone.localdate(clock.now())).year, plan.start_year), plan.end_year)
        self.fields["period_start"].initial = datetime.date(year, 1, 1)
        self.fields["period_end"].initial = datetime.date(year, 6, 30)
        kinds = round_kinds(plan)
        self.offers_kinds = len(kinds) > 1  # else only a gewone rapportering, which has no period
        if self.offers_kinds:
            self.fields["kind"].choices = [(kind, RoundKind(kind).label) for kind in kinds]
        else:
            for name in ("kind", "period_start", "period_end"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        cleaned["kind"] = cleaned.get("kind") or RoundKind.STATUS
        _default_reminder_days(cleaned)
        if cleaned["kind"] == RoundKind.STATUS and not (self.offers_kinds and self.has_changed_period()):
            # The suggested semester belongs to the BBC reports; a status round has no period.
            cleaned["period_start"] = cleaned["period_end"] = None
        return cleaned

    def has_changed_period(self) -> bool:
        return "period_start" in self.changed_data or "period_end" in self.changed_data


def _default_reminder_days(cleaned: dict) -> None:
    """Days left empty (or a form that does not send them) take the usual 14 and 3."""
    if cleaned.get("remind_days_before") is None:
        cleaned["remind_days_before"] = DEFAULT_REMIND_DAYS_BEFORE
    if cleaned.get("remind_days_after") is None:
        cleaned["remind_days_after"] = DEFAULT_REMIND_DAYS_AFTER


class RoundScheduleForm(forms.Form):
    """An open round's deadline and reminder days, with the round's version the editor loaded."""

    deadline = RoundForm.base_fields["deadline"]
    remind_days_before = RoundForm.base_fields["remind_days_before"]
    remind_days_after = RoundForm.base_fields["remind_days_after"]
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        _default_reminder_days(cleaned)
        return cleaned


class RoundTextsForm(forms.Form):
    """The two texts of an opvolgingsrapportering, with the round's version the editor loaded."""

    changed_assumptions = forms.CharField(
        label=_("gewijzigde veronderstellingen"),
        required=False,
        max_length=EXPLANATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Welke veronderstellingen van het meerjarenplan wijzigden in deze periode?"),
    )
    changed_financial_risks = forms.CharField(
        label=_("gewijzigde financiële risico's"),
        required=False,
        max_length=EXPLANATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Welke financiële risico's wijzigden in deze periode?"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("ingevulde rapportering (.xlsx)"),
        error_messages={
            "required": _("Kies het ingevulde Excel-bestand (.xlsx)."),
            "empty": _("Het bestand is leeg. Kies het ingevulde Excel-bestand (.xlsx)."),
        },
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Het bestand is groter dan 10 MB. Laad enkel het Excel-bestand op."), code="too_big"
            )
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Kies een Excel-werkmap (.xlsx); %(name)s is dat niet."),
                code="not_xlsx",
                params={"name": file.name},
            )
        return file


class NewPlanForm(UploadForm):
    """A new organisation's plan: its details, and the filled-in template."""

    name = forms.CharField(
        label=_("naam van het plan"), max_length=200, initial=_("Strategisch meerjarenplan")
    )
    authority = forms.CharField(label=_("bestuur"), max_length=200)
    start_year = forms.IntegerField(label=_("startjaar"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    end_year = forms.IntegerField(label=_("eindjaar"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    slug = forms.SlugField(label=_("korte naam"), max_length=80, help_text=_("Bv. stad-geel-2020-2025."))
    numbering = forms.ChoiceField(
        label=_("nummering"),
        required=False,
        choices=[("", _("zelf herkennen (aanbevolen)")), *Numbering.choices],
        help_text=_(
            "Hiërarchisch: het nummer van een actie verlengt dat van haar actieplan (OD 1.1 → OD 1.1.3). "
            "Vrij: elke code, uniek in het plan."
        ),
    )

    organisation = forms.ModelChoiceField(
        label=_("organisatie van het plan"),
        queryset=Organisation.objects.all(),
        help_text=_("Het plan hoort bij deze organisatie; alleen haar gebruikers zien het."),
        error_messages={"invalid_choice": _("Kies een van de organisaties in de lijst.")},
    )

    field_order = ["organisation", "name", "authority", "start_year", "end_year", "slug", "numbering", "file"]

    def __init__(self, *args, choose_organisation: bool = False, **kwargs):
        """Only the platform beheerder chooses the organisation; an organisation's beheerder makes
        plans for their own."""
        super().__init__(*args, **kwargs)
        if not choose_organisation:
            del self.fields["organisation"]
        self.fields["file"].label = _("ingevuld sjabloon van het plan (.xlsx)")
        self.fields["file"].error_messages["required"] = _("Kies het ingevulde sjabloon (.xlsx).")

    def details(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("name", "authority", "start_year", "end_year", "slug")
        }


class HouseStyleForm(forms.Form):
    file = forms.FileField(
        label=_("Word-sjabloon van uw bestuur (.dotx of .docx)"),
        error_messages={
            "required": _("Kies het Word-sjabloon (.dotx of .docx) van uw bestuur."),
            "empty": _("Het bestand is leeg. Kies het Word-sjabloon (.dotx of .docx) van uw bestuur."),
        },
    )


class AmountsUploadForm(forms.Form):
    """A file of ramingen or realisaties from the finance package."""

    kind = forms.ChoiceField(
        label=_("soort bedragen"),
        choices=AmountKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of het bestand ramingen of realisaties bevat.")},
    )
    file = forms.FileField(
        label=_("bestand uit het financiële pakket (.xlsx of .csv)"),
        error_messages={
            "required": _("Kies het bestand met de bedragen (.xlsx of .csv)."),
            "empty": _("Het bestand is leeg. Kies het bestand met de bedragen (.xlsx of .csv)."),
        },
    )

    def clean_file(self):
        return checked_table_file(self.cleaned_data["file"])


class PolicyFieldsUploadForm(forms.Form):
    """The beleidsveld list: columns code and naam."""

    file = forms.FileField(
        label=_("lijst van beleidsvelden (.xlsx of .csv)"),
        error_messages={
            "required": _("Kies het bestand met de beleidsvelden (.xlsx of .csv)."),
            "empty": _("Het bestand is leeg. Kies het bestand met de beleidsvelden (.xlsx of .csv)."),
        },
    )

    def clean_file(self):
        return checked_table_file(self.cleaned_data["file"])
