"""The load balancer's two checks, open without a login and cheap (no model, no template).

``/health/``: liveness, the process answers. ``/health/klaar/``: readiness, the process can serve a
page: its database and its cache answer. A server whose Redis or PostgreSQL is gone answers 503 and
leaves the rotation until they are back.
"""

import logging
import secrets

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
PROBE_KEY = "health:probe"


@login_not_required
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """Liveness check for a load balancer: the process answers."""
    return HttpResponse("ok", content_type="text/plain")


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_answers() -> None:
    token = secrets.token_hex(8)
    cache.set(PROBE_KEY, token, 30)
    if cache.get(PROBE_KEY) != token:  # another server may have written in between: once more
        cache.set(PROBE_KEY, token, 30)
        if cache.get(PROBE_KEY) != token:
            raise RuntimeError("the cache does not keep what is written")


CHECKS = (("database", _database_answers), ("cache", _cache_answers))


@login_not_required
@require_safe
@never_cache
def ready(request: HttpRequest) -> HttpResponse:
    """Readiness check: 200 when the database and the cache answer, else 503 and which one failed."""
    for name, check in CHECKS:
        try:
            check()
        except Exception as error:  # any failure means: not ready
            logger.warning("Readiness check: the %s does not answer (%s)", name, type(error).__name__)
            return HttpResponse(f"not ready: {name}", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
