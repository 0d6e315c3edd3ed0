"""How the pages, the history and the messages name a user."""

from django.utils.translation import gettext as _


def person(user) -> str:
    """A user by first name, else username; "systeem" for a change no user made (a command, a load)."""
    if user is None:
        return _("systeem")
    return user.get_short_name() or user.get_username()
