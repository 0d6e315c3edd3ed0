"""A whole new plan from the template: numbers as the plan writes them, every row checked by the
models' rules, a preview of everything, and nothing created while anything is wrong."""

import functools
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from plans.models import Action, ActionPlan, Goal, Numbering, Plan, Project, Status
from reporting.plan_import import create_plan, parse_amount, parse_timing, read_plan_upload
from reporting.plan_template import SHEETS, TEXT_ROWS, template
from tests.factories import PolicyFieldFactory, default_organisation
from tests.helpers import confirmed, database_state, uploaded
from uploads.reading import UploadRefused

pytestmark = pytest.mark.django_db
DETAILS = {
    "name": "Meerjarenplan 2026–2031",
    "authority": "Gemeente Voorbeeld",
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


@functools.cache
def template_once() -> bytes:
    """The template, made once for the module: it depends on nothing but the code."""
    return template()


def sd_od_plan() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(_sd_od_plan()))


@functools.cache
def _sd_od_plan() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template_once()))
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
    return as_bytes(book)


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
    book = openpyxl.load_workbook(io.BytesIO(template()))  # the real one, made here
    assert book.sheetnames == [
        "Uitleg",
        "Doelstellingen",
        "Actieplannen",
        "Acties",
        "Projecten",
        "Entiteiten",
    ]
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
    empty = template_once()
    assert read_plan_upload(io.BytesIO(empty), len(empty)).counts == dict.fromkeys(SHEETS, 0)


def test_a_plan_numbered_as_written_is_created_verbatim_with_history(users):
    upload = read(sd_od_plan())
    assert upload.ok, upload.errors
    assert (upload.numbering, upload.numbering_detected) == (Numbering.HIERARCHICAL, True)
    plan = create_plan(
        upload,
        organisation=default_organisation(),
        details=DETAILS,
        filename="plan.xlsx",
        by=users["beheerder"],
    )
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
    book = openpyxl.load_workbook(io.BytesIO(template_once()))
    put(book, "Actieplannen", Nummer="AP000012", Titel="We bouwen een zwembad.")
    put(book, "Actieplannen", Nummer="LSB", Titel="Lokaal sociaal beleid.")
    put(book, "Acties", Actieplan="AP000012", Nummer="AC000101", Titel="We kiezen een ontwerper.")
    put(book, "Acties", Actieplan="LSB", Nummer="MSM 1.1", Titel="We maken een sociale kaart.")
    upload = read(book)
    assert upload.ok and (upload.numbering, upload.numbering_detected) == (Numbering.FREE, True)
    plan = create_plan(
        upload,
        organisation=default_organisation(),
        details=DETAILS,
        filename="vrij.xlsx",
        by=users["beheerder"],
    )
    assert [a.number for a in Action.objects.in_plan(plan)] == ["AC000101", "MSM 1.1"]


def test_a_chosen_hierarchical_numbering_refuses_what_does_not_extend(users):
    book = openpyxl.load_workbook(io.BytesIO(template_once()))
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
    book["Acties"].cell(1, 12, "Kleur")
    put(book, "Acties", Actieplan="OD 1.1", Nummer="OD 1.1.3", Titel="x" * 120)
    upload = read(book)
    assert upload.ok
    warnings = " ".join(upload.warnings)
    assert "Tabblad Acties: de kolom “Kleur” kent het sjabloon niet; ze wordt niet ingelezen." in warnings
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
    client.force_login(users["beheerder"])  # the platform beheerder: chooses the organisation
    upload = io.BytesIO(as_bytes(sd_od_plan()))
    upload.name = "plan.xlsx"
    organisation = default_organisation().pk
    response = uploaded(
        client, reverse("reporting:new_plan"), {**DETAILS, "organisation": organisation, "file": upload}
    )
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
    response = confirmed(client, response)
    assert response.redirect_chain[-1][0] == reverse("plans:overview", args=[DETAILS["slug"]])
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
        (
            "Acties",
            {"Actieplan": "OD 1.1", "Nummer": "OD 1.1.3", "Titel": "P", "Prioritair": "misschien"},
            "kolom Prioritair: “misschien” is geen ja of nee.",
        ),
        (
            "Actieplannen",
            {"Nummer": "OD 3.1", "Titel": "P", "Prioritair": "zeker"},
            "kolom Prioritair: “zeker” is geen ja of nee.",
        ),
        (
            "Acties",
            {"Actieplan": "OD 1.1", "Nummer": "OD 1.1.3", "Titel": "B", "Beleidsveld": "0999"},
            "kolom Beleidsveld: Beleidsveld 0999 staat niet in de lijst van beleidsvelden.",
        ),
        (
            "Acties",
            {
                "Actieplan": "OD 1.1",
                "Nummer": "OD 1.1.3",
                "Titel": "E",
                "Entiteit": "Gemeente Voorbeeldgemeente",
            },
            "kolom Entiteit: Entiteit “Gemeente Voorbeeldgemeente” staat niet op het tabblad Entiteiten",
        ),
        (
            "Acties",
            {
                "Actieplan": "OD 1.1",
                "Nummer": "OD 1.1.3",
                "Titel": "C",
                "Code digitale rapportering": "A" * 51,
            },
            "kolom Code digitale rapportering: Zorg dat deze waarde niet meer dan 50 tekens bevat",
        ),
        (
            "Entiteiten",
            {"Code": "GEM", "Naam": "Gemeente"},
            "Tabblad Entiteiten, rij 3, kolom Code: GEM staat ook al op rij 2.",
        ),
    ],
)
def test_bad_rows_are_named_and_nothing_is_created(users, sheet, row, message):
    book = sd_od_plan()
    put(book, "Entiteiten", Code="GEM", Naam="Gemeente Voorbeeld")
    PolicyFieldFactory(code="0900")
    put(book, sheet, **row)
    upload = read(book)
    assert message in " ".join(str(error) for error in upload.errors)
    before = database_state()
    with pytest.raises(Exception, match="nog fouten"):
        create_plan(
            upload,
            organisation=default_organisation(),
            details=DETAILS,
            filename="plan.xlsx",
            by=users["beheerder"],
        )
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
    client.force_login(users["turnhout-beheerder"])
    assert client.get(reverse("reporting:plan_template"))["Content-Disposition"].startswith("attachment")
    page = client.get(reverse("reporting:new_plan")).content.decode()
    assert "Ingevuld sjabloon van het plan" in page and "rapportering" not in page.split("<main")[-1]


# --- BBC 2020 columns -----------------------------------------------------------------------------


def bbc_plan() -> openpyxl.Workbook:
    """The SD/OD plan with prioritair, beleidsveld, entiteit and codes, and an Entiteiten tab."""
    book = sd_od_plan()
    put(book, "Entiteiten", Code="GEM", Naam="Gemeente Voorbeeld")
    put(book, "Entiteiten", Code="OCMW")
    goals, action_plans, actions = book["Doelstellingen"], book["Actieplannen"], book["Acties"]

    def fill(tab, row: int, **values) -> None:
        headers = [cell.value for cell in tab[1]]
        for header, value in values.items():
            tab.cell(row, headers.index(header) + 1, value)

    fill(goals, 2, **{"Code digitale rapportering": "BD000001"})
    fill(action_plans, 2, **{"Prioritair": "nee", "Code digitale rapportering": "AP000011"})
    fill(action_plans, 3, **{"Prioritair": "X"})
    fill(
        actions,
        2,
        **{"Prioritair": "ja", "Beleidsveld": "0900", "Entiteit": "gem", "Code digitale rapportering": "AC1"},
    )
    fill(actions, 3, **{"Prioritair": 1, "Beleidsveld": 119, "Entiteit": "Gemeente Voorbeeld"})
    fill(actions, 4, **{"Prioritair": 0, "Entiteit": "ocmw"})
    fill(actions, 5, **{"Entiteit": "AGB"})  # not on the Entiteiten tab: a new entity, listed
    return book


def test_the_plan_import_takes_prioritair_beleidsveld_entiteit_and_codes(users):
    welfare, general = PolicyFieldFactory(code="0900"), PolicyFieldFactory(code="0119")
    upload = read(bbc_plan())
    assert upload.ok, upload.errors
    assert [(e.code, e.name) for e in upload.entities] == [
        ("GEM", "Gemeente Voorbeeld"),
        ("OCMW", "OCMW"),
        ("AGB", "AGB"),
    ]
    assert [e.code for e in upload.new_entities] == ["AGB"]
    assert (
        "Entiteit “AGB” staat niet op het tabblad Entiteiten; ze wordt aangemaakt met die code als naam."
        in upload.warnings
    )
    plan = create_plan(
        upload,
        organisation=default_organisation(),
        details=DETAILS,
        filename="plan.xlsx",
        by=users["beheerder"],
    )
    assert Goal.objects.get(plan=plan, number="SD 1").external_code == "BD000001"
    aps = {ap.number: ap for ap in ActionPlan.objects.in_plan(plan)}
    assert (aps["OD 1.1"].priority, aps["OD 1.1"].external_code, aps["OD 2.1"].priority) == (
        False,
        "AP000011",
        True,
    )
    actions = {a.number: a for a in Action.objects.in_plan(plan).select_related("entity", "policy_field")}
    assert (
        actions["OD 1.1.1"].priority,
        actions["OD 1.1.1"].policy_field,
        actions["OD 1.1.1"].entity.code,
    ) == (True, welfare, "GEM")
    assert actions["OD 1.1.1"].external_code == "AC1"
    assert (actions["OD 1.1.2"].priority, actions["OD 1.1.2"].policy_field) == (True, general)  # 119 is 0119
    assert actions["OD 1.1.2"].entity.code == "GEM"  # by its name
    assert (actions["OD 2.1.10"].priority, actions["OD 2.1.10"].entity.code) == (False, "OCMW")
    assert actions["OD 2.1.2"].entity.code == "AGB" and actions["OD 2.1.2"].policy_field is None
    assert sorted(plan.entities.values_list("code", flat=True)) == ["AGB", "GEM", "OCMW"]
    assert plan.entities.get(code="GEM").history.get().history_user == users["beheerder"]


def test_the_preview_lists_the_entities_and_the_bbc_columns(client, users):
    PolicyFieldFactory(code="0900")
    PolicyFieldFactory(code="0119")
    client.force_login(users["turnhout-beheerder"])
    upload = io.BytesIO(as_bytes(bbc_plan()))
    upload.name = "plan.xlsx"
    page = uploaded(client, reverse("reporting:new_plan"), {**DETAILS, "file": upload}).content.decode()
    assert "nieuw: enkel op het tabblad Acties genoemd" in page and "Gemeente Voorbeeld" in page
    assert "AP000011" in page and "0900" in page


def test_reading_the_bbc_columns_adds_one_query_however_many_rows():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PolicyFieldFactory(code="0900")
    counts = []
    for bbc in (False, True):
        book = sd_od_plan()
        put(book, "Entiteiten", Code="GEM")
        for n in range(3, 23):
            extra = {"Beleidsveld": "0900", "Entiteit": "GEM", "Prioritair": "ja"} if bbc else {}
            put(book, "Acties", Actieplan="OD 1.1", Nummer=f"OD 1.1.{n}", Titel="T", **extra)
        with CaptureQueriesContext(connection) as queries:
            upload = read(book)
        assert upload.ok, upload.errors
        counts.append(len(queries))
    assert counts[1] == counts[0] + 1  # the beleidsvelden the file names, in one query


# --- verantwoordelijken by name or e-mail --------------------------------------------------------


@pytest.fixture
def people(users):
    from django.contrib.auth import get_user_model

    from core import changes
    from plans.models import Department

    User = get_user_model()
    sofie = User.objects.create_user(
        "sjanssens", "sofie@voorbeeld.be", first_name="Sofie", last_name="Janssens"
    )
    for name in ("jan1", "jan2"):
        User.objects.create_user(name, f"{name}@voorbeeld.be", first_name="Jan", last_name="Peeters")
    department = changes.save(Department(organisation=default_organisation(), name="Sociaal huis"), by=None)
    return {"sofie": sofie, "department": department}


def test_verantwoordelijken_known_by_name_or_email_are_linked_and_others_kept_as_text(people, users):
    book = sd_od_plan()
    put(
        book,
        "Acties",
        Actieplan="OD 2.1",
        Nummer="OD 2.1.3",
        Titel="Fietsen",
        Verantwoordelijke="Sofie  Janssens",
    )
    put(
        book,
        "Acties",
        Actieplan="OD 2.1",
        Nummer="OD 2.1.4",
        Titel="Bussen",
        Verantwoordelijke="SOFIE@voorbeeld.be",
    )
    put(
        book,
        "Acties",
        Actieplan="OD 2.1",
        Nummer="OD 2.1.5",
        Titel="Treinen",
        Verantwoordelijke="Jan Peeters",
    )
    upload = read(book)
    assert upload.ok, upload.errors
    unknown = [w for w in map(str, upload.warnings) if w.startswith("Onbekende verantwoordelijke")]
    assert unknown == [
        "Onbekende verantwoordelijke: “OCMW” wordt als tekst bewaard; koppel later in Beheer "
        "(Verantwoordelijken).",
        "Onbekende verantwoordelijke: “Technische dienst” wordt als tekst bewaard; koppel later in Beheer "
        "(Verantwoordelijken).",
        "Onbekende verantwoordelijke: “Jan Peeters” past bij meer dan één persoon of dienst en wordt als "
        "tekst bewaard; koppel later in Beheer (Verantwoordelijken), of schrijf het e-mailadres.",
        "Onbekende verantwoordelijke: “Team patrimonium” wordt als tekst bewaard; koppel later in Beheer "
        "(Verantwoordelijken).",
    ]
    plan = create_plan(
        upload,
        organisation=default_organisation(),
        details=DETAILS,
        filename="plan.xlsx",
        by=users["beheerder"],
    )
    actions = {a.number: a for a in Action.objects.in_plan(plan)}
    assert (actions["OD 2.1.3"].owner, actions["OD 2.1.3"].responsible) == (
        people["sofie"],
        "Sofie  Janssens",
    )
    assert actions["OD 2.1.4"].owner == people["sofie"]
    assert actions["OD 1.1.1"].department == people["department"]  # "Sociaal huis"
    assert (actions["OD 2.1.5"].owner, actions["OD 2.1.5"].department) == (None, None)
    assert actions["OD 2.1.5"].responsible == "Jan Peeters"
    assert ActionPlan.objects.get(plan=plan, number="OD 1.1").owner is None  # "OCMW": kept as text
    assert Project.objects.get(plan=plan).project_leader == "Team patrimonium"


def test_the_preview_names_the_unknown_verantwoordelijken(client, people, users):
    client.force_login(users["turnhout-beheerder"])
    upload = io.BytesIO(as_bytes(sd_od_plan()))
    upload.name = "plan.xlsx"
    page = uploaded(client, reverse("reporting:new_plan"), {**DETAILS, "file": upload}).content.decode()
    assert "Onbekende verantwoordelijke: “Team patrimonium” wordt als tekst bewaard" in page
    assert "“Sociaal huis” wordt" not in page


def test_linking_verantwoordelijken_adds_two_queries_however_many_rows(people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for named in (False, True):
        book = sd_od_plan()
        for n in range(3, 23):
            extra = {"Verantwoordelijke": f"Persoon {n}"} if named else {}
            put(book, "Acties", Actieplan="OD 1.1", Nummer=f"OD 1.1.{n}", Titel="T", **extra)
        with CaptureQueriesContext(connection) as queries:
            read(book)
        counts.append(len(queries))
    assert counts[1] == counts[0]  # the users and diensten are read once, named or not
