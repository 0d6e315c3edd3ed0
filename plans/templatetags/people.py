"""``{{ user|person }}``: a user as the pages name them, and "systeem" when there is none."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user) -> str:
    if user is None:
        return _("systeem")
    return user.get_short_name() or user.get_username()
