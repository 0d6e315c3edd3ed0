from django.urls import path

from indicators.views import uploads

app_name = "indicators"

urlpatterns: list = [
    path("plannen/<slug:slug>/indicatoren/waarden-opladen/", uploads.upload_values, name="upload_values"),
    path(
        "plannen/<slug:slug>/indicatoren/waarden-opladen/<int:pk>/",
        uploads.confirm_values,
        name="confirm_values",
    ),
    path(
        "plannen/<slug:slug>/indicatoren/waarden-opladen/voorbeeld.csv",
        uploads.values_example,
        name="values_example",
    ),
]
