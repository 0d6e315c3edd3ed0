"""Uploads from upload to apply: one per user, gone after a day, with their copy of the file; only
their own user sees them, and a preview is confirmed once."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import progress
from core.roles import CEL
from demo.rounds import load_round
from plans.models import Action
from reporting import importers
from reporting.rounds import round_rows
from reporting.workbook import build_workbook
from rounds.models import ReportingRound
from tests.helpers import confirmed, database_state, uploaded
from tests.reporting.test_import import row_of
from uploads import flow
from uploads.flow import apply_upload, read_upload
from uploads.models import PendingImport, UploadState
from uploads.pending import KEEP_FOR, drop_stale, keep

pytestmark = pytest.mark.django_db


def workbook_upload(plan, users) -> io.BytesIO:
    load_round(plan, by=users["cel"])
    output = io.BytesIO()
    build_workbook(round_rows(ReportingRound.objects.get(plan=plan)), output)
    output.seek(0)
    output.name = "rapportering.xlsx"
    return output


def changed_upload(plan, users) -> io.BytesIO:
    """The round's workbook with one status changed."""
    load_round(plan, by=users["cel"])
    build_workbook(round_rows(ReportingRound.objects.get(plan=plan)), output := io.BytesIO())
    book = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
    row_of(book, "10.2")[4].value = "regulier"
    changed = io.BytesIO()
    book.save(changed)
    changed.seek(0)
    changed.name = "rapportering.xlsx"
    return changed


def test_the_round_trip_page_keeps_one_preview_per_user(client, plan, users):
    client.force_login(users["cel"])
    url = reverse("reporting:upload", args=[plan.slug])
    uploaded(client, url, {"file": workbook_upload(plan, users)})
    first = PendingImport.objects.get()
    upload = workbook_upload(plan, users)
    response = uploaded(client, url, {"file": upload})
    assert list(PendingImport.objects.all()) == [response.context["pending"]] != [first]


def test_previews_older_than_a_day_are_dropped_with_their_file(users):
    recent = keep(kind="round_trip", user=users["mt"], filename="nieuw.xlsx", data=b"y")
    old = keep(kind="round_trip", user=users["cel"], filename="oud.xlsx", data=b"x" * 1000)
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - KEEP_FOR - datetime.timedelta(1)
    )
    assert drop_stale() == 1
    assert list(PendingImport.objects.all()) == [recent]


def test_a_new_upload_drops_everyones_stale_previews(users):
    old = keep(kind="round_trip", user=users["mt"], filename="oud.xlsx", data=b"x")
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - KEEP_FOR - datetime.timedelta(1)
    )
    mine = keep(kind="round_trip", user=users["cel"], filename="nieuw.xlsx", data=b"y")
    assert list(PendingImport.objects.all()) == [mine]


def test_an_expired_preview_cannot_be_confirmed(client, plan, users):
    client.force_login(users["cel"])
    uploaded(client, reverse("reporting:upload", args=[plan.slug]), {"file": workbook_upload(plan, users)})
    pending = PendingImport.objects.get()
    PendingImport.objects.update(created_at=timezone.now() - KEEP_FOR - datetime.timedelta(minutes=1))
    before = database_state()
    response = client.post(reverse("uploads:confirm", args=[pending.pk]))
    assert response.status_code == 404 and database_state() == before


def test_only_the_uploader_sees_and_confirms_an_upload(client, plan, users, make_user):
    client.force_login(users["cel"])
    response = uploaded(
        client, reverse("reporting:upload", args=[plan.slug]), {"file": changed_upload(plan, users)}
    )
    pending = response.context["pending"]
    other = make_user("cel-2", CEL)
    client.force_login(other)
    before = database_state()
    assert client.get(reverse("uploads:upload", args=[pending.pk])).status_code == 404
    assert client.post(reverse("uploads:confirm", args=[pending.pk])).status_code == 404
    assert database_state() == before
    assert PendingImport.objects.get().state == UploadState.PREVIEWED


def test_a_preview_is_applied_once(client, plan, users):
    client.force_login(users["cel"])
    response = uploaded(
        client, reverse("reporting:upload", args=[plan.slug]), {"file": changed_upload(plan, users)}
    )
    pending = response.context["pending"]
    confirmed(client, response)
    history = Action.history.count()
    response = client.post(reverse("uploads:confirm", args=[pending.pk]), follow=True)
    assert response.status_code == 404 and Action.history.count() == history


def test_the_page_follows_the_task_and_shows_its_state(client, plan, users, queued):
    """With a real queue the task has not run yet when the page first shows: it says so, and htmx
    asks again (204 while nothing changed)."""
    client.force_login(users["cel"])
    response = uploaded(
        client, reverse("reporting:upload", args=[plan.slug]), {"file": changed_upload(plan, users)}
    )
    pending = response.context["pending"]
    assert "Het bestand wordt gelezen." in response.content.decode()
    url = reverse("uploads:upload", args=[pending.pk])
    with CaptureQueriesContext(connection) as polled:
        assert client.get(url, {"gezien": "reading"}, headers={"HX-Request": "true"}).status_code == 204
    reads = [q["sql"] for q in polled.captured_queries if "reporting_pendingimport" in q["sql"]]
    assert reads and not any('"data"' in sql for sql in reads)  # the file stays in the database
    assert client.post(reverse("uploads:confirm", args=[pending.pk]), follow=True).context[
        "pending"
    ].state == (UploadState.READING)
    read_upload.call(pending.pk)
    response = client.get(url, {"gezien": "reading"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "1 wijziging doorvoeren" in response.content.decode()
    client.post(reverse("uploads:confirm", args=[pending.pk]))
    assert "Het bestand wordt ingelezen." in client.get(url).content.decode()
    apply_upload.call(pending.pk)
    response = client.get(url, {"gezien": "applying"}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == url
    response = client.get(url, follow=True)
    assert "is ingelezen: 1 item bijgewerkt." in response.content.decode()
    assert not PendingImport.objects.exists()


def test_the_page_shows_how_far_the_task_is(client, plan, users, queued, monkeypatch):
    """The task reports its rows as it goes; the page shows them in words and as a progress bar, and
    htmx gets a new answer each time the count moves."""
    client.force_login(users["cel"])
    response = uploaded(
        client, reverse("reporting:upload", args=[plan.slug]), {"file": changed_upload(plan, users)}
    )
    pending = response.context["pending"]
    url = reverse("uploads:upload", args=[pending.pk])
    seen = []

    def looking(what, total=None):  # the page, asked while the task starts each step
        real_step(what, total)
        page = client.get(url, {"gezien": "reading"}, headers={"HX-Request": "true"})
        seen.append((page.status_code, page.content.decode()))

    real_step = progress.step
    monkeypatch.setattr(progress, "step", looking)
    read_upload.call(pending.pk)
    assert [status for status, _page in seen] == [200, 200]
    reading = seen[0][1]
    assert re.search(r"Wordt gelezen: 0 van \d+ rijen\.", reading)
    assert re.search(r'<progress class="upload-progress" max="\d+" value="0"', reading)
    assert 'aria-labelledby="upload-progress-text"' in reading and 'role="status"' in reading

    caches[progress.CACHE].set(
        flow.progress_key(pending.pk), progress.Progress("Wordt gecontroleerd", 3200, 10700)
    )
    PendingImport.objects.filter(pk=pending.pk).update(state=UploadState.READING)
    page = client.get(url).content.decode()
    assert "Wordt gecontroleerd: 3.200 van 10.700 rijen." in page and 'value="3200"' in page
    token = "reading:Wordt gecontroleerd:3200"
    assert client.get(url, {"gezien": token}, headers={"HX-Request": "true"}).status_code == 204


def test_a_failing_read_says_so_and_changes_nothing(client, plan, users, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(importers, "import_rapportering", broken)
    client.force_login(users["cel"])
    file = changed_upload(plan, users)
    before = database_state()
    response = uploaded(client, reverse("reporting:upload", args=[plan.slug]), {"file": file})
    assert "Er ging iets mis bij het verwerken van het bestand." in response.content.decode()
    assert database_state() == before


def test_the_command_drops_stale_previews(users):
    old = keep(kind="round_trip", user=users["cel"], filename="oud.xlsx", data=b"x")
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - KEEP_FOR - datetime.timedelta(1)
    )
    out = io.StringIO()
    call_command("drop_stale_uploads", stdout=out)
    assert "1 verlopen opgeladen bestand verwijderd." in out.getvalue()
    assert not PendingImport.objects.exists()
