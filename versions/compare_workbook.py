"""Two versions compared, as Excel: a sheet of the changes and one of the money differences.

The house's workbook conventions (``reporting/workbook.py``, which this app is below and so cannot
import): streamed with openpyxl write-only, the header row dark blue and frozen, an autofilter over
every column, printed A4 landscape one page wide with the header row on every page and "pagina x van
y" in the footer, amounts as numbers in euro format, and no cell ever a formula (text that starts
like one stays text).
"""

from decimal import Decimal
from typing import IO

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from versions import compare
from versions.models import Comparison

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="13324F")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
EURO = '#,##0.00\\ "€";-#,##0.00\\ "€"'
SIGNED_EURO = '+#,##0.00\\ "€";-#,##0.00\\ "€";0.00\\ "€"'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _change_columns() -> list[tuple[str, int]]:
    return [
        (_("Soort item"), 13),
        (_("Nr."), 9),
        (_("Titel"), 48),
        (_("Wijziging"), 20),
        (_("Wat veranderde"), 70),
        (_("Prioritair"), 11),
    ]


def _money_columns() -> list[tuple[str, int]]:
    return [
        (_("Niveau"), 12),
        (_("Nr."), 9),
        (_("Titel"), 44),
        (_("Jaar"), 8),
        (_("Categorie"), 15),
        (_("Uitgaven oud"), 15),
        (_("Uitgaven nieuw"), 15),
        (_("Verschil uitgaven"), 16),
        (_("Ontvangsten oud"), 15),
        (_("Ontvangsten nieuw"), 15),
        (_("Verschil ontvangsten"), 16),
    ]


def _text(sheet, value: str, *, wrap: bool = False):
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value or "") or None)
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula
        cell.alignment = WRAP if wrap else TOP
    return cell


def _euro(sheet, value: Decimal, number_format: str = EURO):
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    cell.alignment = TOP
    return cell


def _start(workbook: Workbook, title: str, columns: list[tuple[str, int]]):
    sheet = workbook.create_sheet(title)
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"  # before the first row, or write-only mode drops it
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    header = []
    for text, _width in columns:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        header.append(cell)
    sheet.append(header)
    return sheet


def _finish(sheet, comparison: Comparison, title: str, columns: int, rows: int) -> None:
    last = rows + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(last, 2)}"
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    sheet.print_area = f"A1:{get_column_letter(columns)}{last}"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)
    plan = comparison.older.plan
    sheet.oddHeader.left.text = plan.name[:80].replace("&", "&&")
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddHeader.right.text = versions_title(comparison)[:80].replace("&", "&&")
    sheet.oddFooter.left.text = plan.authority[:80].replace("&", "&&")
    sheet.oddFooter.right.text = "pagina &P van &N"


def versions_title(comparison: Comparison) -> str:
    return _("%(newer)s tegenover %(older)s") % {
        "newer": comparison.newer.name,
        "older": comparison.older.name,
    }


def filters_text(comparison: Comparison, filters: compare.Filters) -> str:
    """Which changes the sheet holds, in words."""
    if not filters.any:
        return _("Alle wijzigingen, zonder filters.")
    parts = []
    if filters.goal:
        goal = next((g for g in compare.goals(comparison.rows) if g["item_id"] == filters.goal), None)
        if goal:
            parts.append(_("doelstelling %(goal)s") % {"goal": f"{goal['number']} {goal['title']}".strip()})
    if filters.change:
        parts.append(_("enkel: %(change)s") % {"change": compare.CHANGE_LABELS[filters.change]})
    if filters.priority_only:
        parts.append(_("enkel prioritair"))
    return _("Gefilterd: %(filters)s.") % {"filters": ", ".join(parts)}


def _lines(text: str) -> int:
    return max(1, sum(1 + len(line) // 75 for line in text.split("\n")))


def build_compare_workbook(comparison: Comparison, filters: compare.Filters, output: IO[bytes]) -> None:
    """Write the workbook of ``comparison`` (its changes kept by ``filters``) to ``output``."""
    workbook = Workbook(write_only=True)
    plan = comparison.older.plan
    workbook.properties.creator = plan.authority
    workbook.properties.title = f"{plan.name} — {versions_title(comparison)}"
    workbook.properties.description = filters_text(comparison, filters)

    sheet = _start(workbook, _("Wijzigingen"), _change_columns())
    count = 0
    for row in compare.changes_of(comparison.rows, filters):
        count += 1
        text = compare.describe(row)
        if len(text) > 75 or "\n" in text:
            sheet.row_dimensions[count + 1].height = 15 * min(_lines(text), 27)
        sheet.append(
            [
                _text(sheet, compare.kind_label(row)),
                _text(sheet, row["number"]),
                _text(sheet, row["title"], wrap=True),
                _text(sheet, compare.change_label(row)),
                _text(sheet, text, wrap=True),
                _text(sheet, _("ja") if row["priority"] else _("nee")),
            ]
        )
    # The filters, in words, under the rows: who reads a printed sheet knows what it holds.
    sheet.append([])
    sheet.append([_text(sheet, filters_text(comparison, filters))])
    _finish(sheet, comparison, _("Wijzigingen"), len(_change_columns()), count)

    columns = _money_columns()
    money = _start(workbook, _("Ramingen"), columns)
    count = 0
    for row in compare.money_of(comparison.rows):
        for line in compare.money_lines(row["money"]):
            count += 1
            exp_old, exp_new, exp_difference = line["expenses"]
            rec_old, rec_new, rec_difference = line["receipts"]
            money.append(
                [
                    _text(money, compare.kind_label(row)),
                    _text(money, row["number"]),
                    _text(money, row["title"]),
                    _text(money, _("totaal") if line["is_total"] else line["year"]),
                    _text(money, line["category_label"]),
                    _euro(money, exp_old),
                    _euro(money, exp_new),
                    _euro(money, exp_difference, SIGNED_EURO),
                    _euro(money, rec_old),
                    _euro(money, rec_new),
                    _euro(money, rec_difference, SIGNED_EURO),
                ]
            )
    _finish(money, comparison, _("Ramingen"), len(columns), count)
    workbook.save(output)


def made_on(comparison: Comparison) -> str:
    return formats.date_format(comparison.made_at, "j F Y")
