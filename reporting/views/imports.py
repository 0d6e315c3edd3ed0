"""Workbooks in: a filled-in rapportering (round trip) and a whole new plan from the template. The
pages take the file; ``uploads.flow`` reads, previews and applies it (``reporting/importers.py``)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from organisations.roles import is_administrator
from plans.models import Plan
from reporting import importers
from reporting.forms import NewPlanForm, UploadForm
from reporting.plan_template import template
from reporting.workbook import XLSX
from uploads import flow


def upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a filled-in workbook; its page then shows, row by row, what it would change."""
    plan = get_object_or_404(Plan, slug=slug)
    if not importers.ROUND_TRIP.may(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = flow.start(
            importers.ROUND_TRIP, user=request.user, file=form.cleaned_data["file"], plan=plan
        )
        return redirect("uploads:upload", pk=pending.pk)
    return render(request, "reporting/import.html", {"plan": plan, "form": form})


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
    if request.method == "POST" and form.is_valid():
        if Plan.objects.across_organisations().filter(slug=form.cleaned_data["slug"]).exists():
            form.add_error("slug", _("Er bestaat al een plan met deze korte naam. Kies een andere."))
        else:
            pending = flow.start(
                importers.NEW_PLAN,
                user=request.user,
                file=form.cleaned_data["file"],
                organisation=form.cleaned_data["organisation"] if choose else request.organisation,
                details={**form.details(), "numbering": form.cleaned_data["numbering"]},
            )
            return redirect("uploads:upload", pk=pending.pk)
    return render(request, "reporting/new_plan.html", {"form": form})
