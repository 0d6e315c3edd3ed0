"""``{{ user|person }}``: a user as the pages name them, and "systeem" when there is none."""

from django import template
from django.utils.translation import gettext as _

from plans.timeline import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    return display_name(user) or _("systeem")
