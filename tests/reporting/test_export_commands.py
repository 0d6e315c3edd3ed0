"""The command line and the web give the same output of a round (reporting/rendering.py): a BBC round's
BBC report, a classic round's workbook and verslag; the same bytes where the output is deterministic
(a Word or PDF verslag, at one moment), the same sheets and cells for a workbook (openpyxl stamps the
moment it saves). A file the command cannot write is refused, and nothing is written."""

import datetime
import io
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from core import clock
from demo.rounds import load_bbc_demo, load_round
from outputs.models import OutputKind
from reporting.bbc_reports import build_bbc_report
from reporting.bbc_workbook import bbc_tabs
from reporting.rounds import close_round
from reporting.views.export_jobs import URL_NAMES
from rounds.models import ReportingRound, RoundKind

pytestmark = pytest.mark.django_db

COMMANDS = {
    OutputKind.WORKBOOK: "export_rapportering",
    OutputKind.DOCX: "export_verslag",
    OutputKind.PDF: "export_verslag",
}
MOMENT = datetime.datetime(2026, 9, 15, 10, tzinfo=datetime.UTC)  # an open round's verslag is dated now


@pytest.fixture
def bbc_round(users) -> ReportingRound:
    """The demo's opvolgingsrapportering of Voorbeeldgemeente, open."""
    plan, _report = load_bbc_demo(by=users["vg-cel"])
    return ReportingRound.objects.select_related("plan").get(plan=plan, kind=RoundKind.FOLLOW_UP)


@pytest.fixture
def classic_round(plan, users) -> ReportingRound:
    """The demo's rapportering of December 2017, closed."""
    load_round(plan, by=users["cel"])
    return ReportingRound.objects.select_related("plan").get(plan=plan)


def from_the_web(client, user, round: ReportingRound, kind: str, entity: str = "") -> bytes:
    client.force_login(user)
    url = reverse(URL_NAMES[kind], args=[round.plan.slug, round.pk])
    response = client.get(url, {"entiteit": entity} if entity else {})
    assert response.status_code == 200
    return response.getvalue()


def from_the_command(round: ReportingRound, kind: str, path: Path, *extra: str) -> bytes:
    arguments = ["--plan", round.plan.slug, "--round", str(round.pk), "-o", str(path), *extra]
    call_command(COMMANDS[kind], *arguments, stdout=io.StringIO())
    return path.read_bytes()


def cells(data: bytes) -> list[tuple[str, list[tuple]]]:
    workbook = openpyxl.load_workbook(BytesIO(data), read_only=True)
    return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in workbook.worksheets]


def test_export_rapportering_writes_a_bbc_round_s_bbc_workbook_as_the_web_does(
    client, users, bbc_round, tmp_path
):
    web = from_the_web(client, users["vg-raad"], bbc_round, OutputKind.WORKBOOK)
    command = from_the_command(bbc_round, OutputKind.WORKBOOK, tmp_path / "opvolging.xlsx")
    assert cells(command) == cells(web)
    bbc_sheets = [title for title, _columns, _rows in bbc_tabs(build_bbc_report(bbc_round))]
    assert [title for title, _rows in cells(command)] == bbc_sheets


@pytest.mark.parametrize("kind", [OutputKind.DOCX, OutputKind.PDF])
def test_export_verslag_writes_a_bbc_round_s_bbc_report_with_the_web_s_bytes(
    client, users, bbc_round, tmp_path, kind
):
    with clock.dated(MOMENT):
        web = from_the_web(client, users["vg-raad"], bbc_round, kind)
        command = from_the_command(bbc_round, kind, tmp_path / f"opvolging.{kind}")
    assert command == web


def test_a_closed_bbc_round_s_outputs_from_the_command_are_the_stored_ones_of_the_web(
    client, users, bbc_round, tmp_path
):
    close_round(bbc_round, by=users["vg-cel"])
    for kind in (OutputKind.DOCX, OutputKind.PDF):
        web = from_the_web(client, users["vg-raad"], bbc_round, kind)
        assert from_the_command(bbc_round, kind, tmp_path / f"opvolging.{kind}") == web
    web = from_the_web(client, users["vg-raad"], bbc_round, OutputKind.WORKBOOK)  # stored when it closed
    assert cells(from_the_command(bbc_round, OutputKind.WORKBOOK, tmp_path / "opvolging.xlsx")) == cells(web)


def test_the_command_writes_one_entity_s_bbc_output_as_the_web_does(client, users, bbc_round, tmp_path):
    entity = "OCMW Voorbeeldgemeente"
    web = from_the_web(client, users["vg-raad"], bbc_round, OutputKind.WORKBOOK, entity)
    path = tmp_path / "ocmw.xlsx"
    command = from_the_command(bbc_round, OutputKind.WORKBOOK, path, "--entiteit", entity)
    assert cells(command) == cells(web)
    everyone = from_the_command(bbc_round, OutputKind.WORKBOOK, tmp_path / "alle.xlsx")
    assert cells(command) != cells(everyone)


@pytest.mark.parametrize("kind", [OutputKind.DOCX, OutputKind.PDF])
def test_export_verslag_writes_a_classic_round_s_verslag_with_the_web_s_bytes(
    client, users, classic_round, tmp_path, kind
):
    web = from_the_web(client, users["raad"], classic_round, kind)
    assert from_the_command(classic_round, kind, tmp_path / f"verslag.{kind}") == web


def test_export_rapportering_writes_a_classic_round_s_workbook_as_the_web_does(
    client, users, classic_round, tmp_path
):
    web = from_the_web(client, users["raad"], classic_round, OutputKind.WORKBOOK)
    command = from_the_command(classic_round, OutputKind.WORKBOOK, tmp_path / "rapportering.xlsx")
    assert cells(command) == cells(web)
    assert [title for title, _rows in cells(command)][:3] == ["Overzicht raad", "Projecten", "Acties"]


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("export_rapportering", "rapportering.pdf"),
        ("export_rapportering", "rapportering"),
        ("export_verslag", "verslag.xlsx"),
        ("export_verslag", "verslag.odt"),
    ],
)
def test_a_command_refuses_a_format_it_does_not_write_and_writes_nothing(
    classic_round, tmp_path, command, name
):
    path = tmp_path / name
    with pytest.raises(CommandError, match=r"Onbekend formaat .*: geef een bestand dat eindigt op"):
        call_command(command, "--plan", classic_round.plan.slug, "-o", str(path))
    assert not path.exists()


def test_a_command_refuses_an_entity_for_a_classic_round_and_writes_nothing(classic_round, tmp_path):
    path = tmp_path / "verslag.docx"
    arguments = ["--plan", classic_round.plan.slug, "--entiteit", "OCMW", "-o", str(path)]
    with pytest.raises(CommandError, match="niet per entiteit"):
        call_command("export_verslag", *arguments)
    assert not path.exists()


def test_a_command_refuses_an_entity_the_bbc_round_does_not_know_and_names_those_it_does(bbc_round, tmp_path):
    path = tmp_path / "opvolging.xlsx"
    arguments = ["--plan", bbc_round.plan.slug, "--entiteit", "AGB", "-o", str(path)]
    with pytest.raises(CommandError, match="kent geen entiteit “AGB”; wel: Gemeente Voorbeeldgemeente, OCMW"):
        call_command("export_rapportering", *arguments)
    assert not path.exists()
