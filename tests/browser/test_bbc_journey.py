"""The cel's opvolgingsrapportering in a real browser: open it, write its two texts, read the report,
download the workbook, close it."""

import re
from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect

from core import changes
from plans.models import Action, Amount, AmountKind, Category, Direction
from rounds.models import ReportingRound, RoundKind

pytestmark = pytest.mark.browser


def test_cel_opens_writes_reads_downloads_and_closes_an_opvolgingsrapportering(demo, open_page, screenshot):
    action = Action.objects.get(number="10.2")
    changes.update(action, {"priority": True}, by=None, version=action.version)
    for kind, amount in ((AmountKind.ESTIMATE, "1234567.89"), (AmountKind.ACTUAL, "617283.95")):
        changes.save(
            Amount(
                action=action,
                kind=kind,
                year=2018,
                category=Category.OPERATING,
                direction=Direction.EXPENSE,
                amount=Decimal(amount),
            ),
            by=None,
        )

    page = open_page("cel")
    page.get_by_role("link", name="Rapportering", exact=True).click()
    page.get_by_label("Naam").fill("Opvolgingsrapportering 2018")
    page.get_by_label("Datum").fill("2018-09-15")
    expect(page.get_by_label("Periode van")).to_be_hidden()  # a gewone rapportering has no period
    page.get_by_label("Soort").select_option(label="opvolgingsrapportering")
    page.get_by_label("Periode van").fill("2018-01-01")
    page.get_by_label("Periode tot").fill("2018-06-30")
    page.get_by_role("button", name="Openen").click()
    expect(page.get_by_role("heading", name="Opvolgingsrapportering 2018")).to_be_visible()

    page.get_by_role("textbox", name="Gewijzigde veronderstellingen").fill(
        "De loonindex steeg sneller dan geraamd."
    )
    page.get_by_role("textbox", name="Gewijzigde financiële risico's").fill(
        "Het energiecontract loopt eind 2018 af."
    )
    page.get_by_role("button", name="Teksten opslaan").click()
    expect(page.get_by_text("zijn opgeslagen")).to_be_visible()
    expect(page.get_by_role("textbox", name="Gewijzigde veronderstellingen")).to_have_value(
        "De loonindex steeg sneller dan geraamd."
    )
    screenshot(page, "opvolging-ronde")

    page.get_by_role("link", name="De opvolgingsrapportering bekijken").click()
    expect(
        page.get_by_role("heading", name="Stand van zaken van de prioritaire actieplannen en acties")
    ).to_be_visible()
    expect(page.locator(".report-action", has_text="Actie 10.2")).to_contain_text("prioritair")
    money = page.get_by_role("table", name=re.compile("Beleidsdoelstelling|Zonder beleidsdoelstelling")).first
    expect(money).to_contain_text("€ 1.234.567,89")
    expect(money).to_contain_text("50,0 %")
    expect(page.get_by_text("Het energiecontract loopt eind 2018 af.")).to_be_visible()
    screenshot(page, "opvolgingsrapportering")

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel downloaden").click()
    with open(download.value.path(), "rb") as file:
        book = openpyxl.load_workbook(file)
    assert book.sheetnames == ["Stand van zaken", "Financiën", "Toelichting"]
    assert any(row[3].value == "10.2" for row in book["Stand van zaken"].iter_rows(min_row=2))

    page.go_back()
    page.get_by_role("link", name="Rapportering", exact=True).click()
    page.get_by_role("link", name="Opvolgingsrapportering 2018").click()
    page.get_by_role("button", name="Rapportering afsluiten").click()
    expect(page.get_by_text("is afgesloten: de uitvoer ervan verandert niet meer")).to_be_visible()
    expect(page.get_by_role("textbox", name="Gewijzigde veronderstellingen")).to_have_count(
        0
    )  # read-only now
    expect(page.get_by_text("De loonindex steeg sneller dan geraamd.")).to_be_visible()
    round = ReportingRound.objects.get(name="Opvolgingsrapportering 2018")
    assert (round.kind, round.is_closed, round.year) == (RoundKind.FOLLOW_UP, True, 2018)
