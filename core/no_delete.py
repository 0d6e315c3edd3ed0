"""Nothing of the plan is ever hard-deleted, not from the admin and not from code.

Items leave the plan through their life cycle (geschrapt, gebundeld), proposals through their
state, rounds are closed. A delete of any record of the plan, also through ``QuerySet.delete()``,
raises before anything is removed.
"""

from django.db.models.deletion import ProtectedError
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _


def refuse_delete(sender, instance, **kwargs) -> None:
    raise ProtectedError(
        _("%(record)s wordt nooit verwijderd: schrap het, of dien een wijzigingsvoorstel in.")
        % {"record": instance},
        {instance},
    )


def keep_forever(*models) -> None:
    for model in models:
        pre_delete.connect(refuse_delete, sender=model, dispatch_uid=f"keep-{model._meta.label}")
