"""Money and priority on the pages: ``{{ amount|euro }}``, ``{% money_cells figures %}`` (the eight
right-aligned cells of a totals row) and ``{% priority_mark %}`` (text and icon, never colour alone)."""

import functools
from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from plans import money
from plans.models import Category

register = template.Library()


@register.filter
def euro(amount: Decimal | None) -> str:
    return money.euro(amount)


@register.simple_tag
def money_cells(figures: money.Figures) -> SafeString:
    """E, I and F uitgaven and ontvangsten, then the total uitgaven and ontvangsten. Each cell names
    its column (``data-label``): on a phone the table is stacked and the name is shown before the
    amount. The totals are marked, so they stay on screen beside a wide table."""
    values = [*figures.cells(), figures.expenses, figures.receipts]
    columns = _money_columns(translation.get_language())
    return format_html_join(
        "",
        '<td class="amount{}" data-label="{}">{}</td>',
        ((kind, label, money.euro(value)) for (kind, label), value in zip(columns, values, strict=True)),
    )


@functools.cache
def _money_columns(language: str) -> tuple[tuple[str, str], ...]:
    """The class and the label of each of the eight amount columns, as ``_money_head.html`` heads them."""
    directions = (_("uitgaven"), _("ontvangsten"))
    columns = [
        ("", f"{capfirst(label)} ({value}) {direction}")
        for value, label in Category.choices
        for direction in directions
    ]
    columns += [
        (" total expenses", f"{_('Totaal')} {directions[0]}"),
        (" total receipts", f"{_('Totaal')} {directions[1]}"),
    ]
    return tuple(columns)


@register.simple_tag
def priority_mark() -> SafeString:
    return _priority_mark(translation.get_language())


@functools.cache
def _priority_mark(language: str) -> SafeString:
    return render_to_string("includes/_priority.html")


@register.simple_tag
def money_rows(
    level: str, label: str, split: money.Split, *, url: str = "", priority: bool = False, parts: bool = False
) -> SafeString:
    """A totals row (its label a link when ``url``), and with ``parts`` its prioritaire and
    niet-prioritaire part below it. Written here, not by an included template: a big plan's page
    has a thousand of them."""
    name = format_html('<a href="{}">{}</a>', url, label) if url else label
    mark = format_html(" {}", priority_mark()) if priority else ""
    rows = [
        format_html(
            '<tr class="level-{}"><th scope="row">{}{}</th>{}</tr>',
            level,
            name,
            mark,
            money_cells(split.total),
        )
    ]
    if parts:
        for text, figures in (
            (_("waarvan prioritair"), split.priority),
            (_("waarvan niet-prioritair"), split.other),
        ):
            rows.append(
                format_html('<tr class="part"><th scope="row">{}</th>{}</tr>', text, money_cells(figures))
            )
    return format_html_join("\n", "{}", ((row,) for row in rows))
