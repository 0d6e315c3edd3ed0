"""CSV as Flemish Excel opens it with a double click: UTF-8 with a byte order mark (accents right),
``;`` between fields and a decimal comma (Excel's list separator and decimal sign in nl-BE). Programs
read it with e.g. ``pandas.read_csv(f, sep=";", decimal=",", encoding="utf-8-sig")``.

No cell is ever a formula: text that starts like one (``=``, ``+``, ``-``, ``@``, a tab or a line
break) gets a leading apostrophe, as spreadsheets themselves mark text.
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from opendata.tables import Column, Table
from reporting.workbook import FORMULA_STARTS

BOM = "\ufeff"
SEPARATOR = ";"


def guarded(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(column: Column, value) -> str:
    if value is None or value == "":
        return ""
    if column.kind == "number":
        return format(Decimal(value), "f").replace(".", ",")
    if column.kind == "integer":
        return str(int(value))
    return guarded(str(value))


def rows_of(table: Table) -> Iterable[list[str]]:
    yield [column.key for column in table.columns]
    for row in table.rows:
        yield [cell(column, column.value(row)) for column in table.columns]


def csv_bytes(table: Table) -> bytes:
    output = io.StringIO()
    output.write(BOM)
    writer = csv.writer(output, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerows(rows_of(table))
    return output.getvalue().encode("utf-8")
