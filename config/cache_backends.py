"""Django's Redis cache, forgiving when Redis is gone.

The cache holds only rendered fragments, rows and the progress of tasks: losing it loses speed, never
data. So when Redis does not answer, a read is a miss and a write is skipped, and the page is rendered
without its cached parts instead of answering 500. After a failure the cache is left alone for
``PAUSE_SECONDS`` (no connection timeout per call, which would make every page as slow as a timeout),
and the failure is logged once per pause. The readiness check (``/health/klaar/``) still says
``not ready: cache``: what it writes does not come back.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

PAUSE_SECONDS = 10
logger = logging.getLogger(__name__)


class ForgivingRedisCache(RedisCache):
    _down_until = 0.0

    def _or(self, default, call, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return call(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            self._down_until = time.monotonic() + PAUSE_SECONDS
            logger.warning(
                "Redis answers not: the pages work without the cache for %s s (%s)", PAUSE_SECONDS, error
            )
            return default

    def get(self, key, default=None, version=None):
        return self._or(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._or({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or(False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(None, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().add, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._or(None, super().delete_many, keys, version)

    def clear(self):
        return self._or(None, super().clear)
