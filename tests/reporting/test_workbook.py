"""The rapportering workbook, read back with openpyxl."""

import io
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from plans.models import Action, ActionPlan, Status
from reporting.columns import ACTION_COLUMNS, read_only
from reporting.rounds import round_rows
from reporting.workbook import build_workbook
from rounds.models import ReportingRound
from tests.factories import edit_item
from tests.printing import office_to_pdf, printed_text
from tests.services import OFFICE, POPPLER

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_round(plan, users):
    from demo.rounds import load_round

    load_round(plan, by=users["cel"])
    return ReportingRound.objects.get(plan=plan)


def workbook_bytes(round) -> bytes:
    output = io.BytesIO()
    build_workbook(round_rows(round), output)
    return output.getvalue()


def read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def values(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_tabs_and_headers(demo_round):
    book = read(workbook_bytes(demo_round))
    assert book.sheetnames == [
        "Overzicht raad",
        "Projecten",
        "Acties",
        "Samenvatting",
        "Wijzigingsvoorstellen",
    ]
    assert values(book["Overzicht raad"])[0] == (
        "Nr.",
        "Titel",
        "Status",
        "Status vorige rapportering",
        "Toelichting",
        "Aandachtspunt",
        "Voorstel",
    )
    assert values(book["Projecten"])[0] == (
        "Project",
        "Gekoppelde actieplannen",
        "Projectleider",
        "Status",
        "Status vorige rapportering",
        "Toelichting",
        "Toelichting intern",
        "Stand in het plan",
        "Controle",
    )
    assert book["Projecten"].column_dimensions["I"].hidden  # what each row showed, for the import
    assert values(book["Acties"])[0][:6] == (
        "Actieplan",
        "Titel actieplan",
        "Actie",
        "Titel actie",
        "Status",
        "Status vorige rapportering",
    )
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")


def test_every_actieplan_action_and_project_of_the_demo(demo_round):
    book = read(workbook_bytes(demo_round))
    rows = values(book["Acties"])[1:]
    assert [r[0] for r in rows if r[2] is None] == list(ActionPlan.objects.values_list("number", flat=True))
    assert [r[2] for r in rows if r[2] is not None] == list(Action.objects.values_list("number", flat=True))
    assert len(values(book["Projecten"])) - 1 == 11
    ten_two = next(r for r in rows if r[2] == "10.2")
    assert ten_two[4] == "niet gestart" and ten_two[10] == "Voorstel te schrappen: actie 10.2."
    assert ten_two[12].startswith("Er is op dit moment meer nood")
    assert len(values(book["Wijzigingsvoorstellen"])) - 1 == 16
    summary = values(book["Samenvatting"])
    assert summary[-1][0] == "Totaal" and summary[-1][-1] == 23
    assert book["Samenvatting"]._charts


def test_numbers_stay_text_and_statuses_are_a_drop_down_of_five(demo_round):
    book = read(workbook_bytes(demo_round))
    sheet = book["Acties"]
    numbers = [row[2] for row in sheet.iter_rows(min_row=2) if row[2].value]
    assert all(cell.data_type == "s" for cell in numbers)
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"niet gestart,loopt,on hold,afgewerkt,regulier"'
    assert str(validation.sqref) == f"E2:E{sheet.max_row}"
    assert len(sheet.conditional_formatting) == 1  # one range, a colour rule per status


def test_text_that_looks_like_a_formula_is_written_as_text(plan, users):
    from reporting.rounds import open_round

    action = Action.objects.get(number="10.2")
    edit_item(action, by=users["cel"], explanation='=HYPERLINK("http://x")')
    edit_item(Action.objects.get(number="40.1"), by=users["cel"], explanation="+32 14 44 33 11 bellen")
    edit_item(Action.objects.get(number="40.2"), by=users["cel"], explanation="-5% budget\x07 @ ok")
    round = open_round(plan=plan, name="Rapportering juni 2018", date="2018-06-30")
    data = workbook_bytes(round)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    texts = {row[2]: row[6] for row in values(read(data)["Acties"])[1:] if row[2]}
    assert texts["10.2"] == '=HYPERLINK("http://x")'
    assert texts["40.1"] == "+32 14 44 33 11 bellen"
    assert texts["40.2"] == "-5% budget @ ok"  # the control character is dropped, the text kept


def test_a_closed_round_gives_the_same_workbook_whatever_is_edited_later(demo_round, users):
    before = workbook_bytes(demo_round)
    edit_item(
        Action.objects.get(number="10.2"), by=users["cel"], status=Status.COMPLETED, explanation="Later."
    )
    after = workbook_bytes(demo_round)
    assert [values(s) for s in read(before)] == [values(s) for s in read(after)]
    assert parts(before) == parts(after)


def parts(data: bytes) -> dict[str, bytes]:
    """Every file inside the workbook, byte for byte, but for the save time openpyxl stamps into
    docProps/core.xml (and the zip stamps on its entries)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def test_each_item_shows_its_status_at_the_previous_closed_round(demo_round, plan, users):
    from reporting.rounds import open_round

    edit_item(Action.objects.get(number="10.2"), by=users["cel"], status=Status.COMPLETED)
    round = open_round(plan=plan, name="Rapportering juni 2018", date="2018-06-30")
    rows = {row[2]: row for row in values(read(workbook_bytes(round))["Acties"])[1:] if row[2]}
    assert rows["10.2"][4:6] == ("afgewerkt", "niet gestart")
    assert rows["40.1"][4:6] == ("niet gestart", "niet gestart")


def test_download_from_the_round_page(client, demo_round, users):
    client.force_login(users["raad"])
    response = client.get(reverse("reporting:workbook", args=[demo_round.plan.slug, demo_round.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="ocmw-turnhout-rapportering-december-2017.xlsx"'
    )
    assert response["Cache-Control"] == "no-store"
    assert read(response.getvalue()).sheetnames[0] == "Overzicht raad"


def test_export_command(demo_round, tmp_path):
    target = tmp_path / "rapportering.xlsx"
    call_command(
        "export_rapportering", "--plan", demo_round.plan.slug, "-o", str(target), stdout=io.StringIO()
    )
    assert read(target.read_bytes()).sheetnames[2] == "Acties"


def test_the_workbook_opens_in_libreoffice(demo_round, tmp_path):
    if OFFICE is None or not POPPLER:
        pytest.skip("LibreOffice or pdftotext not installed (apt-get install libreoffice-calc poppler-utils)")
    source = tmp_path / "rapportering.xlsx"
    source.write_bytes(workbook_bytes(demo_round))
    pdf = office_to_pdf(source, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = printed_text(pdf)
    assert "NEWTON" in text and "Welzijnsonthaal" in text


def test_a_column_declared_once_is_written_and_left_alone_by_the_import(demo_round):
    """Aandachtspunten was added to the Acties tab by one entry in reporting/columns.py."""
    header, *rows = values(read(workbook_bytes(demo_round))["Acties"])
    assert header[-2:] == ("Aandachtspunten", "Controle")
    ninety = next(row for row in rows if row[0] == "90" and row[2] is None)
    assert ninety[-2] == "op termijn dienen Stad en OCMW over één gezamenlijk intranet te beschikken."
    assert "Aandachtspunten" in read_only(ACTION_COLUMNS)
