"""The nota of a meeting as PDF, printed on the server by WeasyPrint, the way the verslag's PDF is
made (``reporting/pdf.py``): from HTML (``templates/drafting/nota/document.html``, with its print
styles), nothing fetched from outside.

A PDF of a long agenda takes seconds, longer than a request may wait: the page's download renders it
through a task and keeps the file (``drafting/views/notas.py``).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django_scopes import scope, scopes_disabled
from django_tasks import task

from core import background
from drafting.models import Step
from drafting.nota import Nota, build_nota
from outputs import kept_files
from outputs.kept_files import DONE, FAILED, WAITING, storage
from reporting.pdf import PDF, _no_fetching

__all__ = ["DONE", "FAILED", "PDF", "WAITING", "build_nota_pdf", "nota_html", "request_pdf", "storage"]


def nota_html(nota: Nota) -> str:
    return render_to_string("drafting/nota/document.html", {"nota": nota})


def build_nota_pdf(nota: Nota) -> bytes:
    """The nota as an A4 landscape PDF."""
    from weasyprint import HTML  # imported here: loading Pango is only needed for a PDF

    document = HTML(string=nota_html(nota), url_fetcher=_no_fetching, base_url=".")
    return document.write_pdf(uncompressed_pdf=False)


# The download: a PDF of a long agenda takes seconds, so a request never renders it. It is made by a
# task on the ``outputs`` queue and kept in the ``outputs`` storage, one file per meeting
# (``outputs/kept_files.py``).


def _folder(step: Step) -> str:
    return f"ontwerp/{step.draft.organisation_id}/{step.draft_id}/stap-{step.pk}"


def _mark(step: Step) -> str:
    return f"nota-pdf:{step.pk}"


def stored_pdf(step: Step, fingerprint: str) -> str | None:
    """The path of the kept PDF of the nota with ``fingerprint``, if it is there and intact."""
    return kept_files.stored(_folder(step), fingerprint)


def request_pdf(step: Step, nota: Nota, *, again: bool = False) -> tuple[str | None, str]:
    """The kept PDF's path and DONE, or None and the state of the task making it (WAITING or FAILED)."""
    fingerprint = nota.fingerprint()
    return kept_files.request(
        _folder(step),
        _mark(step),
        fingerprint,
        lambda: render_nota_pdf.enqueue(step.pk, fingerprint),
        again=again,
    )


@task(queue_name=background.OUTPUTS_QUEUE)
def render_nota_pdf(step_id: int, fingerprint: str) -> str:
    """The task: make the PDF of the meeting's nota as it is now and keep it."""
    with scopes_disabled():
        step = Step.objects.select_related("draft").filter(pk=step_id).first()
    if step is None:
        return "gone"
    with (
        scope(organisation=step.draft.organisation_id),
        translation.override(settings.LANGUAGE_CODE),
        kept_files.rendering(_mark(step), fingerprint, f"De nota van {step}"),
    ):
        nota = build_nota(step)
        kept_files.store(_folder(step), nota.fingerprint(), build_nota_pdf(nota))
    return DONE
