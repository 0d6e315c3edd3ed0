"""Reading an uploaded rapportering workbook safely, into plain rows, or refusing it with a reason.

Checked before openpyxl opens anything: size, that it is a zip holding a workbook (not .xls, .xlsm
or random bytes) and that it does not unpack to something huge (a zip bomb). Then each sheet is
streamed (read-only mode) and every refusal names the sheet, the row and the column.
"""

import datetime
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook

from plans.models import EXPLANATION_MAX_LENGTH, ItemKind
from reporting.columns import IMPORTED_SHEETS, KEY, PARENT_KEY, SEEN, compared, read_back
from reporting.indicator_tab import TAB as INDICATOR_TAB

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_ROWS = 50_000
TOO_MANY_ROWS = gettext_lazy(
    "Tabblad %(sheet)s heeft meer dan %(max)d rijen; zo groot is geen plan of rapportering. Verwijder de "
    "lege rijen onderaan of splits het bestand."
)

# The columns the import reads, per sheet (``reporting/columns.py``); others are left alone, and
# those that show the item's own data are read only to say, in the preview, that a change is ignored.
SHEETS = {sheet: read_back(columns) for sheet, columns in IMPORTED_SHEETS.items()}
COMPARED = {
    sheet: [column.header for column in compared(columns)] for sheet, columns in IMPORTED_SHEETS.items()
}
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


@dataclass
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Tabblad %(sheet)s, rij %(row)d, kolom %(column)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class UploadRow:
    sheet: str
    row: int
    kind: str  # actieplan, actie, project
    key: str  # the number, or the project's name
    status: str  # the Dutch label as written
    explanation: str
    seen: str = ""  # the hidden "Controle" token: what the row showed when exported
    shown: dict[str, str] = field(default_factory=dict)  # read-only columns with the item's data, by header
    notes: list[str] = field(default_factory=list)  # what reading changed, for the preview


@dataclass
class Upload:
    rows: list[UploadRow] = field(default_factory=list)
    indicator_rows: list = field(default_factory=list)  # reporting.indicator_import.IndicatorRow
    errors: list[CellError] = field(default_factory=list)


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
            raise UploadRefused(
                _(
                    "Het bestand pakt uit tot meer dan 100 MB: zo groot is geen plan of rapportering. Het "
                    "wordt geweigerd."
                )
            )
        if "xl/workbook.xml" not in names:
            raise UploadRefused(
                _("Dit is geen Excel-werkmap (.xlsx). Bewaar het als “Excel-werkmap (.xlsx)”.")
            )
        if "xl/vbaProject.bin" in names:
            raise UploadRefused(
                _("Het bestand bevat macro's (.xlsm). Bewaar het als gewone Excel-werkmap (.xlsx).")
            )
    file.seek(0)


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
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise UploadRefused(
            _("Het bestand kan niet gelezen worden als Excel-werkmap: het is beschadigd.")
        ) from error


def read_upload(file: IO[bytes], size: int) -> Upload:
    """The status and toelichting rows of both sheets, or per-cell errors.

    Raises UploadRefused when the whole file is refused.
    """
    book = open_workbook(file, size)
    upload = Upload()
    try:
        for sheet_name, columns in SHEETS.items():
            if sheet_name not in book.sheetnames:
                raise UploadRefused(
                    _(
                        "Het tabblad “%(sheet)s” ontbreekt. Vertrek van de Excel die u uit deze toepassing "
                        "downloadde."
                    )
                    % {"sheet": sheet_name}
                )
            _read_sheet(book[sheet_name], sheet_name, columns, upload)
        if INDICATOR_TAB in book.sheetnames:  # only when the round reported indicators
            _read_indicator_sheet(book[INDICATOR_TAB], upload)
    finally:
        book.close()
    return upload


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


def refuse_oversized(sheet, sheet_name: str) -> None:
    """Refuse a tab that declares more rows than any plan has, before a single row is parsed."""
    if (sheet.max_row or 0) > MAX_ROWS + 1:
        raise UploadRefused(TOO_MANY_ROWS % {"sheet": sheet_name, "max": MAX_ROWS})


def _read_sheet(sheet, sheet_name: str, columns: dict[str, str], upload: Upload) -> None:
    refuse_oversized(sheet, sheet_name)
    refuse_merged(sheet, sheet_name)
    rows = sheet.iter_rows()
    header = [cell_text(cell.value) for cell in next(rows, [])]
    positions = {}
    for name, heading in columns.items():
        if heading not in header:
            raise UploadRefused(
                _(
                    "Tabblad %(sheet)s: de kolom “%(column)s” ontbreekt of werd hernoemd. Zet de kopregel "
                    "terug zoals "
                    "in de Excel die u uit deze toepassing downloadde."
                )
                % {"sheet": sheet_name, "column": heading}
            )
        positions[name] = header.index(heading)
    shown_positions = {
        heading: header.index(heading) for heading in COMPARED[sheet_name] if heading in header
    }
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise UploadRefused(TOO_MANY_ROWS % {"sheet": sheet_name, "max": MAX_ROWS})
        values = {name: cells[index] if index < len(cells) else None for name, index in positions.items()}
        row = _read_row(sheet_name, number, columns, values, upload)
        if row is None:
            continue
        row.shown = {
            heading: cell_text(cells[index].value) if index < len(cells) else ""
            for heading, index in shown_positions.items()
        }
        identity = f"{row.kind}:{row.key}"
        if identity in seen:
            upload.errors.append(
                CellError(
                    sheet_name,
                    number,
                    columns["key"],
                    _("%(key)s staat ook al op rij %(row)d. Laat elk item maar één keer staan.")
                    % {"key": row.key, "row": seen[identity]},
                )
            )
            continue
        seen[identity] = number
        upload.rows.append(row)


def _read_indicator_sheet(sheet, upload: Upload) -> None:
    """The rows of the Indicatoren tab: Id, Waarde, Toelichting and the hidden check, as read; a
    formula is refused naming its cell. Whether a value fits its indicator is checked on import."""
    from reporting.indicator_import import HEADERS, NAME_HEADER, read_row

    refuse_oversized(sheet, INDICATOR_TAB)
    refuse_merged(sheet, INDICATOR_TAB)
    rows = sheet.iter_rows()
    header = [cell_text(cell.value) for cell in next(rows, [])]
    wanted = {**HEADERS, "name": NAME_HEADER}
    for heading in HEADERS.values():
        if heading not in header:
            raise UploadRefused(
                _(
                    "Tabblad %(sheet)s: de kolom “%(column)s” ontbreekt of werd hernoemd. Zet de kopregel "
                    "terug zoals in de Excel die u uit deze toepassing downloadde."
                )
                % {"sheet": INDICATOR_TAB, "column": heading}
            )
    positions = {name: header.index(heading) for name, heading in wanted.items() if heading in header}
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise UploadRefused(TOO_MANY_ROWS % {"sheet": INDICATOR_TAB, "max": MAX_ROWS})
        found = {name: cells[index] if index < len(cells) else None for name, index in positions.items()}
        formulas = [name for name, cell in found.items() if cell is not None and cell.data_type == "f"]
        if formulas:
            upload.errors.extend(
                CellError(
                    INDICATOR_TAB,
                    number,
                    wanted[name],
                    _("Bevat een formule. Typ de waarde zelf in; formules worden niet ingelezen."),
                )
                for name in formulas
            )
            continue
        row = read_row(number, found)
        if row is not None:
            upload.indicator_rows.append(row)


def _read_row(sheet_name, number, columns, cells, upload) -> UploadRow | None:
    errors = []
    for name, cell in cells.items():
        if cell is not None and cell.data_type == "f":
            errors.append(
                CellError(
                    sheet_name,
                    number,
                    columns[name],
                    _("Bevat een formule. Typ de waarde zelf in; formules worden niet ingelezen."),
                )
            )
    key_cell = cells["key"]
    if key_cell is not None and isinstance(key_cell.value, int | float) and sheet_name == "Acties":
        errors.append(
            CellError(
                sheet_name,
                number,
                columns["key"],
                _(
                    "Het actienummer %(value)s is een getal geworden (zo wordt 10.10 tot 10.1). Zet de kolom "
                    "op tekst en "
                    "typ het nummer opnieuw."
                )
                % {"value": key_cell.value},
            )
        )
    explanation = cell_text(cells["explanation"].value if cells["explanation"] is not None else None)
    if len(explanation) > EXPLANATION_MAX_LENGTH:
        errors.append(
            CellError(
                sheet_name,
                number,
                columns["explanation"],
                ngettext(
                    "De toelichting is %(length)d teken lang; het maximum is %(max)d. Kort ze in.",
                    "De toelichting is %(length)d tekens lang; het maximum is %(max)d. Kort ze in.",
                    len(explanation),
                )
                % {"length": len(explanation), "max": EXPLANATION_MAX_LENGTH},
            )
        )
    if errors:
        upload.errors.extend(errors)
        return None
    values = {name: cell_text(cell.value if cell is not None else None) for name, cell in cells.items()}
    if not any(values.values()):
        return None  # an empty row (LibreOffice may add many)
    if PARENT_KEY not in values:
        kind, key = ItemKind.PROJECT, values[KEY]
    else:  # the Acties tab: an actieplan's own row leaves the Actie column empty
        kind = ItemKind.ACTION if values[KEY] else ItemKind.ACTION_PLAN
        key = values[KEY] or values[PARENT_KEY]
    notes = [
        str(INVISIBLE_REMOVED % {"column": columns[name]})
        for name, cell in cells.items()
        if cell is not None and has_invisible(cell.value)
    ]
    return UploadRow(sheet_name, number, kind, key, values["status"], explanation, values[SEEN], notes=notes)
