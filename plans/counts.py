"""Counting items per status, for the overview's bars and the dashboard."""

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from plans.statuses import DONE, Status


@dataclass(frozen=True)
class BarSegment:
    status: str
    label: str
    count: int
    start: float  # percent of the bar's width
    width: float


@dataclass
class StatusCounts:
    """How many items have each status, in the statuses' own order."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Status.values, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done_share(self) -> float:
        """The share that is done (afgewerkt, regulier), in percent (0 when there is nothing to count)."""
        if not self.total:
            return 0.0
        return 100 * sum(self.counts[s] for s in DONE) / self.total

    def rows(self) -> list[tuple[str, str, int]]:
        return [(status, str(label), self.counts[status]) for status, label in Status.choices]

    def segments(self) -> list[BarSegment]:
        """The stacked bar: one segment per status that occurs, widths in percent."""
        segments, start = [], 0.0
        for status, label, count in self.rows():
            if count:
                width = 100 * count / self.total
                segments.append(BarSegment(status, label, count, round(start, 3), round(width, 3)))
                start += width
        return segments


def count_by_status(queryset: QuerySet) -> StatusCounts:
    """One query: the status counts of ``queryset``."""
    result = StatusCounts()
    for row in queryset.order_by().values("status").annotate(n=Count("pk")):
        result.counts[row["status"]] = row["n"]
    return result


def count_by_status_per(queryset: QuerySet, key: str) -> dict[Hashable, StatusCounts]:
    """One query: the status counts of ``queryset`` per value of ``key`` (e.g. "action_plan")."""
    result: dict[Hashable, StatusCounts] = defaultdict(StatusCounts)
    for row in queryset.order_by().values(key, "status").annotate(n=Count("pk")):
        result[row[key]].counts[row["status"]] = row["n"]
    return result
