"""The round trip for eigenaars: they upload the round's workbook and only rows they own are taken. A
file that changes a row of another's item is refused as a whole, naming the rows; nothing changes.
On hold without a toelichting is refused per row, for everyone."""

import io

import openpyxl
import pytest
from django.urls import reverse

from core import changes
from core.roles import OWNER
from demo.rounds import load_round
from plans.models import Action, ActionPlan, Department, Status
from reporting.resources import NOT_YOUR_ROW
from reporting.round_trip import ImportRefused
from reporting.rounds import round_rows
from reporting.workbook import build_workbook
from rounds.models import ReportingRound
from tests.factories import default_organisation
from tests.helpers import confirmed, database_state, uploaded
from tests.reporting.test_import import as_bytes, row_of, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(plan, users) -> openpyxl.Workbook:
    """The demo round's workbook, as the cel sends it round."""
    load_round(plan, by=users["cel"])
    output = io.BytesIO()
    build_workbook(round_rows(ReportingRound.objects.get()), output)
    return openpyxl.load_workbook(io.BytesIO(output.getvalue()))


@pytest.fixture
def eigenaar(plan, make_user):
    """A member of Dienst welzijn, which owns actieplan 40 (so also actie 40.1 and 40.2)."""
    user = make_user("an", OWNER)
    department = changes.save(Department(organisation=default_organisation(), name="Dienst welzijn"), by=None)
    department.members.add(user)
    action_plan = ActionPlan.objects.get(plan=plan, number="40")
    changes.update(action_plan, {"department": department}, by=None, version=action_plan.version)
    return user


def upload_file(book, name="welzijn.xlsx") -> io.BytesIO:
    upload = io.BytesIO(as_bytes(book))
    upload.name = name
    return upload


def test_an_eigenaar_uploads_the_round_workbook_and_their_rows_are_taken(client, exported, plan, eigenaar):
    row_of(exported, "40.1")[4].value = "loopt"
    row_of(exported, "40.1")[6].value = "De dienst is gestart."
    client.force_login(eigenaar)
    response = uploaded(
        client, reverse("reporting:upload", args=[plan.slug]), {"file": upload_file(exported)}
    )
    assert response.status_code == 200
    assert "1 wijziging doorvoeren" in response.content.decode()
    confirmed(client, response)
    action = Action.objects.get(action_plan__plan=plan, number="40.1")
    assert (action.status, action.explanation) == (Status.IN_PROGRESS, "De dienst is gestart.")
    assert action.history.first().history_user == eigenaar


def test_a_file_changing_another_eigenaars_row_is_refused_whole_naming_the_rows(
    client, exported, plan, eigenaar
):
    row_of(exported, "40.1")[4].value = "loopt"  # theirs
    row_of(exported, "10.2")[4].value = "afgewerkt"  # not theirs; the other rows, untouched, are fine
    client.force_login(eigenaar)
    before = database_state()
    response = uploaded(
        client, reverse("reporting:upload", args=[plan.slug]), {"file": upload_file(exported)}
    )
    page = response.content.decode()
    outcome = run(as_bytes(exported), plan, eigenaar, dry_run=True)
    assert [row.label for row in outcome.refused] == ["Actie 10.2"]
    assert "(Actie 10.2)" in page and str(NOT_YOUR_ROW) in page and "(Actie 40.1)" not in page
    assert "Er wordt niets ingelezen zolang er fouten zijn" in page and "doorvoeren" not in page
    # A forged confirm of that upload is refused too, and changes nothing.
    response = confirmed(client, response)
    assert "kan niet (meer) bevestigd worden" in response.content.decode()
    assert database_state() == before


def test_an_item_given_to_another_eigenaar_between_preview_and_confirm_is_refused(
    client, exported, plan, eigenaar
):
    row_of(exported, "40.1")[4].value = "loopt"
    client.force_login(eigenaar)
    response = uploaded(
        client, reverse("reporting:upload", args=[plan.slug]), {"file": upload_file(exported)}
    )
    assert "1 wijziging doorvoeren" in response.content.decode()
    action_plan = ActionPlan.objects.get(plan=plan, number="40")
    other = changes.save(Department(organisation=default_organisation(), name="Dienst wonen"), by=None)
    changes.update(action_plan, {"department": other}, by=None, version=action_plan.version)
    before = database_state()
    response = confirmed(client, response)
    page = response.content.decode()
    assert "Er is niets ingelezen." in page and "veranderde sinds het voorbeeld" in page
    assert "(Actie 40.1)" in page and "doorvoeren" not in page
    assert database_state() == before


def test_the_domain_function_refuses_another_eigenaars_row(exported, plan, eigenaar):
    row_of(exported, "10.2")[6].value = "Geschreven door iemand anders."
    before = database_state()
    with pytest.raises(ImportRefused) as refused:
        run(as_bytes(exported), plan, eigenaar, dry_run=False)
    assert refused.value.outcome.refused[0].messages == [str(NOT_YOUR_ROW)]
    assert database_state() == before


def test_on_hold_without_a_toelichting_is_refused_per_row_in_the_preview(exported, plan, users):
    row_of(exported, "10.2")[4].value = "on hold"
    row_of(exported, "10.2")[6].value = ""
    before = database_state()
    preview = run(as_bytes(exported), plan, users["cel"], dry_run=True)
    assert [row.label for row in preview.refused] == ["Actie 10.2"]
    assert "on hold heeft een toelichting nodig" in " ".join(preview.refused[0].messages)
    with pytest.raises(ImportRefused):
        run(as_bytes(exported), plan, users["cel"], dry_run=False)
    assert database_state() == before
    row_of(exported, "10.2")[6].value = "Wacht op de subsidie."
    assert run(as_bytes(exported), plan, users["cel"], dry_run=False).applied
