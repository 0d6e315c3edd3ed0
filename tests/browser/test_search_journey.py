"""Search from the page header, in a real browser: type, Enter, grouped results, follow a link."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_raad_finds_the_welzijnsonthaal_from_the_header_and_opens_its_actieplan(
    demo, open_page, live_server, screenshot
):
    page = open_page("raad")
    page.goto(f"{live_server.url}/plannen/turnhout-2014-2019/dashboard/")
    box = page.get_by_role("search").get_by_label("Zoeken in het plan")
    box.fill("welzijnsonthaal")
    box.press("Enter")

    expect(page.get_by_role("heading", name="Zoeken in het plan")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("resultaten voor “welzijnsonthaal”")
    groups = page.locator("section.search-group h2")
    expect(groups).to_have_text([re.compile("^Actieplannen · 2 actieplannen"), re.compile("^Projecten")])
    actieplan = page.get_by_role("link", name=re.compile("^110 In samenwerking met CAW De Kempen"))
    expect(actieplan.locator("mark")).to_have_text("welzijnsonthaal")
    expect(box).to_have_value("welzijnsonthaal")
    screenshot(page, "zoeken-welzijnsonthaal")

    actieplan.click()
    expect(page.get_by_role("heading", name="Actieplan 110")).to_be_visible()

    box = page.get_by_role("search").get_by_label("Zoeken in het plan")
    box.fill("120.3")
    box.press("Enter")
    page.get_by_role("link", name=re.compile(r"^120\.3")).click()
    expect(page).to_have_url(re.compile(r"/actieplannen/120/#row-actie-\d+$"))
    expect(page.get_by_role("heading", name="Actieplan 120")).to_be_visible()
