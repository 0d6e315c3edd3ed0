"""The toelichting marked internal in a rapportering: frozen when the round closes, still read by the
raad in its verslag, and shown in the workbook's column "Toelichting intern" (ja/nee), which the import
leaves alone and says so."""

import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from plans.models import Status
from reporting.round_trip import import_rapportering
from reporting.rounds import close_round, open_round, round_rows
from reporting.workbook import build_workbook
from rounds.models import FrozenItem
from tests.factories import ActionFactory, ActionPlanFactory, edit_item

pytestmark = pytest.mark.django_db

INTERNAL = "De aannemer vraagt uitstel; nog niet voor de buitenwereld."
PUBLIC = "De werken zijn gestart."
HEADER = "Toelichting intern"


@pytest.fixture
def items(cel_user):
    action_plan = ActionPlanFactory(number="4", title="We vernieuwen het zwembad.")
    internal = ActionFactory(action_plan=action_plan, number="4.1", title="We kiezen een aannemer.")
    public = ActionFactory(action_plan=action_plan, number="4.2", title="We starten de werken.")
    round = open_round(plan=action_plan.plan, name="Rapportering juni", date=datetime.date(2026, 6, 30))
    edit_item(
        internal, by=cel_user, status=Status.IN_PROGRESS, explanation=INTERNAL, explanation_internal=True
    )
    edit_item(public, by=cel_user, status=Status.IN_PROGRESS, explanation=PUBLIC)
    return round, internal, public


def workbook(round) -> openpyxl.Workbook:
    output = io.BytesIO()
    build_workbook(round_rows(round), output)
    return openpyxl.load_workbook(io.BytesIO(output.getvalue()))


def column(sheet, header: str) -> int:
    return [cell.value for cell in next(sheet.iter_rows(max_row=1))].index(header)


def row_of(book, number: str):
    return next(row for row in book["Acties"].iter_rows(min_row=2) if row[2].value == number)


def test_closing_the_round_freezes_whether_each_toelichting_is_internal(items, cel_user):
    round, internal, public = items
    record = internal.history.first()
    assert record.explanation_internal and record.history_user == cel_user
    close_round(round)
    frozen = {row.item_id: row for row in FrozenItem.objects.filter(round=round, kind="actie")}
    assert (frozen[internal.pk].explanation, frozen[internal.pk].explanation_internal) == (INTERNAL, True)
    assert (frozen[public.pk].explanation, frozen[public.pk].explanation_internal) == (PUBLIC, False)
    # A later change of the live item does not change the frozen row.
    edit_item(internal, by=cel_user, explanation_internal=False)
    assert FrozenItem.objects.get(round=round, kind="actie", item_id=internal.pk).explanation_internal


def test_the_raad_still_reads_an_internal_toelichting_in_its_verslag(items, council_user):
    round, _internal, _public = items
    round = close_round(round)
    client = Client()
    client.force_login(council_user)
    plan = round.plan
    response = client.get(reverse("reporting:report", args=[plan.slug, round.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert INTERNAL in body and PUBLIC in body


@pytest.mark.parametrize("closed", [False, True])
def test_the_workbook_says_per_row_whether_the_toelichting_is_internal(items, closed):
    round, _internal, _public = items
    if closed:
        round = close_round(round)
    sheet = workbook(round)["Acties"]
    index = column(sheet, HEADER)
    assert column(sheet, "Toelichting") == index - 1
    shown = {row[2].value: row[index].value for row in sheet.iter_rows(min_row=2) if row[2].value}
    assert shown == {"4.1": "ja", "4.2": "nee"}
    assert (
        column(workbook(round)["Projecten"], HEADER)
        == column(workbook(round)["Projecten"], "Toelichting") + 1
    )


def test_the_import_leaves_the_column_alone_and_says_where_to_change_it(items, cel_user):
    round, internal, public = items
    book = workbook(round)
    index = column(book["Acties"], HEADER)
    row_of(book, "4.1")[index].value = "nee"
    row_of(book, "4.2")[index].value = "ja"
    row_of(book, "4.2")[4].value = "afgewerkt"
    output = io.BytesIO()
    book.save(output)
    data = output.getvalue()
    outcome = import_rapportering(
        io.BytesIO(data), size=len(data), filename="juni.xlsx", plan=round.plan, user=cel_user, dry_run=False
    )
    assert outcome.applied
    notes = {row.key: row.notes for row in outcome.rows}
    for number in ("4.1", "4.2"):
        assert any("Kolom Toelichting intern werd gewijzigd" in note for note in notes[number])
        assert any("op de statuspagina" in note for note in notes[number])
    internal.refresh_from_db()
    public.refresh_from_db()
    assert internal.explanation_internal and not public.explanation_internal
    assert public.status == Status.COMPLETED  # the rest of the row is taken
