"""The raad's rapportering in a real browser: the round, its workbook and the printable report."""

import re

import docx
import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_raad_downloads_the_workbook_and_reads_the_report(demo, open_page, screenshot):
    page = open_page("raad")
    page.get_by_role("link", name="Rapportering", exact=True).click()
    page.get_by_role("link", name="Rapportering december 2017").click()
    expect(page.get_by_text("Na review van 29 november 2017")).to_be_visible()
    screenshot(page, "rapportering")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel downloaden").click()
    assert download.value.suggested_filename == "ocmw-turnhout-rapportering-december-2017.xlsx"
    with open(download.value.path(), "rb") as file:
        book = openpyxl.load_workbook(file)
    assert book.sheetnames == [
        "Overzicht raad",
        "Projecten",
        "Acties",
        "Samenvatting",
        "Wijzigingsvoorstellen",
    ]
    page.get_by_role("link", name="Verslag voor de raad").click()
    expect(page.get_by_role("heading", name="Actieplan 460")).to_be_visible()
    forty = page.locator(".report-section").filter(
        has=page.get_by_role("heading", name="Actieplan 40", exact=True)
    )
    expect(forty.locator(".proposal-text")).to_have_text(
        re.compile(r"^Voorstel te schrappen: acties 40\.1 en 40\.2\.")
    )
    screenshot(page, "verslag")
    contents = page.get_by_role("navigation", name="Inhoud")
    for part in ("Rapportering per actieplan", "Projecten", "Samenvatting", "Wijzigingsvoorstellen"):
        expect(contents.get_by_role("link", name=part, exact=True)).to_be_visible()
    contents.get_by_role("link", name="Samenvatting", exact=True).click()
    expect(page).to_have_url(re.compile(r"#samenvatting$"))
    expect(page.get_by_role("heading", name="3 Samenvatting")).to_be_in_viewport()
    expect(page.get_by_role("img", name=re.compile(r"^Per status: Actieplannen: loopt 29"))).to_be_visible()
    contents.get_by_role("link", name="Actieplan 100", exact=True).click()
    expect(page.locator("#actieplan-100").get_by_role("link", name="www.zorggroep-orion.be")).to_be_visible()
    expect(page.get_by_role("heading", name="2 Projecten")).to_be_attached()
    expect(page.get_by_role("heading", name="4 Wijzigingsvoorstellen")).to_be_attached()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    screenshot(page, "verslag-afdruk")
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF downloaden").click()
    assert download.value.suggested_filename == "ocmw-turnhout-rapportering-december-2017-verslag.pdf"
    with open(download.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    page.go_back()
    page.get_by_role("link", name="Rapportering", exact=True).click()
    page.get_by_role("link", name="Rapportering december 2017").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Verslag in Word (.docx)").click()
    assert download.value.suggested_filename.endswith(".docx")
    with open(download.value.path(), "rb") as file:
        document = docx.Document(file)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any(text.startswith("Actieplan 10") for text in headings)
