"""Beheer wears the product's header and colours, in the light and in the dark theme, and axe finds no
serious violation (contrast included) in either; test_accessibility.py walks Beheer's pages in light."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
PRODUCT_NAVY = "rgb(19, 50, 79)"  # .site-header in static/css/app.css
HEADER = """() => ({
  header: getComputedStyle(document.querySelector("#header")).backgroundColor,
  brand: document.querySelector("#site-name .brand").innerText,
  home: document.querySelector("#site-name .brand").getAttribute("href"),
  body: getComputedStyle(document.body).backgroundColor,
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_beheer_has_the_products_header_and_keeps_its_contrast(demo, open_page, live_server, scheme):
    page = open_page("beheerder", lands_on="/")
    page.emulate_media(color_scheme=scheme)
    axe = Axe()
    problems = []
    for path in ["/beheer/", "/beheer/plans/action/", "/beheer/plans/department/add/"]:
        page.goto(f"{live_server.url}{path}")
        looks = page.evaluate(HEADER)
        assert looks["header"] == PRODUCT_NAVY, looks
        assert looks["brand"] == "Strategisch plan" and looks["home"] == "/", looks
        # the dark theme is Django's own dark page under the product's header
        assert (looks["body"] == "rgb(18, 18, 18)") == (scheme == "dark"), looks
        for v in axe.run(page).response["violations"]:
            if v["impact"] in BLOCKING:
                problems.append(f"{path} [{v['impact']}] {v['id']}: {[n['target'] for n in v['nodes'][:5]]}")
    assert not problems, "\n".join(problems)
