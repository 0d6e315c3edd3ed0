"""Values from a CSV or Excel file: upload, preview, confirm (the cel)."""

from io import BytesIO

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from indicators.access import ENTER
from indicators.uploads import COLUMNS, ValuesRefused, apply_values, example, read_values
from plans.models import Plan
from uploads import pending as pending_uploads
from uploads.forms import checked_table_file
from uploads.reading import UploadRefused

PENDING_KEY = "indicator_values"  # in PendingImport.plan_details: what the kept upload is


def _plan(request: HttpRequest, slug: str) -> Plan:
    if not request.user.has_perm(ENTER):
        raise PermissionDenied
    return get_object_or_404(Plan, slug=slug)


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
    """Upload a file of values and see, line by line, what it would change."""
    plan = _plan(request, slug)
    form = _form(request)
    context = {"plan": plan, "form": form, "columns": [column.name for column in COLUMNS]}
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        data = file.read()
        try:
            upload = read_values(BytesIO(data), len(data), filename=file.name, plan=plan)
        except UploadRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            pending = pending_uploads.keep(
                plan=plan, user=request.user, filename=file.name, data=data, plan_details={PENDING_KEY: True}
            )
            context |= {"upload": upload, "pending": pending}
    return render(request, "indicators/upload_values.html", context)


@require_POST
def confirm_values(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Apply a previewed file: read again, all of it in one transaction, or nothing."""
    plan = _plan(request, slug)
    pending = get_object_or_404(
        pending_uploads.fresh(), pk=pk, plan=plan, user=request.user, plan_details__has_key=PENDING_KEY
    )
    data = bytes(pending.data)
    try:
        upload = read_values(BytesIO(data), len(data), filename=pending.filename, plan=plan)
        count = apply_values(upload, by=request.user)
    except (UploadRefused, ValuesRefused) as refusal:
        pending.delete()
        text = (
            str(refusal)
            if isinstance(refusal, UploadRefused)
            else " ".join(map(str, refusal.upload.errors[:5]))
        )
        messages.error(request, text)
        return redirect("indicators:upload_values", slug=plan.slug)
    pending.delete()
    messages.success(
        request,
        ngettext("%(count)d waarde ingelezen.", "%(count)d waarden ingelezen.", count) % {"count": count},
    )
    return redirect("indicators:upload_values", slug=plan.slug)


@require_safe
def values_example(request: HttpRequest, slug: str) -> HttpResponse:
    """A CSV to fill in, with a line per indicator of the plan."""
    plan = _plan(request, slug)
    response = HttpResponse(example(plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="waarden-{plan.slug}.csv"'
    return response
