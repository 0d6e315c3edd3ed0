"""Downloads of a round's outputs that never starve the pages.

A stored output is streamed at once. Anything else is rendered by a job in a background thread of
the worker that was asked, holding one of the server's export slots (``export_slots``): the request
waits for it up to ``EXPORT_WAIT_SECONDS`` and then, or at once when every slot is taken, answers
with a page that polls the job and starts the download when it is ready. A worker is never stuck
behind a render: it waits a few seconds at most, and only while a slot is rendering its job.

Why threads and not a task runner: the limit is per app server (what its cores can bear), a job
needs nothing that outlives the worker (a job whose worker died is shown as failed after
``STALE_AFTER`` and can be asked again), and there is no extra process to deploy and watch.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import connections
from django.utils import translation
from django_scopes import scope

from plans import clock
from reporting import export_slots, outputs
from reporting.models import ExportJob, ExportState, ReportingRound, StoredOutput

log = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(minutes=30)  # longer than any render; its worker must have died
KEPT_FOR = datetime.timedelta(days=7)
_threads: dict = {}  # job id → its thread, in this process


def request_output(round: ReportingRound, kind: str, entity: str, *, by) -> StoredOutput | ExportJob:
    """The output to stream now, or the job that is making it."""
    row = outputs.stored(round, kind, entity)
    if row is not None:
        return row
    ExportJob.objects.filter(round__plan=round.plan, created_at__lt=clock.now() - KEPT_FOR).delete()
    job = ExportJob.objects.create(
        round=round, kind=kind, entity=entity, requested_by=by, created_at=clock.now()
    )
    slot = export_slots.try_acquire()
    if not settings.EXPORT_IN_BACKGROUND:
        if slot is not None:
            run(job.pk, slot)
    else:
        thread = threading.Thread(
            target=_in_thread,
            args=(job.pk, slot, round.plan.organisation_id, translation.get_language()),
            name=f"export-{job.pk}",
            daemon=True,
        )
        _threads[job.pk] = thread
        thread.start()
        if slot is not None:
            thread.join(settings.EXPORT_WAIT_SECONDS)
    job.refresh_from_db()
    if job.state == ExportState.DONE and job.output is not None:
        return job.output
    return job


def run(job_id, slot: export_slots.Slot | None = None) -> None:
    """Make the job's output, in a slot (waiting for one when none is given), and record how it went."""
    slot = slot or export_slots.acquire()
    try:
        job = ExportJob.objects.select_related("round__plan__organisation").get(pk=job_id)
        ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING)
        try:
            output = outputs.obtain(job.round, job.kind, job.entity)
        except Exception:
            log.exception("Uitvoer %s van %s kon niet worden gemaakt", job.kind, job.round)
            ExportJob.objects.filter(pk=job.pk).update(state=ExportState.FAILED, finished_at=clock.now())
        else:
            ExportJob.objects.filter(pk=job.pk).update(
                state=ExportState.DONE, output=output, finished_at=clock.now()
            )
    finally:
        slot.release()


def _in_thread(job_id, slot, organisation_id: int, language: str) -> None:
    try:
        with scope(organisation=organisation_id), translation.override(language):
            run(job_id, slot)
    finally:
        _threads.pop(job_id, None)
        connections.close_all()  # this thread's own connections


def state_of(job: ExportJob) -> str:
    """The job's state as its page shows it: one still unfinished long after it was asked has died
    with its worker (a restart), and is shown as failed."""
    unfinished = job.state in (ExportState.WAITING, ExportState.RUNNING)
    if unfinished and job.created_at < clock.now() - STALE_AFTER and job.pk not in _threads:
        return ExportState.FAILED
    return job.state


def wait_for_threads(seconds: float = 60) -> None:
    """For tests and commands: let the background jobs of this process finish."""
    for thread in list(_threads.values()):
        thread.join(seconds)
