"""SITE_URL, the one address every absolute link starts with, and the checks that guard it."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core.site import absolute


def _ids(*, deploy: bool) -> set[str]:
    return {message.id for message in checks.run_checks(include_deployment_checks=deploy)}


def test_a_link_is_the_site_url_and_the_path(settings):
    settings.SITE_URL = "https://plan.gemeente.be"
    assert absolute("/mijn-acties/") == "https://plan.gemeente.be/mijn-acties/"


@pytest.mark.parametrize(
    "site_url", ["plan.gemeente.be", "ftp://plan.gemeente.be", "https://plan.gemeente.be/app"]
)
def test_check_refuses_a_site_url_that_is_not_an_address(settings, site_url):
    settings.SITE_URL = site_url
    assert "core.E001" in _ids(deploy=False)
    with pytest.raises(SystemCheckError, match=r"core\.E001"):
        call_command("check")


def test_check_takes_a_local_address_outside_production(settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    found = _ids(deploy=False)
    assert "core.E001" not in found and "core.W001" not in found


def test_deploy_check_warns_when_the_links_would_be_plain_http(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"  # the default, when SITE_URL is not set
    settings.ALLOWED_HOSTS = ["plan.gemeente.be"]
    found = _ids(deploy=True)
    assert {"core.W001", "core.W002"} <= found


def test_deploy_check_warns_when_the_host_is_not_served(settings):
    settings.SITE_URL = "https://plan.gemeente.be"
    settings.ALLOWED_HOSTS = ["plan.example.be"]
    found = _ids(deploy=True)
    assert "core.W002" in found and "core.W001" not in found


def test_deploy_check_is_quiet_for_the_sites_https_address(settings):
    settings.SITE_URL = "https://plan.gemeente.be"
    settings.ALLOWED_HOSTS = [".gemeente.be"]
    assert not {"core.E001", "core.W001", "core.W002"} & _ids(deploy=True)
