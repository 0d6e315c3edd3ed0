from django import forms
from django.utils.translation import gettext_lazy as _


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
