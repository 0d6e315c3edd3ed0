"""Downloads of a round's outputs: streamed when stored, else made by a job whose page polls it."""

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from core import background
from outputs.models import ExportJob, ExportState, OutputKind, StoredOutput
from reporting import export_jobs, rendering, stored_outputs
from rounds.models import ReportingRound

URL_NAMES = {
    OutputKind.WORKBOOK: "reporting:workbook",
    OutputKind.DOCX: "reporting:report_docx",
    OutputKind.PDF: "reporting:report_pdf",
}


def download(request: HttpRequest, round: ReportingRound, kind: str) -> HttpResponse:
    """The output as an attachment, or (202) the page of the job that is making it."""
    entity = rendering.entity_for(round, request.GET.get("entiteit", ""))
    result = export_jobs.request_output(round, kind, entity, by=request.user)
    if isinstance(result, StoredOutput):
        return _attachment(result)
    return _job_page(request, result, status=202)


@require_safe
@permission_required("rounds.view_reportinground", raise_exception=True)
def job(request: HttpRequest, slug: str, pk) -> HttpResponse:
    """The page of a download being made; htmx asks it again every two seconds (204 while the
    state the page shows is still the state)."""
    export = _job(request, slug, pk)
    state = background.shown_state(export)
    if request.headers.get("HX-Request") and request.GET.get("gezien") == state:
        response = HttpResponse(status=204)
        response["X-Export-State"] = state
        return response
    return _job_page(request, export)


@require_safe
@permission_required("rounds.view_reportinground", raise_exception=True)
def job_file(request: HttpRequest, slug: str, pk) -> HttpResponse:
    """The file a finished job made; asked again when it is no longer there or no longer intact."""
    export = _job(request, slug, pk)
    if export.output is not None and stored_outputs.intact(export.output):
        return _attachment(export.output)
    return redirect(_retry_url(export))


def _job(request: HttpRequest, slug: str, pk) -> ExportJob:
    """Only the one who asked sees a job (it may be for another entity, or failed for them)."""
    queryset = ExportJob.objects.select_related("round__plan", "output")
    return get_object_or_404(queryset, pk=pk, round__plan__slug=slug, requested_by=request.user)


def _job_page(request: HttpRequest, export: ExportJob, status: int = 200) -> HttpResponse:
    state = background.shown_state(export)
    plan = export.round.plan
    context = {
        "plan": plan,
        "round": export.round,
        "job": export,
        "state": state,
        "states": ExportState,
        "what": OutputKind(export.kind).label,
        "job_url": reverse("reporting:export_job", args=[plan.slug, export.pk]),
        "file_url": reverse("reporting:export_file", args=[plan.slug, export.pk]),
        "retry_url": _retry_url(export),
        "round_url": reverse("reporting:round", args=[plan.slug, export.round.pk]),
    }
    template = (
        "reporting/_export_status.html" if request.headers.get("HX-Request") else "reporting/export_job.html"
    )
    response = render(request, template, context, status=status)
    response["X-Export-State"] = state
    return response


def _retry_url(export: ExportJob) -> str:
    url = reverse(URL_NAMES[export.kind], args=[export.round.plan.slug, export.round.pk])
    return f"{url}?{urlencode({'entiteit': export.entity})}" if export.entity else url


def _attachment(row: StoredOutput) -> HttpResponse:
    response = FileResponse(
        stored_outputs.open_file(row),
        as_attachment=True,
        filename=rendering.output_name(row.round, row.kind, row.entity),
        content_type=rendering.content_type(row.kind),
    )
    response["Cache-Control"] = "no-store"
    return response
