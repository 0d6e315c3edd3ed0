"""Draft pages: detailing (being built)."""

urlpatterns: list = []
