"""A record that a task works on for someone (an export job, a request to close a round): the task
takes it, and the page that follows it reads its state.

Such a record has a ``state`` (waiting, running, failed, or its own end state) and ``started_at``, the
moment a worker took it. A worker serves every organisation, so it finds the record outside any
scope; the record names its organisation.
"""

import datetime

from django_scopes import scopes_disabled

from core import clock

WAITING, RUNNING, FAILED = "waiting", "running", "failed"
UNFINISHED = (WAITING, RUNNING)
OUTPUTS_QUEUE = "outputs"  # the queue of the renders (settings.TASK_QUEUES), served by workers of their own
STALE_AFTER = datetime.timedelta(minutes=30)  # longer than any task runs: its worker must have died


def take(model, pk, *related: str):
    """The record, now marked running, if it was still waiting; None if it is gone or was taken."""
    with scopes_disabled():
        if not model.objects.filter(pk=pk, state=WAITING).update(state=RUNNING, started_at=clock.now()):
            return None
        return model.objects.select_related(*related).get(pk=pk)


def shown_state(record) -> str:
    """The record's state as its page shows it: one running long after a worker took it has died with
    that worker (a restart), and is shown as failed, so it may be asked again. One still waiting waits
    on: its task stays in the queue until a worker takes it, however long the queue."""
    if record.state == RUNNING and record.started_at < clock.now() - STALE_AFTER:
        return FAILED
    return record.state
