"""Setting an item's status and toelichting, safely when several people work at once."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from plans.models import PlanItem

EDITED_FIELDS = ("status", "explanation")
CONFLICT = _(
    "%(item)s werd intussen gewijzigd door %(user)s. Uw wijziging is niet opgeslagen maar staat nog in "
    "het formulier: vergelijk met hun versie hieronder en sla de uwe opnieuw op als die moet gelden."
)


class EditConflict(Exception):
    """The item was saved by someone else since the editor loaded it; ``current`` is how it is now."""

    def __init__(self, current: PlanItem):
        super().__init__(f"{current} changed since it was loaded")
        self.current = current


@dataclass(frozen=True)
class StatusEdit:
    item: PlanItem
    changed: bool


def set_status(
    item: PlanItem, *, status: str, explanation: str, version: int, by: AbstractBaseUser | None
) -> StatusEdit:
    """Save ``item``'s status and toelichting, as the user ``by`` saw it at ``version``.

    Refuses with EditConflict when the item was saved since that version, so nobody silently
    overwrites somebody else; validates both values (ValidationError); writes nothing and no
    history when nothing changed. One history row, with the user, when something did.
    """
    model = type(item)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=item.pk)
        if current.version != version:
            raise EditConflict(current)
        if (current.status, current.explanation) == (status, explanation):
            return StatusEdit(current, changed=False)
        current.status, current.explanation = status, explanation
        current.clean_fields(exclude=[f.name for f in model._meta.fields if f.name not in EDITED_FIELDS])
        if by is not None:
            current._history_user = by
        current.save(update_fields=[*EDITED_FIELDS, "version"])
    return StatusEdit(current, changed=True)
