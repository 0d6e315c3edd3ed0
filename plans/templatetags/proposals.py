"""``{{ text|proposal_links:plan }}``: each "wijzigingsvoorstel #12" in a text (a history reason,
for example) becomes a link to that proposal's page, with its motivering."""

import re

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from plans.models import Plan

register = template.Library()
PROPOSAL_NUMBER = re.compile(r"(wijzigingsvoorstel #\d+)", re.IGNORECASE)


@register.filter
def proposal_links(text, plan: Plan) -> SafeString:
    def piece(part: str) -> str:
        if not PROPOSAL_NUMBER.fullmatch(part):
            return part  # escaped by format_html_join
        url = reverse("plans:proposal", args=[plan.slug, int(part.rsplit("#", 1)[1])])
        return format_html('<a href="{}">{}</a>', url, part)

    return format_html_join("", "{}", ((piece(part),) for part in PROPOSAL_NUMBER.split(str(text or ""))))
