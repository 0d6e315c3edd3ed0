"""The site's URLs, with ``indicators:list`` and ``indicators:detail`` answered by a placeholder when the
indicator pages (built alongside) are not there: the pages that link to them can be tested alone."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as site
from indicators.urls import urlpatterns as indicator_pages


def placeholder(request, slug: str, pk: int | None = None) -> HttpResponse:
    return HttpResponse("indicator")


names = {getattr(pattern, "name", None) for pattern in indicator_pages}
missing = [
    path("plannen/<slug:slug>/indicatoren/", placeholder, name="list"),
    path("plannen/<slug:slug>/indicatoren/<int:pk>/", placeholder, name="detail"),
]
urlpatterns = [
    *(pattern for pattern in site if getattr(pattern, "namespace", None) != "indicators"),
    path("", include(([*indicator_pages, *(p for p in missing if p.name not in names)], "indicators"))),
]
