"""The rounds of a plan: open, close, and their outputs (the workbook and the verslag)."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plans.models import Plan, ProposalState
from reporting.docx_report import DOCX, docx_for_round
from reporting.forms import RoundForm
from reporting.models import ReportingRound
from reporting.pdf import PDF, build_pdf, pdf_filename
from reporting.report import build_report
from reporting.rounds import close_round, open_round, round_proposals, round_rows
from reporting.workbook import XLSX, build_workbook


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
    proposals = [(row, ProposalState(row.state).label) for row in round_proposals(round)]
    context = {"plan": round.plan, "round": round, "versions": round.versions.all(), "proposals": proposals}
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
    """The verslag on screen; it prints without the app's header, and has a PDF made by the server."""
    report = build_report(_round(slug, pk))
    context = {"plan": report.plan, "round": report.round, "versions": report.versions, "report": report}
    return render(request, "reporting/report.html", context)


@require_safe
@permission_required("reporting.view_reportinground", raise_exception=True)
def report_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The verslag as PDF, printed by the server; a closed round's is the same at every download."""
    report = build_report(_round(slug, pk))
    response = HttpResponse(build_pdf(report), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(report)}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@permission_required("reporting.view_reportinground", raise_exception=True)
def report_docx(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The verslag as a Word document in the municipality's house style."""
    round = _round(slug, pk)
    response = HttpResponse(docx_for_round(round), content_type=DOCX)
    filename = f"{slugify(round.plan.organisation)}-{slugify(round.name)}-verslag.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
