"""The site's own address, ``SITE_URL``: the start of every absolute link the product writes (the
reminders, the questions for more, the mentions). A request's own host is never used: a task or a
command has none, and behind a proxy it may be an internal name.

Two system checks guard it: ``manage.py check`` refuses an address that is not a plain
``http(s)://host[:port]``; ``manage.py check --deploy`` warns when production links would be plain
HTTP (the setting left at its local default, say) or point at a host the site does not serve.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http.request import validate_host

EXAMPLE = "https://plan.gemeente.be"


def absolute(path: str) -> str:
    """A link to ``path`` (starting with "/") for a page outside the site: ``SITE_URL`` before it."""
    return f"{settings.SITE_URL}{path}"


@checks.register()
def check_site_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """SITE_URL is a scheme and a host, nothing after it: every link adds its own path."""
    parts = urlsplit(settings.SITE_URL)
    nothing_after = not (parts.path or parts.query or parts.fragment)
    if parts.scheme in {"http", "https"} and parts.hostname and nothing_after:
        return []
    return [
        checks.Error(
            f"SITE_URL {settings.SITE_URL!r} is not the site's address.",
            hint=f"Set SITE_URL to the scheme and host the users open, without a path, e.g. {EXAMPLE}.",
            id="core.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_site_url_in_production(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production the links in e-mails open the site over HTTPS, on a host it serves."""
    parts = urlsplit(settings.SITE_URL)
    found = []
    if parts.scheme != "https":
        found.append(
            checks.Warning(
                f"SITE_URL is {settings.SITE_URL!r}: the links in e-mails would not open the site over HTTPS "
                "(without SITE_URL they point at this machine).",
                hint=f"Set SITE_URL to the address the users open, e.g. {EXAMPLE}.",
                id="core.W001",
            )
        )
    if parts.hostname and not validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        found.append(
            checks.Warning(
                f"SITE_URL's host {parts.hostname!r} is not in ALLOWED_HOSTS: "
                "the links in e-mails would be refused.",
                hint="Use the same host in SITE_URL and ALLOWED_HOSTS.",
                id="core.W002",
            )
        )
    return found
