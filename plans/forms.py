from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import EXPLANATION_MAX_LENGTH, LifeCycle, Status

UNKNOWN_STATUS = _("Onbekende status “%(value)s”. Kies niet gestart, loopt, on hold, afgewerkt of regulier.")
EXPLANATION_TOO_LONG = _(
    "De toelichting is te lang: %(show_value)d tekens, het maximum is %(limit_value)d. Kort ze in."
)
VERSION_MISSING = _("Deze pagina is verouderd. Herlaad ze en probeer opnieuw.")


def _one_kind_of_line_break(text: str) -> str:
    return text.replace("\r\n", "\n")


class StatusForm(forms.Form):
    """One row of the status page: status and toelichting, with the values and version the editor
    loaded, so that only what the editor changed is saved."""

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
    seen_status = forms.CharField(required=False, widget=forms.HiddenInput)
    seen_explanation = forms.CharField(required=False, widget=forms.HiddenInput)
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

    def edits(self) -> dict[str, str]:
        """The fields the editor changed, with their new values."""
        data = self.cleaned_data
        return {name: data[name] for name in ("status", "explanation") if data[name] != data[f"seen_{name}"]}

    def seen(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"seen_{name}"] for name in ("status", "explanation")}


class OverviewFilterForm(forms.Form):
    """The filters of the plan overview; every field is optional."""

    q = forms.CharField(label=_("zoeken"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("status"), required=False)
    responsible = forms.ChoiceField(label=_("verantwoordelijke"), required=False)
    show_inactive = forms.BooleanField(label=_("ook geschrapte en gebundelde tonen"), required=False)

    def __init__(self, *args, responsibles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("alle statussen")), *Status.choices]
        self.fields["responsible"].choices = [("", _("alle verantwoordelijken"))] + [
            (r, r) for r in responsibles
        ]
        self.fields["q"].widget.attrs.update(placeholder=_("nummer of titel"), type="search")

    def life_cycles(self) -> list[str]:
        if self.is_valid() and self.cleaned_data["show_inactive"]:
            return list(LifeCycle.values)
        return [LifeCycle.ACTIVE]
