"""The forms of the draft's pages: starting a draft, the akkoord, the proposals, the steps and the
meetings' decisions, the detailing's acties and ramingen. Plain forms: the writes go through
drafting/drafts.py and drafting/steps.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from drafting.models import (
    SHORT_TITLE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Ambition,
    Chapter,
    Decider,
    Draft,
    ItemKind,
    Mandatary,
    Outcome,
    ProposalKind,
    Standing,
    Step,
)
from plans.models import Category, Department, Direction, PolicyField

VERSION_MISSING = _("Herlaad de pagina en voer uw wijziging opnieuw in.")


def _version_field() -> forms.IntegerField:
    """The version the editor opened, so an edit on an outdated copy is refused."""
    return forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": VERSION_MISSING})


class DraftForm(forms.ModelForm):
    """A new draft for a new period: the cel starts it from the bestuursakkoord."""

    class Meta:
        model = Draft
        fields = ["name", "authority", "start_year", "end_year", "agreement"]
        error_messages = {
            "name": {"required": _("Geef het ontwerp een naam, bv. Strategisch meerjarenplan 2026–2031.")},
            "authority": {"required": _("Geef het bestuur, bv. Stad Turnhout.")},
            "start_year": {"required": _("Geef het eerste jaar van het plan.")},
            "end_year": {"required": _("Geef het laatste jaar van het plan.")},
            "agreement": {"required": _("Geef de titel van het bestuursakkoord.")},
        }


class ChapterForm(forms.Form):
    name = forms.CharField(
        label=_("naam van het hoofdstuk"),
        max_length=200,
        error_messages={"required": _("Geef het hoofdstuk een naam, bv. Welzijn.")},
    )


class AmbitionsForm(forms.Form):
    """Ambitions typed or pasted from the akkoord: one per line."""

    chapter = forms.ModelChoiceField(
        label=_("hoofdstuk"),
        queryset=Chapter.objects.none(),
        empty_label=None,
        error_messages={"required": _("Kies het hoofdstuk van deze ambities.")},
    )
    texts = forms.CharField(
        label=_("ambities, één per regel"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Typ of plak de ambities uit het akkoord: elke regel wordt een ambitie."),
        error_messages={"required": _("Typ of plak minstens één ambitie: één per regel.")},
    )

    def __init__(self, *args, draft: Draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = Chapter.objects.filter(draft=draft).order_by("position", "pk")

    def clean_texts(self) -> str:
        text = self.cleaned_data["texts"]
        if not any(line.strip(" \t-•*") for line in text.splitlines()):
            raise forms.ValidationError(_("Typ of plak minstens één ambitie: één per regel."))
        if any(len(line) > TEXT_MAX_LENGTH for line in text.splitlines()):
            raise forms.ValidationError(
                _("Een ambitie telt hoogstens %(max)s tekens. Kort de lange regel in.")
                % {"max": TEXT_MAX_LENGTH}
            )
        return text


class MandataryForm(forms.Form):
    name = forms.CharField(
        label=_("naam"),
        max_length=200,
        error_messages={"required": _("Geef de naam van de mandataris.")},
    )
    mandate = forms.CharField(
        label=_("mandaat"), max_length=200, required=False, help_text=_("Bv. schepen van welzijn.")
    )


class ProposalForm(forms.Form):
    """An actieplan or goal proposal's own fields (its standing is the meetings' to decide)."""

    kind = forms.ChoiceField(
        label=_("soort"),
        choices=ProposalKind.choices,
        widget=forms.RadioSelect,
        initial=ProposalKind.ACTION_PLAN,
        error_messages={"required": _("Kies wat u voorstelt: een actieplan of een doelstelling.")},
    )
    title = forms.CharField(
        label=_("titel"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef het voorstel een titel.")},
    )
    short_title = forms.CharField(
        label=_("korte titel"),
        max_length=SHORT_TITLE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
        help_text=_("Hoogstens 100 tekens, voor de digitale rapportering."),
    )
    number = forms.CharField(
        label=_("nummer"),
        max_length=20,
        required=False,
        help_text=_("Optioneel: wie al nummert, houdt dat nummer bij de vaststelling."),
    )
    chapter = forms.ModelChoiceField(
        label=_("hoofdstuk"), queryset=Chapter.objects.none(), required=False, empty_label=_("— geen —")
    )
    ambitions = forms.ModelMultipleChoiceField(
        label=_("ambities uit het akkoord waarop het antwoordt"),
        queryset=Ambition.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    political_contact = forms.ModelChoiceField(
        label=_("politiek aanspreekpunt"),
        queryset=Mandatary.objects.none(),
        required=False,
        empty_label=_("— nog niet gekozen —"),
    )
    partners = forms.CharField(
        label=_("te betrekken partners"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    points_of_attention = forms.CharField(
        label=_("aandachtspunten"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bv. een doelgroep, een wijk, de ambitie verduidelijken."),
    )
    department = forms.ModelChoiceField(
        label=_("dienst of cluster"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("— nog niet gekozen —"),
    )
    description = forms.CharField(
        label=_("omschrijving"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = _version_field()

    OWN_FIELDS = (
        "title",
        "short_title",
        "number",
        "chapter",
        "political_contact",
        "partners",
        "points_of_attention",
        "department",
        "description",
    )

    def __init__(self, *args, draft: Draft, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = Chapter.objects.filter(draft=draft).order_by("position", "pk")
        self.fields["ambitions"].queryset = Ambition.objects.filter(chapter__draft=draft)
        self.fields["political_contact"].queryset = Mandatary.objects.filter(
            organisation=draft.organisation
        ).order_by("name")
        self.fields["department"].queryset = Department.objects.filter(
            organisation=draft.organisation
        ).order_by("name")
        if editing:
            del self.fields["kind"]
        else:
            del self.fields["version"]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.OWN_FIELDS}

    def chosen_ambitions(self) -> set[str]:
        value = self["ambitions"].value() or []
        return {str(getattr(each, "pk", each)) for each in value}

    def ambition_groups(self, ambitions) -> list[tuple[Chapter, list[tuple[Ambition, bool]]]]:
        """The akkoord's ambitions per chapter, each with whether it is ticked (``ambitions`` ordered by
        chapter, with the chapter selected)."""
        chosen = self.chosen_ambitions()
        groups: dict[int, tuple[Chapter, list]] = {}
        for ambition in ambitions:
            groups.setdefault(ambition.chapter_id, (ambition.chapter, []))[1].append(
                (ambition, str(ambition.pk) in chosen)
            )
        return list(groups.values())


class ProposalFilterForm(forms.Form):
    """The filters of the list of proposals (GET)."""

    soort = forms.ChoiceField(label=_("soort"), required=False)
    stand = forms.ChoiceField(label=_("stand"), required=False)
    hoofdstuk = forms.ModelChoiceField(
        label=_("hoofdstuk"), queryset=Chapter.objects.none(), required=False, empty_label=_("alle")
    )
    stap = forms.ModelChoiceField(
        label=_("huidige stap"), queryset=Step.objects.none(), required=False, empty_label=_("alle")
    )
    dienst = forms.ModelChoiceField(
        label=_("dienst of cluster"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("alle"),
    )

    def __init__(self, *args, draft: Draft, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("alle"))]
        self.fields["soort"].choices = everything + list(ProposalKind.choices)
        self.fields["stand"].choices = everything + list(Standing.choices)
        self.fields["hoofdstuk"].queryset = Chapter.objects.filter(draft=draft).order_by("position", "pk")
        self.fields["stap"].queryset = Step.objects.filter(draft=draft, removed=False).order_by(
            "subject", "position"
        )
        self.fields["stap"].label_from_instance = lambda s: f"{s.get_subject_display()}: {s.name}"
        self.fields["dienst"].queryset = Department.objects.filter(organisation=draft.organisation).order_by(
            "name"
        )

    def filter(self, proposals):
        if not self.is_valid():
            return proposals
        data = self.cleaned_data
        if data.get("soort"):
            proposals = proposals.filter(kind=data["soort"])
        if data.get("stand"):
            proposals = proposals.filter(standing=data["stand"])
        if data.get("hoofdstuk"):
            proposals = proposals.filter(chapter=data["hoofdstuk"])
        if data.get("stap"):
            proposals = proposals.filter(step=data["stap"], standing=Standing.UNDER_WAY)
        if data.get("dienst"):
            proposals = proposals.filter(department=data["dienst"])
        return proposals


class RemarkForm(forms.Form):
    source = forms.CharField(
        label=_("bron"),
        max_length=200,
        help_text=_("Wie het zei, bv. Seniorenadviesraad of LOGO Kempen."),
        error_messages={"required": _("Zeg van wie de opmerking komt (de bron).")},
    )
    text = forms.CharField(
        label=_("opmerking"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf de opmerking.")},
    )

    def __init__(self, *args, own_source: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.own_source = own_source
        if own_source:  # an eigenaar's remark is their own
            del self.fields["source"]


class StepForm(forms.Form):
    """Rename a step, set its meeting's date and who records its decisions."""

    name = forms.CharField(
        label=_("naam"),
        max_length=200,
        error_messages={"required": _("Geef de stap een naam, bv. Aftoetsen managementteam.")},
    )
    meeting_date = forms.DateField(
        label=_("datum vergadering"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geef een geldige datum, bijvoorbeeld 2019-02-07.")},
    )
    decider = forms.ChoiceField(label=_("beslissingen genoteerd door"), choices=Decider.choices)
    version = _version_field()


class AddStepForm(forms.Form):
    name = forms.CharField(
        label=_("naam van de nieuwe stap"),
        max_length=200,
        error_messages={"required": _("Geef de stap een naam, bv. Aftoetsen managementteam.")},
    )
    decider = forms.ChoiceField(label=_("beslissingen genoteerd door"), choices=Decider.choices)


class DecisionForm(forms.Form):
    """What a meeting decided on one proposal of its agenda."""

    outcome = forms.ChoiceField(
        label=_("beslissing"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies akkoord, niet akkoord, aangepast of uitgesteld."),
            "invalid_choice": _("Kies akkoord, niet akkoord, aangepast of uitgesteld."),
        },
    )
    remark = forms.CharField(label=_("opmerking"), max_length=TEXT_MAX_LENGTH, required=False)
    version = _version_field()


NOT_A_YEAR = _("Kies een jaar van het plan.")


class ItemForm(forms.Form):
    """An actie or project; the years are checked against the plan by the domain (a Dutch refusal)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("soort"), choices=ItemKind.choices)
    number = forms.CharField(
        label=_("nummer"),
        required=False,
        max_length=30,
        help_text=_("Optioneel: bij de vaststelling kan automatisch genummerd worden."),
    )
    title = forms.CharField(label=_("titel"), max_length=500)
    start_year = forms.IntegerField(label=_("startjaar"), error_messages={"invalid": NOT_A_YEAR})
    end_year = forms.IntegerField(label=_("eindjaar"), error_messages={"invalid": NOT_A_YEAR})
    task_city = forms.CharField(
        label=_("taak van het bestuur"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    task_partners = forms.CharField(
        label=_("taak van de partners"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    task_citizens = forms.CharField(
        label=_("taak van de burgers"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    policy_field = forms.ModelChoiceField(
        label=_("beleidsveld"), required=False, queryset=PolicyField.objects.order_by("code")
    )

    def __init__(self, *args, prefix_id: str = "item", **kwargs):
        super().__init__(*args, auto_id=f"{prefix_id}-%s", **kwargs)

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class EstimateForm(forms.Form):
    """A raming as typed (125.000 or 12.500,50); the amount is parsed by the domain."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(label=_("jaar"), error_messages={"invalid": NOT_A_YEAR})
    category = forms.ChoiceField(label=_("categorie"), choices=Category.choices)
    direction = forms.ChoiceField(
        label=_("uitgave of ontvangst"), choices=Direction.choices, initial=Direction.EXPENSE
    )
    budget_code = forms.CharField(
        label=_("budgetcode"),
        required=False,
        max_length=50,
        help_text=_("Bv. 0950/6130000."),
    )
    amount = forms.CharField(
        label=_("bedrag (EUR)"),
        max_length=30,
        help_text=_("Bv. 125.000 of 12.500,50; 0 neemt de raming terug."),
    )

    def __init__(self, *args, prefix_id: str = "raming", **kwargs):
        super().__init__(*args, auto_id=f"{prefix_id}-%s", **kwargs)
