"""The plan's dashboard: where the plan stands, what moved lately, and what nobody touched."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.people import person
from plans.counts import StatusCounts, count_by_status, count_by_status_per
from plans.delays import delayed_filter
from plans.items import kind_of, with_last_change
from plans.models import Action, ActionPlan, Goal, ItemKind, Plan, PlanItem, Project
from plans.timeline import summary

RECENT_LIMIT = 12
UNTOUCHED_LIMIT = 50


@dataclass
class CountRow:
    label: str | Promise
    counts: StatusCounts


@dataclass
class RecentChange:
    when: datetime.datetime
    user: str
    kind: str
    label: str
    pk: int
    reason: str
    what: list[str]


@dataclass
class Untouched:
    items: list[PlanItem]
    total: int


def overall_counts(plan: Plan) -> list[CountRow]:
    """Active action plans, actions and projects per status: three queries."""
    return [
        CountRow(_("actieplannen"), count_by_status(ActionPlan.objects.in_plan(plan).active())),
        CountRow(_("acties"), count_by_status(Action.objects.in_plan(plan).active())),
        CountRow(_("projecten"), count_by_status(Project.objects.in_plan(plan).active())),
    ]


@dataclass
class Delays:
    action_plans: int
    actions: int

    @property
    def total(self) -> int:
        return self.action_plans + self.actions


def delayed_counts(plan: Plan) -> Delays:
    """How many actieplannen and acties are vertraagd (``plans/delays.py``): two queries."""
    return Delays(
        action_plans=ActionPlan.objects.in_plan(plan).filter(delayed_filter()).count(),
        actions=Action.objects.in_plan(plan).filter(delayed_filter()).count(),
    )


def counts_per_goal(plan: Plan) -> list[CountRow]:
    """Active actions per status for each goal of the plan (empty when it has none): two queries."""
    goals = list(Goal.objects.filter(plan=plan))
    if not goals:
        return []
    counts = count_by_status_per(Action.objects.in_plan(plan).active(), "action_plan__goal")
    rows = [CountRow(str(goal), counts.get(goal.pk, StatusCounts())) for goal in goals]
    if None in counts:
        rows.append(CountRow(_("zonder doelstelling"), counts[None]))
    return rows


def recent_changes(plan: Plan, limit: int = RECENT_LIMIT) -> list[RecentChange]:
    """The latest saves of the plan's items, newest first, each saying what it changed: three queries
    per kind of item (the saves, and the versions just before them)."""
    sources = [
        (ItemKind.ACTION_PLAN, ActionPlan.history.filter(plan_id=plan.pk)),
        (
            ItemKind.ACTION,
            _walking_back_in_time(Action.history.all(), "action_plan_id").filter(
                link__in=ActionPlan.objects.in_plan(plan).values("pk")
            ),
        ),
        (ItemKind.PROJECT, Project.history.filter(plan_id=plan.pk)),
    ]
    changes = []
    for kind, records in sources:
        latest = list(records.select_related("history_user").order_by("-history_date")[:limit])
        older = _versions_before(records.model, latest)
        for record in latest:
            label = getattr(record, "number", None) or record.name
            changes.append(
                RecentChange(
                    when=record.history_date,
                    user=person(record.history_user),
                    kind=kind,
                    label=f"{kind} {label}",
                    pk=record.id,
                    reason=record.history_change_reason or "",
                    what=summary(record, older.get(record.pk)),
                )
            )
    return sorted(changes, key=lambda change: change.when, reverse=True)[:limit]


def _walking_back_in_time(records: QuerySet, link: str) -> QuerySet:
    """``records`` with ``link`` aliased as "link", to filter on. On SQLite the filter is written
    ``+link``: otherwise SQLite reads every history row of the plan through the link's index and sorts
    them all, where walking the date index backwards stops after the few rows asked for."""
    if connection.vendor == "sqlite":
        return records.alias(link=Func(F(link), template="+%(expressions)s", output_field=IntegerField()))
    return records.alias(link=F(link))


def _versions_before(history, records: list) -> dict:
    """For each history record, the version of the same item just before it: two queries, the
    lookup of the previous version made only for the given records."""
    before = history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
    pairs = dict(
        history.objects.filter(pk__in=[record.pk for record in records])
        .annotate(before=Subquery(before.order_by("-history_date", "-history_id").values("pk")[:1]))
        .values_list("pk", "before")
    )
    versions = history.objects.in_bulk([pk for pk in pairs.values() if pk])
    return {pk: versions.get(before) for pk, before in pairs.items()}


def _untouched(queryset: QuerySet, since: datetime.datetime, **of_the_plan) -> QuerySet:
    """Items without a save since ``since``: an anti-join on the history's date index, not a
    last-change subquery per item. ``of_the_plan`` narrows the saves to the plan's own, so the
    anti-join does not grow with what other plans and organisations save."""
    touched = queryset.model.history.filter(history_date__gte=since, **of_the_plan).values("id")
    return queryset.exclude(pk__in=touched)


def untouched_since(
    plan: Plan, since: datetime.date | datetime.datetime, limit: int = UNTOUCHED_LIMIT
) -> Untouched:
    """Active action plans and actions not saved since ``since`` (a day, from its start, or a
    moment), in plan order: at most ``limit`` of them, with the total."""
    moment = (
        since
        if isinstance(since, datetime.datetime)
        else timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    )
    action_plans = _untouched(ActionPlan.objects.in_plan(plan).active(), moment, plan_id=plan.pk)
    actions = _untouched(
        Action.objects.in_plan(plan).active(),
        moment,
        action_plan_id__in=ActionPlan.objects.in_plan(plan).values("pk"),
    )
    total = action_plans.count() + actions.count()
    items = [
        *with_last_change(action_plans).order_by("sort_key")[:limit],
        *with_last_change(actions).order_by("sort_key")[:limit],
    ]
    for item in items:
        item.kind = kind_of(item)
    return Untouched(items[:limit], total)
