"""Reading a simple table (a header row, then one line per record) from an uploaded Excel (.xlsx) or
CSV file, safely, for the imports of amounts and of the beleidsveld list.

The header is matched case- and space-insensitively against each column's accepted names. An .xlsx
is checked before openpyxl opens it (``uploads/reading.check_container``: size, zip bomb, macros)
and streamed in read-only mode; a CSV is decoded as UTF-8 (with or without BOM) or Windows-1252 and
split on ``;``, ``,`` or tab, whichever the header uses. Whole-file problems raise ``UploadRefused``.
"""

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import progress
from uploads.confined import parsed
from uploads.reading import MAX_UPLOAD_BYTES, UploadRefused, open_workbook, refuse_merged, rows_below_header

ZIP_MAGIC = b"PK\x03\x04"
EXCEL_NAMES = (".xlsx", ".xlsm", ".xls")
DELIMITERS = (";", ",", "\t")
FORMULA = gettext_lazy("Bevat een formule. Typ de waarde zelf in; formules worden niet ingelezen.")


@dataclass
class LineError:
    """A refused cell: where it is (tab or CSV, line, column) and what to do."""

    sheet: str  # the tab's name; empty for a CSV file
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        params = {"sheet": self.sheet, "line": self.line, "column": self.column, "message": self.message}
        if self.sheet:
            return _("Tabblad %(sheet)s, rij %(line)d, kolom %(column)s: %(message)s") % params
        return _("Regel %(line)d, kolom %(column)s: %(message)s") % params


@dataclass(frozen=True)
class Column:
    """A column the import reads: its name in messages, and the headers it is known by."""

    name: str
    synonyms: tuple[str, ...]
    required: bool = True  # an optional column may be left out; its values then read as missing

    def matches(self, header: str) -> bool:
        return normal_header(header) in {normal_header(s) for s in (self.name, *self.synonyms)}


@dataclass
class Line:
    sheet: str
    number: int
    values: dict[str, Any]  # by column name: a cell's value (xlsx) or text (CSV)
    formulas: list[str]  # the columns holding a formula (xlsx)


def normal_header(text: Any) -> str:
    """ "Uitgave / Ontvangst" and "uitgave/ontvangst" are the same header; so are "Bedrag (EUR)" and
    "bedrag eur"."""
    return re.sub(r"[^0-9a-zà-ÿ/]", "", str(text or "").lower())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(
    file: IO[bytes], size: int, *, filename: str, columns: Sequence[Column], max_rows: int
) -> list[Line]:
    """The non-empty lines of the upload, with the values of ``columns``, parsed under the limits of
    ``uploads/confined``. The header is checked first; a line limit of ``max_rows`` guards memory and
    time."""
    return parsed(_read_lines, file, size, filename=filename, columns=columns, max_rows=max_rows)


def _read_lines(
    file: IO[bytes], size: int, *, filename: str, columns: Sequence[Column], max_rows: int
) -> list[Line]:
    return list(_lines(file, size, filename=filename, columns=columns, max_rows=max_rows))


def _lines(
    file: IO[bytes], size: int, *, filename: str, columns: Sequence[Column], max_rows: int
) -> Iterator[Line]:
    if size == 0:
        raise UploadRefused(_("Het bestand is leeg. Kies het ingevulde Excel- of CSV-bestand."))
    if size > MAX_UPLOAD_BYTES:
        raise UploadRefused(_("Het bestand is groter dan 10 MB. Splits het in kleinere bestanden."))
    file.seek(0)
    start = file.read(4)
    file.seek(0)
    if start == ZIP_MAGIC or filename.lower().endswith(EXCEL_NAMES):
        return _xlsx_lines(file, size, columns, max_rows)
    return _csv_lines(file.read(), columns, max_rows)


def _positions(header: Sequence[Any], columns: Sequence[Column], where: str) -> dict[str, int]:
    positions: dict[str, int] = {}
    for column in columns:
        found = [index for index, text in enumerate(header) if column.matches(text)]
        if len(found) > 1:
            raise UploadRefused(
                _("%(where)s: de kolom “%(column)s” staat er %(count)d keer. Laat ze maar één keer staan.")
                % {"where": where, "column": column.name, "count": len(found)}
            )
        if found:
            positions[column.name] = found[0]
    missing = [column.name for column in columns if column.required and column.name not in positions]
    if missing:
        raise UploadRefused(
            _(
                "%(where)s: de kolom(men) %(missing)s ontbreken of heten anders. Zet in de eerste rij de "
                "kolommen %(all)s en laad het bestand opnieuw op."
            )
            % {
                "where": where,
                "missing": ", ".join(f"“{name}”" for name in missing),
                "all": ", ".join(column.name for column in columns if column.required),
            }
        )
    return positions


def _too_many(where: str, max_rows: int) -> UploadRefused:
    return UploadRefused(
        _("%(where)s heeft meer dan %(max)d regels. Splits het bestand.") % {"where": where, "max": max_rows}
    )


def _xlsx_lines(file: IO[bytes], size: int, columns: Sequence[Column], max_rows: int) -> Iterator[Line]:
    book = open_workbook(file, size)
    try:
        sheet, positions = _sheet_with_columns(book, columns)
    except BaseException:
        book.close()
        raise
    return _stream_sheet(book, sheet, positions, max_rows)


def _sheet_with_columns(book, columns: Sequence[Column]):
    """The first tab whose header row holds every column (or the refusal for the first tab)."""
    first_refusal = None
    for sheet in book.worksheets:
        where = _("Tabblad %(sheet)s") % {"sheet": sheet.title}
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        if all(_blank(value) for value in header):
            continue
        try:
            return sheet, _positions(header, columns, where)
        except UploadRefused as refusal:
            first_refusal = first_refusal or refusal
    if first_refusal is None:  # no tab has anything in its first row
        raise UploadRefused(_("Het bestand is leeg. Kies het ingevulde Excel- of CSV-bestand."))
    raise first_refusal


def _stream_sheet(book, sheet, positions: Mapping[str, int], max_rows: int) -> Iterator[Line]:
    where = _("Tabblad %(sheet)s") % {"sheet": sheet.title}
    try:
        if (sheet.max_row or 0) > max_rows + 1:
            raise _too_many(where, max_rows)
        refuse_merged(sheet, sheet.title)
        progress.step(_("Wordt gelezen"), rows_below_header([sheet]))
        for number, cells in enumerate(sheet.iter_rows(min_row=2), start=2):
            if number > max_rows + 1:
                raise _too_many(where, max_rows)
            progress.advance()
            picked = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
            values = {name: None if cell is None else cell.value for name, cell in picked.items()}
            if all(_blank(value) for value in values.values()):
                continue  # an empty row (LibreOffice may add many)
            formulas = [name for name, cell in picked.items() if cell is not None and cell.data_type == "f"]
            yield Line(sheet.title, number, values, formulas)
    finally:
        book.close()


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or, failing that, Windows-1252, as Excel on Windows saves CSV."""
    if b"\x00" in data:
        raise UploadRefused(
            _("Dit is geen CSV- of Excel-bestand dat gelezen kan worden. Bewaar het als .xlsx of .csv.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise UploadRefused(
            _("De tekens van dit CSV-bestand kunnen niet gelezen worden. Bewaar het als CSV UTF-8.")
        ) from error


def _csv_lines(data: bytes, columns: Sequence[Column], max_rows: int) -> Iterator[Line]:
    text = decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header or all(_blank(value) for value in header):
        raise UploadRefused(_("Het bestand is leeg. Kies het ingevulde Excel- of CSV-bestand."))
    positions = _positions(header, columns, _("Het CSV-bestand"))
    # About the rows: a quoted text may hold a line break of its own.
    progress.step(_("Wordt gelezen"), max(0, text.strip().count("\n")) or None)
    return _stream_csv(reader, positions, max_rows)


def _stream_csv(reader, positions: Mapping[str, int], max_rows: int) -> Iterator[Line]:
    try:
        for cells in reader:
            number = reader.line_num
            if number > max_rows + 1:
                raise _too_many(_("Het CSV-bestand"), max_rows)
            progress.advance()
            values = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
            if all(_blank(value) for value in values.values()):
                continue
            yield Line("", number, values, [])
    except csv.Error as error:
        raise UploadRefused(
            _(
                "Regel %(line)d van het CSV-bestand kan niet gelezen worden (%(error)s). "
                "Bewaar het opnieuw als CSV."
            )
            % {"line": reader.line_num, "error": error}
        ) from error
