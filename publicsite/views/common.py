"""What every public page shares: no login, only GET and HEAD, the organisation's scope, the edition
it shows, and cache headers a reverse proxy can honour.

A view declares ``@public_page`` and receives ``edition`` (``publicsite/editions.py``); an address whose
path holds ``v<number>/`` shows that version, else the version in force.
"""

import functools
import hashlib

from django.contrib.auth.decorators import login_not_required
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django_scopes import scope

from publicsite import editions

# A version never changes, so an older version's page may be kept a day; the version in force's pages
# change when the raad adopts a new version or the cel closes a rapportering, so a proxy revalidates
# them after five minutes (the ETag makes that cheap).
CURRENT_SECONDS = 5 * 60
OLDER_SECONDS = 24 * 60 * 60


def public_view(view):
    """A page of one organisation, without login, read-only: ``view(request, organisation, ...)``."""

    @login_not_required
    @require_safe
    @functools.wraps(view)
    def wrapper(request, organisation: str, *args, **kwargs):
        found = editions.organisation(organisation)
        with scope(organisation=found.pk):
            request.public_organisation = found
            return view(request, found, *args, **kwargs)

    return wrapper


def public_page(view):
    """A page of one published plan's edition: ``view(request, edition, ...)``."""

    @public_view
    @functools.wraps(view)
    def wrapper(request, organisation, plan: str, *args, version: int | None = None, **kwargs):
        edition = editions.edition(editions.published_plan(organisation, plan), version)
        request.public_edition = edition
        response = view(request, edition, *args, **kwargs)
        return with_cache_headers(response, edition, explicit_version=version is not None)

    return wrapper


def etag(edition: editions.Edition, *parts) -> str:
    return '"' + hashlib.sha256(repr([edition.key, *parts]).encode()).hexdigest()[:32] + '"'


def last_modified(edition: editions.Edition):
    moments = [edition.version.created_at]
    if edition.round and edition.round.closed_at:
        moments.append(edition.round.closed_at)
    return max(moments)


def with_cache_headers(response, edition: editions.Edition, *, explicit_version: bool):
    if response.status_code != 200 or response.has_header("Cache-Control"):
        return response
    seconds = OLDER_SECONDS if explicit_version and not edition.is_current else CURRENT_SECONDS
    response["Cache-Control"] = f"public, max-age={seconds}"
    response["Last-Modified"] = http_date(last_modified(edition).timestamp())
    return response
