"""The downloads of a published plan's edition and the organisation's ZIP: anonymous, GET and HEAD
only, with the public pages' cache headers, an ETag and 304 for a copy the reader already has."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.http import content_disposition_header, parse_etags

from opendata import downloads
from publicsite import editions
from publicsite.views.common import etag, last_modified, public_view, with_cache_headers


def _release() -> str:
    """The cache's key prefix: with Redis, the code's version. A release that changes a file's layout
    changes its ETag, so a reader's old copy is not confirmed as current."""
    return settings.CACHES["default"].get("KEY_PREFIX", "")


def _matches(request, tag: str) -> bool:
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in wanted or tag in wanted


def _not_modified(tag: str, cache_headers: HttpResponse) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    response["ETag"] = tag
    for name in ("Cache-Control", "Last-Modified"):
        if cache_headers.has_header(name):
            response[name] = cache_headers[name]
    return response


def _attachment(content: bytes, content_type: str, name: str, tag: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["ETag"] = tag
    return response


@public_view
def download(request, organisation, plan: str, format: str, version: int | None = None) -> HttpResponse:
    if format not in downloads.FORMATS:
        raise Http404(editions.NOT_FOUND)
    edition = editions.edition(editions.published_plan(organisation, plan), version)
    tag = etag(edition, "open-data", format, _release())
    explicit = version is not None
    if _matches(request, tag):
        headers = with_cache_headers(HttpResponse(), edition, explicit_version=explicit)
        return _not_modified(tag, headers)
    found = downloads.FORMATS[format]
    response = _attachment(
        downloads.plan_file(edition, format), found.content_type, downloads.filename(edition, format), tag
    )
    return with_cache_headers(response, edition, explicit_version=explicit)


@public_view
def organisation_zip(request, organisation) -> HttpResponse:
    chosen = downloads.organisation_editions(organisation)
    tag = f'"{downloads.organisation_key(organisation, chosen)}{_release()[:8]}"'
    headers = HttpResponse()
    if chosen:  # the newest of the editions, as for a page of the version in force
        newest = max(chosen, key=last_modified)
        headers = with_cache_headers(headers, newest, explicit_version=False)
    if _matches(request, tag):
        return _not_modified(tag, headers)
    response = _attachment(
        downloads.organisation_zip(organisation, chosen),
        downloads.ZIP,
        f"{organisation.slug}-open-data.zip",
        tag,
    )
    for name in ("Cache-Control", "Last-Modified"):
        if headers.has_header(name):
            response[name] = headers[name]
    return response
