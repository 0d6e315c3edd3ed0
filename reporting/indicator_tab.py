"""The Indicatoren tab of the rapportering workbook, and its Grafieken tab with native Excel charts.

One row per indicator the round reports (``indicators.series.of_round``: frozen once the round is
closed). The Waarde and Toelichting cells are what the round-trip import reads back
(``reporting/indicator_import.py``); a hidden Controle cell holds the round and a fingerprint of
what the row showed, so an import cannot overwrite a value someone entered after the export.

Charts cost: a native chart is a drawing part per chart, far dearer to write than a row. To keep the
workbook within twice the write-only floor for a plan with thousands of indicators, the Grafieken
tab charts the first ``MAX_CHARTS`` numeric indicators (those with values), each from its own small
data block, and says that the others are charted on the site.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.axis import DateAxis
from openpyxl.worksheet.datavalidation import DataValidation

from indicators import kinds
from indicators import series as indicator_series
from indicators.kinds import display_number
from indicators.models import Kind
from indicators.series import Point, Series
from reporting.columns import KEY, SEEN, Column
from reporting.controle_token import seen_token

TAB, CHARTS_TAB = "Indicatoren", "Grafieken"
VALUE, NOTE = "value", "note"
MAX_CHARTS = 25
CHART_ROWS = 16  # rows each chart takes, at the default row height
KIND_LABELS = {value: str(label) for value, label in Kind.choices}
DATE_FORMAT = "%d/%m/%Y"
LIST_LIMIT = 255  # Excel's limit on the text of a list validation


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator as a round reports it."""

    series: Series
    round_id: int
    round_date: datetime.date

    @property
    def point(self) -> Point | None:
        return self.series.point_of_round(self.round_id)

    @property
    def previous(self) -> Point | None:
        earlier = [p for p in self.series.points if p.round_id != self.round_id and p.date <= self.round_date]
        return earlier[-1] if earlier else None


def typed(indicator, number) -> str:
    """A value as users type it: "12,5", "ja", the step's name (no unit, no thousands separator).
    ``indicator`` is an Indicator or a Series."""
    if number is None:
        return ""
    if indicator.kind == Kind.NUMBER:
        return display_number(number, indicator.decimals).replace(".", "")
    return kinds.display(indicator, number, unit=False)


def value_text(line: IndicatorLine) -> str:
    point = line.point
    return typed(line.series, point.value if point else None)


def note_text(line: IndicatorLine) -> str:
    point = line.point
    return point.note if point else ""


def check_token(line: IndicatorLine) -> str:
    """The round and a fingerprint of the exported Waarde and Toelichting: "R12:ab…-cd…-ef01"."""
    return f"R{line.round_id}:{seen_token(value_text(line), note_text(line))}"


def _final_target(line: IndicatorLine) -> str:
    target = line.series.final_target
    return f"{target[0]}: {line.series.display(target[1])}" if target else ""


def _previous(line: IndicatorLine) -> str:
    point = line.previous
    if point is None:
        return ""
    return f"{line.series.display(point.value)} ({point.date.strftime(DATE_FORMAT)})"


def _baseline(line: IndicatorLine) -> str:
    baseline = line.series.baseline
    return line.series.display(baseline.value) if baseline else ""


def _baseline_date(line: IndicatorLine) -> str:
    baseline = line.series.baseline
    return baseline.date.strftime(DATE_FORMAT) if baseline else ""


INDICATOR_COLUMNS = [
    Column("Id", 7, lambda line: line.series.id, reads=KEY),
    Column(
        "Indicator",
        40,
        lambda line: line.series.name,
        wrap=True,
        hint=gettext_lazy("dit wijzigt u op de site."),
    ),
    Column("Gekoppeld aan", 24, lambda line: ", ".join(link.label for link in line.series.links), wrap=True),
    Column("Soort", 12, lambda line: KIND_LABELS.get(line.series.kind, line.series.kind)),
    Column("Eenheid", 10, lambda line: line.series.unit, as_text=True),
    Column("Basiswaarde", 14, _baseline, as_text=True),
    Column("Datum basiswaarde", 12, _baseline_date, as_text=True),
    Column("Streefwaarde", 16, _final_target, as_text=True),
    Column("Vorige waarde", 22, _previous, as_text=True),
    Column("Waarde", 16, value_text, as_text=True, reads=VALUE),
    Column("Toelichting", 50, note_text, wrap=True, reads=NOTE),
    Column("Op koers", 16, lambda line: line.series.track_label),
    Column("Controle", 12, check_token, hidden=True, reads=SEEN),
]
VALUE_COLUMN = next(i for i, c in enumerate(INDICATOR_COLUMNS, start=1) if c.reads == VALUE)


def indicator_lines(round) -> list[IndicatorLine]:
    """The round's indicators, frozen once it is closed (six queries while it is open)."""
    from indicators.values import round_date

    on = round_date(round)
    return [IndicatorLine(s, round.pk, on) for s in indicator_series.of_round(round)]


def add_value_lists(sheet, lines: list[IndicatorLine]) -> None:
    """A drop-down on the Waarde cell: ja/nee, or the steps of a stappenplan where Excel can hold them
    (a list of at most 255 characters, without commas). One validation per distinct list."""
    by_list: dict[str, list[str]] = {}
    for row, line in enumerate(lines, start=2):
        if line.series.kind == Kind.YES_NO:
            choices = [_("ja"), _("nee")]
        elif line.series.kind == Kind.STEPS and not any("," in s or '"' in s for s in line.series.steps):
            choices = list(line.series.steps)
        else:
            continue
        text = ",".join(choices)
        if len(text) <= LIST_LIMIT:
            by_list.setdefault(text, []).append(f"{_column_letter(VALUE_COLUMN)}{row}")
    for text, cells in by_list.items():
        validation = DataValidation(
            type="list",
            formula1=f'"{text}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Onbekende waarde"),
            error=_("Kies een van: %(choices)s.") % {"choices": text.replace(",", ", ")},
        )
        validation.sqref = " ".join(cells)
        sheet.data_validations.append(validation)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def charted(lines: Iterable[IndicatorLine]) -> list[IndicatorLine]:
    """The indicators the Grafieken tab charts: numeric, with at least one value, the first MAX_CHARTS."""
    return [line for line in lines if line.series.kind == Kind.NUMBER and line.series.points][:MAX_CHARTS]


def chart_block(series: Series) -> list[tuple[datetime.date, float | None, float | None]]:
    """Dates, values and the target line: a value on each measured date, the target at each target
    year's end and, on the measured dates, where the indicator should be (``Series.expected``)."""
    dates = sorted({p.date for p in series.points} | {datetime.date(y, 12, 31) for y in series.targets})
    values = {p.date: p.value for p in series.points}
    rows = []
    for on in dates:
        value = values.get(on)
        expected = series.expected(on)
        rows.append(
            (
                on,
                float(value) if value is not None else None,
                float(expected) if expected is not None else None,
            )
        )
    return rows


def write_charts_tab(workbook, lines: list[IndicatorLine]) -> None:
    """Per charted indicator, a data block (Datum, Waarde, Streefwaarde) and a line chart beside it;
    a closing note names how many numeric indicators are charted only on the site."""
    chosen = charted(lines)
    numeric = sum(1 for line in lines if line.series.kind == Kind.NUMBER and line.series.points)
    sheet = workbook.create_sheet(CHARTS_TAB)
    for letter, width in zip("ABC", (12, 14, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    row = 1
    if numeric > len(chosen):
        sheet.append(
            [
                _(
                    "Dit tabblad toont de grafiek van de eerste %(shown)d van %(count)d indicatoren met "
                    "waarden. De grafiek van elke indicator staat op haar pagina op de site."
                )
                % {"shown": len(chosen), "count": numeric}
            ]
        )
        row += 1
    for line in chosen:
        s = line.series
        block = chart_block(s)
        sheet.append([s.name])
        sheet.append([_("Datum"), _("Waarde"), _("Streefwaarde")])
        header = row + 1
        for on, value, expected in block:
            sheet.append([on, value, expected])
        last = header + len(block)
        chart = LineChart()
        chart.title = s.name[:120]
        chart.y_axis.title = s.unit or _("waarde")
        chart.x_axis = DateAxis(crossAx=100)
        chart.x_axis.number_format = "dd/mm/yyyy"
        chart.x_axis.majorTimeUnit = "months"
        chart.x_axis.title = _("Datum")
        chart.x_axis.delete = chart.y_axis.delete = False
        chart.display_blanks = "span"
        chart.add_data(
            Reference(sheet, min_col=2, max_col=3, min_row=header, max_row=last), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
        target = chart.series[1]
        target.graphicalProperties.line.dashStyle = "dash"
        target.marker.symbol = "triangle"
        chart.series[0].marker.symbol = "circle"
        chart.height, chart.width = 7.5, 16
        sheet.add_chart(chart, f"E{row}")
        used = 2 + len(block)
        for _blank in range(max(0, CHART_ROWS - used)):
            sheet.append([])
        row += max(used, CHART_ROWS)
