"""An indicator with its baseline, targets and values as one plain record: the pages, the charts, the
verslag and the workbook all read this, live for an open round, frozen once a round is closed.

``live`` reads any number of indicators in a fixed number of queries; ``freeze`` stores what a
round reported; ``of_round`` gives the one or the other.
"""

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy

from indicators import kinds
from indicators.models import Better, FrozenIndicator, Indicator, Kind, Target, Value
from plans.models import Action, ActionPlan, Goal


class Track:
    ON = "op_koers"
    OFF = "niet_op_koers"
    UNKNOWN = "onbekend"
    LABELS = {
        ON: gettext_lazy("op koers"),
        OFF: gettext_lazy("niet op koers"),
        UNKNOWN: gettext_lazy("nog niet te beoordelen"),
    }


@dataclass(frozen=True)
class Point:
    date: datetime.date
    value: Decimal
    note: str = ""
    round_id: int | None = None
    round_name: str = ""
    value_id: int | None = None
    version: int | None = None


LINK_NAMES = {
    "goal": gettext_lazy("doelstelling"),
    "actionplan": gettext_lazy("actieplan"),
    "action": gettext_lazy("actie"),
}


@dataclass(frozen=True)
class Link:
    kind: str  # "goal", "actionplan", "action"
    id: int
    number: str
    title: str

    @property
    def label(self) -> str:
        return f"{LINK_NAMES[self.kind]} {self.number}"


@dataclass
class Series:
    id: int
    name: str
    kind: str
    unit: str = ""
    decimals: int = 0
    better: str = Better.HIGHER
    steps: list[str] = field(default_factory=list)
    description: str = ""
    source: str = ""
    responsible: str = ""
    followed: bool = True
    baseline: Point | None = None
    targets: dict[int, Decimal] = field(default_factory=dict)
    points: list[Point] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    # What kinds.display needs of an indicator, so a frozen record reads like a live one.
    def display(self, number: Decimal | None, *, unit: bool = True) -> str:
        return kinds.display(self, number, unit=unit)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    def point_of_round(self, round_id: int) -> Point | None:
        return next((p for p in self.points if p.round_id == round_id), None)

    @property
    def final_target(self) -> tuple[int, Decimal] | None:
        if not self.targets:
            return None
        year = max(self.targets)
        return year, self.targets[year]

    def expected(self, on: datetime.date) -> Decimal | None:
        """Where the indicator should be on ``on``: the target of that year; else on the straight line
        from the baseline (or the previous target) to the next target; None without a later target."""
        if on.year in self.targets:
            return self.targets[on.year]
        later = sorted(year for year in self.targets if year > on.year)
        if not later:
            return None
        end = (datetime.date(later[0], 12, 31), self.targets[later[0]])
        earlier = [year for year in self.targets if year < on.year]
        if earlier:
            start = (datetime.date(max(earlier), 12, 31), self.targets[max(earlier)])
        elif self.baseline is not None and self.baseline.date <= on:
            start = (self.baseline.date, self.baseline.value)
        else:
            return None
        if self.kind == Kind.YES_NO:
            return None  # a yes/no target is met on its year or not; nothing lies in between
        span = (end[0] - start[0]).days
        share = Decimal((on - start[0]).days) / Decimal(span) if span > 0 else Decimal(1)
        return start[1] + (end[1] - start[1]) * share

    @property
    def track(self) -> str:
        """On or off track: the latest value against where it should be by its date."""
        latest = self.latest
        if latest is None:
            return Track.UNKNOWN
        expected = self.expected(latest.date)
        if expected is None:
            return Track.UNKNOWN
        lower_is_better = self.kind == Kind.NUMBER and self.better == Better.LOWER
        good = latest.value <= expected if lower_is_better else latest.value >= expected
        return Track.ON if good else Track.OFF

    @property
    def track_label(self) -> str:
        return str(Track.LABELS[self.track])

    def to_json(self) -> dict:
        data = asdict(self)
        data["targets"] = {str(year): str(value) for year, value in self.targets.items()}
        data["baseline"] = _point_json(self.baseline) if self.baseline else None
        data["points"] = [_point_json(point) for point in self.points]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Series":
        data = dict(data)
        data["targets"] = {int(year): Decimal(value) for year, value in data["targets"].items()}
        data["baseline"] = _point(data["baseline"]) if data["baseline"] else None
        data["points"] = [_point(point) for point in data["points"]]
        data["links"] = [Link(**link) for link in data["links"]]
        return cls(**data)


def _point_json(point: Point) -> dict:
    data = asdict(point)
    data["date"] = point.date.isoformat()
    data["value"] = str(point.value)
    return data


def _point(data: dict) -> Point:
    return Point(
        **{**data, "date": datetime.date.fromisoformat(data["date"]), "value": Decimal(data["value"])}
    )


FIELDS = (
    "pk", "name", "kind", "unit", "decimals", "better", "steps", "description", "source", "followed",
    "baseline_value", "baseline_date", "owner__first_name", "owner__username", "department__name",
)  # fmt: skip


def live(indicators, *, as_of: datetime.date | None = None, round_id: int | None = None) -> list[Series]:
    """The series of ``indicators`` (a queryset) in six queries, whatever their number. With
    ``as_of``, only the values up to that date (and those of round ``round_id``)."""
    rows = [dict(zip(FIELDS, row, strict=True)) for row in indicators.values_list(*FIELDS)]
    ids = [row["pk"] for row in rows]
    # Many ids: the same set as a subquery, cheaper than thousands of parameters.
    scope = indicators.values("pk") if len(ids) > 200 and not indicators.query.is_sliced else ids
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, year, value in Target.objects.filter(indicator_id__in=scope).values_list(
        "indicator_id", "year", "value"
    ):
        targets[indicator_id][year] = value
    points: dict[int, list[Point]] = defaultdict(list)
    values = Value.objects.filter(indicator_id__in=scope)
    if as_of is not None:
        values = values.filter(Q(date__lte=as_of) | Q(round_id=round_id) if round_id else Q(date__lte=as_of))
    for row in values.order_by("date", "pk").values_list(
        "indicator_id", "date", "value", "note", "round_id", "round__name", "pk", "version"
    ):
        points[row[0]].append(Point(row[1], row[2], row[3], row[4], row[5] or "", row[6], row[7]))
    links = _links(scope)
    return [
        Series(
            id=row["pk"],
            name=row["name"],
            kind=row["kind"],
            unit=row["unit"],
            decimals=row["decimals"],
            better=row["better"],
            steps=list(row["steps"]),
            description=row["description"],
            source=row["source"],
            responsible=row["owner__first_name"] or row["owner__username"] or row["department__name"] or "",
            followed=row["followed"],
            baseline=Point(row["baseline_date"], row["baseline_value"])
            if row["baseline_value"] is not None
            else None,
            targets=dict(sorted(targets[row["pk"]].items())),
            points=points[row["pk"]],
            links=links[row["pk"]],
        )
        for row in rows
    ]


def _links(ids) -> dict[int, list[Link]]:
    links: dict[int, list[Link]] = defaultdict(list)
    through = (
        ("goal", Indicator.goals.through, "goal", Goal),
        ("actionplan", Indicator.action_plans.through, "actionplan", ActionPlan),
        ("action", Indicator.actions.through, "action", Action),
    )
    for kind, model, name, _target in through:
        rows = (
            model.objects.filter(indicator_id__in=ids)
            .order_by(f"{name}__sort_key")
            .values_list("indicator_id", f"{name}_id", f"{name}__number", f"{name}__title")
        )
        for indicator_id, item_id, number, title in rows:
            links[indicator_id].append(Link(kind, item_id, number, title))
    return links


def freeze(round) -> None:
    """Store every followed indicator of the round's plan as the round reports it (bulk)."""
    from indicators.values import round_date

    as_of = max(round.date, round_date(round))
    indicators = Indicator.objects.filter(plan_id=round.plan_id, followed=True)
    FrozenIndicator.objects.bulk_create(
        [
            FrozenIndicator(round=round, indicator_id=series.id, position=position, data=series.to_json())
            for position, series in enumerate(live(indicators, as_of=as_of, round_id=round.pk))
        ],
        batch_size=500,
    )


def of_round(round) -> list[Series]:
    """What a round reports: frozen once closed, live while open (followed indicators, by name)."""
    if round.is_closed:
        return [Series.from_json(row.data) for row in round.frozen_indicators.order_by("position")]
    return live(Indicator.objects.filter(plan_id=round.plan_id, followed=True))


def of_item(item) -> list[Series]:
    """The indicators linked to a doelstelling, actieplan or actie (live)."""
    return live(item.indicators.filter(followed=True))
