"""A round's outputs are rendered once and stored; downloads stream them; anything not stored is
rendered by a task on the ``outputs`` queue, and its job's page polls it (reporting/stored_outputs.py,
export_jobs.py)."""

import datetime
import hashlib
import logging
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core import background, changes
from demo.rounds import load_round
from outputs.models import ExportJob, ExportState, OutputKind, StoredOutput
from plans.models import Action
from reporting import export_jobs, rendering, stored_outputs
from reporting.rounds import close_round, open_round
from rounds.models import ReportingRound
from tests.helpers import database_state


@pytest.fixture
def closed_round(plan, users):
    load_round(plan, by=users["cel"])
    return ReportingRound.objects.select_related("plan").get(plan=plan)


@pytest.fixture
def live_round(plan):
    return open_round(plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30))


@pytest.fixture
def renders(monkeypatch):
    """Counts the renders, which still run."""
    calls = []
    real = rendering.render_output

    def counting(round, kind, entity=""):
        calls.append((round.pk, kind, entity))
        return real(round, kind, entity)

    monkeypatch.setattr(rendering, "render_output", counting)
    return calls


@pytest.fixture
def failing_render(monkeypatch):
    def fail(round, kind, entity=""):
        raise RuntimeError("de schijf is vol")

    monkeypatch.setattr(rendering, "render_output", fail)


def url(name: str, round: ReportingRound) -> str:
    return reverse(f"reporting:{name}", args=[round.plan.slug, round.pk])


def body(response) -> bytes:
    return response.getvalue()


def stored_files() -> set:
    return {str(path) for path in Path(stored_outputs.storage().location).rglob("*")}


def sheet_names(data: bytes) -> list[str]:
    return openpyxl.load_workbook(BytesIO(data), read_only=True).sheetnames


def test_closing_a_round_stores_its_workbook_with_its_hash(closed_round):
    stored = StoredOutput.objects.get(round=closed_round)
    data = stored_outputs.storage().open(stored.name).read()
    assert stored.kind == OutputKind.WORKBOOK and stored.fingerprint == ""
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    assert stored.name.startswith("ocmw-turnhout/") and sheet_names(data)[0] == "Overzicht raad"


def test_a_closed_rounds_workbook_is_streamed_without_rendering_or_reading_items(
    client, users, closed_round, renders, django_assert_max_num_queries
):
    client.force_login(users["raad"])
    client.get(reverse("plans:home"))  # the session's renewal, not the download's
    stored = StoredOutput.objects.get(round=closed_round)
    with django_assert_max_num_queries(8):  # session, user, memberships, round, stored row
        response = client.get(url("workbook", closed_round))
    assert response.status_code == 200 and response.streaming
    assert body(response) == stored_outputs.storage().open(stored.name).read()
    assert response["Content-Disposition"] == (
        'attachment; filename="ocmw-turnhout-rapportering-december-2017.xlsx"'
    )
    assert response["Cache-Control"] == "no-store"
    assert renders == []


def test_a_closed_rounds_verslag_is_rendered_at_the_first_download_only(client, users, closed_round, renders):
    client.force_login(users["raad"])
    first = body(client.get(url("report_docx", closed_round)))
    second = body(client.get(url("report_docx", closed_round)))
    assert first == second and first[:2] == b"PK"
    assert renders == [(closed_round.pk, OutputKind.DOCX, "")]


def test_an_open_rounds_export_renders_once_until_the_plan_changes(
    client, users, live_round, renders, django_capture_on_commit_callbacks
):
    client.force_login(users["cel"])
    first = body(client.get(url("workbook", live_round)))
    again = body(client.get(url("workbook", live_round)))
    assert first == again and len(renders) == 1
    old = StoredOutput.objects.get(round=live_round)

    action = Action.objects.filter(action_plan__plan=live_round.plan).first()
    changes.update(action, {"explanation": "Nieuwe stand van zaken"}, by=users["cel"], version=action.version)
    with django_capture_on_commit_callbacks(execute=True):
        changed = body(client.get(url("workbook", live_round)))
    assert len(renders) == 2 and changed != first
    assert StoredOutput.objects.filter(round=live_round).count() == 1  # the outdated one is gone
    assert not stored_outputs.storage().exists(old.name)


def test_closing_forgets_the_open_rounds_outputs(
    client, users, live_round, django_capture_on_commit_callbacks
):
    client.force_login(users["cel"])
    client.get(url("workbook", live_round))
    open_file = StoredOutput.objects.get(round=live_round).name
    with django_capture_on_commit_callbacks(execute=True):
        close_round(live_round, by=users["cel"])
    assert list(StoredOutput.objects.filter(round=live_round).values_list("fingerprint", flat=True)) == [""]
    assert not stored_outputs.storage().exists(open_file)


def test_a_missing_file_is_rendered_again_from_the_frozen_rows(client, users, closed_round, renders, caplog):
    stored = StoredOutput.objects.get(round=closed_round)
    stored_outputs.storage().delete(stored.name)
    client.force_login(users["raad"])
    with caplog.at_level(logging.WARNING, logger="reporting.stored_outputs"):
        response = client.get(url("workbook", closed_round))
    assert response.status_code == 200 and sheet_names(body(response))[0] == "Overzicht raad"
    assert renders == [(closed_round.pk, OutputKind.WORKBOOK, "")]
    assert "ontbreekt" in caplog.text
    again = StoredOutput.objects.get(round=closed_round)
    assert stored_outputs.storage().exists(again.name) and stored_outputs.intact(again)


def test_a_file_whose_hash_no_longer_matches_is_refused_logged_and_never_served(
    client, users, closed_round, renders, caplog
):
    stored = StoredOutput.objects.get(round=closed_round)
    with stored_outputs.storage().open(stored.name, "wb") as file:
        file.write(b"PK altered by hand")
    client.force_login(users["raad"])
    with caplog.at_level(logging.ERROR, logger="reporting.stored_outputs"):
        response = client.get(url("workbook", closed_round))
    data = body(response)
    assert b"altered by hand" not in data and sheet_names(data)[0] == "Overzicht raad"
    assert {r.levelname for r in caplog.records if r.name == "reporting.stored_outputs"} == {"ERROR"}
    assert stored.sha256 in caplog.text and "geweigerd" in caplog.text
    assert len(renders) == 1


def test_closing_is_refused_and_changes_nothing_when_the_workbook_cannot_be_made(
    client, users, live_round, failing_render
):
    client.force_login(users["cel"])
    before, files_before = database_state(), stored_files()
    response = client.post(url("close", live_round), {"bevestigd": "ja"}, follow=True)
    assert "kon niet worden gemaakt, daarom is de rapportering niet afgesloten" in response.content.decode()
    assert database_state() == before
    assert not ReportingRound.objects.get(pk=live_round.pk).is_closed
    assert not live_round.frozen_items.exists()
    assert stored_files() == files_before


def test_a_download_answers_at_once_with_a_page_that_polls_and_then_the_file(
    client, users, live_round, renders, queued
):
    client.force_login(users["cel"])
    response = client.get(url("workbook", live_round))
    assert response.status_code == 202 and response["X-Export-State"] == "waiting"
    page = response.content.decode()
    assert "Werkboek wordt aangemaakt" in page and "staat in de wachtrij" in page
    job = ExportJob.objects.get()
    status_url = reverse("reporting:export_job", args=[live_round.plan.slug, job.pk])
    assert f'data-status-url="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert renders == []  # the request only enqueued it
    unchanged = client.get(f"{status_url}?gezien=waiting", headers={"HX-Request": "true"})
    assert unchanged.status_code == 204  # nothing to announce again

    assert export_jobs.render_output.call(str(job.pk)) == "done"  # a worker of the outputs queue
    status = client.get(f"{status_url}?gezien=waiting", headers={"HX-Request": "true"})
    assert status.status_code == 200 and status["X-Export-State"] == "done"
    assert (
        'id="export-download"' in status.content.decode() and "data-auto-download" in status.content.decode()
    )
    download = client.get(reverse("reporting:export_file", args=[live_round.plan.slug, job.pk]))
    assert download.status_code == 200 and sheet_names(body(download))[0] == "Overzicht raad"
    assert len(renders) == 1
    assert export_jobs.render_output.call(str(job.pk)) == "gone"  # a task taken twice renders once
    assert len(renders) == 1


def test_one_render_serves_everyone_who_asked_for_the_same_output_before_it_began(
    client, users, live_round, renders, queued
):
    for username in ("cel", "beheerder"):
        client.force_login(users[username])
        assert client.get(url("workbook", live_round)).status_code == 202
    client.force_login(users["mt"])
    assert client.get(url("report_docx", live_round)).status_code == 202  # another output
    first, second = ExportJob.objects.filter(kind=OutputKind.WORKBOOK).order_by("created_at", "pk")
    assert export_jobs.render_output.call(str(first.pk)) == "done"
    assert export_jobs.render_output.call(str(second.pk)) == "gone"
    assert renders == [(live_round.pk, OutputKind.WORKBOOK, "")]
    done = ExportJob.objects.filter(kind=OutputKind.WORKBOOK)
    assert {job.state for job in done} == {"done"} and len({job.output_id for job in done}) == 1
    assert ExportJob.objects.get(kind=OutputKind.DOCX).state == "waiting"
    client.force_login(users["beheerder"])
    download = client.get(reverse("reporting:export_file", args=[live_round.plan.slug, second.pk]))
    assert download.status_code == 200 and sheet_names(body(download))[0] == "Overzicht raad"


def test_renders_go_to_a_queue_of_their_own():
    """So an import on the default queue never waits behind a long render."""
    assert export_jobs.render_output.queue_name == background.OUTPUTS_QUEUE != "default"


def test_a_failed_job_shows_a_dutch_error_to_the_one_who_asked_only(
    client, users, live_round, monkeypatch, caplog, queued
):
    client.force_login(users["cel"])
    client.get(url("report_docx", live_round))
    job = ExportJob.objects.get()
    monkeypatch.setattr(rendering, "render_output", lambda *args: 1 / 0)
    with caplog.at_level(logging.ERROR), pytest.raises(ZeroDivisionError):
        export_jobs.render_output.call(str(job.pk))  # the worker marks the task failed, once
    assert "ZeroDivisionError" in caplog.text
    page_url = reverse("reporting:export_job", args=[live_round.plan.slug, job.pk])
    page = client.get(page_url)
    assert page["X-Export-State"] == "failed"
    text = page.content.decode()
    assert (
        "Mislukt:" in text and "Verslag in Word van Rapportering juni 2018 kon niet worden aangemaakt" in text
    )
    assert f'href="{url("report_docx", live_round)}"' in text  # try again
    client.force_login(users["mt"])
    assert client.get(page_url).status_code == 404
    assert (
        client.get(reverse("reporting:export_file", args=[live_round.plan.slug, job.pk])).status_code == 404
    )


def test_a_job_whose_worker_died_is_shown_as_failed(client, users, live_round):
    long_ago = timezone.now() - background.STALE_AFTER - datetime.timedelta(minutes=1)
    job = ExportJob.objects.create(
        round=live_round,
        kind=OutputKind.PDF,
        requested_by=users["cel"],
        state=ExportState.RUNNING,
        created_at=long_ago,
        started_at=long_ago,
    )
    client.force_login(users["cel"])
    page = client.get(reverse("reporting:export_job", args=[live_round.plan.slug, job.pk]))
    assert page["X-Export-State"] == "failed" and "Probeer het opnieuw" in page.content.decode()


def test_a_job_that_waits_long_in_a_busy_queue_is_still_waiting(client, users, live_round):
    long_ago = timezone.now() - background.STALE_AFTER - datetime.timedelta(minutes=1)
    job = ExportJob.objects.create(
        round=live_round, kind=OutputKind.PDF, requested_by=users["cel"], created_at=long_ago
    )
    client.force_login(users["cel"])
    page = client.get(reverse("reporting:export_job", args=[live_round.plan.slug, job.pk]))
    assert page["X-Export-State"] == "waiting" and "Probeer het opnieuw" not in page.content.decode()


def test_a_closed_round_lists_its_proposals_as_they_stood_when_it_closed(client, users, closed_round):
    client.force_login(users["raad"])
    page = client.get(reverse("reporting:round", args=[closed_round.plan.slug, closed_round.pk]))
    text = page.content.decode()
    assert "Met hun stand bij het afsluiten op" in text and "ingediend bij het afsluiten" in text


def test_the_round_page_shows_the_stored_outputs_and_their_hash(client, users, closed_round):
    stored = StoredOutput.objects.get(round=closed_round)
    client.force_login(users["raad"])
    page = client.get(
        reverse("reporting:round", args=[closed_round.plan.slug, closed_round.pk])
    ).content.decode()
    assert "Bewaarde uitvoer" in page and stored.sha256 in page and "Werkboek" in page


def test_an_edit_made_while_the_export_renders_is_never_hidden_by_the_stored_file(
    client, users, live_round, monkeypatch
):
    action = Action.objects.filter(action_plan__plan=live_round.plan).first()
    real, calls = rendering.render_output, []

    def render_while_someone_saves(round, kind, entity=""):
        calls.append(kind)
        data = real(round, kind, entity)
        if len(calls) == 1:
            changes.update(action, {"explanation": "Tijdens de export"}, by=None, version=action.version)
        return data

    monkeypatch.setattr(rendering, "render_output", render_while_someone_saves)
    client.force_login(users["cel"])
    client.get(url("workbook", live_round))
    client.get(url("workbook", live_round))
    assert len(calls) == 2  # the first file was stored under the state before the edit


def test_asking_for_an_output_is_refused_to_who_may_not_read_rounds_and_changes_nothing(
    live_round, django_user_model, renders
):
    nobody = django_user_model.objects.create_user("zonder-rol")  # no role in any organisation
    before = database_state()
    with pytest.raises(PermissionDenied):
        export_jobs.request_output(live_round, OutputKind.WORKBOOK, "", by=nobody)
    assert database_state() == before and not ExportJob.objects.exists() and renders == []
