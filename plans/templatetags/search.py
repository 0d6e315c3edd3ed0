"""``{{ hit.title|marked }}``: text cut into segments by ``plans/search.py``, matches in ``<mark>``.

Every piece is escaped by ``format_html``/``conditional_escape``; nothing is marked safe by hand.
"""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join

register = template.Library()


@register.filter
def marked(segments: list[tuple[str, bool]]) -> str:
    pieces = (
        (format_html("<mark>{}</mark>", text) if match else conditional_escape(text),)
        for text, match in segments
    )
    return format_html_join("", "{}", pieces)
