"""A file that takes seconds to render (a PDF), made by a task on the ``outputs`` queue and kept.

The ``outputs`` storage keeps one file per folder (a meeting's nota, a version's annex), named by the
fingerprint of what it shows and the file's own SHA-256: a download finds the file of the content as it
is now and checks it before it is served; an altered file is deleted and made again. While the task
runs, a mark in the ``progress`` cache (shared by workers and web servers) says so, and the page that
follows it polls. Used by drafting/nota_pdf.py and reporting/version_annex_pdf.py.
"""

import contextlib
import hashlib
import logging
from collections.abc import Callable, Iterator

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from core import background
from core.progress import CACHE

log = logging.getLogger(__name__)
WAITING, FAILED, DONE = background.WAITING, background.FAILED, "done"
MARK_SECONDS = int(background.STALE_AFTER.total_seconds())  # a mark older than any render: asked again
KEY_LENGTH = 32


def storage():
    return storages["outputs"]


def stored(folder: str, fingerprint: str, extension: str = "pdf") -> str | None:
    """The path of the kept file of the content with ``fingerprint``, if it is there and intact."""
    prefix = fingerprint[:KEY_LENGTH] + "-"
    try:
        _folders, names = storage().listdir(folder)
    except FileNotFoundError:
        return None
    for name in names:
        if not (name.startswith(prefix) and name.endswith(f".{extension}")):
            continue
        path = f"{folder}/{name}"
        with storage().open(path, "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        if name == f"{prefix}{digest[:KEY_LENGTH]}.{extension}":
            return path
        log.error(
            "Bewaard bestand geweigerd: de inhoud past niet bij de naam %s; wordt opnieuw aangemaakt", path
        )
        storage().delete(path)
    return None


def store(folder: str, fingerprint: str, data: bytes, extension: str = "pdf") -> str:
    """Keep ``data`` as the folder's file; the files of earlier states of the content go."""
    name = f"{fingerprint[:KEY_LENGTH]}-{hashlib.sha256(data).hexdigest()[:KEY_LENGTH]}.{extension}"
    path = f"{folder}/{name}"
    with contextlib.suppress(FileNotFoundError):
        for old in storage().listdir(folder)[1]:
            if old != name:
                storage().delete(f"{folder}/{old}")
    if not storage().exists(path):
        storage().save(path, ContentFile(data))
    return path


def request(
    folder: str, mark: str, fingerprint: str, enqueue: Callable[[], object], *, again: bool = False
) -> tuple[str | None, str]:
    """The kept file's path and DONE, or None and the state of the task making it (WAITING or FAILED).
    Enqueues the task when nobody asked yet, or ``again`` after it failed. ``mark`` names the content
    in the progress cache."""
    path = stored(folder, fingerprint)
    if path is not None:
        return path, DONE
    marks, key = caches[CACHE], f"{mark}:{fingerprint[:KEY_LENGTH]}"
    if again and marks.get(key) == FAILED:
        marks.delete(key)
    if marks.add(key, WAITING, MARK_SECONDS):
        try:
            enqueue()
        except Exception:  # not queued: the next request asks again instead of waiting for nothing
            marks.delete(key)
            raise
        path = stored(folder, fingerprint)  # made already where tasks run at once
        if path is not None:
            return path, DONE
    return None, marks.get(key) or WAITING


@contextlib.contextmanager
def rendering(mark: str, fingerprint: str, what: str) -> Iterator[None]:
    """Around a task's render: a failure is marked (its page offers "Probeer het opnieuw"), logged and
    not tried again; a success takes the mark away."""
    marks, key = caches[CACHE], f"{mark}:{fingerprint[:KEY_LENGTH]}"
    try:
        yield
    except Exception:
        log.exception("%s kon niet worden aangemaakt", what)
        marks.set(key, FAILED, MARK_SECONDS)
        raise
    marks.delete(key)
