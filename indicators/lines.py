"""An indicator in one line, as the verslag, the dashboard and the overview show it under an item:
"Aandeel inwoners onder de armoedegrens: 12,5 % (niet op koers)". Read from ``series.Series``, so a
closed round's frozen record reads like a live one.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.series import Series, Track, live

# Not colour alone: each track has its own sign, next to its words.
TRACK_ICONS = {Track.ON: "✓", Track.OFF: "✗", Track.UNKNOWN: "?"}


@dataclass(frozen=True)
class Line:
    id: int
    name: str
    value: str  # the latest value as users read it, "" without values
    date: datetime.date | None
    expected: str  # where it should be on that date (the target or the line to it), "" when unknown
    target: str  # the final target, "2031: 10 %"
    track: str
    track_label: str

    @property
    def icon(self) -> str:
        return TRACK_ICONS[self.track]

    @property
    def text(self) -> str:
        """ "Indicator X: 12,5 % (niet op koers)", the words the Word file and tests read."""
        value = self.value or _("nog geen waarde")
        return _("Indicator %(name)s: %(value)s (%(track)s)") % {
            "name": self.name,
            "value": value,
            "track": self.track_label,
        }


def line(series: Series) -> Line:
    """``series`` in one line: its latest value, where it should be then, its track."""
    latest = series.latest
    expected = series.expected(latest.date) if latest else None
    final = series.final_target
    return Line(
        id=series.id,
        name=series.name,
        value=series.display(latest.value) if latest else "",
        date=latest.date if latest else None,
        expected=series.display(expected.quantize(_step(series.decimals))) if expected is not None else "",
        target=f"{final[0]}: {series.display(final[1])}" if final else "",
        track=series.track,
        track_label=series.track_label,
    )


def _step(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def by_item(all_series: list[Series]) -> dict[tuple[str, int], list[Line]]:
    """The lines of ``all_series`` per linked item: {("goal" | "actionplan" | "action", id): [Line]}."""
    lines: dict[tuple[str, int], list[Line]] = defaultdict(list)
    for series in all_series:
        shown = line(series)
        for link in series.links:
            lines[(link.kind, link.id)].append(shown)
    return lines


def of_items(*, goal_ids=(), action_plan_ids=(), action_ids=()) -> dict[tuple[str, int], list[Line]]:
    """The followed indicators linked to the given items, as lines per item: seven queries."""
    linked = Q(goals__in=list(goal_ids)) | Q(action_plans__in=list(action_plan_ids))
    if action_ids:
        linked |= Q(actions__in=list(action_ids))
    ids = Indicator.objects.filter(linked, followed=True).values("pk")
    return by_item(live(Indicator.objects.filter(pk__in=ids)))


def off_track(plan) -> list[Line]:
    """The followed indicators of ``plan`` whose latest value is behind its target: six queries."""
    all_series = live(Indicator.objects.filter(plan=plan, followed=True))
    return [line(series) for series in all_series if series.track == Track.OFF]


@dataclass(frozen=True)
class LinkedItems:
    goal_ids: set[int]
    action_plan_ids: set[int]
    action_ids: set[int]


def items_with_track(plan, track: str) -> LinkedItems:
    """The items linked to a followed indicator of ``plan`` that is on ``track``: six queries."""
    found = LinkedItems(set(), set(), set())
    targets = {"goal": found.goal_ids, "actionplan": found.action_plan_ids, "action": found.action_ids}
    for series in live(Indicator.objects.filter(plan=plan, followed=True)):
        if series.track == track:
            for link in series.links:
                targets[link.kind].add(link.id)
    return found
