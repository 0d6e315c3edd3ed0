"""The round workbook's Indicatoren and Grafieken tabs, and their way back through the import."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from core.roles import OWNER
from indicators import values
from indicators.models import Kind, Value
from reporting.indicator_tab import CHARTS_TAB, MAX_CHARTS, TAB
from reporting.round_trip import ImportRefused, import_rapportering
from reporting.rounds import close_round, open_round, round_rows
from reporting.workbook import build_workbook
from tests.factories import GoalFactory, IndicatorFactory, PlanFactory
from tests.helpers import database_state

pytestmark = pytest.mark.django_db

STEPS = ["Studie", "Ontwerp goedgekeurd", "Werken gestart", "Opgeleverd"]


@pytest.fixture
def plan():
    return PlanFactory(start_year=2026, end_year=2031)


@pytest.fixture
def rounds(plan):
    first = open_round(plan=plan, name="Rapportering juni 2026", date=datetime.date(2026, 6, 30))
    return first


@pytest.fixture
def indicators(plan, rounds, cel_user):
    number = IndicatorFactory(
        plan=plan,
        name="Aandeel inwoners onder de armoedegrens",
        unit="%",
        decimals=1,
        baseline_value=Decimal("12.0"),
        baseline_date=datetime.date(2025, 1, 1),
    )
    number.goals.add(GoalFactory(plan=plan))
    values.set_target(number, 2031, "6", by=cel_user)
    values.record_value(number, "11,5", date=datetime.date(2026, 1, 31), by=cel_user)
    values.record_value(number, "10,9", round=rounds, note="Bron: OCMW", by=cel_user)
    yes_no = IndicatorFactory(plan=plan, name="Sociaal huis geopend", kind=Kind.YES_NO, unit="")
    steps = IndicatorFactory(plan=plan, name="Zwembad", kind=Kind.STEPS, unit="", steps=STEPS)
    return {"number": number, "yes_no": yes_no, "steps": steps}


def export(round) -> openpyxl.Workbook:
    output = io.BytesIO()
    build_workbook(round_rows(round), output)
    return openpyxl.load_workbook(io.BytesIO(output.getvalue()))


def as_bytes(book) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def rows_by_name(book) -> dict:
    sheet = book[TAB]
    header = [cell.value for cell in sheet[1]]
    return {
        row[1].value: {h: c for h, c in zip(header, row, strict=False)} for row in sheet.iter_rows(min_row=2)
    }


def run(data: bytes, plan, user, *, dry_run: bool):
    return import_rapportering(
        io.BytesIO(data), size=len(data), filename="r.xlsx", plan=plan, user=user, dry_run=dry_run
    )


def test_the_indicatoren_tab_shows_each_indicator_as_the_round_reports_it(indicators, rounds):
    book = export(rounds)
    sheet = book[TAB]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    rows = rows_by_name(book)
    number = rows["Aandeel inwoners onder de armoedegrens"]
    assert number["Id"].value == indicators["number"].pk
    assert number["Waarde"].value == "10,9"
    assert number["Toelichting"].value == "Bron: OCMW"
    assert number["Basiswaarde"].value == "12,0 %"
    assert number["Streefwaarde"].value == "2031: 6,0 %"
    assert number["Vorige waarde"].value == "11,5 % (31/01/2026)"
    assert number["Gekoppeld aan"].value.startswith("doelstelling")
    assert number["Op koers"].value
    assert rows["Zwembad"]["Soort"].value == "stappenplan"
    assert rows["Zwembad"]["Waarde"].value is None
    lists = {v.formula1: str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert lists['"ja,nee"'] == rows["Sociaal huis geopend"]["Waarde"].coordinate
    assert lists[f'"{",".join(STEPS)}"'] == rows["Zwembad"]["Waarde"].coordinate


def test_a_name_that_starts_like_a_formula_stays_text(plan, rounds):
    IndicatorFactory(plan=plan, name="=1+1 woningen")
    book = export(rounds)
    cell = book[TAB]["B2"]
    assert cell.value == "=1+1 woningen" and cell.data_type == "s"


def test_the_grafieken_tab_charts_a_numeric_indicator_from_its_own_cells(indicators, rounds):
    book = export(rounds)
    sheet = book[CHARTS_TAB]
    assert sheet["A1"].value == "Aandeel inwoners onder de armoedegrens"
    assert [c.value for c in sheet[2][:3]] == ["Datum", "Waarde", "Streefwaarde"]
    assert sheet["B3"].value == 11.5 and sheet["B4"].value == 10.9 and sheet["C5"].value == 6
    (chart,) = sheet._charts
    refs = [s.val.numRef.f for s in chart.series]
    assert refs == ["'Grafieken'!$B$3:$B$5", "'Grafieken'!$C$3:$C$5"]
    assert chart.series[0].cat.numRef.f == "'Grafieken'!$A$3:$A$5"


def test_only_the_first_indicators_are_charted_with_a_note_for_the_rest(plan, rounds, cel_user):
    for n in range(MAX_CHARTS + 2):
        indicator = IndicatorFactory(plan=plan, name=f"Indicator {n:02d}")
        values.record_value(indicator, str(n), round=rounds, by=cel_user)
    book = export(rounds)
    sheet = book[CHARTS_TAB]
    assert len(sheet._charts) == MAX_CHARTS
    assert "op haar pagina op de site" in sheet["A1"].value


def test_a_plan_without_indicators_has_no_indicatoren_tab(plan, rounds):
    assert TAB not in export(rounds).sheetnames


def test_a_closed_round_shows_its_frozen_value(indicators, rounds, cel_user):
    closed = close_round(rounds, by=cel_user)
    Value.objects.filter(round=rounds).update(note="later")  # as if edited behind its back
    rows = rows_by_name(export(closed))
    assert rows["Aandeel inwoners onder de armoedegrens"]["Toelichting"].value == "Bron: OCMW"


def edit(book, name: str, **cells) -> bytes:
    row = rows_by_name(book)[name]
    for header, value in cells.items():
        row[header].value = value
    return as_bytes(book)


def test_a_changed_value_and_note_come_back_for_the_round(indicators, rounds, plan, cel_user):
    book = export(rounds)
    edit(book, "Zwembad", Waarde="Werken gestart")
    data = edit(book, "Aandeel inwoners onder de armoedegrens", Waarde="10,2", Toelichting="Nieuwe telling")
    preview = run(data, plan, cel_user, dry_run=True)
    changed = {row.label: row.changes for row in preview.changed}
    assert changed["Indicator Aandeel inwoners onder de armoedegrens"] == [
        ("waarde", "10,9 %", "10,2 %"),
        ("toelichting", "Bron: OCMW", "Nieuwe telling"),
    ]
    assert changed["Indicator Zwembad"] == [("waarde", "", "Werken gestart")]
    assert Value.objects.get(round=rounds, indicator=indicators["number"]).value == Decimal("10.9")
    run(data, plan, cel_user, dry_run=False)
    value = Value.objects.get(round=rounds, indicator=indicators["number"])
    assert (value.value, value.note) == (Decimal("10.2"), "Nieuwe telling")
    assert value.history.latest().history_change_reason == "import r.xlsx"
    assert Value.objects.get(round=rounds, indicator=indicators["steps"]).value == 3


def test_an_unchanged_tab_changes_nothing(indicators, rounds, plan, cel_user):
    outcome = run(as_bytes(export(rounds)), plan, cel_user, dry_run=True)
    assert outcome.ok and not outcome.changed


@pytest.mark.parametrize(
    ("name", "cells", "message"),
    [
        ("Aandeel inwoners onder de armoedegrens", {"Waarde": "veel"}, "is geen getal"),
        ("Aandeel inwoners onder de armoedegrens", {"Waarde": "10,25"}, "meer decimalen"),
        ("Zwembad", {"Waarde": "Gesloopt"}, "is geen stap"),
        ("Sociaal huis geopend", {"Waarde": "misschien"}, "geen ja of nee"),
        ("Zwembad", {"Id": 999999, "Waarde": "Studie"}, "bestaat niet in dit plan"),
        ("Zwembad", {"Waarde": "=1+2"}, "formule"),
    ],
)
def test_one_bad_indicator_cell_refuses_the_whole_file(
    indicators, rounds, plan, cel_user, name, cells, message
):
    book = export(rounds)
    edit(book, "Aandeel inwoners onder de armoedegrens", Toelichting="goed")
    data = edit(book, name, **cells)
    before = database_state()
    preview = run(data, plan, cel_user, dry_run=True)
    assert not preview.ok
    text = " ".join([*preview.errors, *(" ".join(r.messages) for r in preview.refused)])
    assert message in text
    assert "Indicatoren" in text or any(r.sheet == "Indicatoren" for r in preview.refused)
    with pytest.raises(ImportRefused):
        run(data, plan, cel_user, dry_run=False)
    assert database_state() == before


def test_an_indicator_of_another_plan_is_refused(indicators, rounds, plan, cel_user):
    other = IndicatorFactory(plan=PlanFactory(start_year=2026, end_year=2031))
    data = edit(export(rounds), "Zwembad", Id=other.pk, Waarde="Studie")
    preview = run(data, plan, cel_user, dry_run=True)
    (refused,) = preview.refused
    assert refused.row >= 2 and "bestaat niet in dit plan" in refused.messages[0]


def test_an_eigenaar_changes_only_their_own_indicators(indicators, rounds, plan, make_user):
    owner = make_user("eigenaar", OWNER)
    values_before = database_state()
    data = edit(export(rounds), "Zwembad", Waarde="Studie")
    with pytest.raises(ImportRefused) as refused:
        run(data, plan, owner, dry_run=False)
    assert "waarvoor u verantwoordelijk bent" in refused.value.outcome.refused[0].messages[0]
    assert database_state() == values_before
    indicator = indicators["steps"]
    from core import changes

    changes.update(indicator, {"owner": owner}, by=None, reason="test", version=indicator.version)
    run(data, plan, owner, dry_run=False)
    assert Value.objects.get(round=rounds, indicator=indicator).value == 1


def test_a_closed_rounds_workbook_is_refused(indicators, rounds, plan, cel_user):
    book = export(rounds)
    close_round(rounds, by=cel_user)
    data = edit(book, "Aandeel inwoners onder de armoedegrens", Waarde="9,0")
    before = database_state()
    preview = run(data, plan, cel_user, dry_run=True)
    assert "is afgesloten" in preview.refused[0].messages[0]
    with pytest.raises(ImportRefused):
        run(data, plan, cel_user, dry_run=False)
    assert database_state() == before


def test_a_value_entered_on_the_site_after_the_export_is_not_overwritten(indicators, rounds, plan, cel_user):
    book = export(rounds)
    values.record_value(indicators["number"], "10,0", round=rounds, note="Bron: OCMW", by=cel_user)
    data = edit(book, "Aandeel inwoners onder de armoedegrens", Waarde="9,0")
    preview = run(data, plan, cel_user, dry_run=True)
    assert "na de export op de site gewijzigd" in preview.refused[0].messages[0]


def test_the_import_reads_the_tab_in_a_fixed_number_of_queries(
    plan, rounds, cel_user, django_assert_max_num_queries
):
    def count(n: int) -> int:
        for i in range(n):
            IndicatorFactory(plan=plan, name=f"Extra {n} {i}")
        data = as_bytes(export(rounds))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            run(data, plan, cel_user, dry_run=True)
        return len(queries)

    assert count(2) == count(20)
