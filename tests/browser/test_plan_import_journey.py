"""The platform beheerder brings in another municipality's plan, numbered as written, in a real browser,
into that municipality's organisation."""

import pytest
from playwright.sync_api import expect

from core import changes
from organisations.models import Organisation
from tests.reporting.test_plan_import import as_bytes, sd_od_plan

pytestmark = pytest.mark.browser


def test_beheerder_downloads_the_template_previews_and_creates_a_plan(demo, open_page, tmp_path, screenshot):
    changes.save(Organisation(name="Gemeente Voorbeeld", slug="gemeente-voorbeeld"), by=None)
    page = open_page("beheerder", lands_on="/")
    page.get_by_role("link", name="Nieuw plan inlezen uit Excel").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Leeg sjabloon downloaden").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    filled = tmp_path / "meerjarenplan.xlsx"
    filled.write_bytes(as_bytes(sd_od_plan()))
    page.get_by_label("Naam van het plan").fill("Meerjarenplan 2026–2031")
    page.get_by_label("Organisatie van het plan").select_option(label="Gemeente Voorbeeld")
    page.get_by_label("Bestuur").fill("Gemeente Voorbeeld")
    page.get_by_label("Startjaar").fill("2026")
    page.get_by_label("Eindjaar").fill("2031")
    page.get_by_label("Korte naam").fill("voorbeeld-2026-2031")
    page.get_by_label("Ingevuld sjabloon van het plan (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Voorbeeld tonen").click()
    expect(page.get_by_text("Nummering: hiërarchisch (zelf herkend)")).to_be_visible()
    expect(page.get_by_role("cell", name="OD 2.1.10")).to_be_visible()
    screenshot(page, "nieuw-plan-voorbeeld")
    page.get_by_role("button", name="Plan aanmaken").click()
    expect(page.get_by_text("Meerjarenplan 2026–2031 (Gemeente Voorbeeld) is aangemaakt.")).to_be_visible()
    expect(page.get_by_role("cell", name="OD 1.1", exact=True)).to_be_visible()  # numbers as written
    screenshot(page, "nieuw-plan-overzicht")
