"""The chapter Indicatoren of a verslag (the classic one and the BBC reports): per indicator its chart,
its value of the round and its track, read from ``indicators.series.of_round`` (frozen once the round
is closed)."""

from dataclasses import dataclass

from indicators import charts, lines
from indicators.series import Point, Series
from indicators.values import round_date
from rounds.models import ReportingRound


@dataclass
class IndicatorPart:
    """One indicator in the chapter Indicatoren: its chart, its value of this round."""

    series: Series
    chart: charts.Chart
    line: lines.Line
    value: Point | None  # the value of this round, None when it has none

    @property
    def value_text(self) -> str:
        return self.series.display(self.value.value) if self.value else ""

    @property
    def linked(self) -> str:
        """ "actieplan 10, actie 10.2" """
        return ", ".join(link.label for link in self.series.links)


def indicator_parts(round: ReportingRound, all_series: list[Series]) -> list[IndicatorPart]:
    """The chapter's parts, in the order of ``all_series`` (by name)."""
    return [
        IndicatorPart(series, charts.chart(series), lines.line(series), value_of(series, round))
        for series in all_series
    ]


def value_of(series: Series, round: ReportingRound) -> Point | None:
    """The value the round reports: the one entered for it, else the latest dated up to its date."""
    found = series.point_of_round(round.pk)
    if found is None:
        up_to = max(round.date, round_date(round))
        found = next((p for p in reversed(series.points) if p.date <= up_to), None)
    return found
