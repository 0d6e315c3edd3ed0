from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("nieuw-plan/", views.new_plan, name="new_plan"),
    path("nieuw-plan/sjabloon.xlsx", views.plan_template, name="plan_template"),
    path("nieuw-plan/<int:pk>/bevestigen/", views.confirm_new_plan, name="confirm_new_plan"),
    path("plannen/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("plannen/<slug:slug>/rapporteringen/", views.rounds, name="rounds"),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/", views.round_detail, name="round"),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/afsluiten/", views.close, name="close"),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/rapportering.xlsx", views.workbook, name="workbook"),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/verslag/", views.report, name="report"),
    path("plannen/<slug:slug>/import/", views.upload, name="upload"),
    path("plannen/<slug:slug>/import/<int:pk>/bevestigen/", views.confirm_upload, name="confirm_upload"),
]
