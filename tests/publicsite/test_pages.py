"""The public site's pages: the drill-down from plan to actie in both versions, what never shows, the
version selector, and bad addresses."""

import datetime

import pytest
from django.test import Client, RequestFactory
from django_scopes import scopes_disabled

from plans.models import Action
from publicsite import editions, errors
from tests.publicsite.builders import INTERNAL_TOELICHTING, PUBLIC_TOELICHTING, a_published_plan
from tests.publicsite.site_world import OWNER_EMAIL, a_draft_version, an_owner, set_values, strike
from versions import adopting
from versions.models import VersionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with scopes_disabled():
        yield a_published_plan()


def pages(world, version: str = "") -> list[str]:
    """Every page of the plan in one version ("" the one in force, "v1/" …)."""
    base = world.base + version
    found = [
        base,
        f"{base}doelstelling/SD%201/",
        f"{base}actieplan/1/",
        f"{base}actie/1.1/",
        f"{base}actie/1.2/",
        f"{base}project/{world.project.pk}/",
        f"{base}zoeken/",
        f"{base}zoeken/?q=kruidenier",
    ]
    if version != "v1/":
        found.append(f"{base}actie/1.3/")
    return found


def html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("version", ["", "v1/", "v2/"])
def test_every_page_renders_in_every_adopted_version(client, world, version):
    for address in pages(world, version):
        response = client.get(address)
        assert response.status_code == 200, address
        text = html(response)
        assert text.count("<h1") == 1, address
        assert 'aria-label="Kruimelpad"' in text, address
        assert 'aria-label="Versies van het plan"' in text, address


def test_the_organisation_page_lists_the_published_plans_with_the_version_in_force(client, world):
    text = html(client.get(f"/publiek/{world.organisation.slug}/"))
    assert "MJP 2020-2025" in text
    assert "Periode 2020–2025" in text
    assert "Versie van kracht: AMJP 2021-1, vastgesteld door de raad op 14 december 2020." in text
    assert f"/publiek/{world.organisation.slug}/toegankelijkheid/" in text


def test_the_plan_page_shows_the_version_the_stand_van_zaken_and_the_progress_in_words(client, world):
    text = html(client.get(world.base))
    assert "Versie AMJP 2021-1, vastgesteld door de raad op 14 december 2020." in text
    assert "Stand van zaken volgens de rapportering van 30 juni 2020." in text
    assert "33% afgewerkt of regulier, van 3 acties" in text
    assert "niet gestart: 1" in text and "loopt: 1" in text and "afgewerkt: 1" in text
    assert str(editions.PROGRESS_RULE) in text
    assert "Iedereen kan meedoen." in text  # the goal, with its own progress
    assert text.count("afgewerkt of regulier") == 2
    assert f"{world.base}zoeken/" in text


def test_the_plan_page_links_the_indicators_and_the_open_data_of_the_version_shown(client, world):
    text = html(client.get(world.base))
    assert f'href="{world.base}indicatoren/"' in text
    for extension in ("csv", "xlsx", "json", "jsonld"):
        assert f'href="{world.base}open-data.{extension}"' in text
    older = html(client.get(f"{world.base}v1/"))
    assert f'href="{world.base}v1/indicatoren/"' in older
    assert f'href="{world.base}v1/open-data.csv"' in older


def test_the_drill_down_goes_from_goal_to_actieplan_to_actie(client, world):
    goal = html(client.get(f"{world.base}doelstelling/SD%201/"))
    assert f'href="{world.base}actieplan/1/"' in goal
    assert "Beleidsdomein" in goal and "Welzijn" in goal
    action_plan = html(client.get(f"{world.base}actieplan/1/"))
    for number in ("1.1", "1.2", "1.3"):
        assert f'href="{world.base}actie/{number}/"' in action_plan
    assert PUBLIC_TOELICHTING in action_plan
    assert f'href="{world.base}project/{world.project.pk}/"' in action_plan  # the linked project
    action = html(client.get(f"{world.base}actie/1.1/"))
    assert "loopt" in action and PUBLIC_TOELICHTING in action
    project = html(client.get(f"{world.base}project/{world.project.pk}/"))
    assert "Welzijnscampus" in project and f'href="{world.base}actieplan/1/"' in project


def test_the_actie_page_shows_ramingen_and_realisaties_the_flemish_way(client, world):
    text = html(client.get(f"{world.base}actie/1.1/"))
    assert "<caption" in text and 'scope="row"' in text
    assert "€ 1.000,00" in text and "€ 2.500,50" in text  # ramingen 2020 and 2021
    assert "€ 640,00" in text  # the realisatie of 2020


def test_an_older_version_shows_what_the_raad_adopted_then_with_a_banner(client, world):
    text = html(client.get(f"{world.base}v1/actie/1.2/"))
    assert "We openen een sociale kruidenier." in text
    assert "buurtrestaurant" not in text
    assert 'role="status"' in text
    assert "U bekijkt een oudere versie (MJP 2020-2025, vastgesteld op 2 maart 2020)." in text
    assert f'<a href="{world.base}actie/1.2/">Bekijk de versie die nu van kracht is.</a>' in text
    assert f'<a href="{world.base}v1/actie/1.2/" aria-current="page">' in text
    current = html(client.get(f"{world.base}actie/1.2/"))
    assert "U bekijkt een oudere versie" not in current
    assert f'<a href="{world.base}actie/1.2/" aria-current="page">' in current


def test_an_item_missing_in_the_chosen_version_is_a_dutch_404(client, world):
    response = client.get(f"{world.base}v1/actie/1.3/")
    assert response.status_code == 404
    assert "Dit item bestaat niet in de gekozen versie van het plan." in html(response)
    assert '<html lang="nl-BE">' in html(response)


def test_the_internal_toelichting_never_shows(client, world):
    for version in ("", "v1/", "v2/"):
        for address in pages(world, version):
            assert INTERNAL_TOELICHTING not in html(client.get(address)), address


def test_owners_names_and_email_addresses_never_show(client, world):
    owner = an_owner()
    with scopes_disabled():
        set_values(world.first, owner=owner)
        adopting.record(world.plan, name="AMJP 2022-1", council_date=datetime.date(2021, 12, 20), by=None)
        assert VersionItem.objects.filter(owner="Jana Peeters").exists()
    for address in pages(world):
        text = html(client.get(address))
        assert "Peeters" not in text and OWNER_EMAIL not in text, address


def test_a_struck_item_keeps_its_page_marked_geschrapt(client, world):
    with scopes_disabled():
        strike(world.third)
        adopting.record(world.plan, name="AMJP 2022-1", council_date=datetime.date(2021, 12, 20), by=None)
    text = html(client.get(f"{world.base}actie/1.3/"))
    assert "Geschrapt" in text
    assert "geschrapt" in html(client.get(f"{world.base}actieplan/1/"))
    # Struck acties do not count for the progress.
    assert "van 2 acties" in html(client.get(world.base))


def test_the_public_site_has_no_write_endpoint(world):
    client = Client(enforce_csrf_checks=True)  # as a browser: a POST without a token is still a 405
    for address in [f"/publiek/{world.organisation.slug}/", *pages(world), *pages(world, "v1/")]:
        for method in (client.post, client.put, client.delete):
            assert method(address).status_code == 405, address
    with scopes_disabled():
        assert Action.objects.filter(action_plan=world.action_plan).count() == 3


@pytest.mark.parametrize(
    "address",
    [
        "/publiek/onbekende-gemeente/",
        "/publiek/onbekende-gemeente/plan/",
        "/publiek/{org}/ander-plan/",
        "/publiek/{org}/{plan}/v9/",
        "/publiek/{org}/{plan}/doelstelling/SD%209/",
        "/publiek/{org}/{plan}/actieplan/99/",
        "/publiek/{org}/{plan}/actie/9.9/",
        "/publiek/{org}/{plan}/project/999999/",
        "/publiek/{org}/{plan}/zoeken/?pagina=5",
    ],
)
def test_unknown_addresses_get_the_public_dutch_404(client, world, address):
    response = client.get(address.format(org=world.organisation.slug, plan=world.plan.slug))
    assert response.status_code == 404
    text = html(response)
    assert "Pagina niet gevonden" in text and "Traceback" not in text
    assert 'class="public-header"' in text and "Aanmelden" not in text


def test_a_version_in_ontwerp_and_an_unpublished_plan_are_not_found(client, world):
    with scopes_disabled():
        a_draft_version(world.plan, 3)
        hidden = a_published_plan(slug="verborgen", organisation_slug="gemeente-y", published=False)
    assert client.get(f"{world.base}v3/").status_code == 404
    assert client.get(f"{world.base}v3/actie/1.1/").status_code == 404
    response = client.get(hidden.base)
    assert response.status_code == 404 and "Pagina niet gevonden" in html(response)


def test_the_handlers_give_the_public_pages_under_publiek_only():
    factory = RequestFactory()
    public = errors.handler404(factory.get("/publiek/x/y/z/onbekend/"), None)
    assert public.status_code == 404 and "Pagina niet gevonden" in public.content.decode()
    assert 'class="public-header"' in public.content.decode()
    elsewhere = errors.handler404(factory.get("/onbekend/"), None)
    assert elsewhere.status_code == 404 and 'class="public-header"' not in elsewhere.content.decode()
    bad = errors.handler400(factory.get("/publiek/x/"), None)
    assert bad.status_code == 400 and "Ongeldige aanvraag" in bad.content.decode()
