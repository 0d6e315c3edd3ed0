"""What versions does when a raad decision changes a plan, without plans importing versions: versions
registers its hooks in its AppConfig.ready (versions/apps.py). Without a registered hook the proposals
work as before: no version is recorded and no aanpassing is known.
"""

from collections.abc import Callable
from dataclasses import dataclass, fields


@dataclass
class Hooks:
    # (plan, *, decision_date, proposals, by) -> None: the Turnhout practice's raad decision, applied
    # proposal by proposal, recorded as the plan's next version (refused with a ValidationError while
    # an aanpassing is in ontwerp). Called inside the decision's transaction, after the changes.
    record_decision: Callable | None = None
    # (plan) -> PlanVersion | None: the aanpassing in ontwerp that gathers new proposals
    aanpassing_in_draft: Callable | None = None


registered = Hooks()


def register(**hooks: Callable) -> None:
    """Register hooks by name, once each (the same hook again is fine: ready() may run twice)."""
    names = {each.name for each in fields(Hooks)}
    for name, hook in hooks.items():
        if name not in names:
            raise TypeError(f"No decision hook {name!r}; the hooks are {sorted(names)}.")
        if getattr(registered, name) not in (None, hook):
            raise ValueError(f"The decision hook {name!r} is registered already.")
        setattr(registered, name, hook)


def record_decision(plan, *, decision_date, proposals, by) -> None:
    if registered.record_decision:
        registered.record_decision(plan, decision_date=decision_date, proposals=proposals, by=by)


def aanpassing_in_draft(plan):
    """The aanpassing in ontwerp for ``plan``, or None (also when versions registered no hook)."""
    return registered.aanpassing_in_draft(plan) if registered.aanpassing_in_draft else None
