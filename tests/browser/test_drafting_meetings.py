"""Drafting in a real browser: the cel starts a draft, pastes the akkoord's ambitions, proposes two
actieplannen and decides them in the first meeting by keyboard; the MT records its own meeting. Axe
finds nothing serious or critical on each page, at desktop and phone width."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from drafting.models import Decision, Outcome, Proposal, Standing
from tests.browser.test_accessibility import BLOCKING, DESKTOP, PHONE, summarise

pytestmark = pytest.mark.browser


@pytest.fixture
def users(transactional_db):
    """The demo users and their role groups (no plan: a draft needs none)."""
    from django.apps import apps

    from core.roles import sync_role_groups
    from demo.plans import create_demo_users

    sync_role_groups(apps)
    return create_demo_users()


def settled(row) -> None:
    """htmx has settled the swapped row (and given the focus to its autofocus element): the keys that
    follow go where a person's would."""
    expect(row).not_to_have_class(re.compile(r"htmx-(added|settling|swapping)"))


def no_serious_violations(page, name: str, screenshot) -> None:
    axe = Axe()
    problems = []
    for size, label in ((DESKTOP, "desktop"), (PHONE, "telefoon")):
        page.set_viewport_size(size)
        for v in summarise(axe.run(page).response["violations"]):
            if v["impact"] in BLOCKING:
                problems.append(f"{name} ({label}) [{v['impact']}] {v['id']}: {v['help']} {v['targets'][:5]}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if size == PHONE and width > PHONE["width"]:
            problems.append(f"{name} (telefoon): scrolls sideways ({width}px)")
        screenshot(page, f"ontwerp-{name}-{label}")
    page.set_viewport_size(DESKTOP)
    assert problems == []


def test_cel_starts_a_draft_decides_by_keyboard_and_the_mt_records_its_step(
    users, open_page, live_server, screenshot
):
    cel = open_page("cel", lands_on="/**")
    cel.goto(f"{live_server.url}/ontwerp/")
    no_serious_violations(cel, "ontwerpen", screenshot)
    cel.get_by_label("Naam", exact=True).fill("Strategisch meerjarenplan 2026–2031")
    cel.get_by_label("Bestuur", exact=True).fill("Stad Turnhout")
    cel.get_by_label("Startjaar").fill("2026")
    cel.get_by_label("Eindjaar").fill("2031")
    cel.get_by_label("Bestuursakkoord").fill("Bestuursakkoord 2025–2030")
    cel.get_by_role("button", name="Ontwerp starten").click()
    expect(cel.get_by_text("is gestart")).to_be_visible()

    # The akkoord: a chapter, its ambitions pasted at once, a mandataris.
    cel.get_by_label("Naam van het hoofdstuk").fill("Welzijn")
    cel.get_by_role("button", name="Hoofdstuk toevoegen").click()
    expect(cel.get_by_role("heading", name="Welzijn")).to_be_visible()
    cel.get_by_label("Ambities, één per regel").fill(
        "We voeren een preventief gezondheidsbeleid\nWe bestrijden armoede\nWe zorgen voor elkaar"
    )
    cel.get_by_role("button", name="Ambities toevoegen").click()
    expect(cel.get_by_text("3 ambities toegevoegd aan Welzijn.")).to_be_visible()
    expect(cel.get_by_text("3 ambities hebben nog geen actieplan")).to_be_visible()
    cel.get_by_label("Naam", exact=True).fill("Schepen van welzijn")
    cel.get_by_role("button", name="Mandataris toevoegen").click()
    expect(cel.get_by_text("Schepen van welzijn", exact=True)).to_be_visible()
    no_serious_violations(cel, "akkoord", screenshot)

    # Two actieplan proposals.
    for title, ambition in (
        ("We ontwikkelen een preventief gezondheidsbeleid", "We voeren een preventief gezondheidsbeleid"),
        ("We halveren de kinderarmoede", "We bestrijden armoede"),
    ):
        cel.get_by_role("link", name="Voorstellen", exact=True).click()
        cel.get_by_role("link", name="Nieuw voorstel").click()
        cel.get_by_label("Titel", exact=True).fill(title)
        cel.get_by_label("Korte titel").fill(title[:40])
        expect(cel.locator("#id_short_title-left")).to_contain_text("van 100 tekens")
        cel.get_by_label(ambition).check()
        cel.get_by_label("Politiek aanspreekpunt").select_option(label="Schepen van welzijn")
        cel.get_by_label("Te betrekken partners").fill("LOGO, gezins- en gezondheidsraad, Orion, Licalab")
        cel.get_by_label("Aandachtspunten").fill("doelgroep, wijk, ambitie")
        if ambition.startswith("We voeren"):
            no_serious_violations(cel, "nieuw-voorstel", screenshot)
        cel.get_by_role("button", name="Voorstellen").click()
        expect(cel.get_by_text("staat op de agenda van “Voorzet Strategie & Beleid”")).to_be_visible()
    no_serious_violations(cel, "voorstel", screenshot)
    cel.get_by_role("link", name="Bewerken").click()
    cel.get_by_label("Te betrekken partners").fill("LOGO Kempen, Orion")
    no_serious_violations(cel, "voorstel-bewerken", screenshot)
    cel.get_by_role("button", name="Opslaan").click()
    expect(cel.get_by_text("is bijgewerkt")).to_be_visible()
    expect(cel.get_by_text("LOGO Kempen, Orion")).to_be_visible()
    cel.get_by_role("link", name="Voorstellen", exact=True).click()
    expect(cel.locator("table.proposal-list tbody tr")).to_have_count(2)
    no_serious_violations(cel, "voorstellen", screenshot)

    # The first meeting, by keyboard: akkoord for the first; aangepast for the second, refused without a
    # remark, then recorded with one.
    cel.get_by_role("link", name="Stappen en vergaderingen").click()
    cel.get_by_text("De stappen voor de actieplannen aanpassen").click()
    no_serious_violations(cel, "stappen", screenshot)
    first_form = cel.get_by_role("form", name="Stap Voorzet Strategie & Beleid aanpassen")
    first_form.get_by_label("Datum vergadering").fill("2019-02-07")
    first_form.get_by_role("button", name="Bewaren").click()
    expect(cel.get_by_text("is bewaard")).to_be_visible()
    expect(cel.get_by_role("cell", name="7 februari 2019")).to_be_visible()
    cel.get_by_role("link", name="Voorzet Strategie & Beleid").click()
    no_serious_violations(cel, "vergadering", screenshot)
    first, second = Proposal.objects.order_by("pk")
    row1, row2 = cel.locator(f"#decide-{first.pk}"), cel.locator(f"#decide-{second.pk}")
    row1.get_by_role("radio", name="akkoord", exact=True).focus()
    cel.keyboard.press("Space")
    cel.keyboard.press("Tab")
    cel.keyboard.type("Prioritair")
    cel.keyboard.press("Enter")
    expect(row1.get_by_role("status")).to_contain_text("Genoteerd: akkoord")
    expect(row1.get_by_role("status")).to_contain_text("Het gaat naar “Aftoetsen managementteam”")
    settled(row1)
    expect(row1.get_by_role("status")).to_be_focused()  # the row says what it recorded, and keeps the place
    cel.keyboard.press("Tab")  # from the recorded row to the next proposal's title
    cel.keyboard.press("Tab")  # its first choice, akkoord
    expect(row2.get_by_role("radio", name="akkoord", exact=True)).to_be_focused()
    cel.keyboard.press("ArrowDown")  # niet akkoord
    cel.keyboard.press("ArrowDown")  # aangepast
    expect(row2.get_by_role("radio", name="aangepast")).to_be_checked()
    cel.keyboard.press("Tab")
    cel.keyboard.press("Enter")
    expect(row2.get_by_role("alert")).to_contain_text("Zeg in de opmerking wat er aangepast werd.")
    assert Decision.objects.count() == 1
    settled(row2)
    expect(row2.get_by_label("Opmerking")).to_be_focused()
    cel.keyboard.type("Doelgroep verduidelijkt")  # the remark has the focus again
    cel.keyboard.press("Enter")
    expect(row2.get_by_role("status")).to_contain_text("Genoteerd: aangepast")
    no_serious_violations(cel, "vergadering-beslist", screenshot)
    assert list(Decision.objects.order_by("pk").values_list("outcome", "remark")) == [
        (Outcome.AGREED, "Prioritair"),
        (Outcome.AMENDED, "Doelgroep verduidelijkt"),
    ]

    # The MT records its own step; the cel's first step it only reads.
    mt = open_page("mt", lands_on="/**")
    mt.goto(cel.url)
    expect(mt.get_by_text("Er staat niets meer op de agenda")).to_be_visible()
    mt.goto(f"{live_server.url}/ontwerp/{first.draft_id}/stappen/")
    mt.get_by_role("link", name="Aftoetsen managementteam").first.click()
    no_serious_violations(mt, "vergadering-mt", screenshot)
    for proposal, outcome in ((first, "akkoord"), (second, "uitgesteld")):
        row = mt.locator(f"#decide-{proposal.pk}")
        row.get_by_role("radio", name=outcome, exact=True).focus()
        mt.keyboard.press("Space")
        mt.keyboard.press("Tab")
        mt.keyboard.press("Enter")
        expect(row.get_by_role("status")).to_contain_text(f"Genoteerd: {outcome}")
        settled(row)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.step.name == "Bespreking conclaaf" and second.step.name == "Aftoetsen managementteam"
    assert first.standing == Standing.UNDER_WAY
    assert Decision.objects.filter(decided_by__username="mt").count() == 2
