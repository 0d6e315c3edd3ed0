"""An item's history as people read it: when, who, what moved from what to what, and why."""

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from difflib import SequenceMatcher
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from core.people import person
from plans.models import PlanItem

TEXT_FIELDS = {"title", "explanation", "points_of_attention", "partners"}
HIDDEN_FIELDS = {"sort_key"}
FIELD_ORDER = ["status", "title", "name", "explanation", "life_cycle", "life_cycle_date", "merged_into"]
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
_WORDS = re.compile(r"\w+|[^\w\s]")
# Below this share of words in common, old and new wording are shown side by side: a rewrite read
# as one interleaved run ("WeIn nemenons maatregelen…") is harder to follow than two texts.
REWRITE_BELOW = 0.5

KIND_LABELS = {"+": _("aangemaakt"), "~": _("gewijzigd"), "-": _("verwijderd")}


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    diff: list[Segment] = field(default_factory=list)
    side_by_side: bool = False


@dataclass
class TimelineEntry:
    when: datetime
    user: str
    kind: str
    reason: str
    changes: list[FieldChange]

    def change(self, name: str) -> FieldChange | None:
        return next((c for c in self.changes if c.name == name), None)


def word_diff(old: str, new: str) -> list[Segment]:
    """The wording before and after as one run of kept, deleted and inserted words."""
    old_words, new_words = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace"):
            segments.append(Segment("equal" if op == "equal" else "delete", "".join(old_words[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", "".join(new_words[j1:j2])))
    return segments


def is_rewrite(old: str, new: str) -> bool:
    """Whether most words changed (fewer than ``REWRITE_BELOW`` in common): a rewrite, shown as the
    old and the new text side by side rather than as one run of deleted and inserted words."""
    old_words, new_words = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    if not old_words or not new_words:
        return False
    return SequenceMatcher(None, old_words, new_words, autojunk=False).ratio() < REWRITE_BELOW


def _display(model, name: str, value, names: Mapping[tuple[Any, Any], str] | None = None) -> str:
    """A field's value as a reader says it: a choice by its label, a date in Dutch, a linked record
    by its name (``names``, by related model and id), yes or no."""
    model_field = model._meta.get_field(name)
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return (names or {}).get((model_field.related_model, value), str(value))
    if isinstance(value, bool):
        return gettext_now("ja") if value else gettext_now("nee")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    return formats.localize(value)


def _names(model, deltas) -> dict[tuple[Any, Any], str]:
    """The names of the records the changed links point to: one query per kind of record."""
    wanted = defaultdict(set)
    for delta in deltas:
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            if model_field.is_relation:
                wanted[model_field.related_model].update(v for v in (change.old, change.new) if v is not None)
    names = {}
    for related, ids in wanted.items():
        for pk, record in related._default_manager.in_bulk(ids).items():
            names[related, pk] = person(record) if related is get_user_model() else str(record)
    return names


def item_timeline(item: PlanItem) -> list[TimelineEntry]:
    """Every version of ``item``, newest first, each with what changed since the version before.

    One query whatever the number of versions (the history rows with their users), and one per kind
    of record a changed link points to (an eigenaar, a dienst, the actie merged into). Versions
    that changed none of the item's own fields (a save without changes) are left out.
    """
    model = type(item)
    m2m = [f.name for f in model._meta.many_to_many]
    records = list(item.history.select_related("history_user").order_by("-history_date", "-history_id"))
    deltas = [
        newer.diff_against(older, excluded_fields=[*m2m, *HIDDEN_FIELDS], foreign_keys_are_objs=False)
        if older is not None
        else None
        for newer, older in zip(records, [*records[1:], None], strict=True)
    ]
    names = _names(model, [delta for delta in deltas if delta is not None])
    entries = []
    for newer, delta in zip(records, deltas, strict=True):
        changes = []
        if delta is not None:
            for change in delta.changes:
                old, new = (
                    _display(model, change.field, change.old, names),
                    _display(model, change.field, change.new, names),
                )
                text = change.field in TEXT_FIELDS
                diff = word_diff(old, new) if text else []
                label = str(model._meta.get_field(change.field).verbose_name)
                changes.append(
                    FieldChange(change.field, label, old, new, diff, text and is_rewrite(old, new))
                )
            if not changes:
                continue
            changes.sort(
                key=lambda c: FIELD_ORDER.index(c.name) if c.name in FIELD_ORDER else len(FIELD_ORDER)
            )
        entries.append(
            TimelineEntry(
                when=newer.history_date,
                user=person(newer.history_user),
                kind=str(KIND_LABELS.get(newer.history_type, newer.history_type)),
                reason=newer.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def summary(newer, older) -> list[str]:
    """What one save changed, in a few words a civil servant reads at a glance: "status loopt →
    afgewerkt", "toelichting aangepast", "geschrapt". ``newer`` and ``older`` are history records
    of one item (``older`` None for its first version)."""
    if older is None:
        return [gettext_now("aangemaakt")]
    model = newer.instance_type
    said = []
    if newer.status != older.status:
        said.append(
            gettext_now("status %(old)s → %(new)s")
            % {"old": _display(model, "status", older.status), "new": _display(model, "status", newer.status)}
        )
    if newer.life_cycle != older.life_cycle:
        said.append(_display(model, "life_cycle", newer.life_cycle))
    for name, words in (
        ("title", gettext_now("titel aangepast")),
        ("name", gettext_now("naam aangepast")),
        ("explanation", gettext_now("toelichting aangepast")),
    ):
        if hasattr(newer, name) and getattr(newer, name) != getattr(older, name):
            said.append(words)
    return said or [gettext_now("andere gegevens aangepast")]


def with_versions(entries: list[TimelineEntry], markers: list) -> list:
    """The timeline's entries (newest first) with the versions the item passed through placed among
    them by date: a version above the entries of the day the raad adopted it and older ones (the
    version takes what was saved before it). ``markers`` oldest first, each with a date ``on``."""
    placed: list = []
    waiting = sorted(markers, key=lambda marker: marker.on, reverse=True)
    for entry in entries:
        day = timezone.localtime(entry.when).date() if timezone.is_aware(entry.when) else entry.when.date()
        while waiting and waiting[0].on >= day:
            placed.append(waiting.pop(0))
        placed.append(entry)
    return placed + waiting
