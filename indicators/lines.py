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
from plans.models import Action
from plans.page_parts import LinkedItems

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


@dataclass(frozen=True)
class OverviewLines:
    goals: dict[int, list[Line]]
    action_plans: dict[int, list[Line]]  # its own indicators, then those of its acties


def for_overview(goal_ids: list[int], action_plan_ids: list[int]) -> OverviewLines:
    """The followed indicators under the overview's goals and actieplannen (an actieplan also shows
    its acties' indicators, once each): six queries (seven with acties), however many are shown."""
    linked = (
        Q(goals__in=goal_ids)
        | Q(action_plans__in=action_plan_ids)
        | Q(actions__action_plan__in=action_plan_ids)
    )
    ids = Indicator.objects.filter(linked, followed=True).values("pk")
    all_series = live(Indicator.objects.filter(pk__in=ids))
    action_ids = {link.id for series in all_series for link in series.links if link.kind == "action"}
    plan_of_action = dict(Action.objects.filter(pk__in=action_ids).values_list("pk", "action_plan_id"))
    goals: dict[int, list[Line]] = defaultdict(list)
    action_plans: dict[int, list[Line]] = defaultdict(list)
    for series in all_series:
        shown = line(series)
        for link in series.links:
            if link.kind == "goal":
                goals[link.id].append(shown)
        for kind in ("actionplan", "action"):
            for link in series.links:
                if link.kind != kind:
                    continue
                owner = link.id if kind == "actionplan" else plan_of_action.get(link.id)
                if owner is not None and shown not in action_plans[owner]:
                    action_plans[owner].append(shown)
    return OverviewLines(dict(goals), dict(action_plans))


OFF_TRACK_LIMIT = 20


@dataclass(frozen=True)
class OffTrack:
    lines: list[Line]  # the first ``limit``, by name
    total: int  # how many are off track
    followed: int  # how many indicators the plan follows


def off_track(plan, limit: int = OFF_TRACK_LIMIT) -> OffTrack:
    """The followed indicators of ``plan`` whose latest value is behind where it should be by its
    date, by name: six queries, whatever their number."""
    all_series = live(Indicator.objects.filter(plan=plan, followed=True))
    behind = [series for series in all_series if series.track == Track.OFF]
    return OffTrack([line(series) for series in behind[:limit]], len(behind), len(all_series))


def items_with_track(plan, track: str) -> LinkedItems:
    """The items linked to a followed indicator of ``plan`` that is on ``track``: six queries."""
    found = LinkedItems(set(), set(), set())
    targets = {"goal": found.goal_ids, "actionplan": found.action_plan_ids, "action": found.action_ids}
    for series in live(Indicator.objects.filter(plan=plan, followed=True)):
        if series.track == track:
            for link in series.links:
                targets[link.kind].add(link.id)
    return found


def add_to_overview(groups) -> None:
    """Give each goal group of the overview (``plans.overview.GoalGroup``) and each of its actieplannen
    their ``indicator_lines``: six or seven queries (``for_overview``)."""
    action_plans = [action_plan for group in groups for action_plan in group.action_plans]
    goal_ids = [group.goal.pk for group in groups if group.goal is not None]
    found = for_overview(goal_ids, [action_plan.pk for action_plan in action_plans])
    for group in groups:
        group.indicator_lines = found.goals.get(group.goal.pk, []) if group.goal is not None else []
    for action_plan in action_plans:
        action_plan.indicator_lines = found.action_plans.get(action_plan.pk, [])
