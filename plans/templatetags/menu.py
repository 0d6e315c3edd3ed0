from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_plan(context):
    """The plan whose reading links the header's menu shows: the page's own, else (on a page without a
    plan, such as Mijn acties) the eigenaar's reading plan (``plans/context_processors.py``); None for
    none. A tag, not ``plan|default:reading_plan``: pages rendered without the context processors
    (the login page, error pages) have neither."""
    return context.get("plan") or context.get("reading_plan") or None
