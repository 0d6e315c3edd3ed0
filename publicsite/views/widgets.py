"""The embeddable widget: a small page per doelstelling or actieplan that another website shows in an
iframe, with the item's progress and status counts and a link to the item on the public site.

These pages only may be framed, by any site: they say so in their own headers (no X-Frame-Options,
``frame-ancestors *``). Every other page keeps the settings' ``X-Frame-Options: DENY`` and
``frame-ancestors 'none'``. The widget names the version in force unless its address names another.
"""

from csp.decorators import csp_replace
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path
from django.views.decorators.clickjacking import xframe_options_exempt

from plans.statuses import DECLARED
from publicsite import editions
from publicsite.views.common import public_page
from publicsite.views.indicators import plan_url
from versions.models import ItemKind

FRAMED_BY_ANYONE = {"frame-ancestors": ["*"]}

ITEM_PAGES = {ItemKind.GOAL: "goal", ItemKind.ACTION_PLAN: "action_plan"}


def framable(view):
    """A page another website may show in an iframe."""
    return xframe_options_exempt(csp_replace(FRAMED_BY_ANYONE)(view))


def item_url(request: HttpRequest, edition: editions.Edition, item: editions.PublicItem) -> str:
    """The item's page on the public site, as an absolute address (the widget lives on another site)."""
    try:
        found = plan_url(request, edition, ITEM_PAGES[item.kind], item.code)
    except NoReverseMatch:  # the site without the item's page: the plan's
        found = plan_url(request, edition, "plan")
    return request.build_absolute_uri(found)


def _widget(request: HttpRequest, edition: editions.Edition, kind: str, code: str) -> HttpResponse:
    item = editions.item_by_number(edition, kind, code)
    counts = editions.rollup(edition).of(item)
    segments = [
        {"segment": segment, "colour": DECLARED[segment.status].css_colour} for segment in counts.segments()
    ]
    done = sum(count for status, count in counts.counts.items() if DECLARED[status].is_completed)
    context = {
        "edition": edition,
        "item": item,
        "counts": counts,
        "done": done,
        "share": round(counts.done_share),
        "segments": segments,
        "item_url": item_url(request, edition, item),
        "rule": editions.PROGRESS_RULE,
    }
    return render(request, "publicsite/widget.html", context)


@framable
@public_page
def widget_goal(request: HttpRequest, edition: editions.Edition, code: str) -> HttpResponse:
    return _widget(request, edition, ItemKind.GOAL, code)


@framable
@public_page
def widget_action_plan(request: HttpRequest, edition: editions.Edition, code: str) -> HttpResponse:
    return _widget(request, edition, ItemKind.ACTION_PLAN, code)


PLAN_PAGES = [
    path("widget/doelstelling/<str:code>/", widget_goal, name="widget_goal"),
    path("widget/actieplan/<str:code>/", widget_action_plan, name="widget_action_plan"),
]
