"""``{{ user|person }}``: a user as the pages name them (``core/people.py``); ``{{ item|owner_name }}``:
an item's eigenaar (``plans/owners.py``)."""

from django import template

from core import people
from plans import owners

register = template.Library()
register.filter("person", people.person)
register.filter("owner_name", owners.owner_name)
