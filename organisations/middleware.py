"""Each request acts in one organisation, and every scoped query in it sees only that one.

Which one: the organisation of the plan in the URL when the user is a member of it (a link in an
e-mail works for someone in two organisations), else the one they chose (``session``), else their
first. The platform beheerder acts in the plan's organisation on a plan's pages and sees all
organisations elsewhere. A user without any organisation gets a page that says so.
"""

from django.shortcuts import render
from django.urls import Resolver404, resolve
from django_scopes import scope

from organisations.membership import activate, active_memberships
from organisations.models import Organisation

SESSION_KEY = "organisation"
# Pages a user without an organisation may still reach: logging in and out, the health checks, and
# the status colours the page that says so links (as anyone may).
OPEN_URL_NAMES = {
    "login",
    "logout",
    "health",
    "ready",
    "password_change",
    "password_change_done",
    "status_stylesheet",
}
# The public website, its downloads and the API: for anyone, member of an organisation or not (each of
# their views opens the scope of the organisation in its address).
OPEN_URL_APPS = {"public", "opendata", "api"}


def _url(request):
    """The URL's name and its match (None for an unknown address)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None, None
    return match.url_name, match


class OrganisationScope:
    """Which organisation a page belongs to is known only to the app that holds what the page is about:
    it says so by overriding ``organisation_of_page`` (``plans/middleware.py``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.organisation = None
        if not user.is_authenticated:
            with scope(organisation=[]):
                return self.get_response(request)
        url_name, match = _url(request)
        if user.is_superuser:
            organisation_id = self._of_page(match) or request.session.get(SESSION_KEY)
            if organisation_id:
                request.organisation = (
                    Organisation.objects.across_organisations().filter(pk=organisation_id).first()
                )
            activate(user, request.organisation, None)
            with scope(organisation=request.organisation.pk if request.organisation else None):
                return self.get_response(request)
        memberships = active_memberships(user)
        chosen = self._choose(request, memberships, match)
        if chosen is None:
            activate(user, None, None)
            with scope(organisation=[]):
                if url_name in OPEN_URL_NAMES or (match and match.app_name in OPEN_URL_APPS):
                    return self.get_response(request)
                return render(request, "organisations/no_organisation.html", status=403)
        activate(user, chosen.organisation, chosen.role)
        request.organisation = chosen.organisation
        request.memberships = memberships
        with scope(organisation=chosen.organisation_id):
            return self.get_response(request)

    def organisation_of_page(self, match) -> int | None:
        """The id of the organisation the page at ``match`` (a resolved URL) belongs to; None when the
        page belongs to none in particular."""
        return None

    def _of_page(self, match) -> int | None:
        return self.organisation_of_page(match) if match is not None else None

    def _choose(self, request, memberships, match):
        if len(memberships) <= 1:
            return memberships[0] if memberships else None
        by_organisation = {m.organisation_id: m for m in memberships}
        wanted = self._of_page(match) or request.session.get(SESSION_KEY)
        return by_organisation.get(wanted, memberships[0])
