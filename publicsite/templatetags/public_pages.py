"""The public pages' small helpers: ``{% page_url "goal" code=… %}`` (the same plan and version as the
page) and a status's colours from its declaration (``plans/statuses.py``), always beside its word."""

from django import template

from plans.statuses import DECLARED

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, name: str, **kwargs) -> str:
    return context["site"].url(name, **kwargs)


@register.filter
def status_style(status: str) -> str:
    declared = DECLARED.get(status)
    return f"background:{declared.css_colour};color:{declared.css_ink}" if declared else ""


@register.filter
def status_fill(status: str) -> str:
    declared = DECLARED.get(status)
    return declared.css_colour if declared else "#eef1f4"
