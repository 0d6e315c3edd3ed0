from django import forms
from django.utils.translation import gettext_lazy as _


class UntouchedForm(forms.Form):
    since = forms.DateField(
        label=_("niet gewijzigd sinds"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geef een geldige datum, bijvoorbeeld 2017-12-06.")},
    )
