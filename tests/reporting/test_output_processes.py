"""A render in a process of its own: it commits, so it runs apart from the modules that keep the
demo data in an open transaction (tests/conftest.py)."""

import datetime
from urllib.parse import quote

import pytest
from django.db import connection

from core import changes
from core.roles import CEL
from outputs.models import ExportJob, ExportState
from reporting import export_jobs, export_slots
from reporting.rounds import open_round
from tests.factories import ActionFactory
from tests.reporting.test_outputs import body, sheet_names, url


@pytest.mark.django_db(transaction=True)
def test_jobs_run_in_a_process_of_their_own_and_a_request_never_waits_for_a_slot(
    client, role_groups, make_user, settings, monkeypatch
):
    if connection.vendor == "sqlite":
        pytest.skip("a render process cannot reach SQLite's in-memory test database; runs on PostgreSQL")
    database = connection.settings_dict
    host = quote(database["HOST"] or "", safe="")
    monkeypatch.setenv(
        "DATABASE_URL",
        f"postgres://{quote(database['USER'] or '')}:{quote(database['PASSWORD'] or '')}@{host}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
    )
    monkeypatch.setenv("OUTPUT_ROOT", str(settings.OUTPUT_ROOT))
    monkeypatch.setenv("EXPORT_SLOTS_DIR", settings.EXPORT_SLOTS_DIR)
    settings.EXPORT_IN_BACKGROUND, settings.EXPORT_WAIT_SECONDS = True, 60
    action = ActionFactory()
    round = open_round(
        plan=action.action_plan.plan, name="Rapportering juni 2026", date=datetime.date(2026, 6, 30)
    )
    client.force_login(make_user("cel", CEL))

    slot = export_slots.try_acquire()
    waiting = client.get(url("workbook", round))  # at once, though the wait allows a minute
    assert waiting.status_code == 202
    slot.release()
    for child in export_jobs._children:
        child.wait(60)
    assert ExportJob.objects.get().state == ExportState.DONE

    changes.update(action, {"explanation": "Nieuw"}, by=None, version=action.version)
    direct = client.get(url("workbook", round))  # a free slot: rendered within the wait
    assert direct.status_code == 200 and sheet_names(body(direct))
