"""Workbooks in: a filled-in rapportering (round trip) and a whole new plan from the template."""

from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from organisations.roles import is_administrator
from plans import owners
from plans.models import Plan
from reporting.forms import NewPlanForm, UploadForm
from reporting.plan_import import create_plan, read_plan_upload
from reporting.plan_template import template
from reporting.round_trip import ImportRefused, import_rapportering
from reporting.workbook import XLSX
from uploads import pending as pending_uploads
from uploads.reading import UploadRefused


def _may_import(user) -> None:
    """Importing needs django-import-export's import permission on actions: the cel and the beheerder."""
    if not user.has_perm(f"plans.{settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE}_action"):
        raise PermissionDenied


def may_upload_rapportering(user) -> bool:
    """The round trip: the cel and the beheerder, and an eigenaar, whose upload may change only the
    rows they own (``reporting/resources.py``)."""
    return user.has_perm(f"plans.{settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE}_action") or (
        owners.has_owner_role.test(user)
    )


def upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a filled-in workbook and see, row by row, what it would change."""
    plan = get_object_or_404(Plan, slug=slug)
    if not may_upload_rapportering(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"plan": plan, "form": form}
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        data = file.read()
        try:
            outcome = import_rapportering(
                BytesIO(data), size=len(data), filename=file.name, plan=plan, user=request.user, dry_run=True
            )
        except UploadRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            pending = pending_uploads.keep(plan=plan, user=request.user, filename=file.name, data=data)
            context |= {"outcome": outcome, "pending": pending}
    return render(request, "reporting/import.html", context)


@require_POST
def confirm_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Apply a previewed upload: all of it, in one transaction, or nothing."""
    plan = get_object_or_404(Plan, slug=slug)
    if not may_upload_rapportering(request.user):
        raise PermissionDenied
    pending = get_object_or_404(pending_uploads.fresh(), pk=pk, plan=plan, user=request.user)
    data = bytes(pending.data)
    try:
        outcome = import_rapportering(
            BytesIO(data),
            size=len(data),
            filename=pending.filename,
            plan=plan,
            user=request.user,
            dry_run=False,
        )
    except ImportRefused as refused:
        context = {"plan": plan, "form": UploadForm(), "outcome": refused.outcome, "pending": pending}
        return render(request, "reporting/import.html", context)
    except UploadRefused as refusal:
        pending.delete()
        messages.error(request, str(refusal))
        return redirect("reporting:upload", slug=plan.slug)
    pending.delete()  # a scratch copy of the upload, not a record of the plan
    messages.success(
        request,
        ngettext(
            "%(file)s is ingelezen: %(count)d item bijgewerkt.",
            "%(file)s is ingelezen: %(count)d items bijgewerkt.",
            len(outcome.changed),
        )
        % {"file": outcome.filename, "count": len(outcome.changed)},
    )
    return redirect("plans:overview", slug=plan.slug)


def _beheerder(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied


@require_safe
def plan_template(request: HttpRequest) -> HttpResponse:
    """The empty workbook for a whole new plan."""
    _beheerder(request.user)
    response = HttpResponse(template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="sjabloon-strategisch-plan.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


def new_plan(request: HttpRequest) -> HttpResponse:
    """A beheerder creates a plan from the filled-in template, after a preview."""
    _beheerder(request.user)
    choose = request.user.is_superuser
    form = NewPlanForm(request.POST or None, request.FILES or None, choose_organisation=choose)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        if Plan.objects.across_organisations().filter(slug=form.cleaned_data["slug"]).exists():
            form.add_error("slug", _("Er bestaat al een plan met deze korte naam. Kies een andere."))
            return render(request, "reporting/new_plan.html", context)
        file = form.cleaned_data["file"]
        data = file.read()
        numbering = form.cleaned_data["numbering"]
        organisation = form.cleaned_data["organisation"] if choose else request.organisation
        try:
            upload = read_plan_upload(
                BytesIO(data), len(data), numbering=numbering, organisation=organisation
            )
        except UploadRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            details = {**form.details(), "numbering": numbering}
            pending = pending_uploads.keep(
                plan_details=details,
                user=request.user,
                filename=file.name,
                data=data,
                organisation=organisation,
            )
            context |= {"upload": upload, "pending": pending, "details": form.details()}
    return render(request, "reporting/new_plan.html", context)


@require_POST
def confirm_new_plan(request: HttpRequest, pk: int) -> HttpResponse:
    _beheerder(request.user)
    pending = get_object_or_404(pending_uploads.fresh(), pk=pk, plan=None, user=request.user)
    data = bytes(pending.data)
    details = dict(pending.plan_details)
    numbering = details.pop("numbering", "")
    try:
        upload = read_plan_upload(
            BytesIO(data), len(data), numbering=numbering, organisation=pending.organisation
        )
        plan = create_plan(
            upload,
            organisation=pending.organisation,
            details=details,
            filename=pending.filename,
            by=request.user,
        )
    except UploadRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("reporting:new_plan")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:new_plan")
    pending.delete()
    messages.success(request, _("%(plan)s is aangemaakt.") % {"plan": plan})
    return redirect("plans:overview", slug=plan.slug)
