"""What a user chooses for themselves: for now, whether they get reminder e-mails."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from core import changes
from plans.models import Preferences

REMINDERS_ON = "herinneringen aangezet"
REMINDERS_OFF = "herinneringen uitgezet"


def preferences_of(user: AbstractBaseUser) -> Preferences:
    """The user's preferences, or the defaults (unsaved) for a user who never changed them."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


@transaction.atomic
def set_reminders(user: AbstractBaseUser, *, reminders: bool, by: AbstractBaseUser | None) -> Preferences:
    """Turn the reminder e-mails of ``user`` on or off, with a history row by ``by``. A vraag om
    aanvulling and a mention are sent whatever this says. Writes nothing when nothing changes."""
    preferences = Preferences.objects.select_for_update().filter(user=user).first() or Preferences(user=user)
    if preferences.pk is not None and preferences.reminders == reminders:
        return preferences
    preferences.reminders = reminders
    return changes.save(preferences, by=by, reason=REMINDERS_ON if reminders else REMINDERS_OFF)
