"""Values from a CSV or Excel file: each kind, each refusal (nothing changed), preview then confirm."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from indicators import values
from indicators.models import Kind, Value
from indicators.uploads import ValuesRefused, apply_values, read_values
from reporting.rounds import close_round, open_round
from tests.factories import IndicatorFactory, PlanFactory
from tests.helpers import confirmed, database_state, uploaded

pytestmark = pytest.mark.django_db

STEPS = ["Studie", "Ontwerp goedgekeurd", "Werken gestart", "Opgeleverd"]
HEADER = "Indicator;Datum;Rapportering;Waarde;Toelichting\n"


@pytest.fixture
def plan():
    return PlanFactory(start_year=2026, end_year=2031)


@pytest.fixture
def indicators(plan):
    return {
        "number": IndicatorFactory(plan=plan, name="Armoede", unit="%", decimals=1),
        "yes_no": IndicatorFactory(plan=plan, name="Sociaal huis", kind=Kind.YES_NO, unit=""),
        "steps": IndicatorFactory(plan=plan, name="Zwembad", kind=Kind.STEPS, unit="", steps=STEPS),
    }


def read(text: str, plan, name: str = "waarden.csv"):
    data = text.encode()
    return read_values(io.BytesIO(data), len(data), filename=name, plan=plan)


def test_each_kind_is_read_and_applied_with_history(plan, indicators, cel_user):
    open_round(plan=plan, name="Rapportering juni 2026", date=datetime.date(2026, 6, 30))
    upload = read(
        HEADER
        + f"{indicators['number'].pk};31/01/2026;;12,5;Bron: OCMW\n"
        + "Sociaal huis;;Rapportering juni 2026;ja;\n"
        + "Zwembad;2026-03-01;;Werken gestart;\n",
        plan,
    )
    assert upload.ok, upload.errors
    assert [line.new for line in upload.lines] == ["12,5 %", "ja", "Werken gestart"]
    assert apply_values(upload, by=cel_user) == 3
    value = Value.objects.get(indicator=indicators["number"])
    assert (value.value, value.note, value.date) == (
        Decimal("12.5"),
        "Bron: OCMW",
        datetime.date(2026, 1, 31),
    )
    assert value.history.get().history_change_reason == "import waarden.csv"
    assert Value.objects.get(indicator=indicators["yes_no"]).round.name == "Rapportering juni 2026"
    assert Value.objects.get(indicator=indicators["steps"]).value == 3


def test_an_excel_file_is_read_too(plan, indicators, cel_user):
    book = openpyxl.Workbook()
    book.active.append(["Indicator", "Datum", "Waarde", "Toelichting"])
    book.active.append([indicators["number"].pk, datetime.datetime(2027, 12, 31), 9.5, None])
    output = io.BytesIO()
    book.save(output)
    data = output.getvalue()
    upload = read_values(io.BytesIO(data), len(data), filename="w.xlsx", plan=plan)
    assert upload.ok and upload.lines[0].new == "9,5 %"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Armoede;31/01/2026;;veel;", "is geen getal"),
        ("Zwembad;31/01/2026;;Gesloopt;", "is geen stap"),
        ("Armoede;31/01/2040;;12,5;", "valt buiten het plan"),
        ("Armoede;31/01/2026;;12,55;", "meer decimalen"),
        ("Armoede;;Rapportering december 2026;12,5;", "is afgesloten"),
        ("Onbestaand;31/01/2026;;12,5;", "Onbekende indicator"),
        ("Sociaal huis;31/01/2026;;misschien;", "geen ja of nee"),
        ("Armoede;;;12,5;", "Vul een datum"),
    ],
)
def test_one_bad_line_refuses_the_whole_file(plan, indicators, cel_user, line, message):
    closed = open_round(plan=plan, name="Rapportering december 2026", date=datetime.date(2026, 12, 31))
    close_round(closed, by=cel_user)
    upload = read(HEADER + "Zwembad;31/01/2026;;Studie;\n" + line + "\n", plan)
    assert not upload.ok
    (error,) = upload.errors
    assert message in str(error) and str(error).startswith("Regel 3")
    before = database_state()
    with pytest.raises(ValuesRefused):
        apply_values(upload, by=cel_user)
    assert database_state() == before


def test_a_value_already_reported_by_a_closed_round_is_not_changed_by_date(plan, indicators, cel_user):
    round = open_round(plan=plan, name="Rapportering juni 2026", date=datetime.date(2026, 6, 30))
    values.record_value(indicators["number"], "10", round=round, by=cel_user)
    close_round(round, by=cel_user)
    upload = read(HEADER + "Armoede;30/06/2026;;11;\n", plan)
    assert "is afgesloten" in str(upload.errors[0])


def test_reading_takes_a_fixed_number_of_queries(plan, indicators, django_assert_max_num_queries):
    text = HEADER + "".join(f"Armoede;{day:02d}/01/2026;;1{day},5;\n" for day in range(1, 29))
    with django_assert_max_num_queries(5):
        assert read(text, plan).ok


def test_preview_then_confirm_through_the_pages(client, plan, indicators, cel_user):
    client.force_login(cel_user)
    url = reverse("indicators:upload_values", args=[plan.slug])
    assert client.get(url).status_code == 200
    file = io.BytesIO((HEADER + "Armoede;31/01/2026;;12,5;\n").encode())
    file.name = "waarden.csv"
    page = uploaded(client, url, {"file": file})
    assert "12,5 %" in page.content.decode() and not Value.objects.exists()
    page = confirmed(client, page)
    assert Value.objects.get().value == Decimal("12.5")
    assert page.redirect_chain[-1][0] == url and "1 waarde ingelezen." in page.content.decode()


def test_the_example_file_lists_the_plans_indicators(client, plan, indicators, cel_user):
    client.force_login(cel_user)
    response = client.get(reverse("indicators:values_example", args=[plan.slug]))
    text = response.content.decode("utf-8-sig")
    assert text.startswith("Indicator;Datum;Rapportering;Waarde;Toelichting")
    assert f"{indicators['number'].pk};31/12/2026" in text
