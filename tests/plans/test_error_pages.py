"""With DEBUG off, a missing page and a server error show the product's own Dutch pages."""

import pytest
from django.test import Client
from django.urls import path

from config.urls import handler403  # noqa: F401  (this module is the URLconf of its tests)
from config.urls import urlpatterns as product_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*product_urls, path("kapot/", broken)]


def test_an_unknown_address_shows_the_dutch_404_page(client, settings, cel_user):
    settings.DEBUG = False
    client.force_login(cel_user)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    page = response.content.decode()
    assert "Pagina niet gevonden" in page and "Naar de startpagina" in page
    assert "Not Found" not in page


def test_an_unknown_address_shows_the_dutch_404_page_before_login(client, settings):
    settings.DEBUG = False
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404 and "Pagina niet gevonden" in response.content.decode()


def test_a_server_error_shows_the_dutch_500_page(settings, cel_user):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(cel_user)
    response = client.get("/kapot/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging iets mis" in page and "Server Error" not in page
