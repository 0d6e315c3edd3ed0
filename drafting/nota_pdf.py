"""The nota of a meeting as PDF, printed on the server by WeasyPrint, the way the verslag's PDF is
made (``reporting/pdf.py``): from HTML (``templates/drafting/nota/document.html``, with its print
styles), nothing fetched from outside.

A PDF of a long agenda takes seconds, longer than a request may wait: the page's download renders it
through a task and keeps the file (``drafting/views/notas.py``).
"""

import contextlib
import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.loader import render_to_string
from django.utils import translation
from django_scopes import scope, scopes_disabled
from django_tasks import task

from core import background
from core.progress import CACHE
from drafting.models import Step
from drafting.nota import Nota, build_nota
from reporting.pdf import PDF, _no_fetching

__all__ = ["PDF", "build_nota_pdf", "nota_html", "request_pdf"]


def nota_html(nota: Nota) -> str:
    return render_to_string("drafting/nota/document.html", {"nota": nota})


def build_nota_pdf(nota: Nota) -> bytes:
    """The nota as an A4 landscape PDF."""
    from weasyprint import HTML  # imported here: loading Pango is only needed for a PDF

    document = HTML(string=nota_html(nota), url_fetcher=_no_fetching, base_url=".")
    return document.write_pdf(uncompressed_pdf=False)


# The download: a PDF of a long agenda takes seconds, so a request never renders it. It is made by a
# task on the ``outputs`` queue (the renders' queue, served by workers of their own at a lower CPU
# priority) and kept in the ``outputs`` storage, one file per meeting, named by the nota's
# fingerprint and the file's own SHA-256: a download finds the file of the nota as it is now and
# checks it before it is served; an altered file is deleted and made again. While the task runs, the
# ``progress`` cache (shared by workers and web servers) says so, and the page that follows it polls.

log = logging.getLogger(__name__)
WAITING, FAILED, DONE = background.WAITING, background.FAILED, "done"
MARK_SECONDS = int(background.STALE_AFTER.total_seconds())  # a mark older than any render: asked again
KEY_LENGTH = 32


def storage():
    return storages["outputs"]


def _folder(step: Step) -> str:
    return f"ontwerp/{step.draft.organisation_id}/{step.draft_id}/stap-{step.pk}"


def _mark(step: Step, fingerprint: str) -> str:
    return f"nota-pdf:{step.pk}:{fingerprint[:KEY_LENGTH]}"


def stored_pdf(step: Step, fingerprint: str) -> str | None:
    """The path of the stored PDF of the nota with ``fingerprint``, if it is there and intact."""
    folder, prefix = _folder(step), fingerprint[:KEY_LENGTH] + "-"
    try:
        _folders, names = storage().listdir(folder)
    except FileNotFoundError:
        return None
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".pdf")):
            continue
        path = f"{folder}/{name}"
        with storage().open(path, "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        if name == f"{prefix}{digest[:KEY_LENGTH]}.pdf":
            return path
        log.error(
            "Bewaarde nota geweigerd: de inhoud past niet bij de naam %s; wordt opnieuw aangemaakt", path
        )
        storage().delete(path)
    return None


def store_pdf(step: Step, fingerprint: str, data: bytes) -> str:
    """Keep ``data`` as the meeting's nota; the files of earlier states of the nota go."""
    folder = _folder(step)
    name = f"{fingerprint[:KEY_LENGTH]}-{hashlib.sha256(data).hexdigest()[:KEY_LENGTH]}.pdf"
    path = f"{folder}/{name}"
    with contextlib.suppress(FileNotFoundError):
        for old in storage().listdir(folder)[1]:
            if old != name:
                storage().delete(f"{folder}/{old}")
    if not storage().exists(path):
        storage().save(path, ContentFile(data))
    return path


def request_pdf(step: Step, nota: Nota, *, again: bool = False) -> tuple[str | None, str]:
    """The stored PDF's path and DONE, or None and the state of the task making it (WAITING or
    FAILED). Asks for it when nobody did yet, or ``again`` after it failed."""
    fingerprint = nota.fingerprint()
    path = stored_pdf(step, fingerprint)
    if path is not None:
        return path, DONE
    marks, key = caches[CACHE], _mark(step, fingerprint)
    if again and marks.get(key) == FAILED:
        marks.delete(key)
    if marks.add(key, WAITING, MARK_SECONDS):
        try:
            render_nota_pdf.enqueue(step.pk, fingerprint)
        except Exception:  # not queued: the next request asks again instead of waiting for nothing
            marks.delete(key)
            raise
        path = stored_pdf(step, fingerprint)  # made already where tasks run at once
        if path is not None:
            return path, DONE
    return None, marks.get(key) or WAITING


@task(queue_name=background.OUTPUTS_QUEUE)
def render_nota_pdf(step_id: int, fingerprint: str) -> str:
    """The task: make the PDF of the meeting's nota as it is now and keep it. A render that fails is
    marked failed (its page offers "Probeer het opnieuw") and is not tried again."""
    marks = caches[CACHE]
    with scopes_disabled():
        step = Step.objects.select_related("draft").filter(pk=step_id).first()
    if step is None:
        return "gone"
    key = _mark(step, fingerprint)
    with scope(organisation=step.draft.organisation_id), translation.override(settings.LANGUAGE_CODE):
        try:
            nota = build_nota(step)
            store_pdf(step, nota.fingerprint(), build_nota_pdf(nota))
        except Exception:
            log.exception("De nota van %s kon niet worden aangemaakt", step)
            marks.set(key, FAILED, MARK_SECONDS)
            raise
    marks.delete(key)
    return DONE
