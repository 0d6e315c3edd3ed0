"""Rendered rows of the status pages and the overview, each cached under what it shows (an item's
version, its counts, who may edit it …), so that a change re-renders only the rows it touches."""

from collections.abc import Iterable

from django.template.loader import render_to_string

from plans.caching import cached_rows
from plans.items import kind_of
from plans.models import ActionPlan, Plan, PlanItem, Project, Status

STATUS_ROW_TEMPLATES = (
    "plans/_status_row.html",
    "plans/_departure.html",
    "plans/_project_links.html",
)


OVERVIEW_ROW_TEMPLATES = (
    "plans/_overview_row.html",
    "plans/_departure.html",
    "includes/_status_bar.html",
)


def _departure_key(item) -> list:
    departure = getattr(item, "departure", None)
    if departure is None:
        return []
    target = departure.merged_into
    return [
        departure.on,
        departure.proposal and departure.proposal.pk,
        target and (target.pk, target.number, target.action_plan.number),
    ]


def _overview_row_key(plan: Plan, action_plan: ActionPlan) -> list:
    """Everything an overview row shows: its own version, its actions per status, its departed ones."""
    return [
        plan.slug,
        action_plan.pk,
        action_plan.version,
        action_plan.is_priority,
        sorted(action_plan.action_counts.counts.items()),
        _departure_key(action_plan),
        [(a.pk, a.version, _departure_key(a)) for a in action_plan.departed_actions],
    ]


def _status_row_key(plan: Plan, row: dict) -> list:
    """Everything a status row shows: a save of the item raises its version."""
    item = row["item"]
    links = (
        [(ap.pk, ap.number, ap.title) for ap in item.action_plans.all()]
        + [(a.pk, a.number, a.title, a.action_plan.number) for a in item.actions.all()]
        if isinstance(item, Project)
        else []
    )
    return [
        plan.slug,
        row["row_id"],
        item.version,
        row["editable"],
        getattr(item, "is_priority", False),
        item.last_changed_at,
        item.last_changed_by,
        _departure_key(item),
        links,
    ]


def status_rows(plan: Plan, items: Iterable[PlanItem], *, editable: bool) -> list[str]:
    """One rendered row of a status page per item; struck and merged items are read-only and say how
    they left the plan."""
    rows = [
        {
            "plan": plan,
            "item": item,
            "kind": kind_of(item),
            "row_id": f"{kind_of(item)}-{item.pk}",
            "editable": editable and item.is_active,
            "status_choices": Status.choices,
        }
        for item in items
    ]
    return cached_rows(
        rows,
        key=lambda row: _status_row_key(plan, row),
        render=lambda row: render_to_string("plans/_status_row.html", row),
        templates=STATUS_ROW_TEMPLATES,
    )


def add_overview_rows(plan: Plan, action_plans: list[ActionPlan]) -> None:
    """Give each action plan of the overview its rendered row (``action_plan.row``)."""
    rendered = cached_rows(
        action_plans,
        key=lambda action_plan: _overview_row_key(plan, action_plan),
        render=lambda action_plan: render_to_string(
            "plans/_overview_row.html", {"plan": plan, "action_plan": action_plan}
        ),
        templates=OVERVIEW_ROW_TEMPLATES,
    )
    for action_plan, html in zip(action_plans, rendered, strict=True):
        action_plan.row = html
