"""The pages that show indicators (dashboard, overview with its filter, search, verslag), checked with
axe-core like every other page (tests/browser/test_accessibility.py), on the demo with one indicator
added by the test (the Turnhout demo has none: nothing is invented for a real organisation)."""

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from core import changes
from indicators import values
from indicators.models import Indicator
from plans.models import ActionPlan
from reporting.rounds import open_round
from tests.browser.test_accessibility import check_page

pytestmark = pytest.mark.browser


def _indicator(plan) -> int:
    cel = get_user_model().objects.get(username="cel")
    action_plan = ActionPlan.objects.get(plan=plan, number="10")
    indicator = changes.save(
        Indicator(
            plan=plan,
            name="Testindicator: aandeel cliënten met een budgetplan",
            unit="%",
            decimals=1,
            baseline_value=Decimal("20"),
            baseline_date=datetime.date(2015, 1, 1),
        ),
        by=cel,
    )
    indicator.action_plans.add(action_plan)
    if action_plan.goal_id:
        indicator.goals.add(action_plan.goal_id)
    values.set_target(indicator, 2019, "50", by=cel)
    values.record_value(indicator, "22", date=datetime.date(2017, 6, 30), note="Eigen registratie.", by=cel)
    round_ = open_round(plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30), by=cel)
    return round_.pk


def test_the_pages_with_indicators_have_no_serious_accessibility_violations(
    demo, open_page, live_server, screenshot
):
    round_pk = _indicator(demo)
    base = f"{live_server.url}/plannen/{demo.slug}"
    pages = {
        "dashboard-indicatoren": f"{base}/dashboard/",
        "overzicht-indicatoren": f"{base}/",
        "overzicht-niet-op-koers": f"{base}/?koers=niet_op_koers",
        "zoeken-indicatoren": f"{base}/zoeken/?q=budgetplan",
        "verslag-indicatoren": f"{base}/rapporteringen/{round_pk}/verslag/",
    }
    page = open_page("cel")
    axe, axe_report = Axe(), {}  # the full report of the other pages stays tests/browser/test_accessibility's
    problems = []
    for name, url in pages.items():
        problems += check_page(
            page, role="cel", name=name, url=url, axe=axe, axe_report=axe_report, screenshot=screenshot
        )
    page.goto(pages["verslag-indicatoren"])
    assert page.locator("#indicatoren .indicator-chart svg:visible circle.value").count() == 1
    assert problems == []
