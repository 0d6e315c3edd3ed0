"""What an app above plans adds to plans' pages, without plans importing it: the app registers its
parts in its AppConfig.ready (indicators/apps.py: the koers filter, the overview's indicator lines,
the charts on an actieplan's page). A page without a registered part works, without it."""

from collections.abc import Callable
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class LinkedItems:
    """Ids of goals, actieplannen and acties: the overview shows the actieplannen linked to one."""

    goal_ids: set[int]
    action_plan_ids: set[int]
    action_ids: set[int]


@dataclass
class Parts:
    # (plan, koers) -> LinkedItems: the items linked to an indicator on that koers (overview filter)
    items_on_track: Callable | None = None
    # (goal groups) -> None: gives the overview's goal groups and their actieplannen their extra lines
    overview_lines: Callable | None = None
    # (user, action_plan, actions) -> dict: more context for an actieplan's status page
    action_plan_context: Callable | None = None
    # (user, plan) -> (label, url) | None: where the plan came from (drafting: "Hoe dit plan tot stand kwam")
    plan_origin: Callable | None = None
    # (request, plan, page, **kwargs) -> HttpResponse: a plan page as of a date (``?op=2027-03-01``),
    # read-only, from the version in force that day (versions/views/as_of.py); page is "overview",
    # "action_plan" (number=), "timeline" (kind=, pk=), "finances", "indicators" or "indicator" (pk=)
    as_of: Callable | None = None
    # (plan, kind, item_id) -> [marker]: the versions an item passed through, oldest first, each with
    # ``on`` (a date) and ``is_version`` (versions/as_of.py markers)
    item_versions: Callable | None = None


registered = Parts()


def register(**parts: Callable) -> None:
    """Register parts by name; a part is registered once (a second app would silently replace it)."""
    names = {each.name for each in fields(Parts)}
    for name, part in parts.items():
        if name not in names:
            raise TypeError(f"No page part {name!r}; the parts are {sorted(names)}.")
        if getattr(registered, name) not in (None, part):  # the same part again: ready() ran twice
            raise ValueError(f"The page part {name!r} is registered already.")
        setattr(registered, name, part)


def items_on_track(plan, track: str) -> LinkedItems | None:
    """The items the overview's koers filter keeps; None (no filter) when no app tracks a koers."""
    return registered.items_on_track(plan, track) if registered.items_on_track else None


def add_overview_lines(groups) -> None:
    if registered.overview_lines:
        registered.overview_lines(groups)


def action_plan_context(user, action_plan, actions) -> dict:
    return (
        registered.action_plan_context(user, action_plan, actions) if registered.action_plan_context else {}
    )


def plan_origin(user, plan) -> tuple[str, str] | None:
    """The link from a plan to how it was made (its draft), for a user who may read it; None without."""
    return registered.plan_origin(user, plan) if registered.plan_origin else None


def as_of(request, plan, page: str, **kwargs):
    """The page as of ``?op=`` when asked and an app shows it; None: the live page."""
    if "op" not in request.GET or registered.as_of is None:
        return None
    return registered.as_of(request, plan, page, **kwargs)


def item_versions(plan, kind: str, item_id: int) -> list:
    return registered.item_versions(plan, kind, item_id) if registered.item_versions else []
