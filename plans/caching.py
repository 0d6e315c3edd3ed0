"""Rendered fragments cached until the plan changes.

Every change to a plan item writes a history row (the audit trail is complete, see the bulk helpers
in imports and rounds), so the newest history id per table identifies the state of every plan. A
fragment cached under that fingerprint can never be stale: any save, import or proposal applied
anywhere gives a new key. One cheap query (index-only maxima) per page.
"""

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.template import loader
from django.utils import translation

from plans.models import Action, ActionPlan, Department, Goal, Plan, Project

FRAGMENT_SECONDS = 60 * 60
TRACKED = (Plan, Goal, ActionPlan, Action, Project, Department)  # a dienst's name is shown as eigenaar
# The overview and the dashboard show indicators too: their definitions (links included: a change of
# them writes a history row of the indicator), targets and values. Named, as plans does not import them.
TRACKED_ELSEWHERE = ("indicators.Indicator", "indicators.Target", "indicators.Value")


def tracked() -> tuple:
    return (*TRACKED, *(apps.get_model(label) for label in TRACKED_ELSEWHERE))


def history_fingerprint(models: Iterable | None = None) -> str:
    """The newest history id of each model, in one query."""
    models = tracked() if models is None else models
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


@functools.cache
def _templates_digest(names: tuple[str, ...]) -> str:
    """A digest of the templates' source, so a deployed change to them is never served from the cache."""
    sources = [loader.get_template(name).template.source for name in names]
    return hashlib.sha256("\n".join(sources).encode()).hexdigest()[:16]


def cached_rows(
    rows: Sequence[Any],
    key: Callable[[Any], Iterable],
    render: Callable[[Any], str],
    templates: tuple[str, ...],
) -> list[str]:
    """Each row rendered by ``render``, from the cache when its ``key`` (what it shows: an item's
    version, who may edit it …) was rendered before with the same ``templates``. One cache round
    trip for the lot; only new or changed rows are rendered."""
    prefix = f"row:{_templates_digest(templates)}:{translation.get_language()}:"
    keys = [prefix + hashlib.sha256(repr(list(key(row))).encode()).hexdigest() for row in rows]
    found = cache.get_many(keys)
    fresh = {
        cache_key: render(row) for cache_key, row in zip(keys, rows, strict=True) if cache_key not in found
    }
    if fresh:
        cache.set_many(fresh, FRAGMENT_SECONDS)
    return [found.get(cache_key) or fresh[cache_key] for cache_key in keys]
