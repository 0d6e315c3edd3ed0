"""The rows of an indicator's values table: one per open rapportering of the plan (empty until a value
is entered), then every other value by date; a closed round's value is read-only."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.series import Point, Series


@dataclass
class ValueRow:
    key: str  # "round-5" or "value-12": the row's id on the page
    label: str
    date: datetime.date | None
    point: Point | None = None
    round_id: int | None = None
    value_id: int | None = None
    closed: bool = False
    raw: str = ""  # what the input shows (as users type it)
    note: str = ""
    version: int | None = None
    errors: list[str] = field(default_factory=list)
    state: str = ""  # "", "saved", "conflict"
    message: str = ""

    @property
    def shown(self) -> str:
        return self.raw


def value_rows(series: Series, open_rounds, *, date_of) -> list[ValueRow]:
    """``open_rounds`` (the plan's open rounds, by date); ``date_of(round)`` the date its value is about."""
    rows = []
    open_ids = set()
    for round in open_rounds:
        open_ids.add(round.pk)
        point = series.point_of_round(round.pk)
        rows.append(
            ValueRow(
                key=f"round-{round.pk}",
                label=_("Waarde voor %(round)s") % {"round": round.name},
                date=point.date if point else date_of(round),
                point=point,
                round_id=round.pk,
                value_id=point.value_id if point else None,
                raw=series.display(point.value, unit=False) if point else "",
                note=point.note if point else "",
                version=point.version if point else None,
            )
        )
    for point in reversed(series.points):
        if point.round_id in open_ids:
            continue
        rows.append(
            ValueRow(
                key=f"value-{point.value_id}",
                label=point.round_name or point.date.strftime("%d/%m/%Y"),
                date=point.date,
                point=point,
                round_id=point.round_id,
                value_id=point.value_id,
                closed=point.round_id is not None,
                raw=series.display(point.value, unit=False),
                note=point.note,
                version=point.version,
            )
        )
    return rows
