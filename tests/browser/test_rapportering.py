"""The raad's rapportering in a real browser: the round, its workbook and the printable report."""

import re

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
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    screenshot(page, "verslag-afdruk")
