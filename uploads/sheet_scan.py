"""A streaming count of an uploaded workbook's rows, cells and shared strings, over the bytes of its
parts, before openpyxl opens the file. openpyxl's read-only mode walks a sheet without a
``<dimension>`` inside ``load_workbook``, pads every row to the widest one, and keeps every shared
string in memory: a file of a few hundred kilobytes can hold millions of each. This scan refuses such
a file in time proportional to its bytes (stopping at the first limit passed) and in small memory.

Every XML part is scanned, not only the parts named like sheets, so a sheet stored under another
name is counted too; a tag split over two chunks is carried to the next one."""

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

MAX_ROWS = 50_000
# A round-trip workbook of the big plan has about 10,700 rows of 20 columns; a stray cell far to the
# right on a short tab is fine, 50,000 rows of 16,384 columns (which openpyxl would pad) is not.
MAX_CELLS = 2_000_000
# openpyxl keeps every distinct text of the workbook in memory. Ten distinct texts per row of the
# largest tab allowed: far beyond any plan, far below the millions a crafted file holds.
MAX_SHARED_STRINGS = 500_000
MAX_TAG_BYTES = 1 << 20  # no honest tag is a megabyte long

TOO_MANY_ROWS = gettext_lazy(
    "Tabblad %(sheet)s heeft meer dan %(max)d rijen; zo groot is geen plan of rapportering. Verwijder de "
    "lege rijen onderaan of splits het bestand."
)
TOO_MANY_CELLS = gettext_lazy(
    "Tabblad %(sheet)s loopt tot cel %(cell)s: meer dan %(max)s cellen. Verwijder de lege kolommen "
    "rechts en de lege rijen onderaan, of splits het bestand."
)
TOO_MANY_TEXTS = gettext_lazy(
    "Het bestand bevat meer dan %(max)s verschillende teksten; zo groot is geen plan of rapportering. "
    "Kopieer enkel de tabel die u wilt opladen naar een nieuwe werkmap en probeer opnieuw."
)
DAMAGED = gettext_lazy("Het bestand kan niet gelezen worden als Excel-werkmap: het is beschadigd.")
SOME_TAB = gettext_lazy("(onbekend)")

_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si|dimension)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb'\br="([A-Z]{0,3})([0-9]{0,7})"')
_DIMENSION = re.compile(rb'\bref="(?:[A-Z]+[0-9]+:)?([A-Z]+)([0-9]+)"')
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w.:-]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>")


class Refused(Exception):
    """The message says, in Dutch, what is too big and what to do."""


@dataclass
class _Extent:
    rows: int = 0  # the last row number seen (its r="…", or counted)
    columns: int = 0
    declared_rows: int = 0  # by <dimension ref="A1:T120">
    declared_columns: int = 0
    row_elements: int = 0
    cells: int = 0
    cells_in_row: int = 0

    def row(self, attributes: bytes) -> None:
        self.row_elements += 1
        ref = _REF.search(attributes)
        self.rows = max(self.rows + 1, int(ref.group(2))) if ref and ref.group(2) else self.rows + 1
        self.cells_in_row = 0

    def cell(self, attributes: bytes) -> None:
        self.cells += 1
        self.cells_in_row += 1
        ref = _REF.search(attributes)
        column = column_number(ref.group(1).decode()) if ref and ref.group(1) else self.cells_in_row
        self.cells_in_row = max(self.cells_in_row, column)
        self.columns = max(self.columns, self.cells_in_row)

    def dimension(self, attributes: bytes) -> None:
        ref = _DIMENSION.search(attributes)
        if ref:
            self.declared_rows = int(ref.group(2))
            self.declared_columns = column_number(ref.group(1).decode())

    @property
    def corner(self) -> tuple[int, int]:
        """The last row and column openpyxl will walk to."""
        return max(self.rows, self.declared_rows), max(self.columns, self.declared_columns)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def tab_names(workbook_xml: bytes, relations_xml: bytes) -> dict[str, str]:
    """Each worksheet part's path in the zip with the tab's name, read from xl/workbook.xml and its
    relations without an XML parser."""
    targets = {}
    for match in _RELATIONSHIP.finditer(relations_xml):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        targets[attributes.get(b"Id", b"")] = path
    names = {}
    for match in _SHEET.finditer(workbook_xml):
        attributes = {key.rsplit(b":", 1)[-1]: value for key, value in _ATTRIBUTE.findall(match.group(1))}
        if attributes.get(b"id") in targets:
            name = attributes.get(b"name", b"").decode("utf-8", "replace")
            names[targets[attributes[b"id"]]] = html.unescape(name)
    return names


class Counter:
    """Counts over all parts of one workbook; ``part`` takes each part's bytes in chunks."""

    def __init__(self, tab_names: dict[str, str]):
        self.tab_names = tab_names
        self.shared_strings = 0

    def part(self, name: str, chunks: Iterator[bytes]) -> None:
        extent, tail = _Extent(), b""
        sheet = self.tab_names.get(name, str(SOME_TAB))
        for chunk in chunks:
            block = tail + chunk
            end = 0
            for match in _TAG.finditer(block):
                kind, attributes = match.group(1), match.group(2)
                if kind == b"row":
                    extent.row(attributes)
                elif kind == b"c":
                    extent.cell(attributes)
                elif kind == b"si":
                    self.shared_strings += 1
                else:
                    extent.dimension(attributes)
                end = match.end()
            self._check(extent, sheet)
            cut = block.rfind(b"<", end)
            tail = block[cut:] if cut >= 0 else b""
            if len(tail) > MAX_TAG_BYTES:
                raise Refused(str(DAMAGED))

    def _check(self, extent: _Extent, sheet: str) -> None:
        rows, columns = extent.corner
        if max(rows, extent.row_elements) > MAX_ROWS + 1:
            raise Refused(str(TOO_MANY_ROWS % {"sheet": sheet, "max": MAX_ROWS}))
        if extent.cells > MAX_CELLS or rows * columns > MAX_CELLS:
            cell = f"{column_letters(columns)}{rows}"
            raise Refused(str(TOO_MANY_CELLS % {"sheet": sheet, "cell": cell, "max": _dutch(MAX_CELLS)}))
        if self.shared_strings > MAX_SHARED_STRINGS:
            raise Refused(str(TOO_MANY_TEXTS % {"max": _dutch(MAX_SHARED_STRINGS)}))


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")
