"""Data migrations keep what users wrote."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0005_versions"), ("reporting", "0004_versions")]
AFTER = [("plans", "0006_proposal_round")]


@pytest.mark.django_db(transaction=True)
def test_a_proposals_moment_text_becomes_a_link_to_the_round_of_that_name(role_groups):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    user = apps.get_model("auth", "User").objects.create(username="cel")
    plan = apps.get_model("plans", "Plan").objects.create(
        name="Plan", organisation="OCMW", start_year=2014, end_year=2019, slug="p"
    )
    action_plan = apps.get_model("plans", "ActionPlan").objects.create(plan=plan, number="10", title="T")
    round = apps.get_model("reporting", "ReportingRound").objects.create(
        plan=plan, name="Rapportering december 2017", date=datetime.date(2017, 12, 6)
    )
    Proposal = apps.get_model("plans", "ChangeProposal")
    values = {
        "plan": plan,
        "kind": "remove",
        "action_plan": action_plan,
        "motivation": "M",
        "created_by": user,
    }
    named = Proposal.objects.create(moment=" rapportering December 2017", **values)
    unknown = Proposal.objects.create(moment="Een moment zonder rapportering", **values)
    apps.get_model("plans", "HistoricalChangeProposal").objects.create(
        id=named.pk,
        moment=named.moment,
        history_date=datetime.datetime.now(datetime.UTC),
        history_type="+",
        **{k: v for k, v in values.items()},
        titles_when_written={},
        state="draft",
        created_at=named.created_at,
    )
    try:
        executor.loader.build_graph()
        executor.migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        Proposal = apps.get_model("plans", "ChangeProposal")
        assert Proposal.objects.get(pk=named.pk).round_id == round.pk
        assert Proposal.objects.get(pk=unknown.pk).round_id is None
        history = apps.get_model("plans", "HistoricalChangeProposal").objects.get(id=named.pk)
        assert history.round_id == round.pk
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
