"""Money in from the finance package: every format read, every bad file refused with nothing written,
lines summed, the same file twice changing nothing, queries bounded."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from plans.models import Amount, AmountKind, Category, Direction
from reporting.amounts_import import (
    AmountsRefused,
    apply_amounts,
    import_amounts,
    parse_amount,
    read_amounts,
)
from tests.factories import ActionFactory, ActionPlanFactory, AmountFactory, PlanFactory
from tests.helpers import database_state
from uploads.reading import UploadRefused

pytestmark = pytest.mark.django_db
HEADER = "actie;jaar;categorie;uitgave/ontvangst;bedrag"


@pytest.fixture
def plan():
    plan = PlanFactory(start_year=2026, end_year=2031, slug="voorbeeld")
    action_plan = ActionPlanFactory(plan=plan, number="10")
    ActionFactory(action_plan=action_plan, number="10.1", external_code="AC000001")
    ActionFactory(action_plan=action_plan, number="10.2", external_code="AC000002")
    return plan


@pytest.fixture
def cel(make_user):
    from core.roles import CEL

    return make_user("cel", CEL)


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\r\n".join([header, *lines]).encode(encoding)


def xlsx_bytes(rows: list[list], *, title: str = "Realisaties") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def read(data: bytes, plan, *, name: str = "realisaties-2026.csv", kind: str = AmountKind.ACTUAL):
    return read_amounts(io.BytesIO(data), len(data), filename=name, plan=plan, kind=kind)


def amounts(plan) -> dict:
    return {
        (a.action.external_code, a.kind, a.year, a.category, a.direction): a.amount
        for a in Amount.objects.filter(action__action_plan__plan=plan).select_related("action")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("€ 1 234", "1234.00"),
        ("€\u00a01.234.567,89", "1234567.89"),
        ("-500", "-500.00"),
        ("- 500,5", "-500.50"),
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1.234", "1234.00"),
        ("1,234.56", "1234.56"),
        ("12,5", "12.50"),
        ("0", "0.00"),
        ("500-", "-500.00"),
        (1234.56, "1234.56"),
        (1500, "1500.00"),
    ],
)
def test_flemish_and_plain_amounts_are_read(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("veel", "geen bedrag"),
        ("12,345", "meer dan 2 cijfers"),
        ("1,234,567", "twee manieren"),
        ("1234,567", "meer dan 2 cijfers"),
        (1234.567, "meer dan 2 cijfers"),
        ("1.2.3", "geen bedrag"),
        ("99999999999999", "te groot"),
        (True, "geen bedrag"),
    ],
)
def test_what_is_not_an_amount_is_refused_in_dutch(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_amount(text)


def test_a_csv_with_semicolons_previews_and_applies_with_history_naming_the_file(plan, cel):
    data = csv_bytes("AC000001;2026;E;U;1.234,56", "10.2;2027;investeringen;ontvangst;€ 500")
    upload = read(data, plan)
    assert upload.ok and len(upload.new) == 2 and not upload.changed
    assert Amount.objects.count() == 0  # a preview writes nothing
    apply_amounts(upload, by=cel)
    assert amounts(plan) == {
        ("AC000001", "realisatie", 2026, "E", "uitgave"): Decimal("1234.56"),
        ("AC000002", "realisatie", 2027, "I", "ontvangst"): Decimal("500.00"),
    }
    record = Amount.history.first()
    assert record.history_change_reason == "bedragen geïmporteerd uit realisaties-2026.csv"
    assert record.history_user == cel
    assert set(Amount.objects.values_list("source", flat=True)) == {"realisaties-2026.csv"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_is_read_in_utf8_with_or_without_bom_and_in_windows_1252(plan, encoding):
    data = csv_bytes(
        "AC000001,2026,E,U,1234.56",
        header="Actie,Jaar,Categorie,Uitgave/Ontvangst,Bedrag (€)",
        encoding=encoding,
    )
    upload = read(data, plan)
    assert upload.ok and upload.new[0].new == Decimal("1234.56")


def test_an_xlsx_with_number_cells_text_cells_and_dutch_headers_is_read(plan):
    data = xlsx_bytes(
        [
            ["Actiecode", "Boekjaar", "E/I/F", "U/O", "Bedrag (EUR)"],
            ["AC000001", 2026, "E", "U", 1234.56],
            ["10.2", 2026.0, "F", "O", "-1.000,00"],
            [None, None, None, None, None],
            ["AC000002", "2027", "exploitatie", "uitgaven", 7],
        ]
    )
    upload = read(data, plan, name="ramingen.xlsx", kind=AmountKind.ESTIMATE)
    assert upload.ok, upload.shown_errors
    assert sorted(change.new for change in upload.new) == [Decimal("-1000"), Decimal("7"), Decimal("1234.56")]


def test_lines_of_the_same_actie_year_and_category_are_summed_and_the_preview_says_so(plan, cel):
    data = csv_bytes(
        "AC000001;2026;E;U;100",
        "AC000001;2026;E;U;200,50",
        "10.1;2026;E;U;-50",
        "AC000001;2026;E;O;10",
    )
    upload = read(data, plan)
    assert upload.summed == ["3 lijnen voor actie AC000001 (10.1), 2026, exploitatie uitgaven samengeteld"]
    apply_amounts(upload, by=cel)
    assert amounts(plan)[("AC000001", "realisatie", 2026, "E", "uitgave")] == Decimal("250.50")


def test_the_file_sets_what_it_holds_and_leaves_the_rest_and_the_preview_counts_them(plan, cel):
    action = plan.action_plans.get().actions.get(number="10.1")
    AmountFactory(action=action, kind=AmountKind.ACTUAL, year=2026, amount=Decimal("100"))
    AmountFactory(action=action, kind=AmountKind.ACTUAL, year=2027, amount=Decimal("70"))
    AmountFactory(action=action, kind=AmountKind.ESTIMATE, year=2026, amount=Decimal("999"))
    upload = read(csv_bytes("AC000001;2026;E;U;150", "AC000002;2026;E;U;5"), plan)
    assert [(c.old, c.new) for c in upload.changed] == [(Decimal("100.00"), Decimal("150.00"))]
    assert upload.changed[0].old_euro == "€ 100,00" and upload.changed[0].new_euro == "€ 150,00"
    assert len(upload.new) == 1 and upload.untouched == 1  # the realisatie of 2027; ramingen apart
    apply_amounts(upload, by=cel)
    figures = amounts(plan)
    assert figures[("AC000001", "realisatie", 2026, "E", "uitgave")] == Decimal("150")
    assert figures[("AC000001", "realisatie", 2027, "E", "uitgave")] == Decimal("70")
    assert figures[("AC000001", "raming", 2026, "E", "uitgave")] == Decimal("999")


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    plan, cel, django_assert_max_num_queries
):
    data = xlsx_bytes(
        [
            ["actie", "jaar", "categorie", "uitgave/ontvangst", "bedrag"],
            ["AC000001", 2026, "E", "U", 10],
            ["AC000001", 2026, "E", "U", 5],
            ["10.2", 2031, "I", "O", 3],
        ]
    )
    apply_amounts(read(data, plan, name="r.xlsx"), by=cel)
    before = database_state()
    again = read(data, plan, name="r.xlsx")
    assert not again.new and not again.changed and again.unchanged == 2
    with django_assert_max_num_queries(6):  # no write at all: reads, and the transaction's savepoint
        apply_amounts(again, by=cel)
    assert database_state() == before


def bad_lines_cases():
    return [
        ("AC999999;2026;E;U;10", "Regel 3, kolom actie: Geen actie met code of nummer “AC999999”"),
        ("AC000001;2025;E;U;10", "Regel 3, kolom jaar: Het jaar 2025 valt buiten het plan (2026–2031)"),
        ("AC000001;volgend jaar;E;U;10", "Regel 3, kolom jaar: “volgend jaar” is geen jaartal"),
        ("AC000001;2026;X;U;10", "Regel 3, kolom categorie: Onbekende categorie “X”"),
        ("AC000001;2026;E;uit;10", "Regel 3, kolom uitgave/ontvangst: Onbekend: “uit”"),
        ("AC000001;2026;E;U;tien euro", "Regel 3, kolom bedrag: “tien euro” is geen bedrag"),
        ("AC000001;2026;E;U;10,123", "Regel 3, kolom bedrag: Het bedrag “10,123” heeft meer dan 2 cijfers"),
        ("AC000001;2026;E;U;", "Regel 3, kolom bedrag: Deze cel is leeg"),
    ]


@pytest.mark.parametrize(("line", "message"), bad_lines_cases())
def test_a_bad_line_is_refused_in_dutch_with_its_line_and_column_and_nothing_is_written(
    plan, cel, line, message
):
    AmountFactory(
        action=plan.action_plans.get().actions.get(number="10.1"), kind=AmountKind.ACTUAL, year=2026
    )
    before = database_state()
    upload = read(csv_bytes("AC000002;2026;E;U;10", line), plan)
    assert not upload.ok
    assert any(error.startswith(message) for error in upload.shown_errors), upload.shown_errors
    with pytest.raises(AmountsRefused):
        apply_amounts(upload, by=cel)
    assert database_state() == before


def test_a_bad_cell_in_an_xlsx_names_the_tab_row_and_column(plan):
    data = xlsx_bytes(
        [["actie", "jaar", "categorie", "uitgave/ontvangst", "bedrag"], ["AC000001", 2026, "E", "U", "=1+1"]]
    )
    upload = read(data, plan, name="r.xlsx")
    assert upload.shown_errors == [
        "Tabblad Realisaties, rij 2, kolom bedrag: Bevat een formule. Typ de waarde zelf in; formules "
        "worden niet ingelezen."
    ]


def zip_bomb() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    return output.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "leeg.csv", "Het bestand is leeg"),
        (b"\r\n\r\n", "leeg.csv", "Het bestand is leeg"),
        (csv_bytes(), "kop.csv", "geen enkele regel met een bedrag"),
        (
            csv_bytes("AC000001;2026;E;10", header="actie;jaar;categorie;bedrag"),
            "r.csv",
            "“uitgave/ontvangst”",
        ),
        (csv_bytes("x", header="naam;omschrijving"), "r.csv", "de kolom(men) “actie”, “jaar”"),
        (csv_bytes("x", header=HEADER + ";bedrag"), "r.csv", "de kolom “bedrag” staat er 2 keer"),
        (b"\x00\x01\x02binary", "r.csv", "geen CSV- of Excel-bestand"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "oud.xls", "Dit is geen Excel-bestand"),
        (b"PK\x03\x04 kapot", "r.xlsx", "geen Excel-bestand"),
        (zip_bomb(), "bom.xlsx", "meer dan 100 MB"),
        (xlsx_bytes([["naam"], ["x"]]), "r.xlsx", "Tabblad Realisaties: de kolom(men)"),
        (xlsx_bytes([]), "r.xlsx", "Het bestand is leeg"),
    ],
)
def test_a_file_refused_as_a_whole_says_why_in_dutch_and_writes_nothing(plan, data, name, message):
    before = database_state()
    with pytest.raises(UploadRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        read(data, plan, name=name)
    assert database_state() == before


def test_a_few_thousand_lines_cost_a_bounded_number_of_queries(plan, cel, django_assert_max_num_queries):
    action_plan = plan.action_plans.get()
    for number in range(3, 53):
        ActionFactory(action_plan=action_plan, number=f"10.{number}", external_code=f"AC{number:06d}")
    lines = [
        f"AC{number:06d};{year};{category};{direction};{number * year % 1000},{year % 100:02d}"
        for number in range(3, 53)
        for year in range(2026, 2032)
        for category in "EIF"
        for direction in "UO"
    ] * 2  # every figure twice: summed
    data = csv_bytes(*lines)
    assert len(lines) == 3600
    with django_assert_max_num_queries(4):
        upload = read(data, plan)
    assert upload.ok and len(upload.new) == 1800 and len(upload.summed) == 1800
    # In batches (SQLite's limit on parameters makes them ~90 rows): far below one query per line.
    with django_assert_max_num_queries(len(lines) // 50):
        apply_amounts(upload, by=cel)
    assert Amount.objects.count() == 1800 and Amount.history.count() == 1800


def test_import_amounts_reads_a_file_from_disk_with_dry_run(plan, cel, tmp_path):
    path = tmp_path / "ramingen.csv"
    path.write_bytes(csv_bytes("AC000001;2026;E;U;10"))
    preview = import_amounts(path, plan=plan, kind="raming", by=cel, dry_run=True)
    assert len(preview.new) == 1 and not preview.applied and Amount.objects.count() == 0
    done = import_amounts(path, plan=plan, kind="raming", by=cel)
    assert done.applied and Amount.objects.get().source == "ramingen.csv"
    assert Amount.objects.get().category == Category.OPERATING
    assert Amount.objects.get().direction == Direction.EXPENSE


def test_the_command_previews_with_dry_run_then_imports_and_refuses_in_dutch(plan, cel, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "realisaties-2026.csv"
    path.write_bytes(csv_bytes("AC000001;2026;E;U;10", "AC000001;2026;E;U;5"))
    output = io.StringIO()
    call_command(
        "import_bedragen",
        str(path),
        "--plan",
        "voorbeeld",
        "--soort",
        "realisatie",
        "--dry-run",
        stdout=output,
    )
    assert "Voorbeeld: er is nog niets gewijzigd." in output.getvalue()
    assert "2 lijnen voor actie AC000001 (10.1), 2026, exploitatie uitgaven samengeteld" in output.getvalue()
    assert Amount.objects.count() == 0
    output = io.StringIO()
    call_command("import_bedragen", str(path), "--plan", "voorbeeld", "--soort", "realisatie", stdout=output)
    assert "Actie AC000001 (10.1), 2026, exploitatie uitgaven: — → € 15,00" in output.getvalue()
    assert Amount.objects.get().amount == Decimal("15")
    path.write_bytes(csv_bytes("AC000001;2040;E;U;10"))
    before = database_state()
    output = io.StringIO()
    with pytest.raises(CommandError, match="Niets ingelezen"):
        call_command("import_bedragen", str(path), "--plan", "voorbeeld", "--soort", "raming", stdout=output)
    assert "Regel 2, kolom jaar: Het jaar 2040 valt buiten het plan" in output.getvalue()
    assert database_state() == before
    with pytest.raises(CommandError, match="Geen plan"):
        call_command("import_bedragen", str(path), "--plan", "geen", "--soort", "raming")


def test_a_tab_separated_file_and_a_workbook_with_an_intro_tab_are_read(plan):
    data = b"actie\tjaar\tcategorie\tU/O\tbedrag\nAC000001\t2026\tF\tO\t12,50\n"
    assert read(data, plan, name="r.txt").new[0].new == Decimal("12.50")
    book = openpyxl.Workbook()
    book.active.title = "Uitleg"
    book.active.append(["Dit bestand komt uit het financiële pakket."])
    sheet = book.create_sheet("Bedragen")
    sheet.append(["actie", "jaar", "categorie", "uitgave/ontvangst", "bedrag"])
    sheet.append(["AC000002", 2030, "I", "U", 99])
    output = io.BytesIO()
    book.save(output)
    upload = read(output.getvalue(), plan, name="r.xlsx")
    assert upload.ok and upload.new[0].action == "AC000002 (10.2)" and upload.new[0].year == 2030
