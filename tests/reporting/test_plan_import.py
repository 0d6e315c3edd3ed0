"""A whole new plan from the template: SD → OD/TD → acties, with verantwoordelijke and timing."""

import io

import openpyxl
import pytest
from django.urls import reverse

from plans.models import Action, ActionPlan, Goal, Plan, Status
from reporting.plan_import import create_plan, parse_timing, read_plan_upload, template
from reporting.upload import UploadRefused
from tests.helpers import database_state

pytestmark = pytest.mark.django_db
DETAILS = {
    "name": "Strategisch plan 2008–2013",
    "organisation": "Gemeente Voorbeeld",
    "start_year": 2008,
    "end_year": 2013,
    "slug": "voorbeeld-2008-2013",
}


def filled(**changes) -> openpyxl.Workbook:
    book = openpyxl.load_workbook(io.BytesIO(template()))
    for title in book.sheetnames:
        book[title].delete_rows(2)
    book["Doelstellingen"].append(["SD1", "We zorgen voor een warme gemeente.", ""])
    book["Doelstellingen"].append(["SD2", "We werken duurzaam.", ""])
    book["Actieplannen"].append(
        ["OD1.1", "We versterken het sociaal huis.", "SD1", "OCMW", "", "", "", "loopt", ""]
    )
    book["Actieplannen"].append(
        ["OD2.1", "We besparen energie.", "SD2", "Technische dienst", "", "", "", "", ""]
    )
    book["Acties"].append(
        ["OD1.1", "OD1.1.1", "We openen één loket.", "Sociaal huis", "2008 - 2010", "loopt", ""]
    )
    book["Acties"].append(["OD1.1", "OD1.1.2", "We bellen elke senior.", "Welzijn", "korte termijn", "", ""])
    book["Acties"].append(["OD2.1", "OD2.1.10", "Zonnepanelen op de sporthal.", "", "2012", "afgewerkt", ""])
    book["Acties"].append(["OD2.1", "OD2.1.2", "Led in de straten.", "", "lange termijn", "", ""])
    return book


def as_bytes(book) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def read(book):
    data = as_bytes(book)
    return read_plan_upload(io.BytesIO(data), len(data))


def test_timing():
    assert parse_timing("2008 - 2010") == (2008, 2010, "")
    assert parse_timing("2016") == (2016, 2016, "")
    assert parse_timing("korte termijn") == (None, None, "korte termijn")


def test_the_template_has_the_three_tabs():
    book = openpyxl.load_workbook(io.BytesIO(template()))
    assert book.sheetnames == ["Doelstellingen", "Actieplannen", "Acties"]
    assert [c.value for c in book["Acties"][1]] == [
        "Actieplan",
        "Nummer",
        "Titel",
        "Verantwoordelijke",
        "Timing",
        "Status",
        "Toelichting",
    ]


def test_an_sd_od_plan_is_created_with_history(users):
    upload = read(filled())
    assert upload.ok, upload.errors
    plan = create_plan(upload, details=DETAILS, filename="plan.xlsx", by=users["beheerder"])
    assert [g.number for g in Goal.objects.filter(plan=plan)] == ["SD1", "SD2"]
    assert [(a.number, a.goal.number) for a in ActionPlan.objects.in_plan(plan)] == [
        ("OD1.1", "SD1"),
        ("OD2.1", "SD2"),
    ]
    actions = {a.number: a for a in Action.objects.in_plan(plan)}
    assert list(actions) == ["OD1.1.1", "OD1.1.2", "OD2.1.2", "OD2.1.10"]
    assert (
        actions["OD1.1.1"].start_year,
        actions["OD1.1.1"].end_year,
        actions["OD1.1.1"].timing_display,
    ) == (2008, 2010, "2008 - 2010")
    assert (
        actions["OD1.1.2"].timing_display == "korte termijn"
        and actions["OD1.1.2"].status == Status.NOT_STARTED
    )
    assert actions["OD2.1.10"].status == Status.COMPLETED
    record = actions["OD1.1.1"].history.get()
    assert (record.history_change_reason, record.history_user) == ("import plan.xlsx", users["beheerder"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda b: b["Acties"].append(["OD1.1", "OD9.1", "Verkeerd", "", "", "", ""]),
            "Tabblad Acties, rij 6, kolom Nummer: Actie OD9.1 hoort niet bij actieplan OD1.1",
        ),
        (
            lambda b: b["Acties"].append(["OD7.1", "OD7.1.1", "Wees", "", "", "", ""]),
            "actieplan OD7.1 staat niet op het tabblad Actieplannen",
        ),
        (
            lambda b: b["Acties"].append(["OD1.1", "OD1.1.1", "Dubbel", "", "", "", ""]),
            "OD1.1.1 staat ook al op rij 2",
        ),
        (
            lambda b: b["Acties"].append(["OD1.1", "OD1.1.3", "Status", "", "", "Loopt nog", ""]),
            "onbekende status “Loopt nog”",
        ),
        (
            lambda b: b["Acties"].append(["OD1.1", "OD1.1.3", "Jaren", "", "2012 - 2010", "", ""]),
            "kolom Timing: Het eindjaar (2010) ligt vóór het startjaar (2012)",
        ),
        (
            lambda b: b["Acties"].append(["OD1.1", "OD1.1.3", "", "", "", "", ""]),
            "kolom Titel: Dit veld kan niet leeg zijn",
        ),
        (  # the model's own limits: the years the plan knows, the length of a verantwoordelijke
            lambda b: b["Acties"].append(["OD1.1", "OD1.1.3", "Oud", "", "1800 - 1801", "", ""]),
            "kolom Timing: Zorg ervoor dat deze waarde minstens 1990 is.",
        ),
        (
            lambda b: b["Acties"].append(["OD1.1", "OD1.1.3", "Lang", "x" * 300, "", "", ""]),
            "kolom Verantwoordelijke: Zorg dat deze waarde niet meer dan 200 tekens bevat",
        ),
        (
            lambda b: b["Actieplannen"].append(["OD3.1", "Zonder doel", "SD9", "", "", "", "", "", ""]),
            "doelstelling SD9 staat niet op het tabblad Doelstellingen",
        ),
        (lambda b: b["Acties"].append(["OD1.1", "=1+1", "Formule", "", "", "", ""]), "bevat een formule"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_created(users, change, message):
    book = filled()
    change(book)
    upload = read(book)
    assert message in " ".join(str(error) for error in upload.errors)
    before = database_state()
    with pytest.raises(Exception, match="nog fouten"):
        create_plan(upload, details=DETAILS, filename="plan.xlsx", by=users["beheerder"])
    assert database_state() == before


def test_a_missing_tab_refuses_the_file():
    book = filled()
    del book["Acties"]
    with pytest.raises(UploadRefused, match="Het tabblad “Acties” ontbreekt"):
        read(book)


def test_new_plan_pages_for_the_beheerder_only(client, users):
    client.force_login(users["cel"])
    assert client.get(reverse("reporting:new_plan")).status_code == 403
    assert client.get(reverse("reporting:plan_template")).status_code == 403
    client.force_login(users["beheerder"])
    assert client.get(reverse("reporting:plan_template"))["Content-Disposition"].startswith("attachment")
    upload = io.BytesIO(as_bytes(filled()))
    upload.name = "plan.xlsx"
    response = client.post(reverse("reporting:new_plan"), {**DETAILS, "file": upload})
    assert "2 doelstellingen, 2 actieplannen, 4 acties." in response.content.decode()
    assert not Plan.objects.filter(slug=DETAILS["slug"]).exists()
    response = client.post(reverse("reporting:confirm_new_plan", args=[response.context["pending"].pk]))
    assert response.url == reverse("plans:overview", args=[DETAILS["slug"]])
    assert Action.objects.in_plan(Plan.objects.get(slug=DETAILS["slug"])).count() == 4
