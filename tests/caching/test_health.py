"""The load balancer's checks: /health/ (the process answers) and /health/klaar/ (it can serve)."""

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings

from organisations.membership import active_memberships

READY = "/health/klaar/"


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the socket closes


@pytest.mark.django_db
def test_ready_when_database_and_cache_answer_without_login(django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # SELECT 1, nothing else
        response = Client().get(READY)
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_not_ready_when_the_cache_does_not_answer():
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable):
        response = Client().get(READY)
        liveness = Client().get("/health/")
    assert response.status_code == 503
    assert response.content == b"not ready: cache"
    assert liveness.status_code == 200  # the process itself still answers


@pytest.mark.django_db
def test_not_ready_when_the_database_does_not_answer(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = Client().get(READY)
    assert response.status_code == 503
    assert response.content == b"not ready: database"


@pytest.mark.django_db
def test_a_user_without_organisation_still_reaches_the_checks(django_user_model):
    lonely = django_user_model.objects.create_user(username="zonder", password="geheim-wachtwoord")
    assert active_memberships(lonely) == []
    client = Client()
    client.force_login(lonely)
    assert client.get(READY).status_code == 200
    assert client.get("/health/").status_code == 200


@pytest.mark.django_db
def test_the_checks_answer_over_plain_http_behind_an_https_redirect():
    with override_settings(SECURE_SSL_REDIRECT=True):
        client = Client()
        assert client.get(READY).status_code == 200
        assert client.get("/health/").status_code == 200
        assert client.get("/aanmelden/").status_code == 301  # everything else goes to HTTPS
