"""The reality check's chart: per year the retained actieplannen's envelopes as a bar (exploitatie
below, investeringen on top) and the beschikbare ruimte as a marker across the bar. Placed in SVG user
units here; ``templates/drafting/_room_chart.html`` draws it with the same figures as a table, as the
indicator chart does (``indicators/charts.py``). Shapes, hatching and words, not colour alone, tell the
parts apart; a year over the room is named in the description and marked with a cross.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from drafting.envelopes import Check, euro

WIDTH, HEIGHT = 640, 280
TOP, BOTTOM, RIGHT = 16, 36, 16


@dataclass(frozen=True)
class Size:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = 110
    font: int = 12


WIDE = Size()
PHONE = Size(width=320, height=240, left=74, font=14)


@dataclass(frozen=True)
class Bar:
    year: int
    x: float
    width: float
    operating_y: float
    operating_height: float
    investment_y: float
    investment_height: float
    room_y: float | None  # the room's marker; None when finance has not entered it
    label_x: float
    over: bool
    label: str  # "2022: enveloppes 1.250.000, ruimte 1.000.000"


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class TableRow:
    year: int
    operating: str
    investment: str
    total: str
    room: str
    difference: str
    over: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int
    bars: list[Bar]
    y_ticks: list[Tick]
    description: str
    table: list[TableRow]
    phone: "Chart | None" = None


def _nice_step(high: float) -> float:
    raw = high / 4 or 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(magnitude * f for f in (1, 2, 2.5, 5, 10) if magnitude * f >= raw)


def _short(amount: float) -> str:
    """An axis label: 1,5 mln · 250.000."""
    if amount >= 1_000_000:
        millions = f"{amount / 1_000_000:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        return _("%(amount)s mln") % {"amount": millions}
    return euro(Decimal(int(amount))).replace("€", "").strip()


def chart(result: Check, size: Size = WIDE) -> Chart:
    years = result.years
    high = max([float(y.total) for y in years] + [float(y.room) for y in years if y.room is not None] + [0.0])
    step = _nice_step(high) if high > 0 else 1.0
    top_value = step * max(1, math.ceil(high / step)) if high > 0 else 4.0
    right, bottom = size.width - RIGHT, size.height - BOTTOM
    inner_w, inner_h = right - size.left, bottom - TOP
    slot = inner_w / max(len(years), 1)

    def y(value: float) -> float:
        return round(TOP + inner_h * (1 - value / top_value), 1)

    bars = []
    for i, year in enumerate(years):
        x = size.left + slot * i + slot * 0.2
        operating_top = y(float(year.operating))
        total_top = y(float(year.total))
        bars.append(
            Bar(
                year=year.year,
                x=round(x, 1),
                width=round(slot * 0.6, 1),
                operating_y=operating_top,
                operating_height=round(bottom - operating_top, 1),
                investment_y=total_top,
                investment_height=round(operating_top - total_top, 1),
                room_y=None if year.room is None else y(float(year.room)),
                label_x=round(size.left + slot * (i + 0.5), 1),
                over=year.over,
                label=_bar_label(year),
            )
        )
    ticks, at = [], 0.0
    while at <= top_value + step * 0.001:
        ticks.append(Tick(y(at), _short(at)))
        at += step
    return Chart(
        width=size.width,
        height=size.height,
        left=size.left,
        right=right,
        top=TOP,
        bottom=bottom,
        font=size.font,
        bars=bars,
        y_ticks=ticks,
        description=describe(result),
        table=table(result),
        phone=chart(result, PHONE) if size is WIDE else None,
    )


def _bar_label(year) -> str:
    if year.room is None:
        return _("%(year)s: enveloppes %(total)s, ruimte nog niet ingevuld") % {
            "year": year.year,
            "total": euro(year.total),
        }
    return _("%(year)s: enveloppes %(total)s, ruimte %(room)s") % {
        "year": year.year,
        "total": euro(year.total),
        "room": euro(year.room),
    }


def describe(result: Check) -> str:
    """The chart in words: which years go over the room, and by how much."""
    over = result.years_over
    if not any(y.room is not None for y in result.years):
        return _("De enveloppes per jaar; de beschikbare ruimte is nog niet ingevuld.")
    if not over:
        return _("De enveloppes blijven elk jaar binnen de beschikbare ruimte.")
    named = ", ".join(
        _("%(year)s (%(over)s te veel)") % {"year": y.year, "over": euro(-y.left)} for y in over
    )
    return _("De enveloppes gaan over de beschikbare ruimte in: %(years)s.") % {"years": named}


def table(result: Check) -> list[TableRow]:
    rows = []
    for year in result.years:
        rows.append(
            TableRow(
                year=year.year,
                operating=euro(year.operating),
                investment=euro(year.investment),
                total=euro(year.total),
                room=euro(year.room) if year.room is not None else _("niet ingevuld"),
                difference=euro(year.left) if year.left is not None else "",
                over=year.over,
            )
        )
    return rows
