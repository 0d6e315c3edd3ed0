"""What the compare page shows of an amount: a difference always with its sign, in words for
screen readers too (never colour alone)."""

from decimal import Decimal

from django import template

from versions import compare

register = template.Library()


@register.filter
def signed_euro(amount: Decimal | None) -> str:
    return compare.signed_euro(amount) if amount is not None else ""
