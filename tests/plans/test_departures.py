"""Struck and merged items stay findable: on their actieplan's page and in the overview, saying how
they left the plan and linking to the proposal that did it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.lifecycle import remove_items
from plans.models import Action, ActionPlan, ProposalKind
from plans.proposals import apply_proposal, approve, draft_proposal, submit
from tests.plans.test_proposals import proposal_on

pytestmark = pytest.mark.django_db
RAAD = datetime.date(2017, 12, 18)


def decide(plan, users, *numbers, action_plan=None):
    proposal = proposal_on(plan, *numbers, action_plan=action_plan)
    return decide_on(proposal, users)


def strike_action_plan(plan, users, number):
    proposal = draft_proposal(
        plan=plan,
        kind=ProposalKind.REMOVE,
        action_plan=ActionPlan.objects.get(number=number),
        motivation="Opgenomen in de reguliere werking.",
        by=users["cel"],
    )
    submit(proposal, by=users["cel"])
    return decide_on(proposal, users)


def decide_on(proposal, users):
    approve(proposal, by=users["mt"], remark="Akkoord.")
    return apply_proposal(proposal, by=users["cel"], decision_date=RAAD)


def test_a_struck_action_stays_on_its_action_plans_page_with_the_proposal_linked(client, plan, users):
    proposal = decide(plan, users, "10.2")
    client.force_login(users["cel"])
    page = client.get(reverse("plans:action_plan_status", args=[plan.slug, "10"])).content.decode()
    row = page[page.index(f'id="row-actie-{Action.objects.get(number="10.2").pk}"') :]
    row = row[: row.index("</form>")]
    assert "geschrapt op 18 december 2017" in row
    assert f'/voorstellen/{proposal.pk}/">wijzigingsvoorstel #{proposal.pk}</a>' in row
    assert "<select" not in row and "<textarea" not in row  # struck: read, not edited


def test_a_merged_action_links_to_the_action_it_was_merged_into(client, plan, users):
    proposal = decide(plan, users, "120.2", "120.3", "120.4", "120.5")
    new = Action.objects.get(number="120.6")
    client.force_login(users["raad"])
    page = client.get(reverse("plans:action_plan_status", args=[plan.slug, "120"])).content.decode()
    assert page.count("gebundeld in <a") == 4
    assert f'href="/plannen/{plan.slug}/actieplannen/120/#row-actie-{new.pk}">120.6</a>' in page
    assert f"wijzigingsvoorstel #{proposal.pk}" in page


def test_an_item_struck_in_beheer_says_when_without_a_proposal(client, plan, users):
    remove_items([Action.objects.get(number="10.2")], on=RAAD, reason="Beheer", by=users["beheerder"])
    client.force_login(users["cel"])
    page = client.get(reverse("plans:action_plan_status", args=[plan.slug, "10"])).content.decode()
    assert "geschrapt op 18 december 2017" in page
    assert "door wijzigingsvoorstel" not in page


def test_the_overview_shows_struck_and_merged_actions_when_asked(client, plan, users):
    decide(plan, users, "10.2")
    struck_plan = strike_action_plan(plan, users, "70")
    client.force_login(users["raad"])
    url = reverse("plans:overview", args=[plan.slug])
    assert "10.2" not in _table(client.get(url))
    table = _table(client.get(url, {"show_inactive": "on"}))
    assert "geschrapt op 18 december 2017" in table
    assert f"wijzigingsvoorstel #{struck_plan.pk}" in table  # actieplan 60 itself
    assert '<span class="num">10.2</span>' in table
    assert ActionPlan.objects.get(number="70").actions.count() == 0
    assert "geen acties" in table


def test_the_overview_with_struck_items_costs_the_same_queries_however_many(client, plan, users):
    client.force_login(users["raad"])
    url = reverse("plans:overview", args=[plan.slug])
    decide(plan, users, "10.2")
    client.get(url)  # the session's renewal out of the way
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"show_inactive": "on"})
    decide(plan, users, "120.2", "120.3", "120.4", "120.5")
    strike_action_plan(plan, users, "70")
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"show_inactive": "on", "status": ""})  # another address: not cached
    assert len(many) == len(one)


def test_an_empty_filter_is_not_offered(client, plan, users):
    client.force_login(users["raad"])
    ActionPlan.objects.update(responsible="")
    page = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
    assert "alle verantwoordelijken" not in page


def _table(response) -> str:
    page = response.content.decode()
    return page[page.index("<table") :]
