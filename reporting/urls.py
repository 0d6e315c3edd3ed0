from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("plannen/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
]
