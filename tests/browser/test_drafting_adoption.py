"""The cel details an actieplan and takes a small draft to the raad, in the browser: an actie with a
raming, the difference with the envelope in words, what stands in the way of adoption, the fix, the
adoption, the plan in force and the trail back to the draft. Axe at desktop and phone width on each
page (tests/browser/test_accessibility.py)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from drafting import envelopes, framework
from drafting.models import Draft
from tests.browser.tap_targets import small_targets
from tests.browser.test_accessibility import BLOCKING, DESKTOP, PHONE, TOO_WIDE, summarise
from tests.drafting.builders import a_draft, a_goal, retained_action_plan, through_all_steps

pytestmark = pytest.mark.browser
TITLE = "We ontwikkelen een preventief gezondheidsbeleid"


def _small_draft():
    """One retained actieplan (numbered, under a numbered goal) with an envelope of € 100.000."""
    draft = a_draft()
    action_plan = retained_action_plan(draft, TITLE, number="1.1")
    goal = through_all_steps(a_goal(draft, "Turnhout is een gezonde stad", number="1"))
    framework.link(action_plan, goal, by=None)
    envelopes.set_envelope(action_plan, 2020, operating="100.000", investment="0", by=None)
    return draft


def _checked(page, name: str, axe: Axe, screenshot) -> list[str]:
    """The page as it is now (a refused form too), at desktop and phone width: axe, and at 390 px the
    target sizes and no sideways scrolling (as tests/browser/test_accessibility.py checks every page)."""
    problems = []
    for size, label in ((DESKTOP, ""), (PHONE, " (telefoon)")):
        page.set_viewport_size(size)
        for violation in summarise(axe.run(page).response["violations"]):
            if violation["impact"] in BLOCKING:
                problems.append(
                    f"cel {name}{label} [{violation['impact']}] {violation['id']}: {violation['help']} "
                    + " ".join(violation["targets"][:5])
                )
        screenshot(page, f"a11y-cel-{name}{label.replace(' (telefoon)', '-telefoon')}")
    problems += [
        f"cel {name} (telefoon): a target under 24 × 24 px: {target}" for target in small_targets(page)
    ]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"cel {name}: scrolls sideways at 390 px ({width}): {page.evaluate(TOO_WIDE)}")
    page.set_viewport_size(DESKTOP)
    return problems


def test_the_cel_details_an_actieplan_fixes_what_stands_in_the_way_adopts_and_follows_the_trail(
    demo, open_page, live_server, screenshot
):
    draft = _small_draft()
    axe, problems = Axe(), []
    page = open_page("cel")
    page.goto(f"{live_server.url}/ontwerp/{draft.pk}/uitwerking/")
    expect(page.get_by_role("heading", name="Uitwerking in acties en projecten")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(TITLE))).to_contain_text("€ 100.000,00 onder de enveloppe")
    problems += _checked(page, "ontwerp-uitwerking", axe, screenshot)

    page.get_by_role("link", name=TITLE).click()
    form = page.locator("form", has=page.get_by_role("button", name="Toevoegen"))
    form.get_by_label("Soort").select_option("actie")
    form.get_by_label("Titel").fill("Een gezondheidspunt in de wijk")
    form.get_by_label("Startjaar").fill("2020")
    form.get_by_label("Eindjaar").fill("2021")
    form.get_by_label("Taak van de partners").fill("LOGO bemant het punt.")
    form.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("heading", name="Actie: Een gezondheidspunt in de wijk")).to_be_visible()

    page.get_by_text("Raming toevoegen aan Een gezondheidspunt in de wijk").click()
    estimate = page.locator("details.detailing-add-estimate")
    estimate.get_by_label("Jaar").fill("2020")
    estimate.get_by_label("Categorie").select_option("E")
    estimate.get_by_label("Budgetcode").fill("0980/6130000")
    estimate.get_by_label("Bedrag (EUR)").fill("125.000")
    estimate.get_by_role("button", name="Raming opslaan").click()
    expect(page.locator(".detailing-sum")).to_contain_text("€ 25.000,00 boven de enveloppe")
    problems += _checked(page, "ontwerp-uitwerking-actieplan", axe, screenshot)

    page.get_by_role("navigation", name="Ontwerp").get_by_role("link", name="Vaststelling").click()
    expect(page.get_by_text("Niets staat nog in de weg")).to_be_visible()  # numbered automatically
    problems += _checked(page, "ontwerp-vaststelling", axe, screenshot)
    page.get_by_label("Datum van de raadsbeslissing").fill("2019-12-17")
    page.get_by_label("de nummers van het ontwerp behouden").check()
    page.get_by_role("button", name="Vaststellen door de raad").click()
    missing = page.get_by_role("listitem").filter(has_text="Een gezondheidspunt in de wijk heeft geen nummer")
    expect(missing).to_be_visible()
    problems += _checked(page, "ontwerp-vaststelling-in-de-weg", axe, screenshot)

    missing.get_by_role("link", name="Naar de uitwerking van dit actieplan").click()
    page.get_by_role("link", name="Een gezondheidspunt in de wijk bewerken").click()
    problems += _checked(page, "ontwerp-uitwerking-actie", axe, screenshot)
    page.get_by_label("Nummer").fill("1.1.1")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Actie 1.1.1: Een gezondheidspunt in de wijk")).to_be_visible()

    page.get_by_role("navigation", name="Ontwerp").get_by_role("link", name="Vaststelling").click()
    page.get_by_label("Datum van de raadsbeslissing").fill("2019-12-17")
    page.get_by_label("de nummers van het ontwerp behouden").check()
    page.get_by_role("button", name="Vaststellen door de raad").click()
    expect(page.get_by_text("Versie 1: MJP 2020-2025")).to_be_visible()
    problems += _checked(page, "ontwerp-vastgesteld", axe, screenshot)

    page.get_by_role("link", name=re.compile("Naar het plan")).click()
    expect(page.get_by_role("heading", name="Overzicht van het plan")).to_be_visible()
    page.get_by_role("link", name="Hoe dit plan tot stand kwam").click()
    expect(page).to_have_url(f"{live_server.url}/ontwerp/{draft.pk}/")
    expect(page.get_by_text("De raad stelde dit plan vast op 17 december 2019.")).to_be_visible()
    page.goto(f"{live_server.url}/ontwerp/{draft.pk}/uitwerking/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("button", name="Toevoegen")).to_have_count(0)  # read-only now
    assert problems == [], "\n".join(problems)


def test_the_demo_drafts_detailing_and_adoption_pages_pass_axe_at_both_widths(
    demo, open_page, live_server, screenshot
):
    from django.contrib.auth import get_user_model

    from demo.drafting import HEALTH, load_draft

    load_draft(demo.organisation, by=get_user_model().objects.get(username="cel"))
    draft = Draft.objects.get(organisation=demo.organisation)
    health = draft.proposals.get(title=HEALTH)
    axe, problems = Axe(), []
    page = open_page("cel")
    for name, path in (
        ("demo-uitwerking", f"/ontwerp/{draft.pk}/uitwerking/"),
        ("demo-uitwerking-gezondheid", f"/ontwerp/{draft.pk}/uitwerking/{health.pk}/"),
        ("demo-vaststelling", f"/ontwerp/{draft.pk}/vaststelling/"),
    ):
        page.goto(f"{live_server.url}{path}")
        problems += _checked(page, name, axe, screenshot)
    expect(page.get_by_role("listitem").filter(has_text="heeft geen doelstelling")).to_have_count(1)
    assert problems == [], "\n".join(problems)
