"""Crafted workbooks are refused in Dutch before openpyxl opens them: a few hundred kilobytes that
hold millions of rows, cells or texts, a cell far away, a part that lies about its size."""

import io

import pytest

from tests.zips import declaring, sheet, workbook, zipped
from uploads import reading, sheet_scan
from uploads.reading import UploadRefused, open_workbook
from uploads.sheet_scan import MAX_ROWS, MAX_SHARED_STRINGS


@pytest.fixture(autouse=True)
def openpyxl_never_opens(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file the scan should have refused")

    monkeypatch.setattr(reading, "load_workbook", refuse)


def refusal(data: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        open_workbook(io.BytesIO(data), len(data))
    return str(refused.value)


def test_millions_of_empty_rows_without_a_dimension():
    data = workbook(sheet(b"<row/>" * 3_000_000))
    assert len(data) < 200 * 1024
    assert refusal(data).startswith(f"Tabblad Acties heeft meer dan {MAX_ROWS} rijen")


def test_one_row_numbered_past_the_limit():
    assert "heeft meer dan" in refusal(workbook(sheet(b'<row r="900000"><c r="A900000"/></row>')))


def test_a_cell_far_to_the_right_on_many_rows():
    rows = b'<row r="1"><c r="XFD1"/></row><row r="40000"><c r="A40000"/></row>'
    message = refusal(workbook(sheet(rows), tab="Projecten & acties"))
    assert message.startswith("Tabblad Projecten & acties loopt tot cel XFD40000: meer dan 2.000.000 cellen")
    assert "Verwijder de lege kolommen rechts" in message


def test_a_declared_dimension_that_openpyxl_would_pad_to():
    dimension = b'<dimension ref="A1:XFD45000"/>'
    assert "loopt tot cel XFD45000" in refusal(workbook(sheet(b'<row r="1"><c r="A1"/></row>', dimension)))


def test_more_cells_in_one_row_than_the_limit(monkeypatch):
    monkeypatch.setattr(sheet_scan, "MAX_CELLS", 10_000)  # the same rule as 2,000,000, faster
    cells = b"<c/>" * 10_001
    assert "meer dan 10.000 cellen" in refusal(workbook(sheet(b"<row>" + cells + b"</row>")))


def test_more_shared_strings_than_the_limit(monkeypatch):
    assert MAX_SHARED_STRINGS == 500_000
    monkeypatch.setattr(sheet_scan, "MAX_SHARED_STRINGS", 10_000)
    strings = b"<sst>" + b"<si><t>x</t></si>" * 10_001 + b"</sst>"
    message = refusal(workbook(sheet(b""), **{"xl/sharedStrings.xml": strings}))
    assert message.startswith("Het bestand bevat meer dan 10.000 verschillende teksten")


def test_a_sheet_stored_under_another_name_is_counted_too():
    data = workbook(sheet(b"<x:row/>" * (MAX_ROWS + 2)), sheet_path="verstopt/blad.xml", tab="Verstopt")
    assert "Tabblad Verstopt heeft meer dan" in refusal(data)


def test_a_part_that_inflates_past_what_it_declares_is_stopped_at_the_real_size():
    bomb = zipped({"xl/workbook.xml": b"<workbook/>", "xl/media/leeg.bin": b"\0" * (101 * 1024 * 1024)})
    assert "pakt uit tot meer dan 100 MB" in refusal(declaring(bomb, "xl/media/leeg.bin", 1000))


def test_a_part_that_inflates_to_another_size_than_it_declares_is_damaged():
    data = declaring(workbook(sheet(b"<row/>")), "xl/worksheets/sheet1.xml", 10)
    assert "beschadigd" in refusal(data)


def test_a_tag_of_megabytes_is_damaged():
    assert "beschadigd" in refusal(workbook(sheet(b'<row r="1" x="' + b"a" * (3 << 20))))


def test_a_large_honest_sheet_passes_the_scan(monkeypatch):
    rows = b"".join(b'<row r="%d"><c r="A%d"/><c r="T%d"/></row>' % (n, n, n) for n in range(1, 20_001))
    opened = []
    monkeypatch.setattr(reading, "load_workbook", lambda *args, **kwargs: opened.append(True))
    data = workbook(sheet(rows, b'<dimension ref="A1:T20000"/>'))
    open_workbook(io.BytesIO(data), len(data))
    assert opened == [True]
