"""Diensten in Beheer, the eigenaar on the items' admin forms, and the page of names to link."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core import changes
from core.roles import OWNER
from organisations.membership import add_member
from plans.models import OWNER_TWICE, Action, Department, LifeCycle
from plans.people_links import LINKED
from tests.factories import ActionFactory, ActionPlanFactory, ProjectFactory, default_organisation
from tests.helpers import database_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def sofie():
    """A member of the tests' organisation: Beheer offers only members as eigenaar, head or member."""
    user = get_user_model().objects.create_user(
        "sjanssens", "sofie@voorbeeld.be", first_name="Sofie", last_name="Janssens"
    )
    add_member(user, default_organisation(), OWNER)
    return user


def test_the_beheerder_adds_a_dienst_with_head_and_members_with_history(client, admin_user, sofie):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:plans_department_add"),
        {
            "organisation": default_organisation().pk,  # the platform beheerder chooses it
            "name": "Dienst thuiszorg",
            "head": sofie.pk,
            "members": [sofie.pk, admin_user.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    department = Department.objects.get()
    assert (department.head, set(department.members.all())) == (sofie, {sofie, admin_user})
    assert department.history.first().history_user == admin_user
    assert client.get(reverse("admin:plans_department_changelist")).status_code == 200


def test_a_dienst_is_never_hard_deleted(client, admin_user):
    department = changes.save(
        Department(organisation=default_organisation(), name="Dienst thuiszorg"), by=None
    )
    client.force_login(admin_user)
    response = client.post(reverse("admin:plans_department_delete", args=[department.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Department.objects.filter(pk=department.pk).exists()


def _action_form(action, **values) -> dict:
    return {
        "action_plan": action.action_plan.pk,
        "number": action.number,
        "title": action.title,
        "status": action.status,
        "life_cycle": LifeCycle.ACTIVE,
        "loaded_version": action.version,
        **values,
    }


def test_the_cel_sets_an_actions_eigenaar_in_the_admin(client, cel_user, sofie):
    action = ActionFactory()
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_action_change", args=[action.pk]), _action_form(action, owner=sofie.pk)
    )
    assert response.status_code == 302, response.content.decode()
    assert Action.objects.get(pk=action.pk).owner == sofie


def test_a_person_and_a_dienst_together_are_refused_in_the_admin(client, cel_user, sofie):
    action = ActionFactory()
    department = changes.save(
        Department(organisation=default_organisation(), name="Dienst thuiszorg"), by=None
    )
    before = database_state()
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_action_change", args=[action.pk]),
        _action_form(action, owner=sofie.pk, department=department.pk),
    )
    assert response.status_code == 200
    assert str(OWNER_TWICE) in response.content.decode()
    assert database_state() == before


def test_the_beheerder_links_a_name_in_one_go(client, admin_user, sofie):
    action_plan = ActionPlanFactory(responsible="S. Janssens")
    action = ActionFactory(action_plan=action_plan, responsible="s.  janssens")
    ProjectFactory(project_leader="Team patrimonium")
    client.force_login(admin_user)
    page = client.get(reverse("plans:unlinked")).content.decode()
    assert "S. Janssens" in page and "Team patrimonium" in page
    response = client.post(reverse("plans:unlinked"), {"name": "S. Janssens", "target": f"user-{sofie.pk}"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.responsible) == (sofie, "Sofie Janssens")
    assert action.history.first().history_change_reason == LINKED
    page = client.get(reverse("plans:unlinked")).content.decode()
    assert '<th scope="row">S. Janssens' not in page and "Team patrimonium" in page
    assert "“S. Janssens” gekoppeld: 2 items." in page


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"name": "Team patrimonium", "target": "user-999999"}, "Kies een persoon of dienst uit de lijst."),
        ({"name": "Team patrimonium", "target": ""}, "Kies een persoon of dienst uit de lijst."),
        ({"name": "Niemand", "target": "SOFIE"}, "Geen enkel item heeft nog “Niemand”"),
    ],
)
def test_linking_a_name_is_refused_in_dutch_and_changes_nothing(client, admin_user, sofie, posted, message):
    ProjectFactory(project_leader="Team patrimonium")
    client.force_login(admin_user)
    posted = {**posted, "target": posted["target"].replace("SOFIE", f"user-{sofie.pk}")}
    before = database_state()
    response = client.post(reverse("plans:unlinked"), posted)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert database_state() == before


def test_the_page_of_names_reads_a_constant_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    ActionPlanFactory(responsible="Eén")
    client.get(reverse("plans:unlinked"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("plans:unlinked"))
    for n in range(15):
        ActionFactory(responsible=f"Persoon {n}")
        ProjectFactory(project_leader=f"Leider {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("plans:unlinked"))
    assert "Leider 14" in response.content.decode()
