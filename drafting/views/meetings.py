"""Draft pages: meetings (being built)."""

urlpatterns: list = []
