"""The accessibility statement of an organisation's public site."""

from django.shortcuts import render
from django.urls import path

from public import editions
from public.views.common import public_view


@public_view
def statement(request, organisation):
    return render(
        request,
        "public/statement.html",
        {"organisation": organisation, "profile": editions.profile(organisation)},
    )


urlpatterns = [
    path("<slug:organisation>/toegankelijkheid/", statement, name="statement"),
]
