"""The gewijzigde strategische nota as PDF, printed on the server by WeasyPrint as the verslag's PDF
is (``reporting/pdf.py``): from HTML (``templates/reporting/version_annex_document.html``, with its
print styles), nothing fetched from outside.

A PDF of a few hundred changes takes seconds, longer than a request may wait: as the nota of a
meeting (``drafting/nota_pdf.py``), it is printed by a task on the ``outputs`` queue and kept in the
``outputs`` storage, one file per version (``outputs/kept_files.py``).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django_scopes import scope, scopes_disabled
from django_tasks import task

from core import background
from outputs import kept_files
from outputs.kept_files import DONE, FAILED, WAITING, storage
from reporting.pdf import PDF, _no_fetching
from reporting.version_annex import Annex, build_annex, version_before
from versions import compare
from versions.models import PlanVersion

__all__ = ["DONE", "FAILED", "PDF", "WAITING", "annex_html", "build_annex_pdf", "request_pdf", "storage"]


def annex_html(annex: Annex) -> str:
    return render_to_string("reporting/version_annex_document.html", {"annex": annex})


def build_annex_pdf(annex: Annex) -> bytes:
    """The annex as an A4 landscape PDF."""
    from weasyprint import HTML  # imported here: loading Pango is only needed for a PDF

    document = HTML(string=annex_html(annex), url_fetcher=_no_fetching, base_url=".")
    return document.write_pdf(uncompressed_pdf=False)


def _folder(version: PlanVersion) -> str:
    return f"versies/{version.plan.organisation_id}/{version.plan_id}/versie-{version.number}"


def _mark(version: PlanVersion) -> str:
    return f"bijlage-pdf:{version.pk}"


def stored_pdf(version: PlanVersion, fingerprint: str) -> str | None:
    """The path of the kept PDF of the annex with ``fingerprint``, if it is there and intact."""
    return kept_files.stored(_folder(version), fingerprint)


def request_pdf(version: PlanVersion, annex: Annex, *, again: bool = False) -> tuple[str | None, str]:
    """The kept PDF's path and DONE, or None and the state of the task making it (WAITING or FAILED)."""
    fingerprint = annex.fingerprint()
    return kept_files.request(
        _folder(version),
        _mark(version),
        fingerprint,
        lambda: render_annex_pdf.enqueue(version.pk, fingerprint),
        again=again,
    )


@task(queue_name=background.OUTPUTS_QUEUE)
def render_annex_pdf(version_id: int, fingerprint: str) -> str:
    """The task: print the annex of the version and keep it."""
    with scopes_disabled():
        version = PlanVersion.objects.select_related("plan").filter(pk=version_id).first()
    if version is None:
        return "gone"
    what = f"De gewijzigde strategische nota van {version}"
    with (
        scope(organisation=version.plan.organisation_id),
        translation.override(settings.LANGUAGE_CODE),
        kept_files.rendering(_mark(version), fingerprint, what),
    ):
        annex = build_annex(compare.comparison(version_before(version), version))
        kept_files.store(_folder(version), annex.fingerprint(), build_annex_pdf(annex))
    return DONE
