"""A render through a real worker process of the ``outputs`` queue, on each database: the request
only enqueues it, a worker of the ``default`` queue leaves it alone, and a worker of the ``outputs``
queue makes and stores the file (tests/core/test_task_worker.py has the worker and its database)."""

import datetime
import hashlib
import sqlite3

import pytest
from django.db import connection

from core.roles import CEL
from outputs.models import ExportJob, StoredOutput
from reporting import stored_outputs
from reporting.rounds import open_round
from tests.core.test_task_worker import DATABASE_BACKEND, _database_url, _run_worker
from tests.factories import ActionFactory
from tests.reporting.test_outputs import url

pytestmark = pytest.mark.django_db(transaction=True)


def _jobs_and_files(database_url: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The jobs' states and the stored outputs' (file, sha256), as the worker left them."""
    if database_url.startswith("sqlite:"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as database:
            jobs, outputs = ExportJob._meta.db_table, StoredOutput._meta.db_table
            states = [row[0] for row in database.execute(f"SELECT state FROM {jobs}")]
            return states, list(database.execute(f"SELECT name, sha256 FROM {outputs}"))
    return list(ExportJob.objects.values_list("state", flat=True)), list(
        StoredOutput.objects.values_list("name", "sha256")
    )


def test_a_worker_of_the_outputs_queue_renders_what_a_request_enqueued(
    client, role_groups, make_user, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND, "QUEUES": settings.TASK_QUEUES}}
    action = ActionFactory()
    round = open_round(
        plan=action.action_plan.plan, name="Rapportering juni 2026", date=datetime.date(2026, 6, 30)
    )
    client.force_login(make_user("cel", CEL))
    waiting = client.get(url("workbook", round))
    assert waiting.status_code == 202 and waiting["X-Export-State"] == "waiting"  # answered at once
    database_url = _database_url(tmp_path)

    other = _run_worker(database_url, settings, queue="default")
    assert other.returncode == 0, other.stderr
    assert _jobs_and_files(database_url) == (["waiting"], [])  # imports and e-mail only

    renderer = _run_worker(database_url, settings, queue="outputs")
    assert renderer.returncode == 0, renderer.stderr
    states, files = _jobs_and_files(database_url)
    assert states == ["done"] and len(files) == 1
    name, sha256 = files[0]
    with stored_outputs.storage().open(name, "rb") as file:
        data = file.read()
    assert data[:2] == b"PK" and hashlib.sha256(data).hexdigest() == sha256
    if connection.vendor != "sqlite":  # the page the user polls sees it too
        job = ExportJob.objects.get()
        page = client.get(f"/plannen/{round.plan.slug}/uitvoer/{job.pk}/")
        assert page["X-Export-State"] == "done"
