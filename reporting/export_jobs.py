"""Downloads of a round's outputs that never starve the pages.

A stored output is streamed at once. Anything else is made by a task on the ``outputs`` queue
(``render_output``), which workers of its own serve at a lower CPU priority (``scripts/with_worker.sh``;
docs/operations.md): the number of outputs rendered at once on a server is the number of those workers
it runs, and an import on the ``default`` queue never waits behind a PDF of minutes. The request only
records the job (``ExportJob``: who asked for what, so only they see its page), enqueues the task and
answers at once with the job's page, which polls it and starts the download when it is ready.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django_scopes import scope
from django_tasks import task

from core import background, clock
from outputs.models import ExportJob, ExportState, StoredOutput
from reporting import stored_outputs
from rounds.models import ReportingRound

log = logging.getLogger(__name__)

KEPT_FOR = datetime.timedelta(days=7)
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
    render_output.enqueue(str(job.pk))
    job.refresh_from_db()  # done already where tasks run at once (the tests' backend)
    if job.state == ExportState.DONE and job.output is not None:
        return job.output
    return job


@task(queue_name=background.OUTPUTS_QUEUE)
def render_output(job_id: str) -> str:
    """The task: make the job's output and record how it went. A render that fails is marked failed
    (its page offers "Probeer het opnieuw") and is not tried again.

    The same output asked by others before this render began is theirs too: the file shows the plan
    as it was when the render began, at least as new as what they asked for. So a round asked for by
    many at once, while its plan changes, is rendered once per turn of the worker, not once each."""
    started = clock.now()
    job = background.take(ExportJob, job_id, "round__plan")
    if job is None:
        return "gone"
    same_output = ExportJob.objects.filter(round=job.round_id, kind=job.kind, entity=job.entity)
    jobs = same_output.filter(pk=job.pk) | same_output.filter(
        state=ExportState.WAITING, created_at__lte=started
    )
    with scope(organisation=job.round.plan.organisation_id), translation.override(settings.LANGUAGE_CODE):
        try:
            output = stored_outputs.obtain(job.round, job.kind, job.entity)
        except Exception:
            log.exception("Uitvoer %s van %s kon niet worden gemaakt", job.kind, job.round)
            ExportJob.objects.filter(pk=job.pk).update(state=ExportState.FAILED, finished_at=clock.now())
            raise
        jobs.update(state=ExportState.DONE, output=output, finished_at=clock.now())
    return ExportState.DONE
