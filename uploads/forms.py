"""The checks of an uploaded file's form field, before its content is read."""

from django import forms
from django.utils.translation import gettext as _

from uploads.reading import MAX_UPLOAD_BYTES


def checked_table_file(file):
    """An Excel (.xlsx) or CSV file of at most 10 MB."""
    if file.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("Het bestand is groter dan 10 MB. Splits het in kleinere bestanden."), code="too_big"
        )
    if not file.name.lower().endswith((".xlsx", ".csv")):
        raise forms.ValidationError(
            _("Kies een Excel-werkmap (.xlsx) of een CSV-bestand (.csv); %(name)s is geen van beide."),
            code="not_table",
            params={"name": file.name},
        )
    return file
