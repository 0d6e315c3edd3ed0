"""Deployment settings, headers, cookies, login throttling, logging, error pages and XML defences."""

import datetime
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core.roles import CEL

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "geheim-wachtwoord"  # what make_user gives


def deploy_check(**settings: str) -> subprocess.CompletedProcess:
    """``manage.py check --deploy`` with production settings (DEBUG off, HTTPS), plus ``settings``;
    warnings fail it."""
    # Not the test run's own: DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests only.
    unset = ("SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL")
    env = {name: value for name, value in os.environ.items() if name not in unset}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="plan.example.be",
        DJANGO_SETTINGS_MODULE="config.settings",
        **settings,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_deploy_checks_pass_with_production_settings():
    result = deploy_check(SITE_URL="https://plan.example.be")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_checks_fail_without_the_sites_https_address():
    """Without SITE_URL the e-mails would link to this machine: ``check --deploy`` says so."""
    result = deploy_check()
    assert result.returncode != 0 and "core.W001" in result.stderr, result.stdout + result.stderr


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client, cel_user):
    client.force_login(cel_user)
    response = client.get(reverse("plans:home"), follow=True)
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_no_inline_script_on_any_page(client, cel_user):
    """The policy forbids inline scripts, so the pages must not need them."""
    client.force_login(cel_user)
    page = client.get(reverse("plans:home"), follow=True).content.decode()
    assert "<script>" not in page and "onclick=" not in page and 'src="/static/js/app.js"' in page


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only(client, make_user):
    make_user("sofie", CEL)
    client.get(reverse("login"))
    assert client.cookies["csrftoken"]["httponly"]
    client.post(reverse("login"), {"username": "sofie", "password": PASSWORD})
    assert client.cookies["sessionid"]["httponly"]


@pytest.mark.django_db
def test_a_forged_host_header_gets_400(client):
    assert client.get("/aanmelden/", HTTP_HOST="aanvaller.example").status_code == 400


@pytest.mark.django_db
def test_the_500_page_is_dutch_and_shows_no_traceback(cel_user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("geheime details van de server")

    monkeypatch.setattr("plans.views.pages.filter_action_plans", broken)
    client = Client(raise_request_exception=False)
    client.force_login(cel_user)
    from tests.factories import PlanFactory

    response = client.get(reverse("plans:overview", args=[PlanFactory().slug]))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in body and "Traceback" not in body and "geheime details" not in body


@pytest.mark.django_db
def test_idle_sessions_end_and_requests_renew_them_without_a_write_each_time(client, cel_user, settings):
    from config.middleware import RENEW_EVERY, RENEWED_AT

    client.force_login(cel_user)
    client.get(reverse("plans:home"))
    session = Session.objects.get(session_key=client.session.session_key)
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(session.expire_date - (timezone.now() + idle)) < datetime.timedelta(minutes=1)
    assert idle <= datetime.timedelta(hours=1)
    # The next requests within five minutes do not write the session again...
    renewed = session.expire_date
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("plans:home"))
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert Session.objects.get(pk=session.pk).expire_date == renewed
    # ...a request after that renews it...
    data = client.session
    data[RENEWED_AT] -= RENEW_EVERY
    data.save()
    client.get(reverse("plans:home"))
    assert Session.objects.get(pk=session.pk).expire_date > renewed
    # ...and an expired session is logged out.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("plans:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_passwords_need_twelve_characters_with_a_dutch_message():
    with translation.override("nl-be"):
        with pytest.raises(ValidationError) as refused:
            validate_password("kort-wacht1")
        assert "minstens 12 tekens" in " ".join(refused.value.messages)
    validate_password("paarse-olifant-dans")


def test_openpyxl_reads_xml_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_five_failures_lock_out_that_user_from_that_address_only_for_a_while(make_user, caplog):
    make_user("sofie", CEL)
    make_user("jan", CEL)
    client = Client()
    caplog.set_level(logging.INFO, logger="security")
    for _ in range(4):
        assert attempt(client, "sofie", "fout-wachtwoord").status_code == 200  # the form, with its error
    assert attempt(client, "sofie", "fout-wachtwoord").status_code == 429  # the fifth failure locks
    locked = attempt(client, "sofie", PASSWORD)
    assert locked.status_code == 429
    assert "tijdelijk geblokkeerd" in locked.content.decode().lower()
    assert "_auth_user_id" not in client.session
    # Not everyone behind the same address, and not the same user elsewhere.
    assert attempt(Client(), "jan", PASSWORD).status_code == 302
    assert attempt(Client(), "sofie", PASSWORD, address="10.0.0.2").status_code == 302
    # After the cool-off the user may try again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert attempt(Client(), "sofie", PASSWORD).status_code == 302
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "login failed user=sofie" in logged and "lockout user=sofie" in logged
    assert "login user=jan" in logged
    assert "fout-wachtwoord" not in logged and PASSWORD not in logged


@pytest.mark.django_db
def test_refusals_are_logged_with_who_and_what(client, make_user, caplog):
    client.force_login(make_user("raadslid", "raad"))
    caplog.set_level(logging.INFO, logger="security")
    assert client.get(reverse("reporting:new_plan")).status_code == 403
    assert "refused user=raadslid method=GET path=/nieuw-plan/" in caplog.text


@pytest.mark.django_db
def test_logout_only_by_post(client, cel_user):
    client.force_login(cel_user)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2id_and_old_hashes_upgraded_at_login(
    client, django_user_model, settings
):
    from config import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = django_user_model.objects.create_user("oud", password="een-lang-wachtwoord")
    assert user.password.startswith("argon2$argon2id$")
    user.password = make_password("een-lang-wachtwoord", hasher="pbkdf2_sha256")  # from before this hasher
    user.save()
    response = client.post(reverse("login"), {"username": "oud", "password": "een-lang-wachtwoord"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
