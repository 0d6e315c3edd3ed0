"""Issue 17's journey: the cel defines a numeric indicator on a goal (baseline, target) and enters three
values in place by keyboard, the last for the open rapportering; the chart shows them against baseline
and target; the round workbook carries them; a value changed in the workbook comes back through the
import; once the round is closed it keeps the value it reported, whatever is entered later."""

import datetime
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from core import changes
from indicators.models import Value
from plans.models import Goal, Plan
from reporting.rounds import open_round

pytestmark = pytest.mark.browser

PLAN = "turnhout-2014-2019"
NAME = "Aantal cliënten in budgetbegeleiding"


def _workbook(download):
    with open(download.value.path(), "rb") as file:
        return openpyxl.load_workbook(file)


def _indicator_row(book) -> tuple:
    sheet = book["Indicatoren"]
    header = [cell.value for cell in sheet[1]]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[header.index("Indicator")].value == NAME)
    return header, row


def test_an_indicator_from_definition_through_the_workbook_to_a_closed_round(
    demo, open_page, live_server, screenshot, tmp_path
):
    plan = Plan.objects.get(slug=PLAN)
    goal = Goal.objects.filter(plan=plan).first() or changes.save(
        Goal(plan=plan, number="SD 1", title="We bestrijden armoede."), by=None
    )
    round = open_round(plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30))

    # The cel defines the indicator on the goal, with a baseline and a target.
    page = open_page("cel")
    page.goto(f"{live_server.url}/plannen/{PLAN}/indicatoren/nieuw/?doelstelling={goal.pk}")
    expect(page.get_by_label("Meet de items")).to_have_value(re.compile(goal.number))
    page.get_by_label("Naam").fill(NAME)
    page.get_by_label("Eenheid").fill("cliënten")
    page.get_by_label("Basiswaarde", exact=True).fill("100")
    page.get_by_label("Datum basiswaarde").fill("2014-01-01")
    page.get_by_role("button", name="Bewaren").press("Enter")
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    detail = page.url
    target = page.get_by_label("Streefwaarde 2019")
    target.fill("150")
    target.press("Enter")
    expect(page.locator("#target-2019 .saved")).to_be_visible()

    # Two values on a date, the third for the open rapportering, all by keyboard.
    for date, value in (("2015-12-31", "110"), ("2016-12-31", "125")):
        page.get_by_label("datum").fill(date)
        page.locator("#value-add").fill(value)
        page.locator("#value-add").press("Enter")
        expect(page.locator(".value-rows .saved")).to_have_count(1)
        expect(page.locator("table.chart-table")).to_contain_text(f"{value} cliënten")
    round_value = page.locator(f"#value-round-{round.pk}")
    round_value.fill("140")
    round_value.press("Enter")
    expect(page.locator(f"#row-round-{round.pk} .saved")).to_be_visible()

    # The chart: three values, the baseline and the target line; the same figures as a table.
    expect(page.locator("svg.trend:visible circle.value")).to_have_count(3)
    # 140 lies above the line from the baseline to the target: on track, also in the page's head.
    expect(page.locator("#indicator-track")).to_have_text(re.compile(r"^\s*op koers\s*$"))
    expect(page.locator("svg.trend:visible .baseline")).to_have_count(1)
    expect(page.locator("svg.trend:visible .target-line")).to_have_count(1)
    table = page.locator("table.chart-table")
    for shown in ("100 cliënten", "110 cliënten", "125 cliënten", "140 cliënten", "150 cliënten"):
        expect(table).to_contain_text(shown)
    screenshot(page, "indicator-drie-waarden")

    # The round workbook carries them: this round's value, the one before, the target.
    page.goto(f"{live_server.url}/plannen/{PLAN}/rapporteringen/{round.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel downloaden").click()
    book = _workbook(download)
    header, row = _indicator_row(book)
    assert row[header.index("Waarde")].value == "140"
    assert row[header.index("Vorige waarde")].value == "125 cliënten (31/12/2016)"
    assert row[header.index("Streefwaarde")].value == "2019: 150 cliënten"
    assert "Grafieken" in book.sheetnames

    # A value changed in the workbook comes back through the import, after a preview.
    row[header.index("Waarde")].value = "138"
    row[header.index("Toelichting")].value = "Herteld na controle van de dossiers."
    edited = tmp_path / "ingevuld.xlsx"
    book.save(edited)
    page.goto(f"{live_server.url}/plannen/{PLAN}/import/")
    page.get_by_label("Ingevulde rapportering (.xlsx)").set_input_files(str(edited))
    page.get_by_role("button", name="Voorbeeld tonen").click()
    preview = page.locator("table.preview")
    expect(preview).to_contain_text(NAME)
    expect(preview).to_contain_text("140")
    expect(preview).to_contain_text("138")
    page.get_by_role("button", name="1 wijziging doorvoeren").click()
    page.goto(detail)
    expect(page.locator(f"#value-round-{round.pk}")).to_have_value("138")

    # The cel closes the round; it keeps 138, also after a later value.
    page.goto(f"{live_server.url}/plannen/{PLAN}/rapporteringen/{round.pk}/")
    page.get_by_role("button", name="Rapportering afsluiten").click()
    anyway = page.get_by_role("button", name="Toch afsluiten")
    if anyway.count():
        anyway.click()
    expect(page.get_by_text("afgesloten").first).to_be_visible()
    page.goto(detail)
    reported = Value.objects.get(indicator__name=NAME, round=round)
    expect(page.locator(f"#row-value-{reported.pk}")).to_contain_text("afgesloten")
    expect(page.locator(f"#row-value-{reported.pk}")).to_contain_text("138")
    expect(page.locator(f"#row-value-{reported.pk} input:not([type=hidden])")).to_have_count(0)
    page.get_by_label("datum").fill("2018-12-31")
    page.locator("#value-add").fill("145")
    page.locator("#value-add").press("Enter")
    expect(page.locator("table.chart-table")).to_contain_text("145 cliënten")
    page.goto(f"{live_server.url}/plannen/{PLAN}/rapporteringen/{round.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel downloaden").click()
    header, row = _indicator_row(_workbook(download))
    assert row[header.index("Waarde")].value == "138"
    assert "145" not in " ".join(str(cell.value) for cell in row)
    page.goto(f"{live_server.url}/plannen/{PLAN}/rapporteringen/{round.pk}/verslag/")
    chapter = page.locator("#indicatoren")
    expect(chapter).to_contain_text("138 cliënten")
    expect(chapter).not_to_contain_text("145 cliënten")
    screenshot(page, "indicator-afgesloten-verslag")
