"""Downloads of a round's outputs that never starve the pages.

A stored output is streamed at once. Anything else is rendered by a job, holding one of the server's
export slots (``export_slots``), in a process of its own at a lower CPU priority
(``manage.py render_export``): the pages never share an interpreter lock with a render, and the
operating system serves them first. The request waits for the job up to ``EXPORT_WAIT_SECONDS`` and
then, or at once when every slot is taken, answers with a page that polls the job and starts the
download when it is ready.

Why a process per job and not a task runner: the limit is per app server (what its cores can bear),
a job needs nothing that outlives it (a job whose process died is shown as failed after
``STALE_AFTER`` and can be asked again), and there is no worker to deploy and watch.
"""

import contextlib
import datetime
import logging
import subprocess
import sys

from django.conf import settings
from django.core.exceptions import PermissionDenied

from core import clock
from outputs.models import ExportJob, ExportState, StoredOutput
from reporting import export_slots, stored_outputs
from rounds.models import ReportingRound

log = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(minutes=30)  # longer than any render: its process must have died
KEPT_FOR = datetime.timedelta(days=7)
_children: list[subprocess.Popen] = []  # this worker's render processes, reaped when they end
READ_OUTPUTS = "rounds.view_reportinground"  # a round's workbook, verslag and BBC reports


def request_output(round: ReportingRound, kind: str, entity: str, *, by) -> StoredOutput | ExportJob:
    """The output to stream now, or the job that is making it. Refused (PermissionDenied) to a user
    who may not read a round's outputs."""
    if not by.has_perm(READ_OUTPUTS):
        raise PermissionDenied
    row = stored_outputs.stored(round, kind, entity)
    if row is not None:
        return row
    ExportJob.objects.filter(round__plan=round.plan, created_at__lt=clock.now() - KEPT_FOR).delete()
    job = ExportJob.objects.create(
        round=round, kind=kind, entity=entity, requested_by=by, created_at=clock.now()
    )
    slot = export_slots.try_acquire()
    if not settings.EXPORT_IN_BACKGROUND:  # tests: in this thread, and only when a slot is free
        if slot is not None:
            run(job.pk, slot)
    else:
        child = _start(job, slot)
        if slot is not None:  # the child holds the slot now; wait a little for it
            slot.release()
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(settings.EXPORT_WAIT_SECONDS)
    job.refresh_from_db()
    if job.state == ExportState.DONE and job.output is not None:
        return job.output
    return job


def _start(job: ExportJob, slot: export_slots.Slot | None) -> subprocess.Popen:
    """``render_export`` for the job, handed the slot's locked file when there is one."""
    _children[:] = [child for child in _children if child.poll() is None]
    command = [sys.executable, "-m", "django", "render_export", str(job.pk)]
    fds: tuple[int, ...] = ()
    if slot is not None:
        fds = (slot.fileno(),)
        command += ["--slot-fd", str(fds[0])]
    child = subprocess.Popen(command, cwd=settings.BASE_DIR, pass_fds=fds, stdin=subprocess.DEVNULL)
    _children.append(child)
    return child


def run(job_id, slot: export_slots.Slot | None = None) -> None:
    """Make the job's output, in a slot (waiting for one when none is given), and record how it went."""
    slot = slot or export_slots.acquire()
    try:
        job = ExportJob.objects.select_related("round__plan__organisation").get(pk=job_id)
        ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING)
        try:
            output = stored_outputs.obtain(job.round, job.kind, job.entity)
        except Exception:
            log.exception("Uitvoer %s van %s kon niet worden gemaakt", job.kind, job.round)
            ExportJob.objects.filter(pk=job.pk).update(state=ExportState.FAILED, finished_at=clock.now())
        else:
            ExportJob.objects.filter(pk=job.pk).update(
                state=ExportState.DONE, output=output, finished_at=clock.now()
            )
    finally:
        slot.release()


def state_of(job: ExportJob) -> str:
    """The job's state as its page shows it: one still unfinished long after it was asked has died
    with its process (a restart), and is shown as failed."""
    unfinished = job.state in (ExportState.WAITING, ExportState.RUNNING)
    if unfinished and job.created_at < clock.now() - STALE_AFTER:
        return ExportState.FAILED
    return job.state
