"""The public pages, cached per edition.

An edition never changes (``publicsite/editions.py``), so a page rendered once for it is right for
good: its HTML is kept in Django's cache under the edition's key, the address (path and query), the
organisation's name and a digest of the templates' source (a deployed change to a template is never
served from the cache). The same parts make the page's ETag, so a reader or a proxy that holds the page
asks again with ``If-None-Match`` and gets 304 without anything rendered.

A new adopted version or a newly closed rapportering gives a new ``Edition.key``: new pages, new ETags.
What a page needs from the whole version (the progress rolled up from every actie, which projects link
to which actieplannen and acties) is cached per edition too, so a page of a 10,000-acties plan reads only
its own items.
"""

import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.template import loader
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from publicsite import editions
from publicsite.views.common import CURRENT_SECONDS, OLDER_SECONDS, last_modified
from versions.models import ItemKind

T = TypeVar("T")
PAGE_SECONDS = 24 * 60 * 60  # an edition never changes; the key changes with it, old keys expire
PARAMETERS = ("q", "soort", "status", "prioritair", "domein", "pagina")  # the search's and the pager's
# What every page includes besides its own template: a change to one of them is a new digest.
SHARED_TEMPLATES = (
    "publicsite/_base.html",
    "publicsite/_plan_page.html",
    "publicsite/_breadcrumbs.html",
    "publicsite/_version_nav.html",
    "publicsite/_version_banner.html",
    "publicsite/_progress.html",
    "publicsite/_items_table.html",
    "publicsite/_status.html",
    "publicsite/_money.html",
    "publicsite/_pager.html",
    "publicsite/_stand.html",
    "publicsite/_item_head.html",
)


@functools.cache
def templates_digest(names: tuple[str, ...]) -> str:
    """A digest of the templates' source (read once per process)."""
    sources = [loader.get_template(name).template.source for name in names]
    return hashlib.sha256("\n".join(sources).encode()).hexdigest()[:16]


def asked(request: HttpRequest) -> list[tuple[str, list[str]]]:
    """The query's parameters a page reads; any other (a tracker's ``utm_…``) is ignored, so it neither
    changes the page nor fills the cache with copies of it."""
    return sorted((name, values) for name, values in request.GET.lists() if name in PARAMETERS)


def _parts(request: HttpRequest, edition: editions.Edition, template: str) -> list:
    return [
        edition.key,
        request.path,
        asked(request),
        request.public_organisation.name,
        templates_digest((template, *SHARED_TEMPLATES)),
        translation.get_language(),
    ]


def page_etag(request: HttpRequest, edition: editions.Edition, template: str) -> str:
    return '"' + hashlib.sha256(repr(_parts(request, edition, template)).encode()).hexdigest()[:32] + '"'


def respond(
    request: HttpRequest, edition: editions.Edition, template: str, context: Callable[[], dict]
) -> HttpResponse:
    """The page ``template`` renders with ``context()``, from the cache when it was rendered for this
    edition and address before; 304 when the reader's copy (``If-None-Match``) is the same."""
    etag = page_etag(request, edition, template)
    modified = last_modified(edition)
    conditional = get_conditional_response(request, etag=etag, last_modified=modified.timestamp())
    if isinstance(conditional, HttpResponseNotModified):
        return _with_headers(conditional, request, edition, etag)
    key = f"public:page:{etag.strip(chr(34))}"
    html = cache.get(key)
    if html is None:
        html = loader.render_to_string(template, context(), request)
        cache.set(key, html, PAGE_SECONDS)
    return _with_headers(HttpResponse(html), request, edition, etag)


def _with_headers(response: HttpResponse, request: HttpRequest, edition: editions.Edition, etag: str):
    response["ETag"] = etag
    if response.status_code == 304:
        # What @public_page adds to a 200, so the reader keeps the page as long again.
        explicit = "version" in (request.resolver_match.kwargs if request.resolver_match else {})
        seconds = OLDER_SECONDS if explicit and not edition.is_current else CURRENT_SECONDS
        response["Cache-Control"] = f"public, max-age={seconds}"
        response["Last-Modified"] = http_date(last_modified(edition).timestamp())
    return response


# ---------------------------------------------------------------------------------------------------
# What a page needs from the whole version, read once per edition


def per_edition(edition: editions.Edition, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept under the edition's key: it reads the same for good."""
    key = f"public:{name}:{edition.key}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, PAGE_SECONDS)
    return found


def rollup(edition: editions.Edition) -> editions.Rollup:
    """``editions.rollup`` (it reads every actie of the version), kept per edition."""
    return per_edition(edition, "rollup", lambda: editions.rollup(edition))


def domains(edition: editions.Edition) -> list[str]:
    """The beleidsdomeinen of the version's goals (the search form's choices), kept per edition."""
    return per_edition(edition, "domains", lambda: editions.domains(edition))


@dataclass
class ProjectLinks:
    """Which projects a version links to each actieplan and each actie (live ids)."""

    action_plans: dict[int, list[int]] = field(default_factory=dict)
    actions: dict[int, list[int]] = field(default_factory=dict)


def project_links(edition: editions.Edition) -> ProjectLinks:
    """Read from every project of the version once (the links sit in the projects' data), kept per
    edition: one query on the first page that asks."""

    def compute() -> ProjectLinks:
        action_plans: dict[int, list[int]] = defaultdict(list)
        actions: dict[int, list[int]] = defaultdict(list)
        for item_id, data in editions.rows(edition, ItemKind.PROJECT).values_list("item_id", "data"):
            for linked in data.get("action_plans", []):
                action_plans[linked].append(item_id)
            for linked in data.get("actions", []):
                actions[linked].append(item_id)
        return ProjectLinks(dict(action_plans), dict(actions))

    return per_edition(edition, "projects", compute)
