"""Bedragen importeren: ramingen or realisaties from the finance package, previewed, then applied."""

from io import BytesIO

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.models import AmountKind, Plan
from plans.money import euro
from reporting.amounts_import import AmountsRefused, apply_amounts, by_year, headers, read_amounts
from reporting.forms import AmountsUploadForm
from reporting.views.imports import _may_import
from uploads import pending as pending_uploads
from uploads.reading import UploadRefused

PENDING_KEY = "amounts"  # in PendingImport.plan_details: the kind of the kept upload


def _figures(plan: Plan) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """The plan's ramingen and realisaties per year, as the page shows them after an import."""
    return [
        (
            kind.label,
            [(year, [euro(value) for value in figures.cells()]) for year, figures in by_year(plan, kind)],
        )
        for kind in AmountKind
    ]


def amounts_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a file of amounts and see what it would change, per actie, old → new."""
    plan = get_object_or_404(Plan, slug=slug)
    _may_import(request.user)
    form = AmountsUploadForm(request.POST or None, request.FILES or None)
    context = {"plan": plan, "form": form, "headers": headers()}
    if request.method == "POST" and form.is_valid():
        file, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
        data = file.read()
        try:
            upload = read_amounts(BytesIO(data), len(data), filename=file.name, plan=plan, kind=kind)
        except UploadRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            pending = pending_uploads.keep(
                plan=plan, user=request.user, filename=file.name, data=data, plan_details={PENDING_KEY: kind}
            )
            context |= {"upload": upload, "pending": pending}
    if "upload" not in context:
        context["figures"] = _figures(plan)
    return render(request, "reporting/amounts_import.html", context)


@require_POST
def confirm_amounts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Apply a previewed file: read again, all of it in one transaction, or nothing."""
    plan = get_object_or_404(Plan, slug=slug)
    _may_import(request.user)
    pending = get_object_or_404(
        pending_uploads.fresh(), pk=pk, plan=plan, user=request.user, plan_details__has_key=PENDING_KEY
    )
    data = bytes(pending.data)
    try:
        upload = read_amounts(
            BytesIO(data),
            len(data),
            filename=pending.filename,
            plan=plan,
            kind=pending.plan_details[PENDING_KEY],
        )
        apply_amounts(upload, by=request.user)
    except (UploadRefused, AmountsRefused) as refusal:
        pending.delete()
        text = (
            str(refusal) if isinstance(refusal, UploadRefused) else " ".join(refusal.upload.shown_errors[:5])
        )
        messages.error(request, text)
        return redirect("reporting:amounts_upload", slug=plan.slug)
    pending.delete()  # a scratch copy of the upload, not a record of the plan
    messages.success(request, _("Ingelezen. %(summary)s") % {"summary": upload.summary})
    return redirect("reporting:amounts_upload", slug=plan.slug)
