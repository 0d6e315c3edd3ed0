"""Two versions compared in a real browser: the Turnhout demo recorded as version 1, then edited (an
actie reworded, another struck, an actieplan marked prioritair, a raming raised) and recorded as
version 2 (``versions.adopting.record``). The raad opens the comparison from the versions list,
filters it without JavaScript's help, and axe finds nothing serious at desktop and phone width."""

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from core import changes
from plans.lifecycle import remove_items
from plans.models import Action, ActionPlan, Amount, AmountKind, Category, Direction
from tests.browser.test_accessibility import BLOCKING, PHONE, check_page, summarise
from versions import adopting

pytestmark = pytest.mark.browser


def _two_versions(plan, cel):
    adopting.record(plan, name="MJP 2014-2019", council_date=datetime.date(2014, 12, 15), by=cel)
    active = Action.objects.filter(action_plan__plan=plan, life_cycle="active")
    reworded, struck = active.order_by("sort_key")[:2]
    changes.update(
        reworded,
        {"title": reworded.title.rstrip(".") + " in elke wijk."},
        by=cel,
        reason="aanpassing",
        version=reworded.version,
    )
    remove_items([struck], on=datetime.date(2016, 12, 1), reason="aanpassing", by=cel)
    marked = ActionPlan.objects.filter(plan=plan, priority=False).order_by("sort_key").last()
    changes.update(marked, {"priority": True}, by=cel, reason="aanpassing", version=marked.version)
    changes.save(
        Amount(
            action=reworded,
            kind=AmountKind.ESTIMATE,
            year=2017,
            category=Category.OPERATING,
            direction=Direction.EXPENSE,
            amount=Decimal("25000.00"),
        ),
        by=cel,
        reason="aanpassing",
    )
    adopting.record(plan, name="AMJP 2017-1", council_date=datetime.date(2016, 12, 19), by=cel)
    return reworded, struck, marked


def test_the_raad_compares_two_versions_and_filters_the_changes(demo, open_page, live_server, screenshot):
    from django.contrib.auth import get_user_model

    cel = get_user_model().objects.get(username="cel")
    reworded, struck, marked = _two_versions(demo, cel)
    page = open_page("raad")
    page.goto(f"{live_server.url}/plannen/{demo.slug}/versies/")
    page.get_by_role("link", name="vergelijk met vorige (AMJP 2017-1)").click()
    expect(page.get_by_role("heading", name="Versies vergelijken")).to_be_visible()
    changes_table = page.locator("table.compare-changes")
    expect(changes_table).to_contain_text("geherformuleerd")
    expect(changes_table).to_contain_text(reworded.title.rstrip("."))
    expect(changes_table).to_contain_text(marked.title)
    expect(changes_table).to_contain_text("geschrapt")
    expect(changes_table).to_contain_text("prioriteit gewijzigd")
    expect(changes_table).to_contain_text("ramingen gewijzigd")
    expect(page.locator("table.compare-money")).to_contain_text("+ € 25.000,00")
    url = page.url

    page.get_by_label("Soort wijziging").select_option(label="geschrapt")
    page.get_by_role("button", name="Tonen").click()
    expect(changes_table).to_contain_text(struck.title)
    expect(changes_table).not_to_contain_text("geherformuleerd")
    expect(page.get_by_role("link", name="de gefilterde wijzigingen in Excel")).to_be_visible()

    axe, report = Axe(), {}
    problems = check_page(
        page,
        role="raad",
        name="versies-vergelijken",
        url=url,
        axe=axe,
        axe_report=report,
        screenshot=screenshot,
    )
    page.set_viewport_size(PHONE)  # the changes and the money table stack on a phone: axe there too
    page.goto(url)
    for violation in summarise(axe.run(page).response["violations"]):
        if violation["impact"] in BLOCKING:
            problems.append(f"telefoon [{violation['impact']}] {violation['id']}: {violation['help']}")
    screenshot(page, "versies-vergelijken-telefoon")
    assert problems == []
