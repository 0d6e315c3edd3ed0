"""Rendered rows of the status pages and the overview, each cached under what it shows (an item's
version, its counts, who may edit it …), so that a change re-renders only the rows it touches."""

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone

from plans import owners
from plans.caching import cached_rows
from plans.delays import is_delayed
from plans.items import kind_of
from plans.models import ActionPlan, Plan, PlanItem, Project, Status

STATUS_ROW_TEMPLATES = (
    "plans/_status_row.html",
    "plans/_departure.html",
    "plans/_project_links.html",
)


OVERVIEW_ROW_TEMPLATES = (
    "plans/_overview_row.html",
    "indicators/_lines.html",
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
        action_plan.is_delayed,
        action_plan.delayed_actions,
        owners.owner_name(action_plan),
        sorted(action_plan.action_counts.counts.items()),
        _departure_key(action_plan),
        [(a.pk, a.version, _departure_key(a)) for a in action_plan.departed_actions],
        getattr(action_plan, "indicator_lines", []),  # each line is a plain record of what it shows
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
        row["only_own"],
        row["owner_name"],
        row["is_delayed"],
        getattr(item, "is_priority", False),
        item.last_changed_at,
        item.last_changed_by,
        _departure_key(item),
        links,
    ]


def status_rows(plan: Plan, items: Iterable[PlanItem], *, user) -> list[str]:
    """One rendered row of a status page per item, editable where ``user`` may edit it
    (``owners.may_edit_status``: the cel every item, an eigenaar their own); an eigenaar's other rows
    say they can update only their own. Struck and merged items are read-only and say how they left
    the plan. No query per row: load items with their eigenaar (``owners.OWNER_FIELDS``), acties
    with their actieplan's too."""
    is_eigenaar = None  # asked (one query) only when a row is not editable: never for the cel
    today = timezone.localdate()
    rows = []
    for item in items:
        editable = item.is_active and owners.may_edit_status(user, item)
        if not editable and is_eigenaar is None:
            is_eigenaar = owners.has_owner_role.test(user)
        rows.append(
            {
                "plan": plan,
                "item": item,
                "kind": kind_of(item),
                "row_id": f"{kind_of(item)}-{item.pk}",
                "editable": editable,
                "only_own": bool(is_eigenaar) and item.is_active and not editable,
                "owner_name": owners.owner_name(item),
                "is_delayed": is_delayed(item, today),
                "status_choices": Status.choices,
            }
        )
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
            "plans/_overview_row.html",
            {"plan": plan, "action_plan": action_plan, "owner_name": owners.owner_name(action_plan)},
        ),
        templates=OVERVIEW_ROW_TEMPLATES,
    )
    for action_plan, html in zip(action_plans, rendered, strict=True):
        action_plan.row = html
