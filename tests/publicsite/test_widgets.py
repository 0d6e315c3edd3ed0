"""The embeddable widget of a doelstelling or actieplan: its content, and that only it may be framed."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django_scopes import scopes_disabled

from publicsite import editions
from tests.publicsite.builders import a_published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with scopes_disabled():
        yield a_published_plan()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("version", ["", "v2/"])
def test_the_action_plans_widget_shows_its_progress_in_words_a_bar_and_the_status_counts(
    client, world, version
):
    response = client.get(f"{world.base}{version}widget/actieplan/1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl-BE">' in html and html.count("<h1>") == 1
    assert "<title>Actieplan 1: We stimuleren zelfhulp. · Gemeente gemeente-x</title>" in html
    assert 'class="public-header"' not in html  # not the site's chrome
    text = text_of(response)
    # 1.1 loopt, 1.2 afgewerkt, 1.3 niet gestart (new in version 2).
    assert "33% afgewerkt of opgenomen in de reguliere werking: 1 van 3 acties." in text
    assert "loopt: 1" in text and "afgewerkt: 1" in text and "niet gestart: 1" in text
    assert '<svg class="widget-bar"' in html
    assert "Stand van zaken: Rapportering juni 2020." in text
    link = re.search(r'<a href="([^"]+)" target="_blank" rel="noopener">([^<]+)<span', html)
    assert link and link.group(1).startswith("http://testserver/publiek/gemeente-x/welzijn-2020-2025/")
    assert "Meer op de website van Gemeente gemeente-x" in link.group(2)
    assert "(opent in een nieuw venster)" in text


def test_an_older_versions_widget_counts_that_versions_acties(client, world):
    text = text_of(client.get(f"{world.base}v1/widget/actieplan/1/"))
    assert "1 van 2 acties" in text


def test_the_goals_widget_counts_the_acties_of_its_action_plans(client, world):
    response = client.get(f"{world.base}widget/doelstelling/SD%201/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Iedereen kan meedoen." in text and "Doelstelling SD 1" in text
    assert "1 van 3 acties" in text


def test_unknown_widgets_are_not_found(client, world):
    assert client.get(f"{world.base}widget/actieplan/99/").status_code == 404
    assert client.get(f"{world.base}widget/doelstelling/1/").status_code == 404  # 1 is an actieplan
    assert client.get(f"{world.base}v7/widget/actieplan/1/").status_code == 404


def test_an_unpublished_plans_widget_is_not_found(client, world):
    with scopes_disabled():
        from publicsite import publishing

        publishing.switch(world.plan, on=False, by=None, version=world.plan.publication.version)
    assert client.get(f"{world.base}widget/actieplan/1/").status_code == 404


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))


def test_only_the_widget_may_be_framed(client, world):
    widget = client.get(f"{world.base}widget/actieplan/1/")
    assert not widget.has_header("X-Frame-Options")
    assert frame_ancestors(widget) == "frame-ancestors *"
    # The rest of the policy stays: no script from elsewhere.
    assert "script-src 'self'" in widget["Content-Security-Policy"]

    for address in (
        world.base,
        f"{world.base}indicatoren/",
        f"/publiek/{world.organisation.slug}/toegankelijkheid/",
    ):
        page = client.get(address)
        assert page.status_code == 200
        assert page["X-Frame-Options"] == "DENY"
        assert frame_ancestors(page) == "frame-ancestors 'none'"


def test_the_embed_code_holds_the_widgets_iframe(world):
    request = RequestFactory().get(world.base)
    request.public_organisation = world.organisation
    edition = editions.edition(world.plan, 1)
    action_plan = editions.item_by_number(edition, "actieplan", "1")
    goal = editions.item_by_number(edition, "doelstelling", "SD 1")
    html = render_to_string("publicsite/_embed_code.html", {"item": action_plan, "edition": edition}, request)
    assert (
        "&lt;iframe src=&quot;http://testserver/publiek/gemeente-x/welzijn-2020-2025/widget/actieplan/1/&quot;"
        in html.replace('"', "&quot;")
    )
    assert re.search(r'<label for="embed-actieplan-\d+">Code om actieplan 1 in te sluiten</label>', html)
    assert "readonly" in html
    html = render_to_string("publicsite/_embed_code.html", {"item": goal, "edition": edition}, request)
    assert "/widget/doelstelling/SD%201/" in html
