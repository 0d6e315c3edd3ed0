"""The beheerder's page of the public website (/publicatie/): publication per plan and the contact."""

import re

import pytest
from django_scopes import scopes_disabled

from core.roles import ADMINISTRATOR, CEL, COUNCIL
from publicsite.models import Publication, PublicProfile
from tests.factories import PlanFactory
from tests.publicsite.builders import a_published_plan

pytestmark = pytest.mark.django_db
MANAGE = "/publicatie/"


@pytest.fixture
def world():
    with scopes_disabled():
        yield a_published_plan()


@pytest.fixture
def beheerder(client, world, make_user):
    client.force_login(make_user("wim", ADMINISTRATOR, world.organisation))
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def publication(plan) -> Publication | None:
    return Publication.objects.filter(plan=plan).first()


def test_the_beheerder_sees_each_plan_with_its_publication_and_public_address(beheerder, world):
    with scopes_disabled():
        draft = PlanFactory(organisation=world.organisation, slug="ontwerp", name="Nieuw plan")
    response = beheerder.get(MANAGE)
    assert response.status_code == 200
    text = text_of(response)
    assert "MJP 2020-2025 Publieke website: aan." in text
    assert "http://testserver/publiek/gemeente-x/welzijn-2020-2025/" in text
    assert "Nieuw plan Publieke website: uit." in text
    assert "Dit plan heeft nog geen vastgestelde versie" in text
    html = response.content.decode()
    assert f'action="/publicatie/plan/{world.plan.pk}/"' in html
    assert f'action="/publicatie/plan/{draft.pk}/"' in html


def test_the_beheerder_switches_a_plan_off_and_on_again(beheerder, world):
    version = publication(world.plan).version
    response = beheerder.post(
        f"/publicatie/plan/{world.plan.pk}/", {"on": "0", "version": version}, follow=True
    )
    assert "De publieke website van MJP 2020-2025 staat uit" in text_of(response)
    assert publication(world.plan).enabled is False
    assert beheerder.get(world.base).status_code == 404
    response = beheerder.post(
        f"/publicatie/plan/{world.plan.pk}/", {"on": "1", "version": version + 1}, follow=True
    )
    assert "De publieke website van MJP 2020-2025 staat aan." in text_of(response)
    assert publication(world.plan).enabled is True
    assert publication(world.plan).history.first().history_change_reason == "publieke website aangezet"


def test_a_plan_without_an_adopted_version_is_refused_and_nothing_changes(beheerder, world):
    with scopes_disabled():
        draft = PlanFactory(organisation=world.organisation, slug="ontwerp", name="Nieuw plan")
    response = beheerder.post(f"/publicatie/plan/{draft.pk}/", {"on": "1", "version": ""})
    assert response.status_code == 422
    text = text_of(response)
    assert "Nieuw plan heeft nog geen vastgestelde versie" in text
    assert "Registreer eerst de startversie op de pagina Versies." in text
    assert "Er is niets veranderd." in text
    assert publication(draft) is None


def test_an_outdated_copy_is_refused(beheerder, world):
    old = publication(world.plan).version
    with scopes_disabled():
        from publicsite import publishing

        publishing.switch(world.plan, on=False, by=None, version=old)
    response = beheerder.post(f"/publicatie/plan/{world.plan.pk}/", {"on": "0", "version": old})
    assert response.status_code == 409
    assert "werd intussen gewijzigd" in text_of(response)
    assert publication(world.plan).version == old + 1


def test_a_bad_switch_value_is_refused(beheerder, world):
    response = beheerder.post(f"/publicatie/plan/{world.plan.pk}/", {"on": "misschien"})
    assert response.status_code == 422
    assert "Kies of de publieke website aan of uit moet staan" in text_of(response)
    assert publication(world.plan).enabled is True


def test_the_beheerder_of_another_organisation_cannot_switch_this_plan(client, world, make_user):
    with scopes_disabled():
        other = a_published_plan(slug="ander-plan", organisation_slug="gemeente-y")
    client.force_login(make_user("yves", ADMINISTRATOR, other.organisation))
    version = publication(world.plan).version
    response = client.post(f"/publicatie/plan/{world.plan.pk}/", {"on": "0", "version": version})
    assert response.status_code == 404
    assert publication(world.plan).enabled is True
    assert "MJP 2020-2025" in text_of(client.get(MANAGE))  # their own plan of that name
    assert "gemeente-x" not in text_of(client.get(MANAGE))


@pytest.mark.parametrize("role", [CEL, COUNCIL])
def test_others_than_the_beheerder_get_403_and_change_nothing(client, world, make_user, role):
    client.force_login(make_user("iemand", role, world.organisation))
    assert client.get(MANAGE).status_code == 403
    version = publication(world.plan).version
    assert (
        client.post(f"/publicatie/plan/{world.plan.pk}/", {"on": "0", "version": version}).status_code == 403
    )
    assert client.post("/publicatie/contact/", {"email": "a@b.be", "phone": ""}).status_code == 403
    assert publication(world.plan).enabled is True
    assert not PublicProfile.objects.filter(organisation=world.organisation).exists()


def test_anonymous_visitors_are_sent_to_the_login(client, world):
    response = client.get(MANAGE)
    assert response.status_code == 302 and "/aanmelden/" in response["Location"]
    response = client.post(f"/publicatie/plan/{world.plan.pk}/", {"on": "0"})
    assert response.status_code == 302
    assert publication(world.plan).enabled is True


def test_the_platform_beheerder_chooses_an_organisation_first(client, world, admin_user):
    client.force_login(admin_user)
    response = client.get(MANAGE)
    assert response.status_code == 200
    assert "Kies eerst bovenaan de organisatie" in text_of(response)


def test_the_beheerder_names_the_contact_of_the_statement(beheerder, world):
    response = beheerder.post(
        "/publicatie/contact/",
        {"email": "toegankelijkheid@gemeente-x.be", "phone": "014 40 90 00"},
        follow=True,
    )
    assert "Het contact van de toegankelijkheidsverklaring is opgeslagen." in text_of(response)
    profile = PublicProfile.objects.get(organisation=world.organisation)
    assert (profile.contact_email, profile.contact_phone) == (
        "toegankelijkheid@gemeente-x.be",
        "014 40 90 00",
    )
    statement = beheerder.get(f"/publiek/{world.organisation.slug}/toegankelijkheid/")
    assert "toegankelijkheid@gemeente-x.be" in statement.content.decode()
    # The form shows it, with its version, for the next edit.
    html = beheerder.get(MANAGE).content.decode()
    assert 'value="toegankelijkheid@gemeente-x.be"' in html
    response = beheerder.post(
        "/publicatie/contact/", {"email": "info@gemeente-x.be", "phone": "", "version": profile.version}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.contact_email, profile.contact_phone) == ("info@gemeente-x.be", "")


def test_a_bad_email_is_refused_and_nothing_changes(beheerder, world):
    response = beheerder.post("/publicatie/contact/", {"email": "geen adres", "phone": "014"})
    assert response.status_code == 422
    text = text_of(response)
    assert "Dit is geen geldig e-mailadres." in text
    assert "Er is niets veranderd: het vorige contact blijft staan." in text
    assert 'aria-invalid="true"' in response.content.decode()
    assert not PublicProfile.objects.filter(organisation=world.organisation).exists()


def test_an_outdated_contact_is_refused(beheerder, world):
    with scopes_disabled():
        from publicsite import publishing

        publishing.set_contact(world.organisation, email="a@gemeente-x.be", phone="", by=None)
    response = beheerder.post(
        "/publicatie/contact/", {"email": "b@gemeente-x.be", "phone": "", "version": ""}
    )
    assert response.status_code == 409
    assert "werd intussen gewijzigd" in text_of(response)
    assert PublicProfile.objects.get(organisation=world.organisation).contact_email == "a@gemeente-x.be"


def test_the_page_reads_in_the_same_number_of_queries_for_one_plan_or_five(
    beheerder, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        beheerder.get(MANAGE)
    with scopes_disabled():
        for number in range(4):
            PlanFactory(organisation=world.organisation, slug=f"plan-extra-{number}")
    with django_assert_max_num_queries(len(few)):
        beheerder.get(MANAGE)
