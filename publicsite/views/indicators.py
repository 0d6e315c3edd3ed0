"""The public site's indicators: the list of a plan's followed indicators and one indicator's page, with
its chart (inline SVG, ``indicators/charts.py``) and the same figures as a table. Both read the
edition (``editions.indicators``): the definition, baseline and targets as the raad adopted them, the
values as the edition's rapportering reported them."""

from django.core.exceptions import BadRequest
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from indicators import charts
from indicators.series import Series
from publicsite import editions
from publicsite.views.common import public_page

PER_PAGE = 100  # a long list is paged: a light page on a phone
BAD_PAGE = _("Het paginanummer moet een getal vanaf 1 zijn.")
NO_SUCH_PAGE = _("Deze pagina van de lijst bestaat niet: de lijst is korter.")


def plan_url(request: HttpRequest, edition: editions.Edition, name: str, *args) -> str:
    """The address of another page of the same plan in the same version: a page read at ``v<n>/`` links
    to ``v<n>/`` pages, a page of the version in force to the version in force's."""
    organisation, plan = request.public_organisation.slug, edition.plan.slug
    match = request.resolver_match
    if match is not None and "version" in match.kwargs:
        return reverse(f"public:{name}_version", args=(organisation, plan, edition.version.number, *args))
    return reverse(f"public:{name}", args=(organisation, plan, *args))


def page_of(items: list, number: str | None) -> Page:
    """One page of ``items`` (``?pagina=``): the public 400 for a page number that is no number, the 404
    for one past the end (as the site's other lists)."""
    number = number or "1"
    if not number.isdigit() or int(number) < 1 or len(number) > 6:
        raise BadRequest(BAD_PAGE)
    paginator = Paginator(items, PER_PAGE)
    if int(number) > paginator.num_pages:
        raise Http404(NO_SUCH_PAGE)
    return paginator.page(int(number))


def _row(series: Series) -> dict:
    latest = series.latest
    final = series.final_target
    return {
        "series": series,
        "latest": series.display(latest.value) if latest else "",
        "latest_date": latest.date if latest else None,
        "final_year": final[0] if final else None,
        "final": series.display(final[1]) if final else "",
        "baseline": series.display(series.baseline.value) if series.baseline else "",
    }


@public_page
def indicator_list(request: HttpRequest, edition: editions.Edition) -> HttpResponse:
    context = {
        "edition": edition,
        "plan_url": plan_url(request, edition, "plan"),
        "list_url": plan_url(request, edition, "indicators"),
    }
    if edition.plan.uses_indicators:
        page = page_of(editions.indicators(edition), request.GET.get("pagina"))
        context |= {
            "page": page,
            "rows": [
                {**_row(series), "url": plan_url(request, edition, "indicator", series.id)}
                for series in page.object_list
            ],
        }
    return render(request, "publicsite/indicators.html", context)


@public_page
def indicator(request: HttpRequest, edition: editions.Edition, item_id: int) -> HttpResponse:
    if not edition.plan.uses_indicators:
        raise Http404(editions.NOT_FOUND)
    series = next((each for each in editions.indicators(edition) if each.id == item_id), None)
    if series is None:
        raise Http404(editions.NOT_FOUND)
    context = {
        "edition": edition,
        "series": series,
        "summary": _row(series),
        "chart": charts.chart(series),
        "plan_url": plan_url(request, edition, "plan"),
        "list_url": plan_url(request, edition, "indicators"),
    }
    return render(request, "publicsite/indicator.html", context)


PLAN_PAGES = [
    path("indicatoren/", indicator_list, name="indicators"),
    path("indicator/<int:item_id>/", indicator, name="indicator"),
]
