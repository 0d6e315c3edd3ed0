"""A whole new plan from the template: numbers as the plan writes them, every row checked by the
models' rules, a preview of everything, and nothing created while anything is wrong."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from plans.models import Action, ActionPlan, Goal, Numbering, Plan, Project, Status
from reporting.plan_import import create_plan, parse_amount, parse_timing, read_plan_upload
from reporting.plan_template import SHEETS, TEXT_ROWS, template
from reporting.upload import UploadRefused
from tests.helpers import database_state

pytestmark = pytest.mark.django_db
DETAILS = {
    "name": "Meerjarenplan 2026–2031",
    "organisation": "Gemeente Voorbeeld",
    "start_year": 2026,
    "end_year": 2031,
    "slug": "voorbeeld-2026-2031",
}


def put(book, sheet: str, **values) -> int:
    """Write one row on the first empty row of ``sheet`` (the template formats 2,000 empty rows),
    by header: put(book, "Acties", Actieplan="10", Nummer="10.1", Titel="…")."""
    tab = book[sheet]
    headers = [cell.value for cell in tab[1]]
    row = next(r for r in range(2, TEXT_ROWS + 100) if not any(tab.cell(r, c).value for c in range(1, 12)))
    for header, value in values.items():
        tab.cell(row, headers.index(header) + 1, value)
    return row


def sd_od_plan() -> openpyxl.Workbook:
    book = openpyxl.load_workbook(io.BytesIO(template()))
    put(book, "Doelstellingen", Nummer="SD 1", Titel="We zorgen voor een warme gemeente.", Domein="MENSEN")
    put(book, "Doelstellingen", Nummer="SD 2", Titel="We werken duurzaam.")
    put(
        book,
        "Actieplannen",
        Nummer="OD 1.1",
        Titel="We versterken het sociaal huis.",
        Doelstelling="SD 1",
        Verantwoordelijke="OCMW",
        Timing="2026 - 2028",
        Budget="€ 1.250.000,50",
        Status="loopt",
    )
    put(
        book,
        "Actieplannen",
        Nummer="OD 2.1",
        Titel="We besparen energie.",
        Doelstelling="sd2",
        Verantwoordelijke="Technische dienst",
        Timing="korte termijn",
    )
    put(
        book,
        "Acties",
        Actieplan="OD 1.1",
        Nummer="OD 1.1.1",
        Titel="We openen één loket.",
        Verantwoordelijke="Sociaal huis",
        Timing="2026 - 2027",
        Status="Loopt ",
    )
    put(
        book,
        "Acties",
        Actieplan="OD 1.1",
        Nummer="OD 1.1.2",
        Titel="We bellen elke senior.",
        Timing="korte termijn",
    )
    put(
        book,
        "Acties",
        Actieplan="OD 2.1",
        Nummer="OD 2.1.10",
        Titel="Zonnepanelen op de sporthal.",
        Timing="2027",
        Status="AFGEWERKT",
    )
    put(book, "Acties", Actieplan="OD 2.1", Nummer="OD 2.1.2", Titel="Led in de straten.")
    put(
        book,
        "Projecten",
        Naam="Welzijnscampus",
        Projectleider="Team patrimonium",
        Actieplannen="OD 1.1, OD 2.1",
    )
    return book


def as_bytes(book) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def read(book, numbering: str = ""):
    data = as_bytes(book)
    return read_plan_upload(io.BytesIO(data), len(data), numbering=numbering)


def test_timing_and_amounts_as_people_write_them():
    assert parse_timing("2008 - 2010") == (2008, 2010, "")
    assert parse_timing("2016") == (2016, 2016, "")
    assert parse_timing("korte termijn") == (None, None, "korte termijn")
    assert parse_amount("€ 1.250.000,50") == Decimal("1250000.50")
    assert parse_amount("250.000") == Decimal("250000") and parse_amount("1250000") == Decimal("1250000")
    assert parse_amount("") is None
    with pytest.raises(ValueError):
        parse_amount("veel")


def test_the_template_explains_itself_and_imports_nothing_by_itself():
    book = openpyxl.load_workbook(io.BytesIO(template()))
    assert book.sheetnames == ["Uitleg", "Doelstellingen", "Actieplannen", "Acties", "Projecten"]
    explanation = " ".join(
        str(cell.value) for row in book["Uitleg"].iter_rows() for cell in row if cell.value
    )
    assert "Nummer (verplicht)" in explanation and "hiërarchisch" in explanation and "OD 1.1.1" in explanation
    for title, columns in SHEETS.items():
        sheet = book[title]
        assert [cell.value for cell in sheet[1]] == [column.header for column in columns]
        assert not any(cell.value for row in sheet.iter_rows(min_row=2) for cell in row)  # no example rows
        assert all(sheet.cell(row, 1).number_format == "@" for row in (2, TEXT_ROWS + 1))
    statuses = book["Acties"].data_validations.dataValidation
    assert statuses and statuses[0].formula1 == '"niet gestart,loopt,on hold,afgewerkt,regulier"'
    assert read_plan_upload(io.BytesIO(template()), len(template())).counts == dict.fromkeys(SHEETS, 0)


def test_a_plan_numbered_as_written_is_created_verbatim_with_history(users):
    upload = read(sd_od_plan())
    assert upload.ok, upload.errors
    assert (upload.numbering, upload.numbering_detected) == (Numbering.HIERARCHICAL, True)
    plan = create_plan(upload, details=DETAILS, filename="plan.xlsx", by=users["beheerder"])
    assert plan.numbering == Numbering.HIERARCHICAL
    assert [(g.number, g.domain) for g in Goal.objects.filter(plan=plan)] == [
        ("SD 1", "MENSEN"),
        ("SD 2", ""),
    ]
    first, second = ActionPlan.objects.in_plan(plan)
    assert (first.number, first.goal.number, first.timing_display, first.budget) == (
        "OD 1.1",
        "SD 1",
        "2026 - 2028",
        Decimal("1250000.50"),
    )
    assert (second.goal.number, second.timing_display) == ("SD 2", "korte termijn")  # "sd2" is SD 2
    actions = {a.number: a for a in Action.objects.in_plan(plan)}
    assert list(actions) == ["OD 1.1.1", "OD 1.1.2", "OD 2.1.2", "OD 2.1.10"]
    assert (
        actions["OD 1.1.1"].status == Status.IN_PROGRESS and actions["OD 2.1.10"].status == Status.COMPLETED
    )
    project = Project.objects.get(plan=plan)
    assert sorted(ap.number for ap in project.action_plans.all()) == ["OD 1.1", "OD 2.1"]
    record = actions["OD 1.1.1"].history.get()
    assert (record.history_change_reason, record.history_user) == ("import plan.xlsx", users["beheerder"])


def test_codes_that_do_not_extend_each_other_make_a_freely_numbered_plan(users):
    book = openpyxl.load_workbook(io.BytesIO(template()))
    put(book, "Actieplannen", Nummer="AP000012", Titel="We bouwen een zwembad.")
    put(book, "Actieplannen", Nummer="LSB", Titel="Lokaal sociaal beleid.")
    put(book, "Acties", Actieplan="AP000012", Nummer="AC000101", Titel="We kiezen een ontwerper.")
    put(book, "Acties", Actieplan="LSB", Nummer="MSM 1.1", Titel="We maken een sociale kaart.")
    upload = read(book)
    assert upload.ok and (upload.numbering, upload.numbering_detected) == (Numbering.FREE, True)
    plan = create_plan(upload, details=DETAILS, filename="vrij.xlsx", by=users["beheerder"])
    assert [a.number for a in Action.objects.in_plan(plan)] == ["AC000101", "MSM 1.1"]


def test_a_chosen_hierarchical_numbering_refuses_what_does_not_extend(users):
    book = openpyxl.load_workbook(io.BytesIO(template()))
    put(book, "Actieplannen", Nummer="AP000012", Titel="We bouwen een zwembad.")
    put(book, "Acties", Actieplan="AP000012", Nummer="AC000101", Titel="We kiezen een ontwerper.")
    upload = read(book, numbering=Numbering.HIERARCHICAL)
    assert (
        "Tabblad Acties, rij 2, kolom Nummer: Actie AC000101 hoort niet bij actieplan AP000012"
        in " ".join(map(str, upload.errors))
    )


def test_two_spellings_of_one_number_are_one_number(users):
    book = sd_od_plan()
    row = put(book, "Doelstellingen", Nummer="sd1", Titel="Dubbel.")
    upload = read(book)
    assert f"Tabblad Doelstellingen, rij {row}, kolom Nummer: sd1 staat ook al op rij 2." in map(
        str, upload.errors
    )


def test_unknown_columns_and_long_titles_are_named_as_warnings_not_dropped_silently(users):
    book = sd_od_plan()
    book["Acties"].cell(1, 9, "Prioritair")
    put(book, "Acties", Actieplan="OD 1.1", Nummer="OD 1.1.3", Titel="x" * 120)
    upload = read(book)
    assert upload.ok
    warnings = " ".join(upload.warnings)
    assert (
        "Tabblad Acties: de kolom “Prioritair” kent het sjabloon niet; ze wordt niet ingelezen." in warnings
    )
    assert "de titel telt 120 tekens" in warnings


def test_children_of_a_refused_parent_are_counted_under_it_not_refused_again(users):
    book = sd_od_plan()
    put(book, "Actieplannen", Nummer="OD 3.1", Titel="")  # refused: no title
    for n in range(1, 4):
        put(book, "Acties", Actieplan="OD 3.1", Nummer=f"OD 3.1.{n}", Titel="Onder een geweigerd actieplan")
    upload = read(book)
    assert [error.column for error in upload.errors] == ["Titel"]
    assert upload.under_refused_messages() == ["3 acties onder geweigerde actieplannen."]


def test_the_preview_shows_everything_that_will_be_created(client, users):
    client.force_login(users["beheerder"])
    upload = io.BytesIO(as_bytes(sd_od_plan()))
    upload.name = "plan.xlsx"
    response = client.post(reverse("reporting:new_plan"), {**DETAILS, "file": upload})
    page = response.content.decode()
    assert "doelstellingen: 2, actieplannen: 2, acties: 4, projecten: 1." in page
    assert "Nummering: hiërarchisch (zelf herkend)" in page
    for text in [
        "MENSEN",
        "OD 2.1.10",
        "Zonnepanelen op de sporthal.",
        "Sociaal huis",
        "2026 - 2027",
        "Welzijnscampus",
    ]:
        assert text in page
    assert not Plan.objects.filter(slug=DETAILS["slug"]).exists()
    response = client.post(reverse("reporting:confirm_new_plan", args=[response.context["pending"].pk]))
    assert response.url == reverse("plans:overview", args=[DETAILS["slug"]])
    assert Action.objects.in_plan(Plan.objects.get(slug=DETAILS["slug"])).count() == 4


@pytest.mark.parametrize(
    ("sheet", "row", "message"),
    [
        (
            "Acties",
            {"Actieplan": "OD 7.1", "Nummer": "OD 7.1.1", "Titel": "Wees"},
            "kolom Actieplan: OD 7.1 staat niet op het tabblad Actieplannen.",
        ),
        (
            "Acties",
            {"Actieplan": "OD 1.1", "Nummer": "OD 1.1.1", "Titel": "Dubbel"},
            "OD 1.1.1 staat ook al op rij 2",
        ),
        (
            "Acties",
            {"Actieplan": "OD 1.1", "Nummer": "OD 1.1.3", "Titel": "S", "Status": "Loopt nog"},
            "Onbekende status “Loopt nog”",
        ),
        (
            "Acties",
            {"Actieplan": "OD 1.1", "Nummer": "OD 1.1.3", "Titel": "J", "Timing": "2012 - 2010"},
            "kolom Timing: Het eindjaar (2010) ligt vóór het startjaar (2012)",
        ),
        (
            "Acties",
            {"Actieplan": "OD 1.1", "Nummer": "OD 1.1.3", "Titel": ""},
            "kolom Titel: Dit veld kan niet leeg zijn",
        ),
        (
            "Acties",
            {"Actieplan": "OD 1.1", "Nummer": "OD 1.1.3", "Titel": "Oud", "Timing": "1800 - 1801"},
            "kolom Timing: Zorg ervoor dat deze waarde minstens 1990 is.",
        ),
        (
            "Acties",
            {"Actieplan": "OD 1.1", "Nummer": "OD 1.1.3", "Titel": "L", "Verantwoordelijke": "x" * 300},
            "kolom Verantwoordelijke: Zorg dat deze waarde niet meer dan 200 tekens bevat",
        ),
        ("Acties", {"Nummer": "OD 1.1.3", "Titel": "Zonder actieplan"}, "kolom Actieplan: Is leeg"),
        (
            "Actieplannen",
            {"Nummer": "OD 3.1", "Titel": "Zonder doel", "Doelstelling": "SD 9"},
            "kolom Doelstelling: SD 9 staat niet op het tabblad Doelstellingen.",
        ),
        (
            "Actieplannen",
            {"Nummer": "OD 3.1", "Titel": "Duur", "Budget": "heel veel"},
            "“heel veel” is geen bedrag",
        ),
        ("Projecten", {"Naam": "Los", "Actieplannen": "OD 9.9"}, "Actieplan OD 9.9 staat niet (foutloos)"),
        ("Acties", {"Actieplan": "OD 1.1", "Nummer": "=1+1", "Titel": "Formule"}, "Bevat een formule"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_created(users, sheet, row, message):
    book = sd_od_plan()
    put(book, sheet, **row)
    upload = read(book)
    assert message in " ".join(str(error) for error in upload.errors)
    before = database_state()
    with pytest.raises(Exception, match="nog fouten"):
        create_plan(upload, details=DETAILS, filename="plan.xlsx", by=users["beheerder"])
    assert database_state() == before


def test_a_missing_required_tab_or_column_refuses_the_file():
    book = sd_od_plan()
    del book["Acties"]
    with pytest.raises(UploadRefused, match="Het tabblad “Acties” ontbreekt"):
        read(book)
    book = sd_od_plan()
    book["Actieplannen"].cell(1, 2, "Omschrijving")
    with pytest.raises(UploadRefused, match="de verplichte kolom “Titel” ontbreekt"):
        read(book)


def test_new_plan_pages_for_the_beheerder_only(client, users):
    client.force_login(users["cel"])
    assert client.get(reverse("reporting:new_plan")).status_code == 403
    assert client.get(reverse("reporting:plan_template")).status_code == 403
    client.force_login(users["beheerder"])
    assert client.get(reverse("reporting:plan_template"))["Content-Disposition"].startswith("attachment")
    page = client.get(reverse("reporting:new_plan")).content.decode()
    assert "Ingevuld sjabloon van het plan" in page and "rapportering" not in page.split("<main")[-1]
