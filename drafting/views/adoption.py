"""Draft pages: adoption (being built)."""

urlpatterns: list = []
