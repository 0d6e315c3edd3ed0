"""The edition as a workbook: a tab per kind of item (Doelstellingen, Actieplannen, Acties, Projecten,
Indicatoren), then Bedragen (per actie, year and category, uitgaven and ontvangsten side by side) and
Indicatorwaarden.

openpyxl in write-only mode (memory stays flat for 10,000 acties): widths and the frozen header row are
set before the first row, as write-only mode demands. No cell is ever a formula: text that starts like
one is stored as text (as the rapportering's workbook does).
"""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from opendata.tables import ITEM_COLUMNS, KIND_COLUMNS, PlanTables, Table
from reporting.workbook import FORMULA_STARTS, HEADER_FILL, HEADER_FONT, safe_text
from versions.models import ItemKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_TABS = {
    ItemKind.GOAL: "Doelstellingen",
    ItemKind.ACTION_PLAN: "Actieplannen",
    ItemKind.ACTION: "Acties",
    ItemKind.PROJECT: "Projecten",
    ItemKind.INDICATOR: "Indicatoren",
}


def _tables(tables: PlanTables) -> list[Table]:
    by_key = {column.key: column for column in ITEM_COLUMNS}
    found = [
        Table(
            kind,
            title,
            tuple(by_key[key] for key in (*KIND_COLUMNS[kind], "uri")),
            tables.of_kind(kind),
        )
        for kind, title in KIND_TABS.items()
    ]
    return [*found, tables.amount_pair_table, tables.value_table]


def _write(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(table.title)
    for position, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column.label)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)

    def text(value):
        if not value:
            return None
        value = safe_text(value)
        if value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    def plain(value):
        return None if value == "" else value

    # Numbers and years are written as they are; only text is cleaned and checked (a big plan's
    # Bedragen tab alone holds a million cells).
    readers = [(column.value, text if column.kind == "text" else plain) for column in table.columns]
    for row in table.rows:
        sheet.append([convert(read(row)) for read, convert in readers])
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"


def workbook_bytes(tables: PlanTables) -> bytes:
    book = Workbook(write_only=True)
    for table in _tables(tables):
        _write(book, table)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
