"""The rapportering workbook for the raad: Projecten, Acties, Samenvatting, Wijzigingsvoorstellen.

Written with openpyxl in write-only (streaming) mode, so memory stays flat for large plans: sheet
layout (widths, frozen header) is set before the first row, validation, autofilter, conditional
colours and the chart after. No cell is ever a formula: text that starts like one is stored as text.
"""

import datetime
from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from plans.models import ItemKind, LifeCycle, Status
from reporting.columns import (
    ACTION_COLUMNS,
    PROJECT_COLUMNS,
    PROPOSAL_COLUMNS,
    STATUS_LABELS,
    SUMMARY_COLUMNS,
    Column,
    Line,
    status_dropdown,
)
from reporting.rounds import ItemRow, RoundRows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
STATUS_COLOURS = {
    Status.NOT_STARTED: "D9DDE2",
    Status.IN_PROGRESS: "CFE2F8",
    Status.ON_HOLD: "FCE3C4",
    Status.COMPLETED: "CDEFD8",
    Status.REGULAR: "E3DAF5",
}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="13324F")
WRAP = Alignment(wrap_text=True, vertical="top")


def safe_text(value) -> object:
    """Values as a spreadsheet may hold them: no control characters (openpyxl refuses them)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _cell_maker(sheet, *, wrap: bool, as_text: bool):
    """A function turning a value into what the column's cells hold. Plain values are much faster
    in write-only mode; where the text wraps or must stay text, one style is computed per column
    and shared by its cells. Empty text becomes no cell at all; text that starts like a formula
    is stored as text."""
    template = WriteOnlyCell(sheet)
    if as_text:
        template.number_format = "@"
    if wrap:
        template.alignment = WRAP
    style = template._style if (wrap or as_text) else None

    def make(value):
        if value is None or value == "":
            return None
        value = safe_text(value)
        looks_like_formula = isinstance(value, str) and value.startswith(FORMULA_STARTS)
        if style is None and not looks_like_formula:
            return value
        cell = WriteOnlyCell(sheet, value=value)
        if looks_like_formula:
            cell.data_type = "s"
        if style is not None:
            cell._style = style  # cells are written as they are appended, so sharing is safe
        return cell

    return make


def _start_sheet(workbook: Workbook, title: str, columns: list[Column]):
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.column_dimensions[get_column_letter(index)].hidden = column.hidden
    sheet.freeze_panes = "A2"  # before the first row, or write-only mode drops it
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    return sheet


def _append_rows(sheet, columns: list[Column], rows: Iterable) -> int:
    cells = [
        (column.value, _cell_maker(sheet, wrap=column.wrap, as_text=column.as_text)) for column in columns
    ]
    count = 0
    for row in rows:
        sheet.append([make(value(row)) for value, make in cells])
        count += 1
    return count


def _finish_sheet(sheet, columns: list[Column], count: int) -> None:
    last = count + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 2)}"
    for index, column in enumerate(columns, start=1):
        if column.status and count:
            _status_cells(sheet, f"{get_column_letter(index)}2:{get_column_letter(index)}{last}")


def _status_cells(sheet, cells: str) -> None:
    """The drop-down of the five statuses, and a colour per status that follows edits."""
    sheet.data_validations.append(status_dropdown(cells, allow_blank=False))
    for status, colour in STATUS_COLOURS.items():
        fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        sheet.conditional_formatting.add(
            cells, CellIsRule(operator="equal", formula=[f'"{STATUS_LABELS[status]}"'], fill=fill)
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


def _add_chart(sheet, count: int) -> None:
    if count < 2:
        return
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = "Acties per status per actieplan"
    chart.y_axis.title, chart.x_axis.title = "Aantal acties", "Actieplan"
    data = Reference(sheet, min_col=2, max_col=1 + len(Status.values), min_row=1, max_row=count)
    categories = Reference(sheet, min_col=1, min_row=2, max_row=count)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.height, chart.width = max(8, count * 0.45), 18
    sheet.add_chart(chart, f"{get_column_letter(len(SUMMARY_COLUMNS) + 2)}2")


def build_workbook(rows: RoundRows, output: IO[bytes]) -> None:
    """Write the round's workbook to ``output``. The same rows give the same cells, always."""
    workbook = Workbook(write_only=True)
    moment = rows.round.closed_at or datetime.datetime.combine(rows.round.date, datetime.time(12))
    workbook.properties.creator = rows.round.plan.organisation
    workbook.properties.title = f"{rows.round.plan.name} — {rows.round.name}"
    workbook.properties.created = moment.replace(tzinfo=None)  # openpyxl stamps "modified" itself

    for title, columns, lines in tabs(rows):
        sheet = _start_sheet(workbook, title, columns)
        count = _append_rows(sheet, columns, lines)
        _finish_sheet(sheet, columns, count)
        if columns is SUMMARY_COLUMNS:
            _add_chart(sheet, count)  # the per-actieplan rows, not the total
    workbook.save(output)


def tabs(rows: RoundRows) -> list[tuple[str, list[Column], Iterable]]:
    """The workbook's tabs in order: title, columns, and the lines each column reads its value from."""
    return [
        ("Projecten", PROJECT_COLUMNS, _project_lines(rows)),
        ("Acties", ACTION_COLUMNS, _action_lines(rows)),
        ("Samenvatting", SUMMARY_COLUMNS, _summary_rows(rows)),
        ("Wijzigingsvoorstellen", PROPOSAL_COLUMNS, rows.proposals),
    ]
