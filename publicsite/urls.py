"""The public site, mounted at /publiek/ (config/urls.py). Every page of a plan answers at
``<organisation>/<plan>/…`` (the version in force) and at ``<organisation>/<plan>/v<number>/…``
(an adopted version); the url names of the latter end in ``_version``."""

from django.urls import include, path

from publicsite.views import indicators, pages, statement, widgets

app_name = "public"

PLAN_PAGES = [*pages.PLAN_PAGES, *indicators.PLAN_PAGES, *widgets.PLAN_PAGES]

urlpatterns = [
    *statement.urlpatterns,  # before the plans: "toegankelijkheid" is no plan
    *pages.urlpatterns,
    path("<slug:organisation>/<slug:plan>/", include(PLAN_PAGES)),
    path(
        "<slug:organisation>/<slug:plan>/v<int:version>/",
        include([path(str(p.pattern), p.callback, name=f"{p.name}_version") for p in PLAN_PAGES]),
    ),
]
