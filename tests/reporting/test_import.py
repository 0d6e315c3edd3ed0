"""The round trip: an edited workbook comes back; every bad file is refused and changes nothing."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from demo.rounds import load_round
from plans.models import Action, ActionPlan, Project, Status
from reporting.round_trip import ImportRefused, import_rapportering
from reporting.rounds import round_rows
from reporting.workbook import build_workbook
from rounds.models import ReportingRound
from tests.helpers import confirmed, database_state, uploaded
from uploads.reading import UploadRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(plan, users) -> openpyxl.Workbook:
    """The demo round's workbook, opened for editing as a service would."""
    load_round(plan, by=users["cel"])
    output = io.BytesIO()
    build_workbook(round_rows(ReportingRound.objects.get()), output)
    return openpyxl.load_workbook(io.BytesIO(output.getvalue()))


def as_bytes(book: openpyxl.Workbook) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def row_of(book, number: str, sheet: str = "Acties"):
    column = 2 if sheet == "Acties" else 0
    return next(row for row in book[sheet].iter_rows(min_row=2) if row[column].value == number)


def run(data: bytes, plan, user, *, dry_run: bool, name: str = "rapportering.xlsx"):
    return import_rapportering(
        io.BytesIO(data), size=len(data), filename=name, plan=plan, user=user, dry_run=dry_run
    )


def test_the_import_leaves_the_overzicht_raad_tab_alone(exported, plan, users):
    """The raad's tab is for reading: what is typed there changes nothing, and it may even go."""
    for row in exported["Overzicht raad"].iter_rows(min_row=2):
        row[2].value, row[4].value = "afgewerkt", "Getypt in het overzicht."
    preview = run(as_bytes(exported), plan, users["cel"], dry_run=True)
    assert preview.ok and not preview.changed
    del exported["Overzicht raad"]
    preview = run(as_bytes(exported), plan, users["cel"], dry_run=True)
    assert preview.ok and not preview.changed and len(preview.rows) == 42 + 23 + 11


def test_an_edited_workbook_previews_then_applies_with_history(exported, plan, users):
    row_of(exported, "10.2")[4].value = "afgewerkt"
    row_of(exported, "10.2")[6].value = "Samen met de Stad afgerond."
    row_of(exported, "NEWTON", "Projecten")[3].value = "regulier"
    thirty = next(
        r for r in exported["Acties"].iter_rows(min_row=2) if r[0].value == "30" and r[2].value is None
    )
    thirty[6].value = "Budgetbegeleiding loopt verder. 👍 Ça va — “goed”."
    data = as_bytes(exported)
    before = database_state()
    preview = run(data, plan, users["cel"], dry_run=True)
    assert database_state() == before
    assert {row.label: row.changes for row in preview.changed} == {
        "Project NEWTON": [("status", "loopt", "regulier")],
        "Actie 10.2": [
            ("status", "niet gestart", "afgewerkt"),
            ("toelichting", "", "Samen met de Stad afgerond."),
        ],
        "Actieplan 30": [
            (
                "toelichting",
                ActionPlan.objects.get(number="30").explanation,
                "Budgetbegeleiding loopt verder. 👍 Ça va — “goed”.",
            )
        ],
    }
    assert len(preview.rows) == 42 + 23 + 11 and preview.ok
    history = Action.history.count()
    applied = run(data, plan, users["cel"], dry_run=False)
    assert applied.applied
    action = Action.objects.get(number="10.2")
    assert (action.status, action.explanation) == (Status.COMPLETED, "Samen met de Stad afgerond.")
    assert Project.objects.get(name="NEWTON").status == Status.REGULAR
    assert ActionPlan.objects.get(number="30").explanation.endswith("“goed”.")
    latest = action.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("import rapportering.xlsx", users["cel"])
    assert Action.history.count() == history + 1  # unchanged rows leave no history
    assert action.version == 2


def refused_file(data: bytes, plan, user, message: str) -> None:
    before = database_state()
    with pytest.raises(UploadRefused) as refusal:  # how fast: make bench
        run(data, plan, user, dry_run=False)
    assert message in str(refusal.value)
    assert database_state() == before


def refused_rows(data: bytes, plan, user, *messages: str) -> None:
    before = database_state()
    preview = run(data, plan, user, dry_run=True)
    text = " ".join([*preview.errors, *(m for row in preview.refused for m in row.messages)])
    for message in messages:
        assert message in text
    with pytest.raises(ImportRefused):
        run(data, plan, user, dry_run=False)
    assert database_state() == before


def test_refused_not_an_xlsx(plan, users):
    refused_file(b"dit is geen excel" * 100, plan, users["cel"], "Dit is geen Excel-bestand (.xlsx)")


def test_refused_an_empty_file(plan, users):
    refused_file(b"", plan, users["cel"], "Het bestand is leeg")


def test_refused_a_file_over_10_mb(plan, users):
    refused_file(b"x" * (10 * 1024 * 1024 + 1), plan, users["cel"], "groter dan 10 MB")


def test_refused_a_zip_bomb_quickly(plan, users):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    assert len(bomb.getvalue()) < 400 * 1024
    refused_file(bomb.getvalue(), plan, users["cel"], "pakt uit tot meer dan 100 MB")


def test_refused_a_workbook_with_macros(exported, plan, users):
    data = io.BytesIO(as_bytes(exported))
    with zipfile.ZipFile(data, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    refused_file(data.getvalue(), plan, users["cel"], "bevat macro's (.xlsm)")


def test_refused_a_missing_tab(exported, plan, users):
    del exported["Projecten"]
    refused_file(as_bytes(exported), plan, users["cel"], "Het tabblad “Projecten” ontbreekt")


def test_refused_a_renamed_column(exported, plan, users):
    exported["Acties"]["E1"].value = "Stand"
    refused_file(
        as_bytes(exported), plan, users["cel"], "Tabblad Acties: de kolom “Status” ontbreekt of werd hernoemd"
    )


def test_refused_an_unknown_status(exported, plan, users):
    row_of(exported, "10.2")[4].value = "Loopt nog"
    refused_rows(as_bytes(exported), plan, users["cel"], "Kolom Status: Onbekende status “Loopt nog”")


def test_refused_an_action_not_in_the_plan(exported, plan, users):
    row_of(exported, "10.2")[2].value = "10.99"
    refused_rows(as_bytes(exported), plan, users["cel"], "Actie 10.99 bestaat niet in dit plan")


def test_refused_the_same_action_twice(exported, plan, users):
    row_of(exported, "40.2")[2].value = "40.1"
    refused_rows(as_bytes(exported), plan, users["cel"], "kolom Actie: 40.1 staat ook al op rij")


def test_refused_a_number_that_became_a_number(exported, plan, users):
    cell = row_of(exported, "10.2")[2]
    cell.value, cell.data_type = 10.1, "n"
    refused_rows(as_bytes(exported), plan, users["cel"], "Het actienummer 10.1 is een getal geworden")


def test_refused_a_formula(exported, plan, users):
    row_of(exported, "10.2")[6].value = "=A1&B1"
    refused_rows(as_bytes(exported), plan, users["cel"], "kolom Toelichting: Bevat een formule")


def test_refused_a_100000_character_cell(exported, plan, users):
    row_of(exported, "10.2")[6].value = "x" * 100_000
    refused_rows(as_bytes(exported), plan, users["cel"], "tekens lang; het maximum is 4000. Kort ze in.")


def test_refused_a_workbook_with_100000_rows(exported, plan, users):
    sheet = exported["Acties"]
    for index in range(100_000):
        sheet.append(["10", "", f"10.{index + 100}", "", "loopt"])
    refused_file(as_bytes(exported), plan, users["cel"], "Tabblad Acties heeft meer dan 50000 rijen")


def test_empty_rows_are_ignored(exported, plan, users):
    exported["Acties"].append([None] * 12)
    exported["Acties"].append(["", "", "", ""])
    assert run(as_bytes(exported), plan, users["cel"], dry_run=True).ok


def test_upload_page_previews_and_confirms(client, exported, plan, users):
    row_of(exported, "10.2")[4].value = "regulier"
    upload = io.BytesIO(as_bytes(exported))
    upload.name = "rapportering-dienst.xlsx"
    client.force_login(users["cel"])
    response = uploaded(client, reverse("reporting:upload", args=[plan.slug]), {"file": upload})
    page = response.content.decode()
    assert "Actie 10.2" in page and "niet gestart → regulier" in page and "1 wijziging doorvoeren" in page
    # The preview says which columns the import leaves alone (reporting/columns.py).
    assert "Deze kolommen leest ze niet" in page and "Acties: Titel actieplan, Titel actie," in page
    assert Action.objects.get(number="10.2").status == Status.NOT_STARTED
    response = confirmed(client, response)
    assert response.redirect_chain[-1][0] == reverse("plans:overview", args=[plan.slug])
    assert "rapportering-dienst.xlsx is ingelezen: 1 item bijgewerkt." in response.content.decode()
    assert Action.objects.get(number="10.2").status == Status.REGULAR


def test_upload_page_refuses_in_dutch(client, plan, users):
    client.force_login(users["cel"])
    fake = io.BytesIO(b"PK\x03\x04 geen echte zip")
    fake.name = "rapportering.xlsx"
    before = database_state()
    response = uploaded(client, reverse("reporting:upload", args=[plan.slug]), {"file": fake})
    assert "Er is niets ingelezen." in response.content.decode()
    assert "Dit is geen Excel-bestand" in response.content.decode()
    assert "doorvoeren" not in response.content.decode() and database_state() == before
    old = io.BytesIO(b"data")
    old.name = "rapportering.xls"
    response = client.post(reverse("reporting:upload", args=[plan.slug]), {"file": old})
    assert "Kies een Excel-werkmap (.xlsx); rapportering.xls is dat niet." in response.content.decode()


@pytest.mark.parametrize("username", ["mt", "raad"])
def test_only_the_cel_and_beheerder_import(client, exported, plan, users, username):
    client.force_login(users[username])
    upload = io.BytesIO(as_bytes(exported))
    upload.name = "r.xlsx"
    before = database_state()
    assert client.post(reverse("reporting:upload", args=[plan.slug]), {"file": upload}).status_code == 403
    assert database_state() == before


def test_import_command(exported, plan, users, tmp_path):
    row_of(exported, "10.2")[4].value = "on hold"
    row_of(exported, "10.2")[6].value = "Wacht op de subsidie."  # on hold needs a toelichting
    target = tmp_path / "dienst.xlsx"
    target.write_bytes(as_bytes(exported))
    out = io.StringIO()
    call_command("import_rapportering", str(target), "--plan", plan.slug, "--dry-run", stdout=out)
    assert "Acties" in out.getvalue() and "niet gestart → on hold" in out.getvalue()
    assert Action.objects.get(number="10.2").status == Status.NOT_STARTED
    terminal = io.StringIO()
    call_command(
        "import_rapportering",
        str(target),
        "--plan",
        plan.slug,
        "--user",
        "cel",
        "--voortgang",
        stdout=io.StringIO(),
        stderr=terminal,
    )
    assert Action.objects.get(number="10.2").status == Status.ON_HOLD
    shown = terminal.getvalue()  # each step ends on its full count
    for step in ("Wordt gelezen", "Wordt gecontroleerd", "Wordt ingelezen"):
        assert re.search(rf"\r{step}: ([1-9][0-9.]*) van \1 rijen", shown), shown
    with pytest.raises(CommandError, match="Geen plan"):
        call_command("import_rapportering", str(target), "--plan", "nope", stdout=io.StringIO())


def test_applying_writes_in_batches_not_per_row(exported, plan, users, django_assert_max_num_queries):
    statuses = ["loopt", "afgewerkt"]
    for index, row in enumerate(exported["Acties"].iter_rows(min_row=2)):
        row[4].value = statuses[index % 2]
        row[6].value = f"Nieuwe stand {index}."
    data = as_bytes(exported)
    # Preview and apply, three resources each: a lookup, a batched update and a batched history
    # insert per resource, plus savepoints, and the plan's items read once to compare the read-only
    # columns; the same for 65 rows as for 10,000 (see make bench).
    with django_assert_max_num_queries(78):
        outcome = run(data, plan, users["cel"], dry_run=False)
    assert len(outcome.changed) == 65
    latest = Action.objects.get(number="10.2").history.first()
    assert latest.history_change_reason == "import rapportering.xlsx"


def edit_in_app(number: str, by, **values) -> None:
    from tests.factories import edit_item

    edit_item(Action.objects.get(number=number), by=by, **values)


def test_a_change_to_a_field_edited_in_the_app_since_the_export_is_refused(exported, plan, users):
    edit_in_app("10.2", users["turnhout-beheerder"], status=Status.COMPLETED)
    row_of(exported, "10.2")[4].value = "on hold"
    data = as_bytes(exported)
    before = database_state()
    preview = run(data, plan, users["cel"], dry_run=True)
    [row] = preview.refused
    assert row.key == "10.2"
    assert (
        "Kolom Status: Deze waarde werd na de export in de toepassing gewijzigd (nu “afgewerkt”)"
        in row.messages[0]
    )
    with pytest.raises(ImportRefused):
        run(data, plan, users["cel"], dry_run=False)
    assert database_state() == before


def test_an_edit_in_the_app_to_another_field_is_kept_beside_the_import(exported, plan, users):
    edit_in_app("10.2", users["turnhout-beheerder"], explanation="Toelichting van het MT.")
    row_of(exported, "10.2")[4].value = "afgewerkt"
    assert run(as_bytes(exported), plan, users["cel"], dry_run=False).applied
    action = Action.objects.get(number="10.2")
    assert (action.status, action.explanation) == (Status.COMPLETED, "Toelichting van het MT.")


def test_rows_left_as_exported_never_undo_a_later_edit_in_the_app(exported, plan, users):
    edit_in_app("10.2", users["turnhout-beheerder"], status=Status.ON_HOLD, explanation="Later gewijzigd.")
    row_of(exported, "50.1")[4].value = "afgewerkt"
    outcome = run(as_bytes(exported), plan, users["cel"], dry_run=False)
    assert [row.key for row in outcome.changed] == ["50.1"]
    action = Action.objects.get(number="10.2")
    assert (action.status, action.explanation) == (Status.ON_HOLD, "Later gewijzigd.")


def test_a_row_without_its_control_token_is_refused(exported, plan, users):
    row = row_of(exported, "10.2")
    row[4].value, row[-1].value = "afgewerkt", None
    refused_rows(as_bytes(exported), plan, users["cel"], "De verborgen controlekolom van deze rij is leeg")


# What the import does not take is never dropped silently.


def test_a_tampered_controle_value_is_called_what_it_is_not_a_later_edit(exported, plan, users):
    row = row_of(exported, "10.2")
    _status_part, explanation_part, check = row[-1].value.split("-")
    row[-1].value = f"{'0' * 10}-{explanation_part}-{check}"  # well-formed, but edited by hand
    row[4].value = "afgewerkt"
    preview = run(as_bytes(exported), plan, users["cel"], dry_run=True)
    (refused,) = preview.refused
    assert "controlekolom van deze rij is leeg, gewijzigd of beschadigd" in " ".join(refused.messages)
    assert "na de export in de toepassing gewijzigd" not in " ".join(refused.messages)


def test_a_change_in_a_read_only_column_is_named_with_what_to_do_instead(exported, plan, users):
    row_of(exported, "10.2")[3].value = "Een titel die iemand in de Excel herschreef"
    row_of(exported, "10.2")[8].value = "Dienst X"
    row_of(exported, "10.2")[4].value = "afgewerkt"
    before = Action.objects.get(number="10.2")
    outcome = run(as_bytes(exported), plan, users["cel"], dry_run=False)
    (row,) = [r for r in outcome.rows if r.key == "10.2"]
    assert row.outcome == "changed"
    assert (
        "Kolom Titel actie werd gewijzigd, maar de import neemt ze niet over: de titel wijzigt u met een "
        "wijzigingsvoorstel." in row.notes
    )
    assert (
        "Kolom Verantwoordelijke werd gewijzigd, maar de import neemt ze niet over: dit wijzigt u in Beheer."
        in row.notes
    )
    after = Action.objects.get(number="10.2")
    assert (after.title, after.responsible, after.status) == (
        before.title,
        before.responsible,
        Status.COMPLETED,
    )


def test_cells_are_read_as_the_user_saw_them_and_invisible_characters_are_removed(exported, plan, users):
    import datetime

    row_of(exported, "10.2")[6].value = datetime.datetime(2017, 12, 18)
    row_of(exported, "40.2")[6].value = "Klaar\u202e en \u200bgoed."
    row_of(exported, "40.2")[4].value = " Loopt "  # case and spaces do not matter
    outcome = run(as_bytes(exported), plan, users["cel"], dry_run=False)
    assert Action.objects.get(number="10.2").explanation == "18/12/2017"
    forty_two = Action.objects.get(number="40.2")
    assert (forty_two.explanation, forty_two.status) == ("Klaar en goed.", Status.IN_PROGRESS)
    (row,) = [r for r in outcome.rows if r.key == "40.2"]
    assert (
        "Kolom Toelichting: onzichtbare tekens (zoals codes voor de tekstrichting) werden verwijderd."
        in row.notes
    )


def test_the_counts_agree_with_the_refusals(client, exported, plan, users):
    row_of(exported, "10.2")[6].value = "=A1&B1"
    upload = io.BytesIO(as_bytes(exported))
    upload.name = "formule.xlsx"
    client.force_login(users["cel"])
    before = database_state()
    response = uploaded(client, reverse("reporting:upload", args=[plan.slug]), {"file": upload})
    outcome = run(as_bytes(exported), plan, users["cel"], dry_run=True)
    assert outcome.refused_count == 1 and outcome.row_count == len(outcome.rows) + 1
    assert f"{outcome.row_count} rijen: 0 gewijzigd, 1 geweigerd" in response.content.decode()
    assert database_state() == before


def test_a_dry_run_with_refused_rows_exits_with_an_error(exported, plan, users, tmp_path):
    row_of(exported, "10.2")[4].value = "Loopt nog"
    target = tmp_path / "fout.xlsx"
    target.write_bytes(as_bytes(exported))
    out = io.StringIO()
    with pytest.raises(CommandError, match="Het voorbeeld weigert 1 rij"):
        call_command("import_rapportering", str(target), "--plan", plan.slug, "--dry-run", stdout=out)
    assert "Onbekende status “Loopt nog”" in out.getvalue()


def test_merged_cells_are_refused_naming_their_range(plan, users):
    load_round(plan, by=users["cel"])
    output = io.BytesIO()
    build_workbook(round_rows(ReportingRound.objects.get()), output)
    book = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
    book["Acties"].merge_cells("G3:G5")
    refused_file(as_bytes(book), plan, users["cel"], "Tabblad Acties: de cellen G3:G5 zijn samengevoegd")
