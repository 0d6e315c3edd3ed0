"""``{{ text|proposal_links:plan }}``: each "wijzigingsvoorstel #12" in a text (a history reason,
for example) becomes a link to that proposal's page, with its motivering."""

import re

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from plans.models import Plan

register = template.Library()
PROPOSAL_NUMBER = re.compile(r"(wijzigingsvoorstel #)(\d+)", re.IGNORECASE)


@register.filter
def proposal_links(text, plan: Plan) -> SafeString:
    def link(match: re.Match) -> str:
        url = reverse("plans:proposal", args=[plan.slug, int(match[2])])
        return format_html('<a href="{}">{}{}</a>', url, match[1], match[2])

    return mark_safe(PROPOSAL_NUMBER.sub(link, escape(text or "")))  # escaped first, then linked
