"""The trend chart of one indicator, placed in SVG user units: its values, the baseline and the line to
the targets. ``templates/indicators/_chart.html`` draws it as SVG with the same figures as a table;
the Word verslag draws the same geometry as a picture. Shapes and dashes, not colour alone, tell the
lines apart.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indicators.kinds import decimals_of, display_number
from indicators.models import Kind
from indicators.series import Series

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 150, 20, 16, 36
VALUE_COLOUR, TARGET_COLOUR, BASELINE_COLOUR = "#1f4e79", "#8a4b00", "#4d4d4d"


@dataclass(frozen=True)
class Size:
    """The chart's box in SVG units. A phone shows the chart about 260 px wide: drawn in a smaller box
    with larger letters, its labels stay about 12 px on the screen instead of shrinking to 5 px."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    font: int = 12
    label_length: int = 22  # the longest name of a step on the y axis
    x_ticks: int = 8  # at most this many years on the x axis


WIDE = Size()
PHONE = Size(width=300, height=230, left=96, font=14, label_length=9, x_ticks=4)


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str  # "31/12/2026: 12,5 %"


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class TableRow:
    date: str
    what: str  # waarde, basiswaarde, streefwaarde
    value: str
    note: str = ""


@dataclass(frozen=True)
class Chart:
    id: int
    title: str
    width: int
    height: int
    values: list[Mark]
    targets: list[Mark]
    baseline: Mark | None
    target_line: str  # "x,y x,y …" from the baseline through the targets
    value_line: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    description: str
    table: list[TableRow]
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    font: int = 12
    phone: "Chart | None" = None  # the same chart for a phone's screen (``PHONE``)

    @property
    def empty(self) -> bool:
        return not self.values and not self.targets and self.baseline is None


def _day(on: datetime.date) -> str:
    return on.strftime("%d/%m/%Y")


def _year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _nice_step(span: float) -> float:
    raw = span / 4 or 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(magnitude * factor for factor in (1, 2, 2.5, 5, 10) if magnitude * factor >= raw)


def _y_scale(
    series: Series, numbers: list[Decimal], label_length: int = 22
) -> tuple[float, float, list[tuple[float, str]]]:
    if series.kind == Kind.YES_NO:
        return 0.0, 1.0, [(0.0, _("nee")), (1.0, _("ja"))]
    if series.kind == Kind.STEPS:
        ticks = [(float(i + 1), _short(name, label_length)) for i, name in enumerate(series.steps)]
        return 1.0, float(max(len(ticks), 2)), ticks
    if not numbers:
        return 0.0, 1.0, []
    low, high = float(min(numbers)), float(max(numbers))
    if 0 <= low <= high * 0.5:
        low = 0.0
    if low == high:
        low, high = low - 1, high + 1
    step = _nice_step(high - low)
    decimals = min(decimals_of(Decimal(repr(step))), 6)
    ticks, at = [], math.floor(low / step) * step
    while True:  # up to the first tick at or above the highest value, so every value is inside
        ticks.append((at, display_number(Decimal(repr(round(at, decimals))), decimals)))
        if at >= high - step * 0.001:
            break
        at += step
    return ticks[0][0], ticks[-1][0], ticks


def _short(name: str, length: int = 22) -> str:
    return name if len(name) <= length else name[: length - 1] + "…"


def chart(series: Series, size: Size = WIDE) -> Chart:
    """The chart of ``series``: x over the dates (baseline, values, targets at their year's end), y over
    the values (ja/nee and the steps by their names). The wide chart carries its phone version."""
    dated: list[tuple[datetime.date, Decimal]] = [(p.date, p.value) for p in series.points]
    targets = [(_year_end(year), value) for year, value in series.targets.items()]
    baseline = (series.baseline.date, series.baseline.value) if series.baseline else None
    everything = dated + targets + ([baseline] if baseline else [])
    first = min((d for d, _v in everything), default=datetime.date.today())
    last = max((d for d, _v in everything), default=first)
    if first == last:
        first, last = first - datetime.timedelta(days=182), last + datetime.timedelta(days=183)
    low, high, y_ticks = _y_scale(series, [v for _d, v in everything], size.label_length)
    left, right, bottom = size.left, size.width - RIGHT, size.height - BOTTOM
    inner_w, inner_h = right - left, bottom - TOP
    days = (last - first).days

    def x(on: datetime.date) -> float:
        return round(left + inner_w * (on - first).days / days, 1)

    def y(value: Decimal | float) -> float:
        return round(TOP + inner_h * (1 - (float(value) - low) / ((high - low) or 1)), 1)

    values = [Mark(x(d), y(v), f"{_day(d)}: {series.display(v)}") for d, v in dated]
    target_marks = [
        Mark(x(d), y(v), _("streefwaarde %(year)s: %(value)s") % {"year": d.year, "value": series.display(v)})
        for d, v in targets
    ]
    base = (
        Mark(
            x(baseline[0]),
            y(baseline[1]),
            _("basiswaarde %(date)s: %(value)s")
            % {"date": _day(baseline[0]), "value": series.display(baseline[1])},
        )
        if baseline
        else None
    )
    line = ([base] if base and series.kind != Kind.YES_NO else []) + target_marks
    years = list(range(first.year + (first.month > 1 or first.day > 1), last.year + 1))
    every = max(1, -(-len(years) // size.x_ticks))
    x_ticks = [Tick(x(datetime.date(year, 1, 1)), str(year)) for year in years[::every]]
    return Chart(
        id=series.id,
        title=series.name,
        width=size.width,
        height=size.height,
        values=values,
        targets=target_marks,
        baseline=base,
        target_line=" ".join(f"{m.x},{m.y}" for m in line) if len(line) > 1 else "",
        value_line=" ".join(f"{m.x},{m.y}" for m in values),
        x_ticks=x_ticks,
        y_ticks=[Tick(y(at), label) for at, label in y_ticks],
        description=describe(series),
        table=table(series),
        left=left,
        right=right,
        bottom=bottom,
        font=size.font,
        phone=chart(series, PHONE) if size is WIDE else None,
    )


def describe(series: Series) -> str:
    """The chart in one sentence, for screen readers and as the caption."""
    parts = []
    latest = series.latest
    if latest:
        parts.append(
            _("Laatste waarde: %(value)s op %(date)s.")
            % {"value": series.display(latest.value), "date": _day(latest.date)}
        )
    else:
        parts.append(_("Nog geen waarden."))
    if series.baseline:
        parts.append(
            _("Basiswaarde: %(value)s op %(date)s.")
            % {"value": series.display(series.baseline.value), "date": _day(series.baseline.date)}
        )
    final = series.final_target
    if final:
        parts.append(
            _("Streefwaarde %(year)s: %(value)s.") % {"year": final[0], "value": series.display(final[1])}
        )
    parts.append(_("Stand: %(track)s.") % {"track": series.track_label})
    return " ".join(parts)


def table(series: Series) -> list[TableRow]:
    """The chart's figures in date order: baseline, values with their notes, targets."""
    rows = []
    if series.baseline:
        rows.append(
            (
                series.baseline.date,
                0,
                TableRow(_day(series.baseline.date), _("basiswaarde"), series.display(series.baseline.value)),
            )
        )
    for point in series.points:
        what = point.round_name or _("waarde")
        rows.append(
            (point.date, 1, TableRow(_day(point.date), what, series.display(point.value), point.note))
        )
    for year, value in series.targets.items():
        rows.append((_year_end(year), 2, TableRow(str(year), _("streefwaarde"), series.display(value))))
    return [row for _d, _o, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def long_date(on: datetime.date) -> str:
    return date_format(on, "j F Y")
