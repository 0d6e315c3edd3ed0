from django.urls import path

from plans import views

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
]
