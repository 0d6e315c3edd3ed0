"""Vertraagd: an actieplan or actie past its end year that is still running.

Computed, never stored: an active item whose end year lies before the current year and whose status
is neither afgewerkt nor regulier is *vertraagd*. The same rule as a function (for rows already
loaded) and as a query filter (for counts and the overview's filter). Projects have no end year.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from plans.models import LifeCycle, PlanItem, Status

DONE = (Status.COMPLETED, Status.REGULAR)


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


def delayed_filter(today: datetime.date | None = None) -> Q:
    """``is_delayed`` as a filter on actieplannen or acties."""
    return Q(end_year__lt=current_year(today), life_cycle=LifeCycle.ACTIVE) & ~Q(status__in=DONE)


def mark_delays(items, today: datetime.date | None = None) -> None:
    """Give each item ``is_delayed`` (no query)."""
    today = today or timezone.localdate()
    for item in items:
        item.is_delayed = is_delayed(item, today)
