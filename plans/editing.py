"""Setting an item's status and toelichting, safely when several people work at once.

Each editor sends only what they changed, with what they saw in those fields and the version
they loaded. Changes to different fields made at the same time are both kept; a change to a
field that someone else changed since the editor loaded it is refused, never silently lost.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from plans.models import PlanItem

EDITED_FIELDS = ("status", "explanation")


class EditConflict(Exception):
    """Someone else changed a field the editor changed too; ``current`` is the item as it is now."""

    def __init__(self, current: PlanItem, fields: list[str]):
        super().__init__(f"{current}: {', '.join(fields)} changed since it was loaded")
        self.current = current
        self.fields = fields


@dataclass(frozen=True)
class StatusEdit:
    item: PlanItem
    changed: bool
    merged: bool  # someone else had saved other fields since the editor loaded the item


def set_status(
    item: PlanItem,
    *,
    edits: Mapping[str, str],
    seen: Mapping[str, str],
    version: int,
    by: AbstractBaseUser | None,
) -> StatusEdit:
    """Apply ``edits`` (new values of status and/or explanation) to ``item``.

    ``seen`` holds what the editor saw in those fields, at ``version``. When the item was
    saved since, each edited field must still hold what the editor saw, or EditConflict is
    raised and nothing is written. Values are validated (ValidationError). Writes nothing,
    and no history, when nothing changes; otherwise one history row with the user.
    """
    if unknown := set(edits) - set(EDITED_FIELDS):
        raise ValueError(f"Only {EDITED_FIELDS} can be set here, not {sorted(unknown)}")
    model = type(item)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=item.pk)
        outdated = current.version != version
        if outdated:
            clashes = [name for name in edits if getattr(current, name) != seen.get(name)]
            if clashes:
                raise EditConflict(current, clashes)
        changed = {name: value for name, value in edits.items() if getattr(current, name) != value}
        if not changed:
            return StatusEdit(current, changed=False, merged=outdated)
        for name, value in changed.items():
            setattr(current, name, value)
        current.clean_fields(exclude=[f.name for f in model._meta.fields if f.name not in changed])
        if by is not None:
            current._history_user = by
        current.save(update_fields=[*changed, "version"])
    return StatusEdit(current, changed=True, merged=outdated)
