"""The public site's search form: what a visitor may ask, checked before anything is read."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import Status
from versions.models import ItemKind

MAX_QUERY = 200
YES = "ja"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nummer of woorden uit de titel"),
        max_length=MAX_QUERY,
        required=False,
        strip=True,
        error_messages={"max_length": _("Zoek met hoogstens %(limit_value)d tekens.")},
    )
    soort = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[
            ("", _("acties en actieplannen")),
            (ItemKind.ACTION, _("acties")),
            (ItemKind.ACTION_PLAN, _("actieplannen")),
        ],
    )
    status = forms.MultipleChoiceField(
        label=_("Status"), required=False, choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    prioritair = forms.ChoiceField(
        label=_("Prioritair"),
        required=False,
        choices=[("", _("alle items")), (YES, _("alleen prioritaire items"))],
    )
    domein = forms.ChoiceField(label=_("Beleidsdomein"), required=False)

    def __init__(self, *args, domains: list[str], uses_priorities: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domein"].choices = [("", _("alle beleidsdomeinen")), *((d, d) for d in domains)]
        if not domains:
            del self.fields["domein"]
        if not uses_priorities:
            del self.fields["prioritair"]

    def problems(self) -> str:
        """The form's errors as one Dutch sentence per field, for the public 400 page."""
        return " ".join(
            f"{self.fields[name].label}: {' '.join(str(e) for e in errors)}"
            if name in self.fields
            else " ".join(errors)
            for name, errors in self.errors.items()
        )
