"""Reading an uploaded workbook safely: refused with a reason, before openpyxl parses any XML, when it
is not a reasonable .xlsx (size, not a zip, not a workbook, macros, a zip bomb, more rows, cells or
texts than any plan has: ``uploads/sheet_scan``); then opened read-only, with the checks every
importer shares (merged cells, too many rows) and its cells as the user saw them.
"""

import datetime
import re
import zipfile
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from uploads import sheet_scan
from uploads.inflating import Damaged, Oversized, inflated_parts
from uploads.sheet_scan import DAMAGED, MAX_ROWS, TOO_MANY_ROWS

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_INDEX_BYTES = 5 * 1024 * 1024  # xl/workbook.xml and its relations: the list of tabs
UNPACKS_TOO_BIG = gettext_lazy(
    "Het bestand pakt uit tot meer dan 100 MB: zo groot is geen plan of rapportering. Het wordt geweigerd."
)

# Characters nobody sees: bidirectional overrides, zero-width marks, control characters (but tab and
# line breaks).
INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)
INVISIBLE_REMOVED = gettext_lazy(
    "Kolom %(column)s: onzichtbare tekens (zoals codes voor de tekstrichting) werden verwijderd."
)


class UploadRefused(Exception):
    """The whole file is refused; the message says why and what to do."""


def check_container(file: IO[bytes], size: int) -> None:
    """Refuse what is not a reasonable .xlsx before any XML is parsed."""
    if size == 0:
        raise UploadRefused(_("Het bestand is leeg. Kies het ingevulde Excel-bestand (.xlsx)."))
    if size > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            _(
                "Het bestand is groter dan 10 MB. Laad enkel het Excel-bestand op, zonder bijlagen of "
                "afbeeldingen."
            )
        )
    file.seek(0)
    if not zipfile.is_zipfile(file):
        raise UploadRefused(
            _(
                "Dit is geen Excel-bestand (.xlsx). Bewaar het in Excel of LibreOffice als "
                "“Excel-werkmap (.xlsx)” "
                "en probeer opnieuw."
            )
        )
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
            raise UploadRefused(str(UNPACKS_TOO_BIG))
        if "xl/workbook.xml" not in names:
            raise UploadRefused(
                _("Dit is geen Excel-werkmap (.xlsx). Bewaar het als “Excel-werkmap (.xlsx)”.")
            )
        if "xl/vbaProject.bin" in names:
            raise UploadRefused(
                _("Het bestand bevat macro's (.xlsm). Bewaar het als gewone Excel-werkmap (.xlsx).")
            )
    _scan(file)
    file.seek(0)


def _scan(file: IO[bytes]) -> None:
    """Inflate every part ourselves, counting its real size (not the declared one), its rows, cells
    and texts; refuse at the first limit passed."""
    try:
        index = {
            name: b"".join(chunks)
            for name, chunks in inflated_parts(file, MAX_INDEX_BYTES)
            if name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
        }
        counter = sheet_scan.Counter(
            sheet_scan.tab_names(
                index.get("xl/workbook.xml", b""), index.get("xl/_rels/workbook.xml.rels", b"")
            )
        )
        for name, chunks in inflated_parts(file, MAX_UNPACKED_BYTES):
            counter.part(name, chunks)
    except Oversized as error:
        raise UploadRefused(str(UNPACKS_TOO_BIG)) from error
    except (Damaged, zipfile.BadZipFile) as error:
        raise UploadRefused(str(DAMAGED)) from error
    except sheet_scan.Refused as error:
        raise UploadRefused(str(error)) from error


def cell_text(value) -> str:
    """A cell's value as the user saw it, as text, trimmed: a whole number typed as 120.0 is "120", a
    date is 18/12/2017 (not 2017-12-18 00:00:00), invisible characters are gone."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an actieplan number typed as a number: 120.0 is 120
    elif isinstance(value, datetime.datetime):
        value = value.strftime("%d/%m/%Y" if value.time() == datetime.time() else "%d/%m/%Y %H:%M")
    elif isinstance(value, datetime.date):
        value = value.strftime("%d/%m/%Y")
    elif isinstance(value, datetime.time):
        value = value.strftime("%H:%M")
    return "" if value is None else INVISIBLE.sub("", str(value)).strip()


def has_invisible(value) -> bool:
    return isinstance(value, str) and bool(INVISIBLE.search(value))


def open_workbook(file: IO[bytes], size: int):
    """The uploaded workbook, read-only, once its container passed the checks; or UploadRefused."""
    check_container(file, size)
    try:
        return load_workbook(file, read_only=True, data_only=False)
    except MemoryError:
        raise  # the file is too heavy, not damaged: uploads/confined says so
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise UploadRefused(str(DAMAGED)) from error


_MERGED = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
MERGED_CELLS = gettext_lazy(
    "Tabblad %(sheet)s: de cellen %(ranges)s zijn samengevoegd, dus is niet zeker welke rij of kolom ze "
    "bedoelen. Maak het samenvoegen ongedaan en laad het bestand opnieuw op."
)


def refuse_merged(sheet, sheet_name: str) -> None:
    """Refuse a tab with merged cells, naming their ranges. The sheet's XML is scanned as bytes, in
    chunks: read-only mode does not read merged cells, and this costs no second XML parse."""
    ranges, tail = [], b""
    with sheet._get_source() as source:  # openpyxl's own handle on the tab's XML in the archive
        while chunk := source.read(1 << 20):
            block = tail + chunk
            ranges += [match.decode() for match in _MERGED.findall(block)]
            tail = block[-200:]  # a tag cut in two by the chunks is found whole in the next block
    ranges = list(dict.fromkeys(ranges))  # the overlap finds some twice
    if ranges:
        shown = ", ".join(ranges[:5]) + (" …" if len(ranges) > 5 else "")
        raise UploadRefused(MERGED_CELLS % {"sheet": sheet_name, "ranges": shown})


def rows_below_header(sheets) -> int | None:
    """How many rows the tabs hold under their header, as their dimension declares (None if one
    declares none: it is known only once read)."""
    declared = [sheet.max_row for sheet in sheets]
    if any(rows is None for rows in declared):
        return None
    return sum(max(0, rows - 1) for rows in declared)


def refuse_oversized(sheet, sheet_name: str) -> None:
    """Refuse a tab that declares more rows than any plan has, before a single row is parsed."""
    if (sheet.max_row or 0) > MAX_ROWS + 1:
        raise UploadRefused(TOO_MANY_ROWS % {"sheet": sheet_name, "max": MAX_ROWS})
