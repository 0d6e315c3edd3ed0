"""The moment a write happens: now, or the moment a loader dates its story at.

The demo tells the seed's story as it happened (statuses of December 2017, a round closed on the
report's date), so its writes are dated then: ``with clock.dated(moment):``. Everything that stamps
a moment (history rows, proposal steps, closing a round) asks ``clock.now()``.
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_moment: ContextVar[datetime.datetime | None] = ContextVar("plans_clock", default=None)


def now() -> datetime.datetime:
    return _moment.get() or timezone.now()


@contextmanager
def dated(moment: datetime.datetime):
    """Writes inside are dated ``moment`` (an aware datetime, in the past)."""
    if timezone.is_naive(moment):
        raise ValueError("clock.dated needs an aware datetime")
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)


def is_dated() -> bool:
    return _moment.get() is not None
