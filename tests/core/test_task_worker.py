"""Tasks through a real worker process (``manage.py db_worker``) on each database: what a request
enqueues after its commit is done by the worker, and a task that fails is marked failed, once."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from core.roles import CEL
from notifications.mentions import post_comment
from notifications.models import SentEmail
from tests.factories import ActionFactory

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


@task()
def fails() -> None:
    raise ValueError("zo gemaakt")


pytestmark = pytest.mark.django_db(transaction=True)


def _database_url(tmp_path: Path) -> str:
    """The test database, for another process. SQLite's test database lives in this process's memory:
    the worker gets a copy in a file, and the test reads the outcome from that file."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        return f"sqlite:///{copy}"
    database = connection.settings_dict
    return (
        f"postgres://{quote(database['USER'] or '')}:{quote(database['PASSWORD'] or '')}@"
        f"{quote(database['HOST'] or '', safe='')}:{database['PORT'] or 5432}/{database['NAME']}"
    )


def _run_worker(database_url: str, settings, queue: str = "default") -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": DATABASE_BACKEND,
        "EMAIL_HOST": settings.EMAIL_HOST,
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "EMAIL_USE_TLS": "0",
        "OUTPUT_ROOT": str(settings.OUTPUT_ROOT),
    }
    command = [sys.executable, "-m", "django", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    command += ["--queue-name", queue]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)


def _outcome(database_url: str) -> tuple[list[str], int]:
    """The tasks' states and the number of e-mails recorded, as the worker left them."""
    if database_url.startswith("sqlite:"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as database:
            tasks, mails = DBTaskResult._meta.db_table, SentEmail._meta.db_table
            states = [row[0] for row in database.execute(f"SELECT status FROM {tasks} ORDER BY task_path")]
            return states, database.execute(f"SELECT count(*) FROM {mails}").fetchone()[0]
    states = DBTaskResult.objects.order_by("task_path").values_list("status", flat=True)
    return list(states), SentEmail.objects.count()


def test_the_worker_mails_a_mention_after_the_commit_and_marks_a_failing_task_failed_once(
    role_groups, make_user, settings, smtp_server, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND, "QUEUES": settings.TASK_QUEUES}}
    action = ActionFactory()
    author, colleague = make_user("cel", CEL), make_user("greet", CEL)
    colleague.email = "greet@example.org"
    colleague.save()

    post_comment(action, author, "@greet, kijk jij dit na?")
    assert smtp_server.received == []  # the request only enqueued it
    fails.enqueue()

    database_url = _database_url(tmp_path)
    worker = _run_worker(database_url, settings)
    assert worker.returncode == 0, worker.stderr
    assert [mail.recipients for mail in smtp_server.received] == [["greet@example.org"]]
    assert _outcome(database_url) == (["SUCCESSFUL", "FAILED"], 1)  # notifications.…, tests.…
    assert "zo gemaakt" in worker.stderr + worker.stdout

    again = _run_worker(database_url, settings)  # a failed task is not retried
    assert again.returncode == 0 and _outcome(database_url) == (["SUCCESSFUL", "FAILED"], 1)
