"""Amounts and realisatiegraden as the BBC reports show them: € 1.234.567,89 and 85,0 %."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from plans.money import euro

register = template.Library()
register.filter("euro", euro)


@register.filter
def rate(value: Decimal | None) -> str:
    """A realisatiegraad in percent, "—" where nothing was estimated."""
    if value is None:
        return "—"
    return f"{number_format(value, 1, use_l10n=True, force_grouping=True)} %"
