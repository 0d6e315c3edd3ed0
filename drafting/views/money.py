"""Draft pages: money (being built)."""

urlpatterns: list = []
