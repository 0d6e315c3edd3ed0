"""The icons the product ships show in a real browser: drawn as inline SVG at the text's size and in
its colour, not as a symbol the machine's fonts may lack (tests/test_fonts.py checks the pages' text)."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from indicators import values
from reporting.rounds import close_round, open_round
from tests.factories import IndicatorFactory, PlanFactory

pytestmark = pytest.mark.browser

ICON = """(mark) => {
  const svg = mark.querySelector("svg"), box = svg.getBoundingClientRect();
  return {width: box.width, height: box.height, fill: getComputedStyle(svg).fill,
          colour: getComputedStyle(mark).color, text: mark.innerText.trim()};
}"""


def test_the_lock_of_a_closed_value_is_an_icon_of_the_texts_size_and_colour(demo, open_page, live_server):
    page = open_page("cel")
    cel = get_user_model().objects.get(username="cel")
    plan = PlanFactory(start_year=2026, end_year=2031)
    indicator = IndicatorFactory(plan=plan, name="Wachttijd budgetbegeleiding")
    round = open_round(plan=plan, name="Rapportering juni 2026", date=datetime.date(2026, 6, 30), by=cel)
    values.record_value(indicator, "11", round=round, by=cel)
    close_round(round, by=cel)
    page.goto(f"{live_server.url}/plannen/{plan.slug}/indicatoren/{indicator.pk}/")
    icon = page.locator(".closed-mark").first.evaluate(ICON)
    assert icon["width"] > 8 and icon["height"] > 8, icon
    assert icon["fill"] == icon["colour"], icon
    assert icon["text"] == "afgesloten"
