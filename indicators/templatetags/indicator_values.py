from django import template

register = template.Library()


@register.filter
def shown(series, number) -> str:
    """A stored value as users read it: ``{{ series|shown:point.value }}`` → "12,5 %", "ja"."""
    return series.display(number)
