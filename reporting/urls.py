from django.urls import path

from reporting.views import (
    amounts,
    comments,
    dashboard,
    export_jobs,
    house_style,
    imports,
    more_info,
    policy_fields,
    rounds,
    todo,
    version_annex,
)

app_name = "reporting"

urlpatterns = [
    path("nieuw-plan/", imports.new_plan, name="new_plan"),
    path("nieuw-plan/sjabloon.xlsx", imports.plan_template, name="plan_template"),
    path("plannen/<slug:slug>/<str:kind>/<int:pk>/opmerkingen/", comments.thread, name="comments"),
    path("plannen/<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("plannen/<slug:slug>/rapporteringen/", rounds.rounds, name="rounds"),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/", rounds.round_detail, name="round"),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/afsluiten/", rounds.close, name="close"),
    path(
        "plannen/<slug:slug>/rapporteringen/<int:pk>/afsluiten/stand/",
        rounds.closing_state,
        name="closing_state",
    ),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/teksten/", rounds.round_texts, name="round_texts"),
    path(
        "plannen/<slug:slug>/rapporteringen/<int:pk>/aanvulling/<str:kind>/<int:item_id>/",
        more_info.ask_more,
        name="ask_more",
    ),
    path(
        "plannen/<slug:slug>/rapporteringen/<int:pk>/deadline/", rounds.round_schedule, name="round_schedule"
    ),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/voortgang/", todo.round_completion, name="completion"),
    path(
        "plannen/<slug:slug>/rapporteringen/<int:pk>/<str:kind>/<int:item_pk>/klaar/",
        todo.item_ready,
        name="item_ready",
    ),
    path("mijn-acties/", todo.my_items, name="my_items"),
    path("plannen/<slug:slug>/digitale-rapportering/", rounds.digital_checks, name="digital_checks"),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/rapportering.xlsx", rounds.workbook, name="workbook"),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/verslag/", rounds.report, name="report"),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/verslag.docx", rounds.report_docx, name="report_docx"),
    path("huisstijl/", house_style.house_style, name="house_style"),
    path("beleidsvelden/", policy_fields.policy_fields, name="policy_fields"),
    path("huisstijl/sjabloon.docx", house_style.house_style_template, name="house_style_template"),
    path("plannen/<slug:slug>/rapporteringen/<int:pk>/verslag.pdf", rounds.report_pdf, name="report_pdf"),
    path("plannen/<slug:slug>/uitvoer/<uuid:pk>/", export_jobs.job, name="export_job"),
    path("plannen/<slug:slug>/uitvoer/<uuid:pk>/bestand", export_jobs.job_file, name="export_file"),
    path("plannen/<slug:slug>/import/", imports.upload, name="upload"),
    path("plannen/<slug:slug>/bedragen/import/", amounts.amounts_upload, name="amounts_upload"),
    path(
        "plannen/<slug:slug>/versies/<int:number>/gewijzigde-strategische-nota.<str:fmt>",
        version_annex.annex,
        name="version_annex",
    ),
]
