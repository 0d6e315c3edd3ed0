"""Hostile uploads through the import page: refused in Dutch, quickly, without memory growth, and
without changing anything."""

import io
import os
import tracemalloc
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from demo.rounds import load_round
from reporting.rounds import round_rows
from reporting.workbook import build_workbook
from rounds.models import ReportingRound
from tests.helpers import database_state, uploaded
from uploads.models import PendingImport, UploadState

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    '<c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
)


@pytest.fixture
def workbook_bytes(plan, users) -> bytes:
    load_round(plan, by=users["cel"])
    output = io.BytesIO()
    build_workbook(round_rows(ReportingRound.objects.get(plan=plan)), output)
    return output.getvalue()


def with_sheet(data: bytes, xml: str) -> bytes:
    """The workbook with its first sheet's XML replaced."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            content = source.read(entry)
            archive.writestr(entry, xml if entry.filename == "xl/worksheets/sheet1.xml" else content)
    return target.getvalue()


def upload(plan, users, data: bytes, name: str = "rapportering.xlsx"):
    client = Client()
    client.force_login(users["cel"])
    file = io.BytesIO(data)
    file.name = name
    return uploaded(client, reverse("reporting:upload", args=[plan.slug]), {"file": file})


def refused(plan, users, data: bytes, message: str, name: str = "rapportering.xlsx") -> None:
    before = database_state()
    response = upload(plan, users, data, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert database_state() == before
    # The refusal is kept for the upload's page, the file is not.
    kept = [(state, bytes(data)) for state, data in PendingImport.objects.values_list("state", "data")]
    assert kept in ([], [(UploadState.REFUSED, b"")])


def test_a_small_file_that_inflates_to_200_mb_is_refused_without_memory_growth(plan, users):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    data = bomb.getvalue()
    assert len(data) < 250 * 1024
    tracemalloc.start()
    refused(plan, users, data, "pakt uit tot meer dan 100 MB")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # and how fast: make bench


@pytest.mark.parametrize(
    ("xml", "what"), [(BILLION_LAUGHS, "entity expansion"), (EXTERNAL_ENTITY, "external entity")]
)
def test_xml_bombs_and_external_entities_are_refused(plan, users, workbook_bytes, xml, what):
    refused(plan, users, with_sheet(workbook_bytes, xml), "kan niet gelezen worden")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (os.urandom(4096), "rapportering.xlsx", "Dit is geen Excel-bestand (.xlsx)"),
        (b"\xd0\xcf\x11\xe0" + os.urandom(2048), "rapportering.xls", "Kies een Excel-werkmap (.xlsx)"),
        (b"PK\x03\x04", "rapportering.xlsm", "Kies een Excel-werkmap (.xlsx)"),
        (b"", "rapportering.xlsx", "Het bestand is leeg"),
        (b"x" * (10 * 1024 * 1024 + 1), "rapportering.xlsx", "groter dan 10 MB"),
    ],
    ids=["random bytes", "old .xls", ".xlsm", "empty", "over 10 MB"],
)
def test_bad_files_are_refused_in_dutch(plan, users, data, name, message):
    refused(plan, users, data, message, name)
