"""Draft pages: notas (being built)."""

urlpatterns: list = []
