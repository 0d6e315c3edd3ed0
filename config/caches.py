"""The cache from ``CACHE_URL``: one Redis shared by every app server, or one process's memory."""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from core.code_version import code_version

REDIS_SCHEMES = ("redis", "rediss")
WRONG_SCHEME = (
    "CACHE_URL must start with redis:// or rediss:// (it starts with {scheme!r}). "
    "Leave CACHE_URL unset to keep the cache in each process's memory."
)


def cache_settings(url: str, *, max_entries: int, key_prefix: str = "", base_dir: Path | None = None) -> dict:
    """Django's ``CACHES["default"]`` for ``url``: Django's own Redis cache for ``redis://…`` or
    ``rediss://…`` (TLS); without a URL the local-memory cache, right for a single process only.
    Redis keys start with ``key_prefix``, by default the code's version (``code_version``)."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    scheme = urlsplit(url).scheme
    if scheme not in REDIS_SCHEMES:
        # Only the scheme in the message: the URL may hold a password.
        raise ImproperlyConfigured(WRONG_SCHEME.format(scheme=scheme or "(no scheme)"))
    return {
        # Django's Redis cache, a read a miss and a write skipped while Redis is gone (no 500).
        "BACKEND": "config.cache_backends.ForgivingRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix or (code_version(base_dir) if base_dir else ""),
        # An unreachable Redis costs a request at most these seconds, once per pause; the readiness
        # check (/health/klaar/) then takes the server out of the load balancer.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


def progress_cache_settings(url: str, *, folder: Path) -> dict:
    """Django's ``CACHES["progress"]``: where a task reports how far it is and the page that follows it
    reads it (``core/progress.py``). Worker and web are other processes, so never one process's
    memory: the shared Redis of ``url``, or without one files in ``folder`` on this machine."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(folder)}
    return {**cache_settings(url, max_entries=0), "KEY_PREFIX": "voortgang"}
