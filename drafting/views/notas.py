"""The nota of a meeting, downloaded as Word, PDF or an Excel list (``drafting/nota.py``).

The Word file and the list are written in the request: for a meeting with 300 proposals on its
agenda, ten times a real one, the Word nota takes about 0.5 s and the list 0.16 s (``BENCH_ONLY=drafting
make bench``). The PDF of that meeting takes some 9 s: it is printed by a task and kept
(``drafting/nota_pdf.py``), and the request streams the stored file, or answers at once with a page
that follows the task and starts the download when it is ready.
"""

from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from drafting import access, nota_pdf
from drafting.models import Step
from drafting.nota import FORMATS, build_nota, file_name
from drafting.nota_word import DOCX, build_nota_docx
from drafting.nota_workbook import XLSX, build_nota_workbook
from drafting.views.common import context, draft_for

NOT_FOR_YOU = _("De nota van een vergadering is voor de strategische cel en het managementteam.")


@require_safe
def nota(request: HttpRequest, draft_id: int, step_id: int, fmt: str) -> HttpResponse:
    draft = draft_for(request, draft_id)
    if not access.may_read_all(request.user):
        raise PermissionDenied(NOT_FOR_YOU)
    if fmt not in FORMATS:
        raise Http404
    step = get_object_or_404(Step, pk=step_id, draft=draft, removed=False)
    step.draft = draft
    content = build_nota(step)
    name = file_name(content, fmt)
    if fmt == "docx":
        return _attachment(BytesIO(build_nota_docx(content, draft.organisation)), name, DOCX)
    if fmt == "xlsx":
        output = BytesIO()
        build_nota_workbook(content, output)
        output.seek(0)
        return _attachment(output, name, XLSX)
    stored, state = nota_pdf.request_pdf(step, content, again=request.GET.get("opnieuw") == "1")
    if stored is not None and request.headers.get("HX-Request"):  # the page following the task: start it
        state = nota_pdf.DONE
    elif stored is not None:
        return _attachment(nota_pdf.storage().open(stored, "rb"), name, nota_pdf.PDF)
    if request.headers.get("HX-Request") and request.GET.get("gezien") == state:
        response = HttpResponse(status=204)
        response["X-Export-State"] = state
        return response
    url = reverse("drafting:nota", args=[draft.pk, step.pk, "pdf"])
    page = {"step": step, "state": state, "states": nota_pdf, "url": url, "nota": content}
    template = (
        "drafting/nota/_pending.html" if request.headers.get("HX-Request") else "drafting/nota/pending.html"
    )
    response = render(request, template, context(request, draft, **page), status=202)
    response["X-Export-State"] = state
    return response


def _attachment(file, name: str, content_type: str) -> FileResponse:
    response = FileResponse(file, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("<int:draft_id>/stappen/<int:step_id>/nota.<str:fmt>", nota, name="nota"),
]
