from django.urls import path

from plans import proposal_views, views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("plannen/<slug:slug>/", views.overview, name="overview"),
    path("plannen/<slug:slug>/status/", views.plan_status, name="plan_status"),
    path(
        "plannen/<slug:slug>/actieplannen/<str:number>/", views.action_plan_status, name="action_plan_status"
    ),
    path("plannen/<slug:slug>/projecten/", views.project_status, name="project_status"),
    path("plannen/<slug:slug>/<str:kind>/<int:pk>/opslaan/", views.save_status, name="save_status"),
    path("plannen/<slug:slug>/<str:kind>/<int:pk>/tijdlijn/", views.timeline, name="timeline"),
    path(
        "plannen/<slug:slug>/actieplannen/<str:number>/voorstel/", proposal_views.draft, name="draft_proposal"
    ),
    path("plannen/<slug:slug>/voorstellen/", proposal_views.proposal_list, name="proposals"),
    path("plannen/<slug:slug>/voorstellen/beoordelen/", proposal_views.review, name="review"),
    path(
        "plannen/<slug:slug>/voorstellen/raadsbeslissing/",
        proposal_views.council_decision,
        name="council_decision",
    ),
    path("plannen/<slug:slug>/voorstellen/<int:pk>/bewerken/", proposal_views.edit, name="edit_proposal"),
    path("plannen/<slug:slug>/voorstellen/<int:pk>/beslissen/", proposal_views.decide, name="decide"),
    path(
        "plannen/<slug:slug>/voorstellen/<int:pk>/<str:step>/", proposal_views.take_step, name="proposal_step"
    ),
]
