"""The one way to change a record of the plan: one at a time or many at once.

Every write of a plan, goal, actieplan, actie, project, change proposal, reporting round, dienst,
round update, a user's preferences or a house style goes through here, and here only are the things
every write must do:

- the version counter (raised on every save, so an edit on an outdated copy can be refused) and
  the natural sort key of numbered records;
- validation with the model's own rules (``full_clean``);
- the history row's user and reason (django-simple-history);
- the refusal of an outdated copy: ``check_unchanged`` raises one ``Conflict``, and ``Conflict.
  seen_now`` is the one way to say "I have seen their version: save mine anyway";
- the links (many-to-many: a project's actieplannen, a proposal's acties, an indicator's items, a
  dienst's members) count as fields of the record: a link edit raises the version, meets the same
  check and shares the record's one history row (``save(..., links=...)``, ``set_links``).

The models refuse a ``save()`` made outside this module (``Versioned.save``), so a new write path
cannot forget any of it. Bulk writes (imports, the generator) use ``create_many`` and
``update_many``, which write the history rows (and ``create_many`` the links) in batches.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import clock
from core.history import last_change_of
from core.models import Versioned, write_path
from core.numbering import natural_sort_key
from core.people import person

R = TypeVar("R", bound=Versioned)
H = TypeVar("H", bound=models.Model)
# A many-to-many field's name: the records it holds (or their ids, as ``.set()`` takes them).
Links = Mapping[str, Iterable[models.Model | int]]

CHANGED_SINCE_OPENED = _(
    "%(item)s werd intussen gewijzigd door %(user)s. Uw wijziging is niet opgeslagen: herlaad de "
    "pagina, bekijk hun versie en voer uw wijziging opnieuw in."
)
SOMEONE_ELSE = _("iemand anders")
BATCH_SIZE = 1000


class Conflict(Exception):
    """Someone saved the record since the editor loaded it, and it clashes with the edit.

    ``current`` is the record as it is now; ``fields`` the fields the editor changed that someone
    else changed too (empty when the whole record counts, as in the admin)."""

    def __init__(self, current: Versioned, fields: Sequence[str] = ()):
        super().__init__(f"{current}: changed since it was loaded ({', '.join(fields) or 'record'})")
        self.current = current
        self.fields = list(fields)

    def last_change(self):
        """The history record in which the clashing fields got their current value, or the latest
        when the whole record counts (one query)."""
        if not self.fields:
            return (
                self.current.history.select_related("history_user")
                .order_by("-history_date", "-history_id")
                .first()
            )
        return last_change_of(self.current, self.fields)

    def who(self) -> str:
        record = self.last_change()
        return person(record.history_user) if record is not None else str(SOMEONE_ELSE)

    def message(self) -> str:
        """The refusal in Dutch: who changed it, and what to do now."""
        return str(CHANGED_SINCE_OPENED % {"item": self.current, "user": self.who()})

    def seen_now(self) -> dict[str, Any]:
        """What an editor who chose "save mine anyway" has seen: the current values of the clashing
        fields. Sent back with the same edits, it passes ``check_unchanged``."""
        return {name: getattr(self.current, name) for name in self.fields}


class Fingerprint:
    """What an editor saw, known only by a fingerprint (an exported workbook's "Controle" column)."""

    def __init__(self, matches: Callable[[Any], bool]):
        self.matches = matches


def _shows(seen: Any, value: Any) -> bool:
    return seen.matches(value) if isinstance(seen, Fingerprint) else seen == value


def check_unchanged(
    item: R,
    version: int | None,
    seen: Mapping[str, Any] | None = None,
    *,
    wanted: Mapping[str, Any] | None = None,
) -> None:
    """Raise Conflict when an edit was made on an outdated copy of ``item`` (its current copy).

    ``version`` is the version the editor loaded (None: not known, as for a workbook). If the
    record was saved since, the edit still passes when ``seen`` is given (what the editor saw in
    each field they changed, a value or a Fingerprint) and every one of those fields still holds
    what they saw, or already holds what they ``wanted``. Without ``seen`` any save since is a
    conflict: the editor worked on the whole record.
    """
    if version is not None and item.version == version:
        return
    if seen is None:
        raise Conflict(item)
    wanted = wanted or {}
    clashes = [
        name
        for name, value in seen.items()
        if not _shows(value, getattr(item, name))
        and not (name in wanted and wanted[name] == getattr(item, name))
    ]
    if clashes:
        raise Conflict(item, clashes)


def locked(record: R) -> R:
    """The current copy of ``record``, its row locked until the transaction ends, read with the
    records it belongs to (its validation reads them)."""
    model = type(record)
    parents = [
        path
        for parent in _parents(model)
        for path in [
            parent.name,
            *(f"{parent.name}__{grand.name}" for grand in _parents(parent.related_model)),
        ]
    ]
    return model._default_manager.select_for_update(of=("self",)).select_related(*parents).get(pk=record.pk)


def _parents(model) -> list:
    return [f for f in model._meta.concrete_fields if f.many_to_one and not f.null]


def derive(record: models.Model) -> None:
    """Fill what follows from a record's own fields (the sort key of its number), so that its
    validation sees it: uniqueness of numbers is decided on that normal form."""
    if hasattr(record, "sort_key"):
        record.sort_key = natural_sort_key(record.number or "")


def _prepare(record: models.Model, *, by: AbstractBaseUser | None, reason: str) -> None:
    """The version (of a record that has one) and the history's who and why, on a validated instance
    about to be written."""
    if isinstance(record, Versioned):
        record.version = 1 if record._state.adding else record.version + 1
    record._change_reason = reason or None
    if by is not None:
        record._history_user = by
    if clock.is_dated():
        record._history_date = clock.now()


def validate(record: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """The model's own rules, as the admin and every write apply them (raises ValidationError)."""
    derive(record)
    record.full_clean(exclude=list(exclude) or None)


def _validate_fields(record: Versioned, changed: Iterable[str]) -> None:
    """Validate the fields an update changes: their values, the record's ``clean()`` and the unique
    constraints they are in. The check constraints are left to the database here: each would cost a
    query per save, and what they guard (known choices, end not before start, a merge target) is
    checked by the fields and ``clean()`` already."""
    changed = {*changed, *(["sort_key"] if "number" in changed else [])}
    model = type(record)
    record.full_clean(
        exclude=[f.name for f in model._meta.concrete_fields if f.name not in changed],
        validate_constraints=False,
    )
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and changed & set(constraint.fields):
            constraint.validate(model, record)


@dataclass(frozen=True)
class Update:
    record: Versioned
    changed: bool
    merged: bool  # someone else had saved other fields since the editor loaded it


@transaction.atomic
def save(
    record: R,
    *,
    by: AbstractBaseUser | None,
    reason: str = "",
    version: int | None = None,
    links: Links | None = None,
) -> R:
    """Validate and write one record, new or changed, with one history row by ``by`` for ``reason``.

    With ``version`` (the version the editor loaded), a record someone saved since is refused
    (Conflict) and nothing is written. ``links`` sets many-to-many fields along, in the same history
    row.
    """
    if version is not None and not record._state.adding:
        check_unchanged(locked(record), version)
    validate(record)
    _prepare(record, by=by, reason=reason)
    links = links or {}
    with write_path():
        if record._state.adding:
            record.save()
            if links:
                first = record.history.values_list("history_id", flat=True).get()
                _create_links([(record, links)], {record.pk: first})
        else:
            _set_without_history(record, links)
            record.save()  # its history row holds the links as they are now
    return record


def add(record: H, *, by: AbstractBaseUser | None, reason: str = "") -> H:
    """Validate and write a new record of a kind that is only ever added (an upload kept with its
    history, such as a house style), with its history row by ``by`` for ``reason``."""
    validate(record)
    _prepare(record, by=by, reason=reason)
    record.save()
    return record


@transaction.atomic
def set_links(
    record: R,
    links: Links,
    *,
    by: AbstractBaseUser | None,
    reason: str = "",
    version: int | None,
) -> Update:
    """Set many-to-many fields of ``record`` (``links``: a field's name and the records it should
    hold), for an editor who loaded ``version`` (None: not known); a record someone saved since is
    refused (Conflict) and nothing is written. When a field changes, the version is raised and one
    history row by ``by`` for ``reason`` holds the links as they are now; otherwise nothing is
    written."""
    current = locked(record)
    if version is not None:
        check_unchanged(current, version)
    changed = {
        name: targets
        for name, targets in ((name, list(targets)) for name, targets in links.items())
        if set(_ids(targets)) != set(getattr(current, name).values_list("pk", flat=True))
    }
    if not changed:
        return Update(current, changed=False, merged=False)
    _prepare(current, by=by, reason=reason)
    with write_path():
        _set_without_history(current, changed)
        current.save(update_fields=["version"])
    return Update(current, changed=True, merged=False)


def _set_without_history(record: Versioned, links: Links) -> None:
    """Set the links without simple-history's row per added or removed link: the record's own save
    after it writes the one row, with the links (``m2m_fields``)."""
    record.skip_history_when_saving = True  # read by simple-history's m2m_changed handler
    try:
        for name, targets in links.items():
            getattr(record, name).set(list(targets))
    finally:
        del record.skip_history_when_saving


def _create_links(records: Sequence[tuple[Versioned, Links]], history: Mapping[Any, int]) -> None:
    """Write the links of new records in bulk, and the same links beside each one's history row
    (``history``: its id by the record's pk) for the fields the model's history tracks: a few queries
    per field, whatever the number of records."""
    model = type(records[0][0])
    for name in dict.fromkeys(name for _record, links in records for name in links):
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        rows = through.objects.bulk_create(
            [
                through(**{source: record, target: item})
                for record, links in records
                for item in dict.fromkeys(_ids(links.get(name, ())))
            ],
            batch_size=BATCH_SIZE,
        )
        tracked = getattr(model.history.model, name, None)  # simple-history's model of the field's links
        if tracked is None:
            continue
        columns = [f.attname for f in through._meta.concrete_fields]
        source_column = through._meta.get_field(source).attname
        tracked.model.objects.bulk_create(
            [
                tracked.model(
                    history_id=history[getattr(row, source_column)],
                    **{column: getattr(row, column) for column in columns},
                )
                for row in rows
            ],
            batch_size=BATCH_SIZE,
        )


def _ids(targets: Iterable[models.Model | int]) -> list[int]:
    return [getattr(target, "pk", target) for target in targets]


@transaction.atomic
def update(
    record: R,
    values: Mapping[str, Any],
    *,
    by: AbstractBaseUser | None,
    reason: str = "",
    version: int | None,
    seen: Mapping[str, Any] | None = None,
    rule: Callable[[R, Mapping[str, Any]], None] | None = None,
) -> Update:
    """Set ``values`` on the current copy of ``record``, for an editor who loaded ``version`` and saw
    ``seen`` in those fields (see ``check_unchanged``). Writes nothing, and no history, when nothing
    changes; otherwise only the changed fields, with one history row. ``rule(current, values)`` may
    refuse the change (ValidationError) against the current copy, before anything is written."""
    current = locked(record)
    check_unchanged(current, version, seen, wanted=values)
    if rule is not None:
        rule(current, values)
    merged = current.version != version
    changed = {name: value for name, value in values.items() if getattr(current, name) != value}
    if not changed:
        return Update(current, changed=False, merged=merged)
    for name, value in changed.items():
        setattr(current, name, value)
    derive(current)
    _validate_fields(current, changed)
    _prepare(current, by=by, reason=reason)
    numbered = "number" in changed and any(f.name == "sort_key" for f in current._meta.concrete_fields)
    derived = ["version", *(["sort_key"] if numbered else [])]
    with write_path():
        current.save(update_fields=[*changed, *derived])
    return Update(current, changed=True, merged=merged)


def create_many(
    records: Sequence[R],
    *,
    by: AbstractBaseUser | None,
    reason: str,
    batch_size: int = BATCH_SIZE,
    links: Sequence[Links] | None = None,
) -> list[R]:
    """Create many records of one model in bulk, each with its history row (by, reason).

    Each is validated by the model's rules first, except its links and
    uniqueness, which the database's constraints still guard. ``links``, one per record in the same
    order, sets many-to-many fields along, in bulk, in each record's first history row. Returns the
    records as created, with their ids (SQLite and PostgreSQL both give them back)."""
    if not records:
        return []
    model = type(records[0])
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    for record in records:
        derive(record)
        # Links and uniqueness: the database's constraints, without a query per row.
        record.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        _prepare(record, by=by, reason=reason)
    created = bulk_create_with_history(
        list(records),
        model,
        batch_size=batch_size,
        default_user=by,
        default_change_reason=reason or None,
        default_date=clock.now() if clock.is_dated() else None,
    )
    linked = [(record, wanted) for record, wanted in zip(created, links or [{}] * len(created), strict=True)]
    linked = [(record, wanted) for record, wanted in linked if wanted]
    if linked:
        pk = model._meta.pk.attname
        first = model.history.filter(**{f"{pk}__in": [record.pk for record, _links in linked]})
        _create_links(linked, dict(first.values_list(pk, "history_id")))
    return created


def update_many(
    records: Sequence[Versioned],
    fields: Sequence[str],
    *,
    by: AbstractBaseUser | None,
    reason: str,
    date: datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> None:
    """Write ``fields`` of many records of one model in bulk, each with its history row."""
    if not records:
        return
    model = type(records[0])
    for record in records:
        derive(record)
        _prepare(record, by=by, reason=reason)
    derived = ["version", *(["sort_key"] if "number" in fields else [])]
    bulk_update_with_history(
        list(records),
        model,
        [*fields, *derived],
        batch_size=batch_size,
        default_user=by,
        default_change_reason=reason or None,
        default_date=date or (clock.now() if clock.is_dated() else None),
    )
