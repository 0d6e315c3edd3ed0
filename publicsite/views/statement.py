"""The accessibility statement of an organisation's public site."""

from django.shortcuts import render
from django.urls import path

from publicsite import editions
from publicsite.views.common import public_view


@public_view
def statement(request, organisation):
    return render(
        request,
        "publicsite/statement.html",
        {"organisation": organisation, "profile": editions.profile(organisation)},
    )


urlpatterns = [
    path("<slug:organisation>/toegankelijkheid/", statement, name="statement"),
]
