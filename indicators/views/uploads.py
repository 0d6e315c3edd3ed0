"""Values from a CSV or Excel file: the upload page and an example file (the cel). ``uploads.flow``
reads, previews and applies the file (``indicators/importer.py``)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from indicators.access import ENTER
from indicators.importer import VALUES
from indicators.uploads import COLUMNS, example
from plans.features import Feature, plan_using
from plans.models import Plan
from uploads import flow
from uploads.forms import checked_table_file


def _plan(request: HttpRequest, slug: str) -> Plan:
    if not request.user.has_perm(ENTER):
        raise PermissionDenied
    return plan_using(slug, Feature.INDICATORS)


class ValuesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("bestand met waarden (.xlsx of .csv)"),
        error_messages={
            "required": _("Kies het bestand met de waarden (.xlsx of .csv)."),
            "empty": _("Het bestand is leeg. Kies het bestand met de waarden (.xlsx of .csv)."),
        },
    )

    def clean_file(self):
        return checked_table_file(self.cleaned_data["file"])


def _form(request: HttpRequest) -> ValuesUploadForm:
    return ValuesUploadForm(request.POST or None, request.FILES or None)


def upload_values(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a file of values; its page then shows, line by line, what it would change."""
    plan = _plan(request, slug)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        pending = flow.start(VALUES, user=request.user, file=form.cleaned_data["file"], plan=plan)
        return redirect("uploads:upload", pk=pending.pk)
    context = {"plan": plan, "form": form, "columns": [column.name for column in COLUMNS]}
    return render(request, "indicators/upload_values.html", context)


@require_safe
def values_example(request: HttpRequest, slug: str) -> HttpResponse:
    """A CSV to fill in, with a line per indicator of the plan."""
    plan = _plan(request, slug)
    response = HttpResponse(example(plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="waarden-{plan.slug}.csv"'
    return response
