"""Reading an uploaded rapportering workbook safely, into plain rows, or refusing it with a reason.

The file is checked and opened by ``uploads.reading`` (size, zip bomb, macros, before any XML is
parsed); then each sheet is streamed (read-only mode) and every refusal names the sheet, the row and
the column.
"""

from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import progress
from plans.models import EXPLANATION_MAX_LENGTH, ItemKind
from reporting.columns import IMPORTED_SHEETS, KEY, PARENT_KEY, SEEN, compared, read_back
from reporting.indicator_tab import TAB as INDICATOR_TAB
from uploads.reading import (
    INVISIBLE_REMOVED,
    MAX_ROWS,
    TOO_MANY_ROWS,
    UploadRefused,
    cell_text,
    has_invisible,
    open_workbook,
    refuse_merged,
    refuse_oversized,
    rows_below_header,
)

# The columns the import reads, per sheet (``reporting/columns.py``); others are left alone, and
# those that show the item's own data are read only to say, in the preview, that a change is ignored.
SHEETS = {sheet: read_back(columns) for sheet, columns in IMPORTED_SHEETS.items()}
COMPARED = {
    sheet: [column.header for column in compared(columns)] for sheet, columns in IMPORTED_SHEETS.items()
}


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


def read_upload(file: IO[bytes], size: int) -> Upload:
    """The status and toelichting rows of both sheets, or per-cell errors.

    Raises UploadRefused when the whole file is refused.
    """
    book = open_workbook(file, size)
    upload = Upload()
    try:
        tabs = [book[tab] for tab in [*SHEETS, INDICATOR_TAB] if tab in book.sheetnames]
        progress.step(_("Wordt gelezen"), rows_below_header(tabs))
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
        progress.advance()
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
        progress.advance()
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
