"""The rapportering workbook: Overzicht raad (the tab the raad reads and prints), then the work tabs
Projecten, Acties, Samenvatting and Wijzigingsvoorstellen.

Written with openpyxl in write-only (streaming) mode, so memory stays flat for large plans: sheet
layout (widths, frozen header, fit-to-page) is set before the first row, each row's height just
before the row, validation, autofilter, conditional colours, the page setup and the chart after. No
cell is ever a formula: text that starts like one is stored as text.

Every tab prints on A4 landscape, one page wide, with its header row on every page. Row heights are
estimated from the text and the column widths, because neither Excel nor LibreOffice grows a row
for wrapped text that a file gives them: too low a row prints its text over the next one.
"""

import datetime
import math
from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from plans.models import ItemKind, LifeCycle, Status
from plans.statuses import STATUSES
from reporting.columns import (
    ACTION_COLUMNS,
    PROJECT_COLUMNS,
    PROPOSAL_COLUMNS,
    RAAD_COLUMNS,
    STATUS_LABELS,
    SUMMARY_COLUMNS,
    Column,
    Line,
    status_dropdown,
)
from reporting.indicator_tab import INDICATOR_COLUMNS, add_value_lists, indicator_lines, write_charts_tab
from reporting.indicator_tab import TAB as INDICATOR_TAB
from reporting.rounds import ItemRow, RoundRows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
CHART_COLOURS = {status.value: status.colour for status in STATUSES}
# Named, or LibreOffice prints a font without a name in its serif.
HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="13324F")
STRONG_FONT = Font(name="Calibri", size=11, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

# Row heights. A column of width w holds about w characters of Calibri 11; LibreOffice without
# Calibri (or Carlito) prints in a wider font, so a line is taken to hold fewer. Erring high costs a
# little white space, erring low prints words over each other.
CHARACTERS_PER_WIDTH = 1.15
BOLD_CHARACTERS_PER_WIDTH = 0.95
LINE_HEIGHT = 15.0  # points, Calibri 11 as Excel spaces it
ROW_PADDING = 3.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit

# The summary's chart, in cm, over columns of this width right of the table. Fitted one page wide,
# the tab prints at about three quarters in Excel: a page then holds some 23 cm of the sheet.
CHART_WIDTH, CHART_MAX_HEIGHT = 18.0, 21.0
CHART_COLUMNS, CHART_COLUMN_WIDTH = 8, 12
CM_PER_DEFAULT_ROW = 15 / 72 * 2.54


def safe_text(value) -> object:
    """Values as a spreadsheet may hold them: no control characters (openpyxl refuses them)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _cell_maker(
    sheet, *, wrap: bool, as_text: bool, strong: bool = False, top: bool = False, number_format: str = ""
):
    """A function turning a value into what the column's cells hold. Plain values are much faster
    in write-only mode; where the text wraps, must stay text, is bold or must sit at the top of a
    tall row, one style is computed per column and shared by its cells. Empty text becomes no cell
    at all; text that starts like a formula is stored as text."""
    template = WriteOnlyCell(sheet)
    if as_text:
        template.number_format = "@"
    elif number_format:
        template.number_format = number_format
    if strong:
        template.font = STRONG_FONT
    styled = wrap or as_text or strong or top or bool(number_format)
    if styled:  # a styled cell costs the same top-aligned: a tall row then reads from its top
        template.alignment = WRAP if wrap else TOP
    style = template._style if styled else None

    # A row is written as it is appended, so one cell per column serves every row, and one style
    # every cell: far cheaper than a new cell each time.
    cell = WriteOnlyCell(sheet)
    if style is not None:
        cell._style = style

    def make(value):
        if value is None or value == "":
            return None
        value = safe_text(value)
        looks_like_formula = isinstance(value, str) and value.startswith(FORMULA_STARTS)
        if style is None and not looks_like_formula:
            return value
        cell.value = value  # sets the type from the value
        if looks_like_formula:
            cell.data_type = "s"
        return cell

    return make


def line_count(text: str, capacity: int) -> int:
    """How many lines ``text`` takes wrapped at ``capacity`` characters, word by word as a
    spreadsheet wraps it. Cheap: a paragraph shorter than a line is not split into words."""
    lines = 0
    for paragraph in text.split("\n"):
        if len(paragraph) <= capacity:
            lines += 1
            continue
        lines += 1
        used = 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size <= capacity:
                used += 1 + size
                continue
            if used:
                lines += 1
            lines += (size - 1) // capacity  # a word longer than a line is broken
            used = size - (size - 1) // capacity * capacity
    return lines


def row_height(lines: int) -> float:
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING)


def _capacity(column: Column, *, bold: bool = False) -> int:
    return max(1, int(column.width * (BOLD_CHARACTERS_PER_WIDTH if bold else CHARACTERS_PER_WIDTH)))


def _start_sheet(workbook: Workbook, title: str, columns: list[Column], *, chart_columns: int = 0):
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.column_dimensions[get_column_letter(index)].hidden = column.hidden
    for index in range(len(columns) + 2, len(columns) + 2 + chart_columns):
        sheet.column_dimensions[get_column_letter(index)].width = CHART_COLUMN_WIDTH
    # Before the first row, or write-only mode drops them.
    sheet.freeze_panes = "A2"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        header.append(cell)
    lines = max(line_count(c.header, _capacity(c, bold=True)) for c in columns if not c.hidden)
    sheet.row_dimensions[1].height = row_height(lines)
    sheet.append(header)
    del sheet.row_dimensions[1]
    return sheet


class _ColumnWriter:
    """How one column turns a line into a cell, and how many lines of print its text takes."""

    def __init__(self, sheet, column: Column):
        self.value, self.strong = column.value, column.strong
        self.capacity = _capacity(column) if column.wrap and not column.hidden else None
        self.bold_capacity = _capacity(column, bold=True)
        self.makers = {
            (bold, tall): _cell_maker(
                sheet,
                wrap=column.wrap,
                as_text=column.as_text,
                strong=bold,
                top=tall,
                number_format=column.number_format,
            )
            for bold in (False, True)
            for tall in (False, True)
        }

    def lines(self, text, bold: bool) -> int:
        if not text or not isinstance(text, str):
            return 1
        capacity = self.bold_capacity if bold else self.capacity
        if len(text) <= capacity and "\n" not in text:
            return 1
        return line_count(text, capacity)


def _append_rows(sheet, columns: list[Column], rows: Iterable) -> int:
    """Append a row per line. A row whose wrapped text takes more than one line gets the height of
    its longest cell, set just before the row is written (write-only mode writes it with the row),
    and its cells sit at the top; one-line rows stay plain values, the fast path."""
    writers = [_ColumnWriter(sheet, column) for column in columns]
    wrapped = [(index, writer) for index, writer in enumerate(writers) if writer.capacity is not None]
    strong = any(writer.strong is not None for writer in writers)
    count = 0
    for row in rows:
        count += 1
        values = [writer.value(row) for writer in writers]
        bold = [writer.strong is not None and writer.strong(row) for writer in writers] if strong else None
        lines = max((writer.lines(values[i], bool(bold and bold[i])) for i, writer in wrapped), default=1)
        tall = lines > 1
        if tall:
            sheet.row_dimensions[count + 1].height = row_height(lines)
        if bold is None:
            cells = [writer.makers[False, tall](value) for writer, value in zip(writers, values, strict=True)]
        else:
            cells = [writer.makers[b, tall](v) for writer, v, b in zip(writers, values, bold, strict=True)]
        sheet.append(cells)
        if tall:
            del sheet.row_dimensions[count + 1]  # written with its row: keep memory flat
    return count


def _finish_sheet(sheet, columns: list[Column], count: int) -> None:
    last = count + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 2)}"
    for index, column in enumerate(columns, start=1):
        if column.status and count:
            cells = f"{get_column_letter(index)}2:{get_column_letter(index)}{last}"
            if column.reads:
                sheet.data_validations.append(status_dropdown(cells, allow_blank=False))
            _status_colours(sheet, cells)


def _status_colours(sheet, cells: str) -> None:
    """A colour per status (its declared tint) that follows edits."""
    for status in STATUSES:
        fill = PatternFill("solid", fgColor=status.tint, bgColor=status.tint)
        sheet.conditional_formatting.add(
            cells, CellIsRule(operator="equal", formula=[f'"{STATUS_LABELS[status.value]}"'], fill=fill)
        )


def _project_lines(rows: RoundRows) -> Iterable[Line]:
    for project in rows.projects:
        yield Line(project, previous_status=rows.previous(project))


def _line(rows: RoundRows, item: ItemRow, action_plan: ItemRow) -> Line:
    proposals = (
        rows.proposals_on_action(item.number)
        if item.kind == ItemKind.ACTION
        else [p for p in rows.proposals_of(item.action_plan_number) if not p.action_numbers]
    )
    return Line(item, action_plan, rows.previous(item), tuple(proposals))


def _action_lines(rows: RoundRows) -> Iterable[Line]:
    """Each actieplan on its own row (Actie empty), followed by its actions."""
    actions_by_plan: dict[str, list[ItemRow]] = {}
    for action in rows.actions:
        actions_by_plan.setdefault(action.action_plan_number, []).append(action)
    for action_plan in rows.action_plans:
        yield _line(rows, action_plan, action_plan)
        for action in actions_by_plan.get(action_plan.number, []):
            yield _line(rows, action, action_plan)


def _summary_rows(rows: RoundRows) -> list[list]:
    """Active actions per status for every active actieplan, and a total row."""
    counts = {ap.number: dict.fromkeys(Status.values, 0) for ap in rows.action_plans}
    for action in rows.actions:
        if action.life_cycle == LifeCycle.ACTIVE:
            counts[action.action_plan_number][action.status] += 1
    table = [
        [ap.number, *counts[ap.number].values(), sum(counts[ap.number].values())]
        for ap in rows.action_plans
        if ap.life_cycle == LifeCycle.ACTIVE
    ]
    totals = [sum(row[index] for row in table) for index in range(1, len(Status.values) + 2)]
    return [*table, ["Totaal", *totals]]


def _chart_height(count: int) -> float:
    """In cm: room for a bar per actieplan, but never taller than what fits on the first page."""
    return min(CHART_MAX_HEIGHT, max(8.0, count * 0.55))


def _add_chart(sheet, count: int, largest: int) -> None:
    """A stacked bar per actieplan in the app's status colours, right of the table, sized to fit
    on the tab's first page with it."""
    if count < 2:
        return
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "stacked", 100, 50
    chart.title = "Acties per status per actieplan"
    chart.y_axis.title, chart.x_axis.title = "Aantal acties", "Actieplan"
    chart.x_axis.scaling.orientation = "maxMin"  # the first actieplan on top, as in the table
    chart.legend.position = "b"
    chart.x_axis.tickLblSkip = 1  # every actieplan named
    chart.y_axis.majorUnit = max(1, math.ceil(largest / 10))  # whole actions
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl's default hides them in Excel
    data = Reference(sheet, min_col=2, max_col=1 + len(Status.values), min_row=1, max_row=count)
    categories = Reference(sheet, min_col=1, min_row=2, max_row=count)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    for series, status in zip(chart.series, Status.values, strict=True):
        series.graphicalProperties.solidFill = CHART_COLOURS[status]
        series.graphicalProperties.line.solidFill = CHART_COLOURS[status]
    chart.height, chart.width = _chart_height(count), CHART_WIDTH
    sheet.add_chart(chart, f"{get_column_letter(len(SUMMARY_COLUMNS) + 2)}2")


def _header_text(text: str) -> str:
    """Text as a page header shows it: "&" starts a code there, "&&" is an ampersand."""
    return text[:80].replace("&", "&&")


def _page_setup(sheet, round, title: str, last_column: int, last_row: int) -> None:
    """A4 landscape, one page wide and as many tall as needed, the header row on every page, and
    the plan, the tab, the round and "pagina x van y" around it."""
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    sheet.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)
    sheet.print_options.horizontalCentered = True
    sheet.oddHeader.left.text = _header_text(round.plan.name)
    sheet.oddHeader.center.text = _header_text(title)
    sheet.oddHeader.right.text = _header_text(round.name)
    sheet.oddFooter.left.text = _header_text(round.plan.authority)
    sheet.oddFooter.right.text = "pagina &P van &N"


def build_workbook(rows: RoundRows, output: IO[bytes]) -> None:
    """Write the round's workbook to ``output``. The same rows give the same cells, always."""
    workbook = Workbook(write_only=True)
    moment = rows.round.closed_at or datetime.datetime.combine(rows.round.date, datetime.time(12))
    workbook.properties.creator = rows.round.plan.authority
    workbook.properties.title = f"{rows.round.plan.name} — {rows.round.name}"
    workbook.properties.created = moment.replace(tzinfo=None)  # openpyxl stamps "modified" itself

    for title, columns, lines in tabs(rows):
        with_chart = columns is SUMMARY_COLUMNS
        sheet = _start_sheet(workbook, title, columns, chart_columns=CHART_COLUMNS if with_chart else 0)
        count = _append_rows(sheet, columns, lines)
        _finish_sheet(sheet, columns, count)
        last_column = max(index for index, column in enumerate(columns, start=1) if not column.hidden)
        last_row = count + 1
        if with_chart and count >= 2:
            _add_chart(sheet, count, largest=max(row[-1] for row in lines[:-1]))  # not the total
            last_column = len(columns) + 1 + CHART_COLUMNS
            last_row = max(last_row, 2 + math.ceil(_chart_height(count) / CM_PER_DEFAULT_ROW))
        if columns is INDICATOR_COLUMNS:
            add_value_lists(sheet, lines)
        _page_setup(sheet, rows.round, title, last_column, last_row)
        if columns is INDICATOR_COLUMNS:
            write_charts_tab(workbook, lines)
    workbook.save(output)


def tabs(rows: RoundRows) -> list[tuple[str, list[Column], Iterable]]:
    """The workbook's tabs in order: title, columns, and the lines each column reads its value from.
    The raad's overview comes first, then the work tabs (the import reads Projecten and Acties), and
    the Indicatoren tab when the round reports indicators (its Grafieken tab follows it)."""
    return [
        ("Overzicht raad", RAAD_COLUMNS, _action_lines(rows)),
        ("Projecten", PROJECT_COLUMNS, _project_lines(rows)),
        ("Acties", ACTION_COLUMNS, _action_lines(rows)),
        ("Samenvatting", SUMMARY_COLUMNS, _summary_rows(rows)),
        ("Wijzigingsvoorstellen", PROPOSAL_COLUMNS, rows.proposals),
        *(
            [(INDICATOR_TAB, INDICATOR_COLUMNS, indicators)]
            if (indicators := indicator_lines(rows.round))
            else []
        ),
    ]
