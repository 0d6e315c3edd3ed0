"""Uploads between preview and confirmation: one per user, gone after a day, with their copy of the file."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from demo.rounds import load_round
from reporting.rounds import round_rows
from reporting.workbook import build_workbook
from rounds.models import ReportingRound
from uploads.models import PendingImport
from uploads.pending import KEEP_FOR, drop_stale, keep

pytestmark = pytest.mark.django_db


def workbook_upload(plan, users) -> io.BytesIO:
    load_round(plan, by=users["cel"])
    output = io.BytesIO()
    build_workbook(round_rows(ReportingRound.objects.get(plan=plan)), output)
    output.seek(0)
    output.name = "rapportering.xlsx"
    return output


def test_the_round_trip_page_keeps_one_preview_per_user(client, plan, users):
    client.force_login(users["cel"])
    url = reverse("reporting:upload", args=[plan.slug])
    client.post(url, {"file": workbook_upload(plan, users)})
    first = PendingImport.objects.get()
    upload = workbook_upload(plan, users)
    response = client.post(url, {"file": upload})
    assert list(PendingImport.objects.all()) == [response.context["pending"]] != [first]


def test_previews_older_than_a_day_are_dropped_with_their_file(users):
    recent = keep(user=users["mt"], filename="nieuw.xlsx", data=b"y")
    old = keep(user=users["cel"], filename="oud.xlsx", data=b"x" * 1000)
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - KEEP_FOR - datetime.timedelta(1)
    )
    assert drop_stale() == 1
    assert list(PendingImport.objects.all()) == [recent]


def test_a_new_upload_drops_everyones_stale_previews(users):
    old = keep(user=users["mt"], filename="oud.xlsx", data=b"x")
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - KEEP_FOR - datetime.timedelta(1)
    )
    mine = keep(user=users["cel"], filename="nieuw.xlsx", data=b"y")
    assert list(PendingImport.objects.all()) == [mine]


def test_an_expired_preview_cannot_be_confirmed(client, plan, users):
    client.force_login(users["cel"])
    client.post(reverse("reporting:upload", args=[plan.slug]), {"file": workbook_upload(plan, users)})
    pending = PendingImport.objects.get()
    PendingImport.objects.update(created_at=timezone.now() - KEEP_FOR - datetime.timedelta(minutes=1))
    response = client.post(reverse("reporting:confirm_upload", args=[plan.slug, pending.pk]))
    assert response.status_code == 404


def test_the_command_drops_stale_previews(users):
    old = keep(user=users["cel"], filename="oud.xlsx", data=b"x")
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - KEEP_FOR - datetime.timedelta(1)
    )
    out = io.StringIO()
    call_command("drop_stale_uploads", stdout=out)
    assert "1 verlopen opgeladen bestand verwijderd." in out.getvalue()
    assert not PendingImport.objects.exists()
