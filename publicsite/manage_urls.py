"""The beheerder's page that switches plans' public websites on and off, mounted at /publicatie/
(config/urls.py)."""

from django.urls import path

from publicsite.views import manage

app_name = "publishing"

urlpatterns = [
    path("", manage.manage, name="manage"),
    path("plan/<int:plan_id>/", manage.switch, name="switch"),
    path("contact/", manage.contact, name="contact"),
]
