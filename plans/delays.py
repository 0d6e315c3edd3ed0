"""Vertraagd: an actieplan or actie past its end year that is still running.

Computed, never stored: an active item whose end year lies before the current year and whose status
is not done (afgewerkt, regulier: ``is_completed`` in ``plans/statuses.py``) is *vertraagd*. The same
rule as a function (for rows already loaded) and as a query filter (for counts and the overview's
filter). Projects have no end year.
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from plans.models import Action, LifeCycle, PlanItem
from plans.statuses import DONE, NOT_DONE


def current_year(today: datetime.date | None = None) -> int:
    return (today or timezone.localdate()).year


def is_delayed(item: PlanItem, today: datetime.date | None = None) -> bool:
    """Whether ``item`` (an actieplan or actie) is past its end year and neither afgewerkt nor regulier."""
    end_year = getattr(item, "end_year", None)
    return (
        end_year is not None
        and end_year < current_year(today)
        and item.life_cycle == LifeCycle.ACTIVE
        and item.status not in DONE
    )


def delayed_filter(today: datetime.date | None = None, prefix: str = "") -> Q:
    """``is_delayed`` as a filter on actieplannen or acties (``prefix``: through a relation, "actions__")."""
    return Q(
        **{
            f"{prefix}end_year__lt": current_year(today),
            f"{prefix}life_cycle": LifeCycle.ACTIVE,
            f"{prefix}status__in": NOT_DONE,
        }
    )


def delayed_or_holding_delayed(today: datetime.date | None = None) -> Q:
    """Actieplannen that are vertraagd, or hold a vertraagde actie: the overview's filter."""
    delayed_actions = Action.objects.filter(delayed_filter(today), action_plan=OuterRef("pk"))
    return delayed_filter(today) | Q(Exists(delayed_actions))


def mark_delays(items, today: datetime.date | None = None) -> None:
    """Give each item ``is_delayed`` (no query)."""
    today = today or timezone.localdate()
    for item in items:
        item.is_delayed = is_delayed(item, today)
