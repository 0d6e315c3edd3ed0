"""``{{ user|person }}``: a user as the pages name them (``plans/people.py``)."""

from django import template

from plans import people

register = template.Library()
register.filter("person", people.person)
