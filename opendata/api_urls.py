"""The open data API, mounted at /api/v1/ (config/urls.py): read-only, anonymous (opendata/api/)."""

from django.urls import path, re_path, register_converter

from opendata.api import docs, schema, views  # noqa: F401  (schema describes the views)

app_name = "api"


class VersionConverter:
    """A version in an address: its number, or ``huidig`` for the version in force."""

    regex = "huidig|[0-9]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(VersionConverter, "versie")

PLAN = "organisaties/<slug:organisation>/plannen/<slug:plan>/"
VERSION = f"{PLAN}versies/<versie:version>/"

urlpatterns = [
    path("", docs.DocsView.as_view(), name="docs"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("organisaties/", views.OrganisationList.as_view(), name="organisaties"),
    path("organisaties/<slug:organisation>/plannen/", views.PlanList.as_view(), name="plannen"),
    path(PLAN, views.PlanDetail.as_view(), name="plan"),
    path(f"{PLAN}versies/", views.VersionList.as_view(), name="versies"),
    path(VERSION, views.VersionDetail.as_view(), name="versie"),
]
for plural, singular, listed, one in (
    ("doelstellingen", "doelstelling", views.GoalList, views.GoalDetail),
    ("actieplannen", "actieplan", views.ActionPlanList, views.ActionPlanDetail),
    ("acties", "actie", views.ActionList, views.ActionDetail),
    ("projecten", "project", views.ProjectList, views.ProjectDetail),
    ("indicatoren", "indicator", views.IndicatorList, views.IndicatorDetail),
):
    urlpatterns += [
        path(f"{VERSION}{plural}/", listed.as_view(), name=plural),
        path(f"{VERSION}{plural}/<str:code>/", one.as_view(), name=singular),
    ]
# Any other address under /api/v1/: 404 problem details, not the site's HTML page.
urlpatterns.append(re_path(r"^(?P<rest>.*)$", views.NotFoundView.as_view(), name="niet_gevonden"))
