"""The cel defines a numeric indicator on a goal, sets its target and enters three values in place,
by keyboard; the chart and its table show them."""

import re

import pytest
from playwright.sync_api import expect

from plans import changes
from plans.models import Goal, Plan

pytestmark = pytest.mark.browser

PLAN = "turnhout-2014-2019"


def test_the_cel_creates_an_indicator_on_a_goal_and_enters_three_values_by_keyboard(
    demo, open_page, live_server, screenshot
):
    plan = Plan.objects.get(slug=PLAN)
    goal = Goal.objects.filter(plan=plan).first() or changes.save(
        Goal(plan=plan, number="SD 1", title="We bestrijden armoede."), by=None
    )
    page = open_page("cel")
    page.goto(f"{live_server.url}/plannen/{PLAN}/indicatoren/nieuw/?doelstelling={goal.pk}")
    expect(page.get_by_label("Meet de items")).to_have_value(re.compile(goal.number))
    page.get_by_label("Naam").fill("Aantal cliënten in budgetbegeleiding")
    page.get_by_label("Eenheid").fill("cliënten")
    page.get_by_label("Basiswaarde", exact=True).fill("100")
    page.get_by_label("Datum basiswaarde").fill("2014-01-01")
    page.get_by_role("button", name="Bewaren").press("Enter")

    expect(page.get_by_role("heading", name="Aantal cliënten in budgetbegeleiding")).to_be_visible()
    target = page.get_by_label("Streefwaarde 2019")
    target.fill("150")
    target.press("Enter")
    expect(page.locator("#target-2019 .saved")).to_be_visible()

    for date, value in (("2015-12-31", "110"), ("2016-12-31", "125"), ("2017-12-31", "140")):
        page.get_by_label("datum").fill(date)
        page.locator("#value-add").fill(value)
        page.locator("#value-add").press("Enter")
        expect(page.locator(".value-rows .saved")).to_have_count(1)
        expect(page.locator("table.chart-table")).to_contain_text(f"{value} cliënten")

    expect(page.locator("svg.trend circle.value")).to_have_count(3)
    table = page.locator("table.chart-table")
    for shown in ("110 cliënten", "125 cliënten", "140 cliënten", "100 cliënten", "150 cliënten"):
        expect(table).to_contain_text(shown)
    screenshot(page, "indicator-drie-waarden")
