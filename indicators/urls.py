from django.urls import path

from indicators.views import pages, uploads

app_name = "indicators"

urlpatterns = [
    path("plannen/<slug:slug>/indicatoren/", pages.indicator_list_page, name="list"),
    path("plannen/<slug:slug>/indicatoren/nieuw/", pages.indicator_form, name="create"),
    path("plannen/<slug:slug>/indicatoren/<int:pk>/", pages.indicator_detail, name="detail"),
    path("plannen/<slug:slug>/indicatoren/<int:pk>/bewerken/", pages.indicator_form, name="edit"),
    path("plannen/<slug:slug>/indicatoren/<int:pk>/waarde/", pages.save_value, name="save_value"),
    path("plannen/<slug:slug>/indicatoren/<int:pk>/streefwaarde/", pages.save_target, name="save_target"),
    path("plannen/<slug:slug>/indicatoren/<int:pk>/historiek/", pages.history, name="history"),
    path("plannen/<slug:slug>/indicatoren/waarden-opladen/", uploads.upload_values, name="upload_values"),
    path(
        "plannen/<slug:slug>/indicatoren/waarden-opladen/voorbeeld.csv",
        uploads.values_example,
        name="values_example",
    ),
]
