"""The versions page and the startversie: who reads, who records, each refusal with nothing changed."""

import datetime

import pytest
from django.urls import reverse

from core.roles import CEL, COUNCIL, MANAGEMENT_TEAM, OWNER
from tests.versions.builders import a_plan_with_items, first_version
from versions.models import PlanVersion, VersionItem, VersionState

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return a_plan_with_items()[0]


def as_role(client, make_user, role):
    client.force_login(make_user(f"gebruiker-{role}", role))
    return client


@pytest.mark.parametrize("role", [CEL, MANAGEMENT_TEAM, COUNCIL, OWNER])
def test_everyone_who_reads_the_plan_reads_its_versions(client, make_user, plan, role):
    first_version(plan)
    page = as_role(client, make_user, role).get(reverse("versions:list", args=[plan.slug]))
    assert page.status_code == 200
    assert "MJP 2020-2025" in page.text and "vastgesteld" in page.text
    assert "Startversie vastleggen" not in page.text


def test_the_cel_records_the_startversie_of_a_plan_without_versions(client, make_user, plan):
    cel = as_role(client, make_user, CEL)
    assert "Startversie vastleggen" in cel.get(reverse("versions:list", args=[plan.slug])).text
    answer = cel.post(
        reverse("versions:start", args=[plan.slug]), {"name": "MJP 2020-2025", "council_date": "2019-12-16"}
    )
    assert answer.status_code == 302
    version = PlanVersion.objects.get(plan=plan)
    assert (version.state, version.council_date) == (VersionState.ADOPTED, datetime.date(2019, 12, 16))
    assert version.history.get().history_user.username == f"gebruiker-{CEL}"
    assert VersionItem.objects.filter(version=version).exists()


def test_a_startversie_without_a_date_is_refused_in_dutch_and_nothing_is_recorded(client, make_user, plan):
    answer = as_role(client, make_user, CEL).post(
        reverse("versions:start", args=[plan.slug]), {"name": "MJP 2020-2025", "council_date": ""}
    )
    assert answer.status_code == 422
    assert "Dit veld is verplicht" in answer.text
    assert not PlanVersion.objects.filter(plan=plan).exists()


def test_a_second_startversie_is_refused_and_nothing_changes(client, make_user, plan):
    first = first_version(plan)
    answer = as_role(client, make_user, CEL).post(
        reverse("versions:start", args=[plan.slug]),
        {"name": "Nog eens", "council_date": "2021-01-04"},
        follow=True,
    )
    assert "Dit plan heeft al versies" in answer.text
    assert list(PlanVersion.objects.filter(plan=plan)) == [first]


@pytest.mark.parametrize("role", [MANAGEMENT_TEAM, COUNCIL, OWNER])
def test_only_the_cel_records_a_startversie(client, make_user, plan, role):
    answer = as_role(client, make_user, role).post(
        reverse("versions:start", args=[plan.slug]), {"name": "MJP", "council_date": "2019-12-16"}
    )
    assert answer.status_code == 403
    assert not PlanVersion.objects.filter(plan=plan).exists()


def test_the_cel_records_when_an_adopted_version_was_published_once(client, make_user, plan):
    version = first_version(plan)
    cel = as_role(client, make_user, CEL)
    url = reverse("versions:publish", args=[plan.slug, version.number])
    assert cel.post(url, {"v1-published_on": "2020-03-10"}).status_code == 302
    version.refresh_from_db()
    assert version.published_on == datetime.date(2020, 3, 10)
    again = cel.post(url, {"v1-published_on": "2020-04-01"})
    assert again.status_code == 422 and "al gepubliceerd" in again.text
    version.refresh_from_db()
    assert version.published_on == datetime.date(2020, 3, 10)


def test_a_publication_before_the_raad_adopted_the_version_is_refused(client, make_user, plan):
    version = first_version(plan)
    answer = as_role(client, make_user, CEL).post(
        reverse("versions:publish", args=[plan.slug, version.number]), {"v1-published_on": "2019-01-01"}
    )
    assert answer.status_code == 422 and "vóór de raadsbeslissing" in answer.text
    version.refresh_from_db()
    assert version.published_on is None
