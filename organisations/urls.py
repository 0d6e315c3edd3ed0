from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisatie/kiezen/", views.choose, name="choose"),
]
