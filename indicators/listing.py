"""The plan's indicators as the list page shows them: filtered, paged, each with its series."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from indicators import series
from indicators.models import Indicator
from plans.models import Plan

PER_PAGE = 50


@dataclass
class Listing:
    page: Page
    rows: list[series.Series]


def indicator_list(
    plan: Plan,
    *,
    words: str = "",
    kind: str = "",
    track: str = "",
    with_unfollowed: bool = False,
    page_number: str | int | None = None,
) -> Listing:
    """One page of the plan's indicators (by name) with their series, in a fixed number of queries:
    the ids first, then the series of one page; filtering by track needs the series of all that match."""
    indicators = Indicator.objects.filter(plan=plan)
    if not with_unfollowed:
        indicators = indicators.filter(followed=True)
    if words:
        for word in words.split():
            indicators = indicators.filter(name__icontains=word)
    if kind:
        indicators = indicators.filter(kind=kind)
    if track:
        matching = [s for s in series.live(indicators.order_by("name", "pk")) if s.track == track]
        page = Paginator(matching, PER_PAGE).get_page(page_number)
        return Listing(page, list(page.object_list))
    ids = list(indicators.order_by("name", "pk").values_list("pk", flat=True))
    page = Paginator(ids, PER_PAGE).get_page(page_number)
    rows = series.live(Indicator.objects.filter(pk__in=list(page.object_list)).order_by("name", "pk"))
    return Listing(page, rows)
