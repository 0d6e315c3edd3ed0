"""The beheerder's page that switches plans' public websites on and off, mounted at /publicatie/
(config/urls.py)."""

app_name = "publishing"

urlpatterns: list = []
