"""A citizen reads Voorbeeldgemeente's plan on the public site (issue 33, "Done when"): from the
organisation's page down to an actie, then an older version, then the plan as CSV. No login, no
script needed. Axe at desktop and phone width on the plan, actieplan and actie pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.tap_targets import small_targets
from tests.browser.test_accessibility import BLOCKING, DESKTOP, PHONE, summarise

pytestmark = pytest.mark.browser

ORGANISATION = "voorbeeldgemeente"


@pytest.fixture
def public_demo(transactional_db):
    """Voorbeeldgemeente's MJP 2026–2031 as the demo loads it: two adopted versions (MJP 2026-2031 and
    AMJP 2026-1), a closed rapportering, published by its beheerder."""
    from django.apps import apps
    from django_scopes import scopes_disabled

    from core.roles import sync_role_groups
    from demo.plans import create_demo_users
    from demo.publications import load_publication
    from demo.rounds import load_bbc_demo
    from publicsite import editions

    sync_role_groups(apps)
    users = create_demo_users()
    with scopes_disabled():
        plan, _report = load_bbc_demo(by=users["vg-cel"])
        load_publication(plan, by=users["vg-beheerder"])
        assert [v.name for v in editions.versions(plan)] == ["AMJP 2026-1", "MJP 2026-2031"]
    return plan


def checked(page, name: str, axe: Axe, screenshot) -> list[str]:
    """Axe at desktop and phone width, the targets' size and the width on a phone."""
    problems = []
    for label, size in (("desktop", DESKTOP), ("telefoon", PHONE)):
        page.set_viewport_size(size)
        for v in summarise(axe.run(page).response["violations"]):
            if v["impact"] in BLOCKING:
                problems.append(f"{name} ({label}) [{v['impact']}] {v['id']}: {v['help']} {v['targets'][:4]}")
        screenshot(page, f"publiek-{name}-{label}")
    problems += [f"{name} (telefoon): a target under 24 × 24 px: {t}" for t in small_targets(page)]
    if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
        problems.append(f"{name} (telefoon): wider than the screen")
    page.set_viewport_size(DESKTOP)
    return problems


def test_a_citizen_drills_down_to_an_actie_switches_version_and_downloads_the_plan(
    public_demo, browser, live_server, screenshot
):
    plan = public_demo
    # The site sends no script; axe needs the browser's own to run its checks.
    context = browser.new_context(viewport=DESKTOP, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(30_000)
    axe, problems = Axe(), []

    page.goto(f"{live_server.url}/publiek/{ORGANISATION}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Strategische plannen van")
    page.get_by_role("link", name=plan.name).click()

    # The plan: the version in force, the stand van zaken, the progress in words and the rule.
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.name)
    assert page.locator("script").count() == 0  # works fully without JavaScript: it has none
    expect(
        page.get_by_text("Versie AMJP 2026-1, vastgesteld door de raad op 25 juni 2026.").first
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+% afgewerkt of regulier, van \d+ acties")).first).to_be_visible()
    page.get_by_text("Hoe wordt de voortgang berekend?").click()
    expect(page.get_by_text("De voortgang is het aandeel van de acties")).to_be_visible()
    problems += checked(page, "plan", axe, screenshot)

    # Down: a goal, its first actieplan, its first actie.
    goals = page.get_by_role("table", name="De doelstellingen van het plan met hun voortgang")
    goals.get_by_role("link").first.click()
    expect(page.get_by_role("navigation", name="Kruimelpad")).to_be_visible()
    page.get_by_role("table", name=re.compile("De actieplannen van deze doelstelling")).get_by_role(
        "link"
    ).first.click()
    expect(page.get_by_text("Actieplan", exact=False).first).to_be_visible()
    problems += checked(page, "actieplan", axe, screenshot)
    action_plan_url = page.url
    page.locator(".action-card h3 a").first.click()
    expect(page.get_by_role("heading", name="Toelichting")).to_be_visible()
    expect(page.get_by_role("heading", name="Financiën")).to_be_visible()
    problems += checked(page, "actie", axe, screenshot)
    action_url = page.url
    assert "/actie/" in action_url

    # An older version of the same actie: marked in the selector, with the banner and a way back.
    versions = page.get_by_role("navigation", name="Versies van het plan")
    versions.get_by_role("link", name=re.compile("MJP 2026-2031")).click()
    expect(page.get_by_role("status")).to_contain_text("U bekijkt een oudere versie (MJP 2026-2031")
    expect(versions.locator('a[aria-current="page"]')).to_contain_text("MJP 2026-2031")
    assert "/v1/actie/" in page.url
    screenshot(page, "publiek-actie-oudere-versie")
    page.get_by_role("link", name="Bekijk de versie die nu van kracht is.").click()
    assert page.url == action_url

    # Back to the plan: an indicator's figures as a table.
    page.goto(action_plan_url)
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name=plan.name).click()
    page.get_by_role("link", name="Indicatoren van het plan").click()
    page.locator("table.indicator-table th a").first.click()
    figures = page.get_by_role(
        "table", name=re.compile("Basiswaarde, gerapporteerde waarden en streefwaarden")
    )
    expect(figures).to_be_visible()
    assert figures.locator("tbody tr").count() >= 1

    # The plan of the older version as CSV.
    page.goto(f"{live_server.url}/publiek/{ORGANISATION}/{plan.slug}/v1/")
    expect(page.get_by_role("status")).to_contain_text("U bekijkt een oudere versie")
    link = page.get_by_role("link", name="Download het plan als CSV")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"{plan.slug}-v1.csv"
    answer = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert answer.headers["content-type"].startswith("text/csv")

    context.close()
    assert problems == [], "\n".join(problems)
