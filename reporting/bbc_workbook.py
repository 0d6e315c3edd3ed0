"""The workbook of a BBC report (``bbc_reports.build_bbc_report``): a tab per part.

Opvolgingsrapportering: "Stand van zaken" (the prioritaire actieplannen and acties, with status and
previous status), "Financiën" (raming against realisatie of the round's year, per doelstelling and
category) and "Toelichting" (the two texts). The doelstellingenrealisatie has "Doelstellingen" (the
prioritaire acties per status per doelstelling) in front of the same "Stand van zaken" and
"Financiën".

It is written with the classic workbook's helpers (``workbook.py``): the same header row, frozen
panes, autofilter, status colours, row heights and A4 landscape page setup with the header row on
every page and page numbers. Amounts are real numbers with a euro number format, percentages too.
"""

import datetime
from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from plans.models import Status
from reporting.bbc_reports import BbcReport, GoalSection, LineKind, MoneyLine
from reporting.columns import Column
from reporting.workbook import _append_rows, _finish_sheet, _page_setup, _start_sheet

EURO = '#,##0.00\\ "€";-#,##0.00\\ "€"'
PERCENT = '0.0" %"'


def _goal(goal: GoalSection) -> str:
    return goal.number or _("(geen)")


STAND_COLUMNS = [
    Column("BD", 10, lambda r: r[0], as_text=True),
    Column("Beleidsdoelstelling", 30, lambda r: r[1], wrap=True),
    Column("Soort", 11, lambda r: r[2]),
    Column("Nr.", 10, lambda r: r[3].row.number, as_text=True, strong=lambda r: r[2] == "actieplan"),
    Column("Titel", 40, lambda r: r[3].row.title, wrap=True, strong=lambda r: r[2] == "actieplan"),
    Column("Entiteit", 16, lambda r: r[3].row.entity, wrap=True),
    Column("Status", 13, lambda r: r[3].status, status=True),
    Column("Status vorige rapportering", 14, lambda r: r[3].previous_status),
    Column("Toelichting", 60, lambda r: r[3].row.explanation, wrap=True),
]


def _stand_rows(report: BbcReport) -> Iterable[tuple]:
    for goal in report.goals:
        for item in goal.items:
            yield (_goal(goal), goal.title, item.row.kind, item)


FINANCE_COLUMNS = [
    Column("BD", 10, lambda r: r[0], as_text=True),
    Column("Regel", 22, lambda r: r[1].label, strong=lambda r: r[1].kind != LineKind.ACTION),
    Column("Titel", 36, lambda r: r[1].title, wrap=True),
    Column("Categorie", 14, lambda r: r[2]),
    Column("Raming uitgaven", 17, lambda r: r[3].estimate, number_format=EURO),
    Column("Realisatie uitgaven", 17, lambda r: r[3].actual, number_format=EURO),
    Column("Realisatiegraad uitgaven", 13, lambda r: r[3].rate, number_format=PERCENT),
    Column("Raming ontvangsten", 17, lambda r: r[4].estimate, number_format=EURO),
    Column("Realisatie ontvangsten", 17, lambda r: r[4].actual, number_format=EURO),
    Column("Realisatiegraad ontvangsten", 13, lambda r: r[4].rate, number_format=PERCENT),
]


def _finance_rows(report: BbcReport) -> Iterable[tuple]:
    """Per doelstelling each money line, a row per category (E, I, F)."""
    lines: list[tuple[str, MoneyLine]] = [(_goal(g), line) for g in report.goals for line in g.money]
    lines.append(("", report.total))
    for goal, line in lines:
        for category, expenses, receipts in line.by_category():
            yield (goal, line, category, expenses, receipts)


GOAL_COLUMNS = [
    Column("BD", 10, lambda r: r[0], as_text=True),
    Column("Beleidsdoelstelling", 40, lambda r: r[1], wrap=True),
    *[
        Column(str(label), 12, lambda r, status=status: r[2].counts.get(status, 0))
        for status, label in Status.choices
    ],
    Column("Prioritaire acties", 12, lambda r: r[2].total),
    Column("Afgewerkt of regulier", 13, lambda r: round(r[2].done_share, 1), number_format=PERCENT),
    Column("Raming uitgaven", 17, lambda r: r[3].expenses.estimate, number_format=EURO),
    Column("Realisatie uitgaven", 17, lambda r: r[3].expenses.actual, number_format=EURO),
    Column("Raming ontvangsten", 17, lambda r: r[3].receipts.estimate, number_format=EURO),
    Column("Realisatie ontvangsten", 17, lambda r: r[3].receipts.actual, number_format=EURO),
]


def _goal_rows(report: BbcReport) -> list[tuple]:
    return [(_goal(g), g.title, g.counts, g.total) for g in report.goals] + [
        ("", _("Totaal"), report.counts, report.total)
    ]


TEXT_COLUMNS = [
    Column("Onderdeel", 30, lambda r: r[0], wrap=True, strong=lambda r: True),
    Column("Tekst", 110, lambda r: r[1], wrap=True),
]


def _text_rows(report: BbcReport) -> list[tuple]:
    return [
        (_("Gewijzigde veronderstellingen"), report.changed_assumptions or _("Geen.")),
        (_("Gewijzigde financiële risico's"), report.changed_financial_risks or _("Geen.")),
    ]


def bbc_tabs(report: BbcReport) -> list[tuple[str, list[Column], Iterable]]:
    """The workbook's tabs in order: title, columns, and the rows each column reads from."""
    stand = ("Stand van zaken", STAND_COLUMNS, _stand_rows(report))
    finance = ("Financiën", FINANCE_COLUMNS, _finance_rows(report))
    if report.is_follow_up:
        return [stand, finance, ("Toelichting", TEXT_COLUMNS, _text_rows(report))]
    return [("Doelstellingen", GOAL_COLUMNS, _goal_rows(report)), stand, finance]


def build_bbc_workbook(report: BbcReport, output: IO[bytes]) -> None:
    """Write the report's workbook to ``output``. The same report gives the same cells, always."""
    round = report.round
    workbook = Workbook(write_only=True)
    moment = round.closed_at or datetime.datetime.combine(round.date, datetime.time(12))
    workbook.properties.creator = round.plan.authority
    workbook.properties.title = f"{round.plan.name} — {round.name}"
    workbook.properties.created = moment.replace(tzinfo=None)
    for title, columns, rows in bbc_tabs(report):
        sheet = _start_sheet(workbook, title, columns)
        count = _append_rows(sheet, columns, rows)
        _finish_sheet(sheet, columns, count)
        heading = f"{report.title} {report.year}" + (f" · {report.entity}" if report.entity else "")
        _page_setup(sheet, round, f"{heading} · {title}", len(columns), count + 1)
    workbook.save(output)
