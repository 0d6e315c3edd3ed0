"""Reading an uploaded rapportering workbook safely, into plain rows, or refusing it with a reason.

Checked before openpyxl opens anything: size, that it is a zip holding a workbook (not .xls, .xlsm
or random bytes) and that it does not unpack to something huge (a zip bomb). Then each sheet is
streamed (read-only mode) and every refusal names the sheet, the row and the column.
"""

import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from plans.models import EXPLANATION_MAX_LENGTH, ItemKind
from reporting.columns import IMPORTED_SHEETS, KEY, PARENT_KEY, SEEN, read_back

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_ROWS = 50_000

# The columns the import reads, per sheet (``reporting/columns.py``); others are left alone.
SHEETS = {sheet: read_back(columns) for sheet, columns in IMPORTED_SHEETS.items()}


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


@dataclass
class Upload:
    rows: list[UploadRow] = field(default_factory=list)
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
    """A cell's value as text, trimmed; a whole number typed as 120.0 is "120"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an actieplan number typed as a number: 120.0 is 120
    return "" if value is None else str(value).strip()


def read_upload(file: IO[bytes], size: int) -> Upload:
    """The status and toelichting rows of both sheets, or per-cell errors.

    Raises UploadRefused when the whole file is refused.
    """
    check_container(file, size)
    try:
        book = load_workbook(file, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise UploadRefused(
            _("Het bestand kan niet gelezen worden als Excel-werkmap: het is beschadigd.")
        ) from error
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
    finally:
        book.close()
    return upload


def _read_sheet(sheet, sheet_name: str, columns: dict[str, str], upload: Upload) -> None:
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
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise UploadRefused(
                _(
                    "Tabblad %(sheet)s heeft meer dan %(max)d rijen; zo groot is geen plan of rapportering. "
                    "Verwijder de lege rijen onderaan of splits het bestand."
                )
                % {"sheet": sheet_name, "max": MAX_ROWS}
            )
        values = {name: cells[index] if index < len(cells) else None for name, index in positions.items()}
        row = _read_row(sheet_name, number, columns, values, upload)
        if row is None:
            continue
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


def _read_row(sheet_name, number, columns, cells, upload) -> UploadRow | None:
    errors = []
    for name, cell in cells.items():
        if cell is not None and cell.data_type == "f":
            errors.append(
                CellError(
                    sheet_name,
                    number,
                    columns[name],
                    _("bevat een formule. Typ de waarde zelf in; formules worden niet ingelezen."),
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
                    "het actienummer %(value)s is een getal geworden (zo wordt 10.10 tot 10.1). Zet de kolom "
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
                _("de toelichting is %(length)d tekens lang; het maximum is %(max)d. Kort ze in.")
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
    return UploadRow(sheet_name, number, kind, key, values["status"], explanation, values[SEEN])
