import datetime
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plans.models import Plan
from reporting.dashboard import counts_per_goal, overall_counts, recent_changes, untouched_since
from reporting.forms import NewPlanForm, RoundForm, UntouchedForm, UploadForm
from reporting.importing import ImportRefused, import_rapportering
from reporting.models import PendingImport, ReportingRound
from reporting.plan_import import create_plan, read_plan_upload, template
from reporting.report import report_sections
from reporting.rounds import close_round, open_round, round_rows
from reporting.upload import UploadRefused
from reporting.workbook import build_workbook

DEFAULT_UNTOUCHED_DAYS = 90
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@permission_required("plans.view_actionplan", raise_exception=True)
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    default_since = timezone.localdate() - datetime.timedelta(days=DEFAULT_UNTOUCHED_DAYS)
    form = UntouchedForm(request.GET or None, initial={"since": default_since})
    since = form.cleaned_data["since"] if form.is_valid() and form.cleaned_data["since"] else default_since
    context = {
        "plan": plan,
        "overall": overall_counts(plan),
        "per_goal": counts_per_goal(plan),
        "recent": recent_changes(plan),
        "untouched": untouched_since(plan, since),
        "since": since,
        "form": form,
    }
    return render(request, "reporting/dashboard.html", context)


@permission_required("reporting.view_reportinground", raise_exception=True)
def rounds(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's rounds; the cel opens a new one here."""
    plan = get_object_or_404(Plan, slug=slug)
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("reporting.add_reportinground"):
            raise PermissionDenied
        if form.is_valid():
            try:
                round = open_round(plan=plan, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(round)s is geopend.") % {"round": round})
                return redirect("reporting:round", slug=plan.slug, pk=round.pk)
    all_rounds = ReportingRound.objects.filter(plan=plan).prefetch_related("versions")
    return render(request, "reporting/rounds.html", {"plan": plan, "rounds": all_rounds, "form": form})


def _round(slug: str, pk: int) -> ReportingRound:
    return get_object_or_404(
        ReportingRound.objects.select_related("plan", "closed_by"), plan__slug=slug, pk=pk
    )


@require_safe
@permission_required("reporting.view_reportinground", raise_exception=True)
def round_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _round(slug, pk)
    context = {"plan": round.plan, "round": round, "versions": round.versions.all()}
    return render(request, "reporting/round.html", context)


@require_POST
def close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _round(slug, pk)
    if not request.user.has_perm("reporting.change_reportinground"):
        raise PermissionDenied
    try:
        close_round(round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(round)s is afgesloten: de uitvoer ervan verandert niet meer.") % {"round": round}
        )
    return redirect("reporting:round", slug=slug, pk=pk)


@require_safe
@permission_required("reporting.view_reportinground", raise_exception=True)
def workbook(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The round's workbook as a download."""
    round = _round(slug, pk)
    output = BytesIO()
    build_workbook(round_rows(round), output)
    response = HttpResponse(output.getvalue(), content_type=XLSX)
    filename = f"{slugify(round.plan.organisation)}-{slugify(round.name)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@permission_required("reporting.view_reportinground", raise_exception=True)
def report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The narrative report, printable (or saved as PDF) from the browser."""
    round = _round(slug, pk)
    rows = round_rows(round)
    context = {
        "plan": round.plan,
        "round": round,
        "versions": round.versions.all(),
        "rows": rows,
        "sections": report_sections(rows),
    }
    return render(request, "reporting/report.html", context)


def _forget_pending(user) -> None:
    """A user previews one upload at a time; older previews are dropped with their scratch copies."""
    PendingImport.objects.filter(user=user).delete()


def _may_import(user) -> None:
    """Importing needs django-import-export's import permission on actions: the cel and the beheerder."""
    if not user.has_perm(f"plans.{settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE}_action"):
        raise PermissionDenied


def upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a filled-in workbook and see, row by row, what it would change."""
    plan = get_object_or_404(Plan, slug=slug)
    _may_import(request.user)
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
            pending = PendingImport.objects.create(
                plan=plan, user=request.user, filename=file.name, data=data
            )
            context |= {"outcome": outcome, "pending": pending}
    return render(request, "reporting/import.html", context)


@require_POST
def confirm_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Apply a previewed upload: all of it, in one transaction, or nothing."""
    plan = get_object_or_404(Plan, slug=slug)
    _may_import(request.user)
    pending = get_object_or_404(PendingImport, pk=pk, plan=plan, user=request.user)
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
        _("%(file)s is ingelezen: %(count)d item(s) bijgewerkt.")
        % {"file": outcome.filename, "count": len(outcome.changed)},
    )
    return redirect("plans:overview", slug=plan.slug)


def _beheerder(user) -> None:
    if not user.is_superuser:
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
    form = NewPlanForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        if Plan.objects.filter(slug=form.cleaned_data["slug"]).exists():
            form.add_error("slug", _("Er bestaat al een plan met deze korte naam. Kies een andere."))
            return render(request, "reporting/new_plan.html", context)
        file = form.cleaned_data["file"]
        data = file.read()
        try:
            upload = read_plan_upload(BytesIO(data), len(data))
        except UploadRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            _forget_pending(request.user)
            pending = PendingImport.objects.create(
                plan=None, plan_details=form.details(), user=request.user, filename=file.name, data=data
            )
            context |= {"upload": upload, "pending": pending, "details": form.details()}
    return render(request, "reporting/new_plan.html", context)


@require_POST
def confirm_new_plan(request: HttpRequest, pk: int) -> HttpResponse:
    _beheerder(request.user)
    pending = get_object_or_404(PendingImport, pk=pk, plan=None, user=request.user)
    data = bytes(pending.data)
    try:
        upload = read_plan_upload(BytesIO(data), len(data))
        plan = create_plan(upload, details=pending.plan_details, filename=pending.filename, by=request.user)
    except UploadRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("reporting:new_plan")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:new_plan")
    pending.delete()
    messages.success(request, _("%(plan)s is aangemaakt.") % {"plan": plan})
    return redirect("plans:overview", slug=plan.slug)
