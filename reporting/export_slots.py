"""At most ``EXPORT_CONCURRENCY`` renders at once on one app server, whichever worker runs them.

A slot is an exclusive lock (flock) on one of N files in a folder on the server's own disk. The
operating system releases it when its holder closes it or dies, so a killed process never keeps one.
A worker hands a slot it took to the render process it starts (the open file goes with it).
"""

import fcntl
import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings

POLL_SECONDS = 0.2


class Slot:
    def __init__(self, file) -> None:
        self._file = file

    def fileno(self) -> int:
        return self._file.fileno()

    def release(self) -> None:
        if not self._file.closed:
            self._file.close()  # closing the file releases its lock


def handed_over(fd: int) -> Slot:
    """The slot whose locked file a parent process handed to this one (``render_export``)."""
    return Slot(os.fdopen(fd, "a"))


def folder() -> Path:
    if settings.EXPORT_SLOTS_DIR:
        path = Path(settings.EXPORT_SLOTS_DIR)
    else:  # one folder per installation on this machine
        digest = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]
        path = Path(tempfile.gettempdir()) / f"strategisch-plan-exports-{digest}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def try_acquire() -> Slot | None:
    """A free slot, or None at once when every slot is taken."""
    base = folder()
    for number in range(settings.EXPORT_CONCURRENCY):
        file = open(base / f"slot-{number}", "a")  # noqa: SIM115  (held open while the slot is)
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            continue
        return Slot(file)
    return None


def acquire() -> Slot:
    """A slot, waiting for one to come free."""
    while (slot := try_acquire()) is None:
        time.sleep(POLL_SECONDS)
    return slot
