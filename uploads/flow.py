"""One way in for every uploaded file, whatever it holds.

1. ``start``: the upload is kept (``uploads.pending``) and a task reads it into a preview.
2. The user sees the preview on the upload's own page (``uploads/views.py``) and confirms it.
3. ``confirm``: a task reads the file again and applies it, all of it in one transaction or nothing.

Reading and applying never run inside a request: a large file takes as long as it takes, and the page
follows it. Each kind of file declares an ``Importer`` (how to read it, how to apply it, who may)
and registers it from its app's ``ready()``.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from django_tasks import task

from core import progress
from uploads import pending as pending_uploads
from uploads.models import PendingImport, UploadState
from uploads.reading import UploadRefused

logger = logging.getLogger(__name__)


class Refused(Exception):
    """The file cannot be applied as it is. ``preview``, if given, is what reading it again showed."""

    def __init__(self, message: str, preview: Any = None):
        super().__init__(message)
        self.preview = preview


@dataclass(frozen=True)
class Done:
    """What an apply did, in a sentence for the user, and the page to show next."""

    message: str
    url: str


@dataclass(frozen=True)
class Importer:
    """One kind of upload.

    ``read(pending, file)`` returns a preview or raises ``UploadRefused``; ``apply(pending, file)``
    reads the file again and applies it, returning ``Done`` or raising ``Refused`` or
    ``UploadRefused``. ``preview_template`` shows a preview as ``upload``; ``ready`` says whether it may
    be confirmed and ``confirm_label`` what the button says. ``start_url`` is the page to upload
    another file."""

    kind: str
    title: str
    may: Callable[[Any], bool]
    read: Callable[[PendingImport, BytesIO], Any]
    apply: Callable[[PendingImport, BytesIO], Done]
    preview_template: str
    ready: Callable[[Any], bool]
    confirm_label: Callable[[Any], str]
    start_url: Callable[[PendingImport], str]


IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    known = IMPORTERS.setdefault(importer.kind, importer)
    if known is not importer and known.read is not importer.read:
        raise ValueError(f"Two importers for {importer.kind!r}")


def importer_of(pending: PendingImport) -> Importer:
    return IMPORTERS[pending.kind]


def start(importer: Importer, *, user, file, plan=None, organisation=None, details=None) -> PendingImport:
    """Keep the uploaded ``file`` and have it read into a preview."""
    if not importer.may(user):
        raise PermissionDenied
    pending = pending_uploads.keep(
        kind=importer.kind,
        user=user,
        filename=file.name,
        data=file.read(),
        plan=plan,
        organisation=organisation,
        details=details,
    )
    read_upload.enqueue(pending.pk)
    return pending


class NotReady(Exception):
    """The upload is not a preview that can be confirmed (refused, already confirmed, or gone)."""


def confirm(pending: PendingImport, user) -> None:
    """The user confirms the preview: have the file read again and applied."""
    if pending.user_id != user.pk or not importer_of(pending).may(user):
        raise PermissionDenied
    confirmed = PendingImport.objects.filter(pk=pending.pk, state=UploadState.PREVIEWED, ready=True).update(
        state=UploadState.APPLYING
    )
    if not confirmed:  # a second click, or a preview that may not be confirmed
        raise NotReady
    apply_upload.enqueue(pending.pk)


def _opened(pending: PendingImport) -> BytesIO:
    return BytesIO(bytes(pending.data))


def _preview(importer: Importer, pending: PendingImport, preview: Any) -> None:
    pending.preview = render_to_string(
        importer.preview_template, {"upload": preview, "pending": pending, "details": pending.details}
    )
    pending.ready = bool(importer.ready(preview))
    pending.confirm_label = importer.confirm_label(preview) if pending.ready else ""


def shown_preview(pending: PendingImport) -> SafeString:
    """The preview as the task rendered it. It is the output of ``render_to_string`` with autoescaping
    on (``_preview``): everything from the file was escaped then, so it is not escaped twice. The only
    HTML marked safe by hand in the project (``tests/security/test_escaping.py``)."""
    return mark_safe(pending.preview)


def progress_key(pending_id: int) -> str:
    """Where the task reports how far it is (``core/progress.py``), for the upload's page."""
    return f"upload:{pending_id}"


def _waiting(pending_id: int, state: str) -> PendingImport | None:
    """The upload, if it is still in ``state`` (gone or moved on: nothing to do)."""
    with scopes_disabled():  # a worker serves every organisation; the upload names its own
        kept = PendingImport.objects.filter(pk=pending_id, state=state)
        return kept.select_related("user", "plan").first()


@task()
def read_upload(pending_id: int) -> str:
    """The task: read a kept upload into its preview, or say why it is refused."""
    pending = _waiting(pending_id, UploadState.READING)
    if pending is None:
        return "gone"
    importer = importer_of(pending)
    with scope(organisation=pending.organisation_id), progress.followed(progress_key(pending.pk)):
        try:
            _preview(importer, pending, importer.read(pending, _opened(pending)))
            pending.state = UploadState.PREVIEWED
        except UploadRefused as refusal:
            _refused(pending, str(refusal))
        except Exception:
            _failed(pending)
            raise
        pending.save()
    return pending.state


@task()
def apply_upload(pending_id: int) -> str:
    """The task: read a confirmed upload again and apply it, all of it or nothing."""
    pending = _waiting(pending_id, UploadState.APPLYING)
    if pending is None:
        return "gone"
    importer = importer_of(pending)
    with scope(organisation=pending.organisation_id), progress.followed(progress_key(pending.pk)):
        try:
            with transaction.atomic():
                done = importer.apply(pending, _opened(pending))
        except (Refused, UploadRefused) as refusal:
            _refused(pending, str(refusal))
            if getattr(refusal, "preview", None) is not None:
                _preview(importer, pending, refusal.preview)
                pending.ready = False
        except Exception:
            _failed(pending)
            raise
        else:
            pending.state, pending.message, pending.next_url = UploadState.APPLIED, done.message, done.url
            pending.data = b""  # a scratch copy of the upload, not a record of the plan
        pending.save()
    return pending.state


def _refused(pending: PendingImport, message: str) -> None:
    """Nothing of the file is taken; its copy goes, the reason stays for the page."""
    pending.state, pending.message, pending.data = UploadState.REFUSED, message, b""


def _failed(pending: PendingImport) -> None:
    logger.exception("Upload %s (%s) failed", pending.pk, pending.kind)
    pending.state = UploadState.FAILED
    pending.message = _("Er ging iets mis bij het verwerken van het bestand. Er is niets veranderd.")
    pending.save()
