"""Taking items out of the active plan without deleting them: schrappen and bundelen.

Each change is validated and saved through ``core/changes.py`` (with the acting user and the
reason in history) and done in one transaction: all or nothing.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import changes
from plans.models import Action, ActionPlan, LifeCycle, PlanItem

ALREADY_INACTIVE = _(
    "%(item)s is al %(life_cycle)s. Enkel actieve items kunnen geschrapt of gebundeld worden."
)
NOTHING_TO_MERGE = _("Kies minstens één actie om te bundelen.")


def _refuse_inactive(items: Iterable[PlanItem]) -> None:
    for item in items:
        if not item.is_active:
            raise ValidationError(
                ALREADY_INACTIVE,
                code="already_inactive",
                params={"item": item, "life_cycle": item.get_life_cycle_display()},
            )


@transaction.atomic
def remove_items(
    items: Iterable[PlanItem], *, on: datetime.date, reason: str, by: AbstractBaseUser | None = None
) -> list[PlanItem]:
    """Schrappen: set each item's life cycle to geschrapt on ``on``.

    Removing an action plan removes its active actions with it. Refuses (and changes
    nothing) when any item is no longer active.
    """
    items = list(items)
    _refuse_inactive(items)
    changed: list[PlanItem] = []
    for item in items:
        dependants = list(item.actions.active()) if isinstance(item, ActionPlan) else []
        for dependant in [item, *dependants]:
            dependant.life_cycle = LifeCycle.REMOVED
            dependant.life_cycle_date = on
            changes.save(dependant, by=by, reason=reason)
            changed.append(dependant)
    return changed


@transaction.atomic
def merge_actions(
    sources: Iterable[Action],
    *,
    into: Action,
    on: datetime.date,
    reason: str,
    by: AbstractBaseUser | None = None,
) -> list[Action]:
    """Bundelen: mark each source action gebundeld into ``into``, which carries on.

    Sources must be active and belong to the same plan as the target; the model's rules
    refuse anything else, and a refusal leaves every action unchanged.
    """
    sources = [source for source in sources if source.pk != into.pk]
    if not sources:
        raise ValidationError(NOTHING_TO_MERGE, code="nothing_to_merge")
    _refuse_inactive(sources)
    for source in sources:
        source.life_cycle = LifeCycle.MERGED
        source.life_cycle_date = on
        source.merged_into = into
        changes.save(source, by=by, reason=reason)
    return sources
