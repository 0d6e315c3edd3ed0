"""The accessibility statement of an organisation's public site (toegankelijkheidsverklaring), after the
Flemish government's model: what it covers, how far it complies with WCAG 2.1 AA, what is not
accessible, how and when it was assessed, whom to tell, and where to complain (the Vlaamse
Ombudsdienst). The text is in the template; the organisation names its contact on the beheerder's
page (``publishing:manage``)."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from publicsite import editions
from publicsite.views.common import public_view

# When the site was last assessed as the statement describes (the browser tests: axe-core at desktop
# and phone width, Lighthouse, keyboard). Change it when the statement is reviewed.
DRAWN_UP = datetime.date(2026, 12, 7)


@public_view
def statement(request: HttpRequest, organisation) -> HttpResponse:
    context = {
        "organisation": organisation,
        "profile": editions.profile(organisation),
        "site_url": request.build_absolute_uri(reverse("public:organisation", args=[organisation.slug])),
        "plans": editions.published_plans(organisation),
        "drawn_up": DRAWN_UP,
    }
    return render(request, "publicsite/statement.html", context)


urlpatterns = [
    path("<slug:organisation>/toegankelijkheid/", statement, name="statement"),
]
