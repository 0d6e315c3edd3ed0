"""The next legislature in the browser (issue 32, item 5): Voorbeeldgemeente's cel starts a draft for
2032–2037 from the plan in force (version 1, MJP 2026-2031) and carries over two goals with their
actieplannen and acties; every carried item keeps its link, and the proposal's page says what it
continues, naming the plan. Axe at desktop and phone width on each page of the wizard."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from drafting.models import Draft, DraftItem, Proposal, ProposalKind
from tests.browser.test_drafting_adoption import _checked

pytestmark = pytest.mark.browser


@pytest.fixture
def voorbeeldgemeente(transactional_db):
    """Voorbeeldgemeente's MJP 2026–2031 with its version 1 in force, and the demo's users."""
    from django.apps import apps

    from core.roles import sync_role_groups
    from demo.plans import create_demo_users
    from demo.rounds import load_bbc_demo

    sync_role_groups(apps)
    users = create_demo_users()
    plan, _report = load_bbc_demo(by=users["vg-cel"])
    return plan


def test_a_new_draft_for_2032_2037_carries_over_two_goals_with_their_links(
    voorbeeldgemeente, open_page, live_server, screenshot
):
    from versions import in_force, snapshots

    plan = voorbeeldgemeente
    version = in_force.current(plan)
    assert version is not None, "the demo adopts Voorbeeldgemeente's version 1"
    goals = snapshots.of(version).items("doelstelling")[:2]
    axe, problems = Axe(), []
    page = open_page("vg-cel")
    page.goto(f"{live_server.url}/ontwerp/")
    page.get_by_role("link", name="Nieuw ontwerp vanuit het plan in werking").click()
    expect(page.get_by_role("heading", name="Nieuw ontwerp vanuit het plan in werking")).to_be_visible()
    form = page.locator("form", has=page.get_by_role("button", name="Verder: kiezen wat meegaat"))
    form.get_by_label("Plan in werking").select_option(
        label=f"{plan.name} ({plan.start_year}–{plan.end_year})"
    )
    form.get_by_label("Naam van het nieuwe ontwerp").fill("Meerjarenplan 2032–2037")
    form.get_by_label("Startjaar").fill("2030")  # before the plan's end: refused
    form.get_by_label("Eindjaar").fill("2035")
    form.get_by_label("Bestuursakkoord").fill("Bestuursakkoord 2031–2036")
    form.get_by_role("button", name="Verder: kiezen wat meegaat").click()
    expect(page.get_by_role("alert").first).to_contain_text("Kies een startjaar na 2031")
    problems += _checked(page, "vervolg-stap-1-geweigerd", axe, screenshot)
    form.get_by_label("Startjaar").fill("2032")
    form.get_by_label("Eindjaar").fill("2037")
    form.get_by_role("button", name="Verder: kiezen wat meegaat").click()

    expect(page.get_by_role("heading", name="Wat gaat mee: doelstellingen")).to_be_visible()
    for goal in goals:
        page.locator(f"#goal-{goal.item_id}").check()
    page.get_by_role("button", name="Keuze bewaren").click()
    expect(page.get_by_role("status").or_(page.locator(".messages")).first).to_be_visible()
    problems += _checked(page, "vervolg-stap-2", axe, screenshot)

    page.get_by_role("link", name=re.compile(r"Actieplannen en acties van .* kiezen")).first.click()
    expect(page.locator("fieldset.carry-action-plan").first).to_be_visible()
    problems += _checked(page, "vervolg-stap-2-doelstelling", axe, screenshot)
    page.get_by_role("button", name="Bewaren en bevestigen").click()

    expect(page.get_by_role("heading", name="Bevestigen")).to_be_visible()
    expect(
        page.get_by_role("rowheader", name=re.compile(re.escape(f"{plan.name}, doelstelling")))
    ).to_have_count(2)
    problems += _checked(page, "vervolg-stap-3", axe, screenshot)
    page.get_by_role("button", name="Ontwerp starten").click()
    expect(page.get_by_role("heading", name="Meerjarenplan 2032–2037")).to_be_visible()

    draft = Draft.objects.get(name="Meerjarenplan 2032–2037")
    assert (draft.start_year, draft.end_year) == (2032, 2037)
    carried_goals = Proposal.objects.filter(draft=draft, kind=ProposalKind.GOAL).order_by("position")
    assert [p.continues_goal_id for p in carried_goals] == [goal.item_id for goal in goals]
    carried_plans = Proposal.objects.filter(draft=draft, kind=ProposalKind.ACTION_PLAN)
    expected = [ap.item_id for goal in goals for ap in snapshots.of(version).action_plans_of(goal.item_id)]
    assert sorted(p.continues_action_plan_id for p in carried_plans) == sorted(
        ap for ap in expected if snapshots.of(version).get("actieplan", ap).life_cycle == "active"
    )
    assert all(p.goal.continues_goal_id == p.continues_action_plan.goal_id for p in carried_plans)
    items = DraftItem.objects.filter(proposal__draft=draft)
    assert items.exists() and all(2032 <= i.start_year <= i.end_year <= 2037 for i in items)
    assert all(i.continues_action.action_plan_id == i.proposal.continues_action_plan_id for i in items)

    first = carried_plans.order_by("position").first()
    page.goto(f"{live_server.url}/ontwerp/{draft.pk}/voorstellen/{first.pk}/")
    old = first.continues_action_plan
    expect(page.locator(".continuity")).to_have_text(f"Vervolg van {plan.name}, actieplan {old.number}")
    problems += _checked(page, "vervolg-voorstel", axe, screenshot)
    assert problems == [], "\n".join(problems)
