"""The public site's pages: an organisation's plans, and a plan's edition drilled down."""

from django.shortcuts import render
from django.urls import path

from publicsite import editions
from publicsite.views.common import public_page, public_view


@public_view
def organisation(request, organisation):
    return render(
        request,
        "publicsite/organisation.html",
        {"organisation": organisation, "plans": editions.published_plans(organisation)},
    )


@public_page
def plan(request, edition):
    goals = editions.items(edition, editions.rows(edition, "doelstelling"))
    return render(request, "publicsite/plan.html", {"edition": edition, "goals": goals})


urlpatterns = [
    path("<slug:organisation>/", organisation, name="organisation"),
]
# Every page of a plan exists for the version in force and for each adopted version (v<number>/).
PLAN_PAGES = [
    path("", plan, name="plan"),
]
