"""Redis gone: the pages answer without their cached parts (never a 500), the cache is left alone for a
pause instead of a timeout per call, and the readiness check still says the cache is gone."""

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.urls import reverse

from config import cache_backends
from tests.caching.test_health import READY, closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_gone():
    gone = {
        "default": {
            "BACKEND": "config.cache_backends.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=gone):
        yield


def test_the_pages_that_cache_answer_without_redis(client, users, plan, redis_gone):
    client.force_login(users["cel"])
    for name in ("plans:overview", "reporting:dashboard", "plans:plan_status"):
        response = client.get(reverse(name, args=[plan.slug]))
        assert response.status_code == 200, name
    assert client.get(READY).status_code == 503
    assert client.get(READY).content == b"not ready: cache"


def test_after_a_failure_redis_is_left_alone_for_a_pause(redis_gone, monkeypatch):
    assert cache.get("iets", "geen") == "geen"  # the failure: a miss
    assert cache._down_until > 0

    def called(*args, **kwargs):
        raise AssertionError("Redis was asked during the pause")

    monkeypatch.setattr(RedisCache, "get", called)
    monkeypatch.setattr(RedisCache, "set", called)
    cache.set("iets", "waarde")
    assert cache.get("iets", "geen") == "geen"
    assert cache.get_many(["a", "b"]) == {}
    monkeypatch.setattr(cache_backends.time, "monotonic", lambda: cache._down_until + 1)
    with pytest.raises(AssertionError, match="during the pause"):
        cache.get("iets")  # the pause is over: Redis is asked again
