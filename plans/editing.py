"""Setting an item's status and toelichting, safely when several people work at once.

Each editor sends only what they changed, with what they saw in those fields and the version
they loaded. Changes to different fields made at the same time are both kept; a change to a
field that someone else changed since the editor loaded it is refused (``changes.Conflict``),
never silently lost.
"""

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from core import changes
from plans.models import PlanItem
from plans.owners import check_may_edit_status
from plans.statuses import DECLARED

EDITED_FIELDS = ("status", "explanation", "explanation_internal")


def check_on_hold(*, status: str, explanation: str, previous_status: str | None) -> None:
    """Putting an item on hold (a status declared with ``unexplained``) needs a toelichting that says
    why (ValidationError). Items that had that status already (loaded from an older plan) are left as
    they are."""
    declared = DECLARED.get(status)
    if declared and declared.unexplained and previous_status != status and not explanation.strip():
        raise ValidationError({"explanation": declared.unexplained}, code=f"{status}_unexplained")


def set_status(
    item: PlanItem,
    *,
    edits: Mapping[str, str | bool],
    seen: Mapping[str, str | bool],
    version: int,
    by: AbstractBaseUser | None,
) -> changes.Update:
    """Apply ``edits`` (new values of status, explanation and/or explanation_internal: whether the
    public website leaves the toelichting out) to ``item``.

    ``seen`` holds what the editor saw in those fields, at ``version``. When the item was
    saved since, each edited field must still hold what the editor saw, or Conflict is
    raised and nothing is written. Values are validated (ValidationError), and putting the item on
    hold needs a toelichting (``check_on_hold``, against the item as it is now). Writes nothing,
    and no history, when nothing changes; otherwise one history row with the user.

    ``by`` must be allowed to edit the item (``owners.check_may_edit_status``: the cel every item, an
    eigenaar their own), or PermissionDenied is raised; ``by=None`` is the system (demo, commands).
    """
    if by is not None:
        check_may_edit_status(by, item)
    if unknown := set(edits) - set(EDITED_FIELDS):
        raise ValueError(f"Only {EDITED_FIELDS} can be set here, not {sorted(unknown)}")
    seen_in_edited = {name: seen.get(name) for name in edits}
    return changes.update(
        item, edits, by=by, version=version, seen=seen_in_edited, rule=_explained_when_on_hold
    )


def _explained_when_on_hold(current: PlanItem, edits: Mapping[str, str | bool]) -> None:
    check_on_hold(
        status=edits.get("status", current.status),
        explanation=edits.get("explanation", current.explanation),
        previous_status=current.status,
    )
