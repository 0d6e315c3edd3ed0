"""The accessibility statement of an organisation's public site."""

import re

import pytest
from django_scopes import scopes_disabled

from publicsite import publishing
from tests.factories import OrganisationFactory
from tests.publicsite.builders import a_published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with scopes_disabled():
        yield a_published_plan()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def address(world) -> str:
    return f"/publiek/{world.organisation.slug}/toegankelijkheid/"


def test_the_statement_says_what_it_covers_how_it_complies_and_how_it_was_assessed(client, world):
    response = client.get(address(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1 and '<html lang="nl-BE">' in html
    text = text_of(response)
    assert "Gemeente gemeente-x streeft ernaar deze website" in text
    assert "decreet van 7 december 2018" in text
    assert "van toepassing op de website http://testserver/publiek/gemeente-x/" in text
    assert "MJP 2020-2025" in text  # the published plan it covers
    assert (
        "volledig in overeenstemming met de Web Content Accessibility Guidelines (WCAG) 2.1, niveau AA"
        in text
    )
    assert "axe-core" in text and "Lighthouse" in text and "toetsenbord" in text
    assert "De downloads (CSV, Excel, JSON en JSON-LD)" in text
    assert "opgesteld op 7 december 2026" in text
    assert "Vlaamse Ombudsdienst" in text and "Leuvenseweg 86" in text
    for heading in (
        "Nalevingsstatus",
        "Niet-toegankelijke inhoud",
        "Feedback en contactgegevens",
        "Handhavingsprocedure",
    ):
        assert f"<h2>{heading}</h2>" in html


def test_the_statement_names_the_organisations_contact(client, world):
    with scopes_disabled():
        publishing.set_contact(
            world.organisation, email="toegankelijkheid@gemeente-x.be", phone="014 40 90 00", by=None
        )
    html = client.get(address(world)).content.decode()
    assert '<a href="mailto:toegankelijkheid@gemeente-x.be">toegankelijkheid@gemeente-x.be</a>' in html
    assert '<a href="tel:014409000">014 40 90 00</a>' in html
    assert "onthaal of de klachtendienst" not in html


def test_without_a_contact_the_statement_says_whom_to_ask(client, world):
    text = text_of(client.get(address(world)))
    assert "Neem contact op met het onthaal of de klachtendienst van Gemeente gemeente-x" in text
    assert "mailto:" not in text


def test_an_organisation_without_published_plans_still_has_its_statement(client):
    with scopes_disabled():
        OrganisationFactory(slug="stil", name="Gemeente Stil")
    response = client.get("/publiek/stil/toegankelijkheid/")
    assert response.status_code == 200
    assert "Gepubliceerde plannen" not in text_of(response)


def test_an_unknown_organisation_has_no_statement(client, world):
    assert client.get("/publiek/onbekend/toegankelijkheid/").status_code == 404


def test_the_statement_is_read_only(client, world):
    assert client.post(address(world)).status_code == 405
