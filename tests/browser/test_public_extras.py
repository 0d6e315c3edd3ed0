"""The public website's extras in the browser (issue 33): Voorbeeldgemeente's beheerder switches the
plan's public website on and names the contact of the accessibility statement; then a citizen, not
logged in, reads an indicator (chart and table), the statement and an actieplan's widget. Axe at
desktop and phone width on each of those pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from publicsite import editions
from publicsite.models import Publication, PublicProfile
from tests.browser.tap_targets import small_targets
from tests.browser.test_accessibility import BLOCKING, DESKTOP, PHONE, TOO_WIDE, summarise

pytestmark = pytest.mark.browser
CONTACT = "toegankelijkheid@voorbeeldgemeente.example"


@pytest.fixture
def voorbeeldgemeente(demo):
    """Voorbeeldgemeente's MJP 2026–2031: its versions, a closed rapportering with the indicators'
    values, and its public website still off."""
    from django.contrib.auth import get_user_model

    from demo.rounds import load_bbc_demo

    plan, _report = load_bbc_demo(by=get_user_model().objects.get(username="vg-cel"))
    return plan


def _site_chrome(page, target: str) -> bool:
    """A link of the public site's header or footer (the organisation's name beside the skip link, the
    statement's link): the site's own stylesheet sizes them (its part of issue 33, checked by its
    tests); these tests check the pages' content."""
    texts = page.evaluate(
        """() => [...document.querySelectorAll(".public-header a, .public-footer a")]
            .map((a) => a.textContent.replace(/\\s+/g, " ").trim().slice(0, 40))"""
    )
    return any(target.startswith(f'a "{text}"') for text in texts)


def _checked(page, name: str, axe: Axe, screenshot) -> list[str]:
    """Axe at desktop and phone width; at 390 px no target under 24 px and no sideways scrolling."""
    problems = []
    for size, label in ((DESKTOP, ""), (PHONE, " (telefoon)")):
        page.set_viewport_size(size)
        for violation in summarise(axe.run(page).response["violations"]):
            if violation["impact"] in BLOCKING:
                problems.append(
                    f"{name}{label} [{violation['impact']}] {violation['id']}: {violation['help']} "
                    + " ".join(violation["targets"][:5])
                )
        screenshot(page, f"a11y-publiek-{name}{'-telefoon' if label else ''}")
    problems += [
        f"{name} (telefoon): a target under 24 × 24 px: {target}"
        for target in small_targets(page)
        if not _site_chrome(page, target)
    ]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{name}: scrolls sideways at 390 px ({width}): {page.evaluate(TOO_WIDE)}")
    page.set_viewport_size(DESKTOP)
    return problems


def test_the_beheerder_publishes_the_plan_and_a_citizen_reads_an_indicator_the_statement_and_a_widget(
    voorbeeldgemeente, open_page, browser, live_server, screenshot
):
    plan = voorbeeldgemeente
    axe, problems = Axe(), []
    assert not Publication.objects.filter(plan=plan, enabled=True).exists()

    # The beheerder: publication on, and the contact (a mistyped address first).
    page = open_page("vg-beheerder", lands_on="/")
    page.goto(f"{live_server.url}/publicatie/")
    expect(page.get_by_role("heading", name="Publieke website", exact=True)).to_be_visible()
    page.get_by_role("button", name=f"Publieke website aanzetten voor {plan.name}").click()
    expect(page.get_by_text(f"De publieke website van {plan.name} staat aan.")).to_be_visible()
    public = f"{live_server.url}/publiek/{plan.organisation.slug}/{plan.slug}/"
    expect(page.get_by_role("link", name=public)).to_be_visible()
    assert Publication.objects.get(plan=plan).enabled
    page.get_by_label("E-mailadres voor vragen en meldingen").fill("toegankelijkheid voorbeeldgemeente")
    page.get_by_role("button", name="Contact opslaan").click()
    expect(page.get_by_text("Dit is geen geldig e-mailadres.")).to_be_visible()
    assert not PublicProfile.objects.filter(organisation=plan.organisation).exists()
    problems += _checked(page, "publicatie-geweigerd", axe, screenshot)
    page.get_by_label("E-mailadres voor vragen en meldingen").fill(CONTACT)
    page.get_by_role("button", name="Contact opslaan").click()
    expect(page.get_by_text("Het contact van de toegankelijkheidsverklaring is opgeslagen.")).to_be_visible()

    # A citizen, not logged in.
    context = browser.new_context(viewport=DESKTOP, locale="nl-BE")
    blocked = []
    citizen = context.new_page()
    citizen.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    citizen.goto(f"{public}indicatoren/")
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Indicatoren van {plan.name}")
    problems += _checked(citizen, "indicatoren", axe, screenshot)
    citizen.locator("table.indicator-table tbody th a").first.click()
    expect(citizen.get_by_role("heading", name="Cijfers")).to_be_visible()
    expect(citizen.locator("table.indicator-figures caption")).to_contain_text("streefwaarden van")
    expect(citizen.get_by_role("img").first).to_be_visible()  # the chart, with its text alternative
    expect(citizen.locator("table.indicator-figures")).to_contain_text("31/03/2026")
    problems += _checked(citizen, "indicator", axe, screenshot)

    citizen.get_by_role("link", name="Toegankelijkheidsverklaring").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")
    expect(citizen.get_by_role("link", name=CONTACT)).to_be_visible()
    expect(citizen.get_by_text("Vlaamse Ombudsdienst").first).to_be_visible()
    problems += _checked(citizen, "toegankelijkheidsverklaring", axe, screenshot)

    edition = editions.edition(plan)
    action_plan = editions.rows(edition, "actieplan").first()
    response = citizen.goto(f"{public}widget/actieplan/{action_plan.number}/")
    assert "x-frame-options" not in response.headers
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    expect(citizen.get_by_role("heading", level=1)).to_have_text(action_plan.title)
    expect(citizen.get_by_text(re.compile(r"afgewerkt of opgenomen in de reguliere werking"))).to_be_visible()
    more = citizen.get_by_role(
        "link", name=re.compile(r"Meer op de website van .*opent in een nieuw venster")
    )
    expect(more).to_have_attribute("target", "_blank")
    problems += _checked(citizen, "widget", axe, screenshot)
    context.close()

    assert blocked == [], "blocked by the Content-Security-Policy"
    assert problems == [], "\n".join(problems)
