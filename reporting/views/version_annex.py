"""The gewijzigde strategische nota of a version (``reporting/version_annex.py``), as Word or PDF.

Both read the stored comparison of the version with the one before it (``versions/compare.py``); a
large comparison not stored yet is computed first by a task, followed by the compare page. The Word
file is written in the request; the PDF is printed by a task and kept (``version_annex_pdf.py``),
and the request streams the stored file or answers at once with a page that follows the task.
"""

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from reporting import version_annex, version_annex_pdf
from reporting.version_annex import FORMATS, build_annex, file_name, version_before
from reporting.version_annex_word import DOCX, build_annex_docx
from versions import aanpassing, access, compare, in_force, snapshots
from versions.models import Comparison, PlanVersion, VersionState
from versions.views.common import version_for


@require_safe
def annex(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    version = version_for(request, slug, number)
    plan = version.plan
    if version.state == VersionState.DRAFT and fmt == "docx" and access.may_keep(request.user):
        return _preview(request, version)
    try:
        before = version_before(version)
        stored, _state = compare.request(before, version)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("versions:list", plan.slug)
    if stored is None:  # a large comparison, being computed: its page follows it
        return redirect(
            f"{reverse('versions:compare', args=[plan.slug])}?oud={before.number}&nieuw={version.number}"
        )
    content = build_annex(stored)
    name = file_name(content, fmt)
    if fmt == "docx":
        return _attachment(BytesIO(build_annex_docx(content, plan.organisation)), name, DOCX)
    path, state = version_annex_pdf.request_pdf(version, content, again=request.GET.get("opnieuw") == "1")
    if path is not None and request.headers.get("HX-Request"):  # the page following the task: start it
        state = version_annex_pdf.DONE
    elif path is not None:
        return _attachment(version_annex_pdf.storage().open(path, "rb"), name, version_annex_pdf.PDF)
    if request.headers.get("HX-Request") and request.GET.get("gezien") == state:
        response = HttpResponse(status=204)
        response["X-Export-State"] = state
        return response
    url = reverse("reporting:version_annex", args=[plan.slug, version.number, "pdf"])
    page = {"plan": plan, "version": version, "state": state, "states": version_annex_pdf, "url": url}
    template = (
        "reporting/_version_annex_pending.html"
        if request.headers.get("HX-Request")
        else "reporting/version_annex_pending.html"
    )
    response = render(request, template, page, status=202)
    response["X-Export-State"] = state
    return response


def _preview(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    """An aanpassing in ontwerp: the annex as it would be if the raad adopted it today, for the cel to
    put on the raad's agenda (Word only: the PDF is printed once the version is adopted)."""
    before = version.based_on or in_force.current(version.plan)
    try:
        if before is None:
            raise ValidationError(version_annex.NO_VERSION_BEFORE, params={"version": version.name})
        rows = compare.compare_snapshots(snapshots.of(before), aanpassing.preview(version, by=request.user))
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("versions:aanpassing", version.plan.slug, version.number)
    content = build_annex(Comparison(older=before, newer=version, rows=rows))
    data = build_annex_docx(content, version.plan.organisation)
    return _attachment(BytesIO(data), file_name(content, "docx"), DOCX)


def _attachment(file, name: str, content_type: str) -> FileResponse:
    response = FileResponse(file, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response
