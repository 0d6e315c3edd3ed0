"""At phone width (390 × 844): the header folds into a Menu button, every target is at least 24 × 24 px
(WCAG 2.2, 2.5.8) on the main pages of each role, and the indicator chart's labels stay readable.

One demo load and one page per role for the whole module, so it stays quick."""

import pytest
from playwright.sync_api import expect

from tests.browser.tap_targets import small_targets, target_counts
from tests.browser.test_accessibility import EIGENAAR, PHONE, page_paths

pytestmark = pytest.mark.browser

# The pages each role opens most; every one is checked for small targets with the menu folded and open.
MAIN_PAGES = {
    "cel": ["overzicht", "statussen", "actieplan", "dashboard", "indicator", "rapportering", "voorstellen"],
    "raad": ["overzicht", "dashboard", "financien", "indicatoren"],
    EIGENAAR: ["mijn-acties", "actieplan"],
}
# What the eigenaar's login lands on.
LANDS_ON = {EIGENAAR: "/mijn-acties/"}

# Each label's size as drawn: its font size in SVG units times the scale of the SVG on the screen.
CHART_LABEL_SIZES = """() => [...document.querySelectorAll(".indicator-chart svg text")]
  .filter((text) => text.getBoundingClientRect().width > 0)
  .map((text) => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""

CHECK_BOX_SIZES = """() => [...document.querySelectorAll("input[type=checkbox], input[type=radio]")]
  .map((e) => e.getBoundingClientRect()).filter((box) => box.width > 0)
  .map((box) => [box.width, box.height])"""


def _header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def test_the_header_folds_into_a_menu_that_opens_and_closes_by_keyboard(
    demo, open_page, live_server, screenshot
):
    page = open_page("cel")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{page_paths()['overzicht']}")
    button = page.get_by_role("button", name="Menu")
    dashboard = page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Dashboard", exact=True
    )
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "site-menu")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    assert _header_height(page) < 200
    screenshot(page, "telefoon-menu-dicht")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the name of the product, home
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(dashboard).to_be_visible()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht")
    ).to_be_focused()
    screenshot(page, "telefoon-menu-open")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(dashboard).to_be_hidden()
    page.keyboard.press("Space")
    expect(dashboard).to_be_visible()

    page.set_viewport_size({"width": 1280, "height": 900})  # on a wide screen: no button, the menu shows
    expect(button).to_be_hidden()
    page.keyboard.press("Space")
    expect(dashboard).to_be_visible()


def test_without_the_script_the_menu_stays_open_on_a_phone(demo, browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="nl-BE", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_label("Gebruikersnaam").fill("cel")
    page.get_by_label("Wachtwoord").fill("turnhout2017")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/plannen/**")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    dashboard = page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Dashboard", exact=True
    )
    expect(dashboard).to_be_visible()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    context.close()


def test_main_pages_of_each_role_have_targets_of_at_least_24_px_on_a_phone(
    demo, open_page, live_server, screenshot
):
    paths = page_paths()
    problems = []
    for role, names in MAIN_PAGES.items():
        page = open_page(role, lands_on=LANDS_ON.get(role, "/plannen/**"))
        page.set_viewport_size(PHONE)
        for name in names:
            page.goto(f"{live_server.url}{paths[name]}")
            problems += [f"{role} {name}: {target}" for target in small_targets(page)]
            if (
                name == "dashboard"
            ):  # 76 of its 90 targets were under 24 px (issue 30): now none, spaced or not
                counts = target_counts(page)
                problems += (
                    [f"{role} dashboard: {counts['small']} targets under 24 px"] if counts["small"] else []
                )
            # The check boxes take no exception: the browser's own were 13 px (issue 30).
            boxes = page.evaluate(CHECK_BOX_SIZES)
            problems += [f"{role} {name}: a check box of {w}×{h}" for w, h in boxes if min(w, h) < 24]
            page.get_by_role("button", name="Menu").click()
            problems += [f"{role} {name} (menu open): {target}" for target in small_targets(page)]
            logout = page.get_by_role("button", name="Afmelden").bounding_box()
            if min(logout["width"], logout["height"]) < 24:
                problems.append(f"{role} {name}: Afmelden is {logout['width']}×{logout['height']}")
            screenshot(page, f"telefoon-doelen-{role}-{name}")
    assert problems == [], "\n".join(problems)


def test_the_indicator_charts_labels_stay_readable_on_a_phone(demo, open_page, live_server, screenshot):
    paths = page_paths()
    page = open_page("cel")
    drawn = {}
    for size in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(size)
        for name in ("indicator", "actieplan", "verslag"):  # the chart alone, beside its item, in the verslag
            page.goto(f"{live_server.url}{paths[name]}")
            sizes = page.evaluate(CHART_LABEL_SIZES)
            drawn[(size["width"], name)] = len(sizes)
            assert min(sizes, default=11) >= 11, (size, name, sizes)
            if size == PHONE:
                screenshot(page, f"telefoon-grafiek-{name}")
    assert drawn[(PHONE["width"], "indicator")] and drawn[(PHONE["width"], "actieplan")], drawn


HELPER_PAGE = """<main style="font: 16px/1.2 sans-serif">
  <div><button id="small" style="width: 16px; height: 16px; padding: 0">x</button><button id="beside"
    style="width: 40px; height: 40px">y</button></div>
  <p>Lees <a id="in-sentence" href="#">de handleiding</a> eerst, dan weet u meer.</p>
  <div style="margin-top: 60px"><a id="alone" href="#">los</a></div>
  <div style="margin-top: 60px"><button id="close-1" style="width: 16px; height: 16px; padding: 0">a</button
    ><button id="close-2" style="width: 16px; height: 16px; padding: 0">b</button></div>
</main>"""


def test_the_target_check_finds_small_targets_close_together_and_spares_the_exceptions(browser):
    page = browser.new_context(viewport=PHONE).new_page()
    page.set_content(HELPER_PAGE)
    found = " ".join(small_targets(page))
    assert "#close-1" in found and "#close-2" in found  # under 24 px and within 24 px of each other
    assert "#small" in found  # its 24 px circle meets the button beside it
    assert "#beside" not in found  # large enough
    assert "#in-sentence" not in found  # inside a sentence
    assert "#alone" not in found  # small, but 24 px free around it
    page.context.close()
