"""A urlconf for one test: the public site with item pages as the site names them, so the API's item
``uri`` is shown to follow them (tests/opendata/test_api.py)."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as site


def page(request, **kwargs):
    return HttpResponse()


VERSION = "<slug:organisation>/<slug:plan>/v<int:version>/"
pages = [
    path(f"{VERSION}", page, name="plan_version"),
    path(f"{VERSION}actie/<str:code>/", page, name="action_version"),
    path(f"{VERSION}project/<int:item_id>/", page, name="project_version"),
]
urlpatterns = [
    path("publiek/", include((pages, "public"))),
    *[p for p in site if "publiek" not in str(p.pattern)],
]
