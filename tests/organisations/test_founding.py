"""The platform beheerder founds an organisation with its first beheerder: all of it, or nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.roles import ADMINISTRATOR, CEL
from organisations import founding
from organisations.models import Membership, Organisation
from tests.factories import default_organisation
from tests.helpers import database_state

pytestmark = pytest.mark.django_db


def test_founding_makes_the_organisation_and_a_new_first_beheerder_with_history(admin_user):
    organisation = founding.create_organisation(
        name="Gemeente Zilverbeek",
        slug="zilverbeek",
        by=admin_user,
        username="zb-beheerder",
        first_name="Zoë",
        email="zoe@zilverbeek.be",
    )
    user = get_user_model().objects.get(username="zb-beheerder")
    assert not user.has_usable_password() and not user.is_superuser
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role, membership.active) == (
        organisation,
        ADMINISTRATOR,
        True,
    )
    record = organisation.history.get()
    assert (record.history_user, record.history_change_reason) == (admin_user, str(founding.FOUNDED))
    assert membership.history.get().history_user == admin_user


def test_an_existing_user_can_be_the_first_beheerder(admin_user, make_user):
    cel = make_user("cel-turnhout", CEL)
    organisation = founding.create_organisation(
        name="AGB Zilverbeek", slug="agb-zilverbeek", by=admin_user, user=cel
    )
    assert set(cel.memberships.values_list("organisation", "role")) == {
        (default_organisation().pk, CEL),
        (organisation.pk, ADMINISTRATOR),
    }


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"name": "ocmw turnhout", "slug": "nieuw", "username": "nieuw"}, "name_taken"),
        ({"name": "Nieuw", "slug": "OCMW-Turnhout", "username": "nieuw"}, "slug_taken"),
        ({"name": "Nieuw", "slug": "nieuw", "username": "Bestaand"}, "username_taken"),
        ({"name": "Nieuw", "slug": "nieuw", "username": "nieuw", "user": "existing"}, "beheerder_twice"),
        ({"name": "Nieuw", "slug": "nieuw"}, "beheerder_missing"),
        ({"name": "Nieuw", "slug": "nieuw", "username": "met spatie!"}, "invalid"),
    ],
)
def test_a_refused_founding_changes_nothing(admin_user, django_user_model, values, code):
    default_organisation()
    existing = django_user_model.objects.create_user("bestaand")
    if values.get("user") == "existing":
        values = {**values, "user": existing}
    before = database_state()
    with pytest.raises(ValidationError) as refused:
        founding.create_organisation(by=admin_user, **values)
    codes = (
        [error.code for errors in refused.value.error_dict.values() for error in errors]
        if hasattr(refused.value, "error_dict")
        else [refused.value.code]
    )
    assert code in codes
    assert database_state() == before


def _founding_form(**values) -> dict:
    return {"name": "Gemeente Zilverbeek", "slug": "zilverbeek", "username": "zb-beheerder", **values}


def test_the_platform_beheerder_founds_an_organisation_in_beheer_and_its_beheerder_enters(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:organisations_organisation_add")).status_code == 200
    response = client.post(reverse("admin:organisations_organisation_add"), _founding_form(first_name="Zoë"))
    assert response.status_code == 302, response.content.decode()
    organisation = Organisation.objects.get(slug="zilverbeek")
    beheerder = get_user_model().objects.get(username="zb-beheerder")
    assert beheerder.memberships.get().organisation == organisation
    client.force_login(beheerder)
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert client.get(reverse("admin:organisations_organisation_changelist")).status_code == 403


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "OCMW Turnhout"}, "Er is al een organisatie met de naam"),
        ({"username": "bestaand"}, "Er bestaat al een gebruiker bestaand"),
        ({"username": ""}, "Geef de eerste beheerder op"),
    ],
)
def test_a_refused_founding_in_beheer_says_why_and_changes_nothing(
    client, admin_user, django_user_model, values, message
):
    default_organisation()
    django_user_model.objects.create_user("bestaand")
    client.force_login(admin_user)
    before = database_state()
    response = client.post(reverse("admin:organisations_organisation_add"), _founding_form(**values))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert database_state() == before


def test_only_the_platform_beheerder_founds_or_renames_organisations(client, make_user):
    beheerder = make_user("beheerder-turnhout", ADMINISTRATOR)
    client.force_login(beheerder)
    before = database_state()
    assert client.post(reverse("admin:organisations_organisation_add"), _founding_form()).status_code == 403
    own = default_organisation()
    response = client.post(
        reverse("admin:organisations_organisation_change", args=[own.pk]),
        {"name": "Andere naam", "slug": own.slug, "loaded_version": own.version},
    )
    assert response.status_code == 403
    assert database_state() == before
