"""Draft pages: framework (being built)."""

urlpatterns: list = []
