"""The plan as of a date in the browser: ``?op=`` a date before an aanpassing shows the old version
under a banner, whose link goes to the current plan; the as-of pages, a version's page and a timeline
with its versions checked with axe at desktop and phone width."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from core import changes
from plans.models import ActionPlan
from tests.browser.tap_targets import small_targets
from tests.browser.test_accessibility import BLOCKING, DESKTOP, PHONE, TOO_WIDE, summarise
from versions import adopting

pytestmark = pytest.mark.browser
OLD_TITLE_BEFORE = datetime.date(2019, 3, 1)


def _checked(page, name: str, axe: Axe, screenshot) -> list[str]:
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


def test_a_date_before_an_aanpassing_shows_the_old_version_with_a_banner(
    demo, open_page, live_server, screenshot
):
    plan = demo
    action_plan = ActionPlan.objects.in_plan(plan).order_by("sort_key").first()
    old_title = action_plan.title
    adopting.record(plan, name="MJP 2014-2019", council_date=datetime.date(2018, 12, 17), by=None)
    changes.update(
        action_plan,
        {"title": "Een nieuwe formulering van dit actieplan."},
        by=None,
        reason="aanpassing",
        version=action_plan.version,
    )
    adopting.record(plan, name="AMJP 2019-1", council_date=datetime.date(2019, 6, 24), by=None)
    action = action_plan.actions.order_by("sort_key").first()

    axe, problems = Axe(), []
    page = open_page("cel")
    base = f"{live_server.url}/plannen/{plan.slug}"
    page.goto(f"{base}/actieplannen/{action_plan.number}/?op={OLD_TITLE_BEFORE.isoformat()}")
    banner = page.get_by_role("region", name="Het plan zoals het was op 1 maart 2019")
    expect(banner).to_contain_text("Versie 1: MJP 2014-2019, vastgesteld door de raad op 17 december 2018.")
    expect(page.locator("main")).to_contain_text(old_title)
    expect(page.locator("main")).not_to_contain_text("Een nieuwe formulering van dit actieplan.")
    expect(page.locator("main form")).to_have_count(0)
    problems += _checked(page, "actieplan-op-datum", axe, screenshot)

    banner.get_by_role("link", name="Naar het huidige plan").click()
    page.wait_for_url(f"{base}/actieplannen/{action_plan.number}/")
    expect(page.locator("main")).to_contain_text("Een nieuwe formulering van dit actieplan.")
    expect(page.get_by_role("region", name="Het plan zoals het was op 1 maart 2019")).to_have_count(0)

    for name, path in (
        ("overzicht-op-datum", f"/?op={OLD_TITLE_BEFORE.isoformat()}"),
        ("financien-op-datum", f"/financien/?op={OLD_TITLE_BEFORE.isoformat()}"),
        ("indicatoren-op-datum", f"/indicatoren/?op={OLD_TITLE_BEFORE.isoformat()}"),
        ("versie", "/versies/1/"),
        ("versies", "/versies/"),
        ("tijdlijn-met-versies", f"/actie/{action.pk}/tijdlijn/"),
        ("actie-op-datum", f"/actie/{action.pk}/tijdlijn/?op={OLD_TITLE_BEFORE.isoformat()}"),
    ):
        response = page.goto(f"{base}{path}")
        assert response.status == 200, (name, response.status)
        problems += _checked(page, name, axe, screenshot)
    expect(page.locator("main")).to_contain_text("Het plan zoals het was op 1 maart 2019")

    page.goto(f"{base}/actie/{action.pk}/tijdlijn/")
    expect(page.locator(".version-mark").first).to_contain_text("in versie 2: AMJP 2019-1")
    response = page.goto(f"{base}/?op=2010-01-01")
    assert response.status == 422
    expect(page.get_by_role("alert")).to_contain_text("was er nog geen versie")
    problems += _checked(page, "voor-de-eerste-versie", axe, screenshot)
    assert problems == [], "\n".join(problems)
