"""Audit completeness: each change leaves exactly one history row per changed record, with who and
why; no record of the plan can be hard-deleted, from the admin or from code."""

import datetime

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.test import Client
from django.urls import reverse

from plans.models import Action, ActionPlan, ChangeProposal, Plan, ProposalState, Status
from rounds.models import FrozenItem, ReportingRound
from tests.helpers import database_state
from tests.security.world import build_world, user_of
from versions import aanpassing


def history_models():
    """simple-history's tables of records (not those of many-to-many links, which have no user)."""
    return [model for model in apps.get_models() if any(f.name == "history_user" for f in model._meta.fields)]


def newest_history_ids() -> dict:
    return {
        model: (model.objects.order_by("-history_id").values_list("history_id", flat=True).first() or 0)
        for model in history_models()
    }


def rows_since(marker: dict) -> list:
    return [row for model, last in marker.items() for row in model.objects.filter(history_id__gt=last)]


def assert_one_row_per_changed_record(rows, actor, reason_part: str | None = None) -> None:
    records = [(type(row).__name__, row.id) for row in rows]
    assert len(records) == len(set(records)), f"a record with more than one history row: {records}"
    for row in rows:
        assert row.history_user == actor, (row, row.history_user)
        if reason_part:
            assert reason_part in (row.history_change_reason or ""), row
        previous = row.prev_record
        if row.history_type == "~" and previous is not None:
            assert row.diff_against(previous).changes, f"a history row without a change: {row}"


@pytest.fixture
def world(plan, users):
    return build_world(plan, users)


def logged_in(world, role: str) -> Client:
    client = Client()
    client.force_login(user_of(world, role))
    return client


def test_saving_a_status_writes_one_row_by_the_editor(world):
    action, marker = world.action, newest_history_ids()
    data = {"status": Status.COMPLETED, "version": action.version, "seen_status": action.status}
    assert (
        logged_in(world, "strategische cel")
        .post(reverse("plans:save_status", args=[world.plan.slug, "actie", action.pk]), data)
        .status_code
        == 200
    )
    rows = rows_since(marker)
    assert len(rows) == 1
    assert_one_row_per_changed_record(rows, world.users["cel"])


def test_a_proposal_through_its_steps_and_the_raad_writes_one_row_per_change_with_reason(world):
    cel, mt = logged_in(world, "strategische cel"), logged_in(world, "managementteam")
    proposal = world.proposal
    marker = newest_history_ids()
    assert (
        mt.post(
            reverse("plans:decide", args=[world.plan.slug, proposal.pk]),
            {"decision": "approve", "remark": "Akkoord.", "new_title": proposal.new_title or "Nieuwe titel"},
        ).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPROVED
    rows = rows_since(marker)
    assert [type(r).__name__ for r in rows] == ["HistoricalChangeProposal"]
    assert_one_row_per_changed_record(rows, world.users["mt"])

    # The world's aanpassing in ontwerp would stop a raad decision outside it: adopted first.
    aanpassing.adopt(world.versions.draft, council_date=datetime.date(2016, 12, 19), by=world.users["cel"])
    marker = newest_history_ids()
    response = cel.post(
        reverse("plans:council_decision", args=[world.plan.slug]),
        {"decision_date": "2017-12-18", "proposals": [proposal.pk]},
    )
    assert response.status_code in (200, 302)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPLIED, response.content.decode()[:2000]
    rows = rows_since(marker)
    # The decision is also the plan's next version (versions/aanpassing.py), with its own reason.
    item_rows = [
        r for r in rows if type(r).__name__ not in ("HistoricalChangeProposal", "HistoricalPlanVersion")
    ]
    assert item_rows, "applying changed no item"
    assert_one_row_per_changed_record(
        item_rows, world.users["cel"], reason_part=f"wijzigingsvoorstel #{proposal.pk}"
    )
    assert_one_row_per_changed_record([r for r in rows if r not in item_rows], world.users["cel"])


def test_closing_a_round_writes_one_row_for_the_round(world):
    marker = newest_history_ids()
    client, url = (
        logged_in(world, "strategische cel"),
        reverse("reporting:close", args=[world.plan.slug, world.open_round.pk]),
    )
    assert client.post(url).status_code == 200  # items of actieplannen 40 and 10 are open: confirm first
    assert rows_since(marker) == []
    response = client.post(url, {"bevestigd": "ja"})
    assert response.status_code == 302
    rows = rows_since(marker)
    assert [type(r).__name__ for r in rows] == ["HistoricalReportingRound"]
    assert_one_row_per_changed_record(rows, world.users["cel"])


@pytest.mark.parametrize("model", [Plan, ActionPlan, Action, ChangeProposal, ReportingRound, FrozenItem])
def test_no_record_of_the_plan_can_be_deleted_in_code(world, model):
    before = database_state()
    record = model.objects.first()
    with pytest.raises(ProtectedError), transaction.atomic():
        record.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        model.objects.filter(pk=record.pk).delete()
    assert database_state() == before
    assert model.objects.filter(pk=record.pk).exists()


def test_no_delete_is_offered_in_the_admin(world):
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/beheer/")
    request.user = world.users["beheerder"]
    deletable = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_delete_permission(request) and model._meta.label != "axes.AccessAttempt"
    ]
    assert deletable == []  # only a lockout may be removed: that is how the beheerder unlocks
