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
from openpyxl.worksheet.datavalidation import DataValidation

from plans.models import LifeCycle, ProposalKind, ProposalState, Status
from reporting.rounds import ItemRow, RoundRows
from reporting.seen import seen_token

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
STATUS_LABELS = {value: str(label) for value, label in Status.choices}
LIFE_CYCLE_LABELS = {value: str(label) for value, label in LifeCycle.choices}
KIND_LABELS = {value: str(label) for value, label in ProposalKind.choices}
STATE_LABELS = {value: str(label) for value, label in ProposalState.choices}
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

SEEN_COLUMN = "Controle"  # hidden: what the row showed, so an import cannot overwrite a later edit
# (header, width, wrapped) per column; the status column gets the drop-down and the colours.
PROJECT_COLUMNS = [
    ("Project", 32, True),
    ("Gekoppelde actieplannen", 22, False),
    ("Projectleider", 22, False),
    ("Status", 14, False),
    ("Status vorige rapportering", 16, False),
    ("Toelichting", 70, True),
    ("Levenscyclus", 13, False),
    (SEEN_COLUMN, 12, False),
]
ACTION_COLUMNS = [
    ("Actieplan", 10, False),
    ("Titel actieplan", 40, True),
    ("Actie", 10, False),
    ("Titel actie", 45, True),
    ("Status", 14, False),
    ("Status vorige rapportering", 16, False),
    ("Toelichting", 70, True),
    ("Verantwoordelijke", 22, False),
    ("Levenscyclus", 13, False),
    ("Wijzigingsvoorstel", 45, True),
    ("Soort voorstel", 15, False),
    ("Motivering", 60, True),
    (SEEN_COLUMN, 12, False),
]
SUMMARY_COLUMNS = [
    ("Actieplan", 10, False),
    *[(str(label), 13, False) for label in Status.labels],
    ("Totaal", 10, False),
]
PROPOSAL_COLUMNS = [
    ("Nr.", 6, False),
    ("Actieplan", 10, False),
    ("Acties", 20, True),
    ("Soort", 15, False),
    ("Voorstel", 60, True),
    ("Motivering", 70, True),
    ("Stand", 13, False),
    ("Opmerking managementteam", 40, True),
    ("Datum raadsbeslissing", 14, False),
]


def safe_text(value) -> object:
    """Values as a spreadsheet may hold them: no control characters (openpyxl refuses them)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


NUMBER_COLUMNS = {"Actieplan", "Actie", "Acties", "Gekoppelde actieplannen"}  # "10.10" must stay text


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


def _start_sheet(workbook: Workbook, title: str, columns: list[tuple[str, int, bool]]):
    sheet = workbook.create_sheet(title)
    for index, (header, width, _wrap) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.column_dimensions[get_column_letter(index)].hidden = header == SEEN_COLUMN
    sheet.freeze_panes = "A2"  # before the first row, or write-only mode drops it
    header = []
    for name, _width, _wrap in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    return sheet


def _append_rows(sheet, columns, rows: Iterable[list]) -> int:
    makers = [
        _cell_maker(sheet, wrap=wrap, as_text=header in NUMBER_COLUMNS) for header, _width, wrap in columns
    ]
    count = 0
    for values in rows:
        sheet.append([make(value) for make, value in zip(makers, values, strict=True)])
        count += 1
    return count


def _finish_sheet(sheet, columns, count: int, status_column: str | None = None) -> None:
    last = count + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 2)}"
    if status_column and count:
        cells = f"{status_column}2:{status_column}{last}"
        statuses = ",".join(STATUS_LABELS.values())
        validation = DataValidation(
            type="list",
            formula1=f'"{statuses}"',
            allow_blank=False,
            showErrorMessage=True,
            errorTitle="Onbekende status",
            error=f"Kies een van de vijf statussen: {statuses}.",
        )
        validation.add(cells)
        sheet.data_validations.append(validation)
        for status, colour in STATUS_COLOURS.items():
            fill = PatternFill("solid", fgColor=colour, bgColor=colour)
            sheet.conditional_formatting.add(
                cells, CellIsRule(operator="equal", formula=[f'"{STATUS_LABELS[status]}"'], fill=fill)
            )


def _label(labels: dict, value: str | None) -> str:
    return labels.get(value, value or "")


def _project_rows(rows: RoundRows) -> Iterable[list]:
    for project in rows.projects:
        yield [
            project.title,
            project.links,
            project.responsible,
            _label(STATUS_LABELS, project.status),
            _label(STATUS_LABELS, rows.previous(project)),
            project.explanation,
            _label(LIFE_CYCLE_LABELS, project.life_cycle),
            seen_token(project.status, project.explanation),
        ]


def _action_row(rows: RoundRows, item: ItemRow, action_plan: ItemRow) -> list:
    is_action = item.kind == "actie"
    proposals = (
        rows.proposals_on_action(item.number)
        if is_action
        else [p for p in rows.proposals_of(item.action_plan_number) if not p.action_numbers]
    )
    return [
        action_plan.number,
        action_plan.title,
        item.number if is_action else "",
        item.title if is_action else "",
        _label(STATUS_LABELS, item.status),
        _label(STATUS_LABELS, rows.previous(item)),
        item.explanation,
        item.responsible,
        _label(LIFE_CYCLE_LABELS, item.life_cycle),
        "\n".join(p.phrase for p in proposals),
        ", ".join(_label(KIND_LABELS, p.kind) for p in proposals),
        "\n".join(p.motivation for p in proposals),
        seen_token(item.status, item.explanation),
    ]


def _action_rows(rows: RoundRows) -> Iterable[list]:
    """Each actieplan on its own row (Actie empty), followed by its actions."""
    actions_by_plan: dict[str, list[ItemRow]] = {}
    for action in rows.actions:
        actions_by_plan.setdefault(action.action_plan_number, []).append(action)
    for action_plan in rows.action_plans:
        yield _action_row(rows, action_plan, action_plan)
        for action in actions_by_plan.get(action_plan.number, []):
            yield _action_row(rows, action, action_plan)


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


def _proposal_rows(rows: RoundRows) -> Iterable[list]:
    for p in rows.proposals:
        yield [
            p.proposal_id,
            p.action_plan_number,
            p.action_numbers,
            _label(KIND_LABELS, p.kind),
            p.phrase,
            p.motivation,
            _label(STATE_LABELS, p.state),
            p.remark,
            p.council_decision_date,
        ]


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

    sheet = _start_sheet(workbook, "Projecten", PROJECT_COLUMNS)
    _finish_sheet(sheet, PROJECT_COLUMNS, _append_rows(sheet, PROJECT_COLUMNS, _project_rows(rows)), "D")

    sheet = _start_sheet(workbook, "Acties", ACTION_COLUMNS)
    _finish_sheet(sheet, ACTION_COLUMNS, _append_rows(sheet, ACTION_COLUMNS, _action_rows(rows)), "E")

    sheet = _start_sheet(workbook, "Samenvatting", SUMMARY_COLUMNS)
    summary = _summary_rows(rows)
    count = _append_rows(sheet, SUMMARY_COLUMNS, summary)
    _finish_sheet(sheet, SUMMARY_COLUMNS, count)
    _add_chart(sheet, count)  # the per-actieplan rows, not the total

    sheet = _start_sheet(workbook, "Wijzigingsvoorstellen", PROPOSAL_COLUMNS)
    _finish_sheet(sheet, PROPOSAL_COLUMNS, _append_rows(sheet, PROPOSAL_COLUMNS, _proposal_rows(rows)))
    workbook.save(output)
