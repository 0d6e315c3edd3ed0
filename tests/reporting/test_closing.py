"""Closing a round from its page is a task (reporting/closing.py): the request answers at once, the
page follows the task, and a close that fails leaves the round open with its reason on the page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from reporting import closing, rendering
from reporting.rounds import open_round
from rounds.models import ClosingState, ReportingRound, RoundClosing
from tests.helpers import database_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_round(plan):
    return open_round(plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30))


def page(round: ReportingRound) -> str:
    return reverse("reporting:round", args=[round.plan.slug, round.pk])


def state_url(round: ReportingRound) -> str:
    return reverse("reporting:closing_state", args=[round.plan.slug, round.pk])


def close(client, round: ReportingRound):
    return client.post(
        reverse("reporting:close", args=[round.plan.slug, round.pk]), {"bevestigd": "ja"}, follow=True
    )


def test_the_request_answers_at_once_and_the_page_follows_the_task(client, users, live_round, queued):
    client.force_login(users["cel"])
    response = close(client, live_round)
    text = response.content.decode()
    assert "De rapportering wordt afgesloten." in text and 'hx-trigger="every 2s"' in text
    assert "Rapportering afsluiten</button>" not in text  # not twice
    assert not ReportingRound.objects.get(pk=live_round.pk).is_closed
    waiting = {"HX-Request": "true"}
    assert client.get(state_url(live_round), headers=waiting).status_code == 204
    assert not client.get(state_url(live_round), headers=waiting).has_header("HX-Redirect")
    RoundClosing.objects.update(state=ClosingState.RUNNING, started_at=timezone.now())  # a worker took it
    assert not client.get(state_url(live_round), headers=waiting).has_header("HX-Redirect")  # same words
    again = close(client, live_round)
    assert "wordt al afgesloten" in again.content.decode()
    assert RoundClosing.objects.count() == 1

    RoundClosing.objects.update(state=ClosingState.WAITING)  # as it was, for the task to take it
    assert closing.close_requested_round.call(RoundClosing.objects.get().pk) == "closed"
    done = client.get(state_url(live_round), headers=waiting)
    assert done.status_code == 204 and done["HX-Redirect"] == page(live_round)
    round = ReportingRound.objects.get(pk=live_round.pk)
    assert round.is_closed and round.closed_by == users["cel"] and not RoundClosing.objects.exists()
    assert "afgesloten op" in client.get(page(live_round)).content.decode()


def test_a_close_that_fails_leaves_the_round_open_with_its_reason_and_may_be_asked_again(
    client, users, live_round, monkeypatch
):
    def fail(round, kind, entity=""):
        raise RuntimeError("de schijf is vol")

    monkeypatch.setattr(rendering, "render_output", fail)
    client.force_login(users["cel"])
    before = database_state()
    text = close(client, live_round).content.decode()
    assert "Niet afgesloten:" in text and "daarom is de rapportering niet afgesloten" in text
    assert "Rapportering afsluiten</button>" in text  # try again
    assert not ReportingRound.objects.get(pk=live_round.pk).is_closed
    assert database_state() == before and RoundClosing.objects.get().state == ClosingState.FAILED

    monkeypatch.undo()
    close(client, live_round)
    assert ReportingRound.objects.get(pk=live_round.pk).is_closed and not RoundClosing.objects.exists()


def test_a_close_whose_worker_died_is_shown_as_failed_and_may_be_asked_again(client, users, live_round):
    RoundClosing.objects.create(
        round=live_round,
        requested_by=users["cel"],
        requested_at=datetime.datetime(2018, 6, 30, 9, tzinfo=datetime.UTC),
        started_at=datetime.datetime(2018, 6, 30, 9, tzinfo=datetime.UTC),
        state=ClosingState.RUNNING,
    )
    client.force_login(users["cel"])
    text = client.get(page(live_round)).content.decode()
    assert "het afsluiten werd onderbroken" in text and "Rapportering afsluiten</button>" in text
    close(client, live_round)
    assert ReportingRound.objects.get(pk=live_round.pk).is_closed


@pytest.mark.parametrize("username", ["mt", "raad"])
def test_asking_to_close_is_refused_to_who_may_not_change_rounds(users, live_round, username):
    before = database_state()
    with pytest.raises(PermissionDenied):
        closing.request_close(live_round, by=users[username])
    assert database_state() == before and not RoundClosing.objects.exists()
