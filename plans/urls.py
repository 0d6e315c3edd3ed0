from django.urls import path

from plans.views import finances, pages, people, preferences, proposals, search, styles

app_name = "plans"

urlpatterns = [
    path("", pages.home, name="home"),
    path("stijl/statussen.css", styles.status_stylesheet, name="status_stylesheet"),
    path("voorkeuren/", preferences.preferences, name="preferences"),
    path("verantwoordelijken/", people.unlinked, name="unlinked"),
    path("plannen/<slug:slug>/", pages.overview, name="overview"),
    path("plannen/<slug:slug>/status/", pages.plan_status, name="plan_status"),
    path(
        "plannen/<slug:slug>/actieplannen/<str:number>/", pages.action_plan_status, name="action_plan_status"
    ),
    path("plannen/<slug:slug>/projecten/", pages.project_status, name="project_status"),
    path("plannen/<slug:slug>/financien/", finances.finances, name="finances"),
    path("plannen/<slug:slug>/zoeken/", search.search_plan, name="search"),
    path("plannen/<slug:slug>/<str:kind>/<int:pk>/opslaan/", pages.save_status, name="save_status"),
    path("plannen/<slug:slug>/<str:kind>/<int:pk>/tijdlijn/", pages.timeline, name="timeline"),
    path("plannen/<slug:slug>/actieplannen/<str:number>/voorstel/", proposals.draft, name="draft_proposal"),
    path("plannen/<slug:slug>/voorstellen/", proposals.proposal_list, name="proposals"),
    path("plannen/<slug:slug>/voorstellen/beoordelen/", proposals.review, name="review"),
    path(
        "plannen/<slug:slug>/voorstellen/raadsbeslissing/",
        proposals.council_decision,
        name="council_decision",
    ),
    path("plannen/<slug:slug>/voorstellen/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("plannen/<slug:slug>/voorstellen/<int:pk>/bewerken/", proposals.edit, name="edit_proposal"),
    path("plannen/<slug:slug>/voorstellen/<int:pk>/beslissen/", proposals.decide, name="decide"),
    path("plannen/<slug:slug>/voorstellen/<int:pk>/<str:step>/", proposals.take_step, name="proposal_step"),
]
