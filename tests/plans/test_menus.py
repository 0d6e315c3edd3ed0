"""The header's menu per role: every link a role is shown opens for that role; an eigenaar reads the
plan from Mijn acties too; the house style is linked for who keeps it (the beheerder) only."""

import re

import pytest
from django.urls import reverse

from demo.plans import load_owners
from demo.rounds import load_invented_round, load_round

pytestmark = pytest.mark.django_db

# Turnhout's demo users, and the platform beheerder.
ROLES = ["cel", "mt", "raad", "turnhout-beheerder", "diensthoofd", "projectleider", "beheerder"]


def menu_links(page: str) -> dict[str, str]:
    """The header menu's links: label -> address."""
    menu = re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)
    return {
        " ".join(re.sub(r"<[^>]+>", "", label).split()): href
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', menu, re.S)
    }


def reading_links(plan) -> dict[str, str]:
    """What everyone who reads the plan may open, as the menu names them."""
    return {
        "Overzicht": reverse("plans:overview", args=[plan.slug]),
        "Statussen": reverse("plans:plan_status", args=[plan.slug]),
        "Projecten": reverse("plans:project_status", args=[plan.slug]),
        "Financiën": reverse("plans:finances", args=[plan.slug]),
        "Voorstellen": reverse("plans:proposals", args=[plan.slug]),
        "Rapportering": reverse("reporting:rounds", args=[plan.slug]),
        "Indicatoren": reverse("indicators:list", args=[plan.slug]),
        "Dashboard": reverse("reporting:dashboard", args=[plan.slug]),
    }


@pytest.fixture
def demo_round(plan, users):
    """The demo's eigenaars, the seed's closed round and the invented open one."""
    load_owners(plan, by=users["cel"])
    load_round(plan, by=users["cel"])
    load_invented_round(plan, by=users["cel"])
    return plan


@pytest.mark.parametrize("username", ["diensthoofd", "projectleider"])
def test_an_eigenaar_reads_the_plan_from_mijn_acties_through_the_menu(client, demo_round, users, username):
    client.force_login(users[username])
    landing = client.get(reverse("plans:home"), follow=True)
    assert landing.redirect_chain[-1][0] == reverse("reporting:my_items")
    page = landing.content.decode()
    links = menu_links(page)
    assert reading_links(demo_round).items() <= links.items()
    assert links["Mijn acties"] == reverse("reporting:my_items")
    assert f'action="{reverse("plans:search", args=[demo_round.slug])}"' in page
    assert demo_round.name in page  # which plan the links open
    for label, href in links.items():
        assert client.get(href).status_code == 200, label


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_link_a_role_sees_opens_for_that_role(client, demo_round, users, username):
    client.force_login(users[username])
    for start in (reverse("plans:overview", args=[demo_round.slug]), reverse("plans:preferences")):
        links = menu_links(client.get(start).content.decode())
        for label, href in links.items():
            assert client.get(href).status_code == 200, (start, label)


def test_the_house_style_is_in_the_menu_of_the_beheerders_only(client, demo_round, users):
    house_style = reverse("reporting:house_style")
    shown = {}
    for username in ROLES:
        client.force_login(users[username])
        shown[username] = menu_links(client.get(reverse("plans:preferences")).content.decode()).get(
            "Huisstijl"
        )
    assert shown == {username: house_style if "beheerder" in username else None for username in ROLES}


def test_the_organisation_beheerder_finds_the_house_style_on_home_round_and_beheer(client, demo_round, users):
    house_style = f'href="{reverse("reporting:house_style")}"'
    round = demo_round.rounds.get(name="Rapportering december 2017")
    pages = [
        reverse("plans:home"),
        reverse("reporting:round", args=[demo_round.slug, round.pk]),
        reverse("admin:index"),
    ]
    client.force_login(users["turnhout-beheerder"])
    for url in pages:
        page = client.get(url).content.decode()
        assert house_style in page and "Huisstijl van het verslag" in page, url
    assert client.get(reverse("reporting:house_style")).status_code == 200
    client.force_login(users["cel"])
    for url in pages:
        assert house_style not in client.get(url, follow=True).content.decode(), url
