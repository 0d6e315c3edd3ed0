"""A change proposal from the cel's draft to the raad's decision, in a real browser."""

import pytest
from playwright.sync_api import expect

from plans.models import Action, LifeCycle

pytestmark = pytest.mark.browser
PLAN = "turnhout-2014-2019"


def test_cel_drafts_mt_approves_and_the_decision_removes_the_action(demo, open_page, live_server, screenshot):
    base = f"{live_server.url}/plannen/{PLAN}"
    cel = open_page("cel")
    cel.goto(f"{base}/actieplannen/30/")
    cel.get_by_role("link", name="Wijzigingsvoorstel opstellen").click()
    expect(cel.get_by_role("heading", name="Wijzigingsvoorstel opstellen")).to_be_visible()
    bundling = cel.get_by_role("group", name="Bij bundelen: de actie die verdergaat")
    expect(bundling).to_be_hidden()  # no kind chosen yet: only what every kind needs
    expect(cel.get_by_label("Nieuwe formulering")).to_be_hidden()
    cel.get_by_role("radio", name="bundelen").check()
    expect(bundling).to_be_visible()
    cel.get_by_label("schrappen").check()
    expect(bundling).to_be_hidden()
    expect(cel.get_by_label("Nieuwe formulering")).to_be_hidden()
    cel.get_by_label("herformuleren").check()
    expect(bundling).to_be_hidden()
    cel.get_by_label("Nieuwe formulering").fill("We ondersteunen zelfhulp en budgetbegeleiding.")
    cel.get_by_label("Motivering").fill("De huidige formulering is te ruim.")
    screenshot(cel, "voorstel-opstellen")
    cel.get_by_role("button", name="Opslaan en indienen bij het managementteam").click()
    expect(
        cel.get_by_text("Voorstel te herformuleren: actieplan 30 ‘We ondersteunen zelfhulp")
    ).to_have_count(2)
    screenshot(cel, "voorstellen")

    mt = open_page("mt")
    mt.goto(f"{base}/voorstellen/beoordelen/")
    expect(mt.get_by_role("heading", name="Voorstellen beoordelen")).to_be_visible()
    remaining = mt.locator("#te-beoordelen")
    expect(remaining).to_have_text("Nog 17 voorstellen te beoordelen.")  # the demo's 16 and the cel's
    card = mt.locator("article.proposal", has_text="Voorstel te schrappen: actie 10.2.")
    expect(card).to_contain_text("Er is op dit moment meer nood aan elkaars werking")
    expect(card).to_contain_text("Actie 10.2 Interimkantoor voor Stad en OCMW")
    rewrite = mt.locator("article.proposal", has_text="Voorstel te herformuleren: actieplan 60")
    expect(rewrite.locator(".wording-side")).to_have_count(2)  # rewritten: side by side, not interleaved
    screenshot(mt, "beoordelen")
    card.get_by_label("Opmerking").fill("Akkoord, samen met de Stad opvolgen.")
    card.get_by_role("button", name="Goedkeuren").click()
    expect(card.get_by_role("status")).to_contain_text("is goedgekeurd. Nog 16 voorstellen te beoordelen.")
    expect(remaining).to_have_text("Nog 16 voorstellen te beoordelen.")

    # Further down the page: a rejection is refused without a remark, then done; all without leaving.
    lower = mt.locator("article.proposal", has_text="Voorstel te schrappen: actie 340.4.")
    lower.get_by_role("button", name="Afwijzen").click()
    expect(lower.get_by_role("alert")).to_contain_text("Geef bij een afwijzing een opmerking")
    expect(remaining).to_have_text("Nog 16 voorstellen te beoordelen.")
    scrolled = mt.evaluate("window.scrollY")
    assert scrolled > 0
    lower.get_by_label("Opmerking").fill("Eerst met de Stad bespreken.")
    lower.get_by_role("button", name="Afwijzen").click()
    expect(lower.get_by_role("status")).to_contain_text("is afgewezen. Nog 15 voorstellen te beoordelen.")
    expect(lower.get_by_role("status")).to_be_in_viewport()
    assert mt.evaluate("window.scrollY") > scrolled / 2  # no jump to the top
    assert mt.url == f"{base}/voorstellen/beoordelen/"
    screenshot(mt, "beoordelen-beslist")

    cel.goto(f"{base}/voorstellen/raadsbeslissing/")
    decided = cel.locator("article.proposal", has_text="Voorstel te schrappen: actie 10.2.")
    expect(decided).to_contain_text("Actie 10.2 “Interimkantoor voor Stad en OCMW” wordt geschrapt.")
    cel.get_by_label("Datum van de raadsbeslissing").fill("2017-12-18")
    screenshot(cel, "raadsbeslissing")
    cel.get_by_role("button", name="Bevestigen en doorvoeren").click()
    expect(cel.get_by_text("1 voorstel doorgevoerd.")).to_be_visible()

    removed = Action.objects.get(number="10.2")
    assert removed.life_cycle == LifeCycle.REMOVED
    cel.goto(f"{base}/actie/{removed.pk}/tijdlijn/")
    expect(cel.locator(".life-cycle")).to_have_text("geschrapt")
    latest = cel.locator("ol.timeline > li").first
    proposal = removed.proposals.get()
    expect(latest).to_contain_text(f"door wijzigingsvoorstel #{proposal.pk} (raad van 18 december 2017)")
    expect(latest).to_contain_text("actief → geschrapt")
    screenshot(cel, "tijdlijn-geschrapt")
