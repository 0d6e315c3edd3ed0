"""``{% status_stylesheet %}``: the link to the status colours (``plans/status_css.py``), its address
carrying the stylesheet's version."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from plans.status_css import version

register = template.Library()


@register.simple_tag
def status_stylesheet() -> str:
    address = reverse("plans:status_stylesheet")
    return format_html('<link rel="stylesheet" href="{}?v={}">', address, version())
