"""The open data API, mounted at /api/v1/ (config/urls.py)."""

app_name = "api"

urlpatterns: list = []
