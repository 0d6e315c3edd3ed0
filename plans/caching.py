"""Rendered fragments cached until the plan changes.

Every change to a plan item writes a history row (the audit trail is complete, see the bulk helpers
in imports and rounds), so the newest history id per table identifies the state of every plan. A
fragment cached under that fingerprint can never be stale: any save, import or proposal applied
anywhere gives a new key. One cheap query (index-only maxima) per page.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import connection

from plans.models import Action, ActionPlan, Goal, Plan, Project

FRAGMENT_SECONDS = 60 * 60
TRACKED = (Plan, Goal, ActionPlan, Action, Project)


def history_fingerprint(models: Iterable = TRACKED) -> str:
    """The newest history id of each model, in one query."""
    quote = connection.ops.quote_name
    maxima = ", ".join(
        f"(SELECT MAX({quote('history_id')}) FROM {quote(model.history.model._meta.db_table)})"
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {maxima}")
        return "-".join(str(value or 0) for value in cursor.fetchone())


def cached_fragment(name: str, parts: Iterable, render: Callable[[], str]) -> str:
    """``render()``'s result, cached under ``name``, the given parts and the history fingerprint."""
    digest = hashlib.sha256(repr([*parts, history_fingerprint()]).encode()).hexdigest()
    key = f"fragment:{name}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, FRAGMENT_SECONDS)
    return html
