"""An upload is parsed in a process of its own under a limit of CPU time and memory
(uploads/confined.py): a file the scan lets through but that costs too much to parse is refused in
Dutch, the worker lives on, and nothing changes."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import progress
from plans.models import PolicyField
from tests.helpers import database_state, uploaded
from tests.zips import sheet, workbook
from uploads import reading
from uploads.confined import ParseFailed, parsed
from uploads.models import PendingImport, UploadState
from uploads.reading import UploadRefused

TOO_HEAVY = "Het bestand vraagt te veel rekentijd of geheugen om te lezen (meer dan 2 seconden of 200 MB)."


@pytest.fixture(autouse=True)
def apart(settings):
    settings.PARSE_APART = True
    settings.PARSE_CPU_SECONDS, settings.PARSE_MEMORY_MB = 2, 200


def spin():
    while True:
        pass


def hog() -> bytes:
    return b"x" * (400 * 1024 * 1024)


def refuse():
    raise UploadRefused("Het tabblad “Acties” ontbreekt.")


def crash():
    raise ValueError("een fout in de code")


def test_what_the_parse_returns_comes_back():
    assert parsed(lambda rows: {"rijen": rows}, [1, 2]) == {"rijen": [1, 2]}


def test_a_parse_that_computes_too_long_is_refused_and_the_worker_lives_on():
    with pytest.raises(UploadRefused, match=r"te veel rekentijd of geheugen") as refused:
        parsed(spin)
    assert str(refused.value).startswith(TOO_HEAVY)
    assert parsed(lambda: "nog in leven") == "nog in leven"


def test_a_parse_that_takes_too_much_memory_is_refused():
    with pytest.raises(UploadRefused) as refused:
        parsed(hog)
    assert str(refused.value).startswith(TOO_HEAVY)


def test_memory_running_out_while_openpyxl_opens_the_file_is_too_heavy_not_damaged(monkeypatch):
    monkeypatch.setattr(reading, "load_workbook", lambda *args, **kwargs: hog())
    data = workbook(sheet(b""), tab="Beleidsvelden")
    with pytest.raises(UploadRefused) as refused:
        parsed(reading.open_workbook, io.BytesIO(data), len(data))
    assert str(refused.value).startswith(TOO_HEAVY)


def test_a_result_that_cannot_come_back_is_a_crash_not_a_heavy_file():
    with pytest.raises(ParseFailed, match="pickle"):
        parsed(lambda: lambda: "een functie reist niet tussen processen")


def test_the_parse_hands_its_last_count_over_to_the_work_that_goes_on(tmp_path):
    def read_rows():
        progress.step("Wordt gelezen", 2)
        progress.advance(2)
        return "gelezen"

    with (tmp_path / "terminal").open("w") as terminal, progress.followed(terminal=terminal):
        assert parsed(read_rows) == "gelezen"
        progress.step("Wordt gecontroleerd", 1)
    shown = (tmp_path / "terminal").read_bytes().decode()
    assert "Wordt gelezen: 2 van 2 rijen\x1b[K\n\rWordt gecontroleerd: 0 van 1 rijen" in shown


def test_the_files_own_refusal_and_a_crash_come_back_as_they_were():
    with pytest.raises(UploadRefused, match=r"Het tabblad “Acties” ontbreekt\."):
        parsed(refuse)
    with pytest.raises(ParseFailed, match="ValueError: een fout in de code"):
        parsed(crash)


@pytest.mark.django_db
def test_an_honest_file_is_read_apart_as_before(client, admin_user):
    client.force_login(admin_user)
    book = openpyxl.Workbook()
    book.active.append(["code", "naam"])
    book.active.append(["0119", "Overige algemene diensten"])
    data = io.BytesIO()
    book.save(data)
    file = SimpleUploadedFile("beleidsvelden.xlsx", data.getvalue())
    page = uploaded(client, reverse("reporting:policy_fields"), {"file": file})
    assert "Voorbeeld van beleidsvelden.xlsx" in page.content.decode() and "0119" in page.content.decode()


@pytest.mark.django_db
def test_a_workbook_the_scan_lets_through_but_too_heavy_to_parse_is_refused_and_changes_nothing(
    client, admin_user
):
    """Cells of a thousand bits of formatted text each: a few thousand cells and a few megabytes, under
    every limit of the scan, but minutes of openpyxl's time."""
    client.force_login(admin_user)
    header = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>naam</t></is></c></row>'
    )
    cell = b'<c t="inlineStr"><is>' + b"<r><t>x</t></r>" * 1000 + b"</is></c>"
    rows = b"".join(b'<row r="%d">%s</row>' % (number, cell * 2) for number in range(2, 1002))
    data = workbook(sheet(header + rows), tab="Beleidsvelden")
    before = database_state()
    page = uploaded(
        client, reverse("reporting:policy_fields"), {"file": SimpleUploadedFile("velden.xlsx", data)}
    )
    text = page.content.decode()
    assert "Er is niets ingelezen." in text and TOO_HEAVY in text
    assert PendingImport.objects.get().state == UploadState.REFUSED
    assert not PolicyField.objects.exists()
    assert database_state() == before  # the refused upload keeps only its reason
