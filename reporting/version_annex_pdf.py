"""The gewijzigde strategische nota as PDF, printed on the server by WeasyPrint as the verslag's PDF
is (``reporting/pdf.py``): from HTML (``templates/reporting/version_annex_document.html``, with its
print styles), nothing fetched from outside.

A PDF of a few hundred changes takes seconds, longer than a request may wait: as the nota of a
meeting (``drafting/nota_pdf.py``), it is printed by a task on the ``outputs`` queue and kept in the
``outputs`` storage, one file per version, named by the annex's fingerprint and the file's own SHA-256;
a download checks the file before it is served. While the task runs, the ``progress`` cache says so
and the page that follows it polls.
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
from reporting.pdf import PDF, _no_fetching
from reporting.version_annex import Annex, build_annex, version_before
from versions import compare
from versions.models import PlanVersion

__all__ = ["PDF", "annex_html", "build_annex_pdf", "request_pdf"]

log = logging.getLogger(__name__)
WAITING, FAILED, DONE = background.WAITING, background.FAILED, "done"
MARK_SECONDS = int(background.STALE_AFTER.total_seconds())
KEY_LENGTH = 32


def annex_html(annex: Annex) -> str:
    return render_to_string("reporting/version_annex_document.html", {"annex": annex})


def build_annex_pdf(annex: Annex) -> bytes:
    """The annex as an A4 landscape PDF."""
    from weasyprint import HTML  # imported here: loading Pango is only needed for a PDF

    document = HTML(string=annex_html(annex), url_fetcher=_no_fetching, base_url=".")
    return document.write_pdf(uncompressed_pdf=False)


def storage():
    return storages["outputs"]


def _folder(version: PlanVersion) -> str:
    return f"versies/{version.plan.organisation_id}/{version.plan_id}/versie-{version.number}"


def _mark(version: PlanVersion, fingerprint: str) -> str:
    return f"bijlage-pdf:{version.pk}:{fingerprint[:KEY_LENGTH]}"


def stored_pdf(version: PlanVersion, fingerprint: str) -> str | None:
    """The path of the stored PDF of the annex with ``fingerprint``, if it is there and intact."""
    folder, prefix = _folder(version), fingerprint[:KEY_LENGTH] + "-"
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
            "Bewaarde bijlage geweigerd: de inhoud past niet bij de naam %s; wordt opnieuw aangemaakt", path
        )
        storage().delete(path)
    return None


def store_pdf(version: PlanVersion, fingerprint: str, data: bytes) -> str:
    folder = _folder(version)
    name = f"{fingerprint[:KEY_LENGTH]}-{hashlib.sha256(data).hexdigest()[:KEY_LENGTH]}.pdf"
    path = f"{folder}/{name}"
    with contextlib.suppress(FileNotFoundError):
        for old in storage().listdir(folder)[1]:
            if old != name:
                storage().delete(f"{folder}/{old}")
    if not storage().exists(path):
        storage().save(path, ContentFile(data))
    return path


def request_pdf(version: PlanVersion, annex: Annex, *, again: bool = False) -> tuple[str | None, str]:
    """The stored PDF's path and DONE, or None and the state of the task making it (WAITING or
    FAILED). Asks for it when nobody did yet, or ``again`` after it failed."""
    fingerprint = annex.fingerprint()
    path = stored_pdf(version, fingerprint)
    if path is not None:
        return path, DONE
    marks, key = caches[CACHE], _mark(version, fingerprint)
    if again and marks.get(key) == FAILED:
        marks.delete(key)
    if marks.add(key, WAITING, MARK_SECONDS):
        try:
            render_annex_pdf.enqueue(version.pk, fingerprint)
        except Exception:  # not queued: the next request asks again instead of waiting for nothing
            marks.delete(key)
            raise
        path = stored_pdf(version, fingerprint)  # made already where tasks run at once
        if path is not None:
            return path, DONE
    return None, marks.get(key) or WAITING


@task(queue_name=background.OUTPUTS_QUEUE)
def render_annex_pdf(version_id: int, fingerprint: str) -> str:
    """The task: print the annex of the version and keep it. A failure is marked (its page offers
    "Probeer het opnieuw") and is not tried again."""
    marks = caches[CACHE]
    with scopes_disabled():
        version = PlanVersion.objects.select_related("plan").filter(pk=version_id).first()
    if version is None:
        return "gone"
    key = _mark(version, fingerprint)
    with scope(organisation=version.plan.organisation_id), translation.override(settings.LANGUAGE_CODE):
        try:
            annex = build_annex(compare.comparison(version_before(version), version))
            store_pdf(version, annex.fingerprint(), build_annex_pdf(annex))
        except Exception:
            log.exception("De gewijzigde strategische nota van %s kon niet worden aangemaakt", version)
            marks.set(key, FAILED, MARK_SECONDS)
            raise
    marks.delete(key)
    return DONE
