"""Each role's permissions, as the data migration creates them, and what they allow in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import CEL, COUNCIL, MANAGEMENT_TEAM, ROLE_PERMISSIONS
from organisations.roles import role_names
from plans.models import Action, Status
from tests.factories import ActionFactory
from tests.helpers import database_state

pytestmark = pytest.mark.django_db


def permissions_of(role: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()
    }


def test_the_migration_creates_the_three_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {CEL, MANAGEMENT_TEAM, COUNCIL}


def test_each_group_holds_exactly_its_table_of_permissions():
    for role, models in ROLE_PERMISSIONS.items():
        expected = {
            f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
            for label, actions in models.items()
            for action in actions
        }
        assert permissions_of(role) == expected


def test_cel_keeps_the_plan_but_may_not_delete_or_change_the_plan_record():
    perms = permissions_of(CEL)
    assert {
        "plans.change_action",
        "plans.add_action",
        "plans.change_actionplan",
        "plans.change_project",
    } <= perms
    assert "plans.change_plan" not in perms
    assert not any(p.split(".")[1].startswith("delete_") for p in perms)


def test_council_only_reads_and_management_team_also_reviews_proposals():
    assert all(p.split(".")[1].startswith("view_") for p in permissions_of(COUNCIL))
    writes = {p for p in permissions_of(MANAGEMENT_TEAM) if not p.split(".")[1].startswith("view_")}
    assert writes == {"plans.review_changeproposal"}


def test_cel_drafts_and_applies_proposals_but_does_not_review_them():
    perms = permissions_of(CEL)
    assert {"plans.add_changeproposal", "plans.change_changeproposal", "plans.apply_changeproposal"} <= perms
    assert "plans.review_changeproposal" not in perms


@pytest.mark.parametrize("role", [MANAGEMENT_TEAM, COUNCIL])
def test_read_only_roles_cannot_change_a_status_in_the_admin(client, make_user, role):
    """Beheer is entered by role (organisations/beheer.py): the staff flag a beheerder once gave
    them no longer opens it, and a posted change is sent to the login page, changing nothing."""
    action = ActionFactory()
    user = make_user("lezer", role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    page = client.get(reverse("admin:plans_action_changelist"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("admin:login"))
    before = database_state()
    response = client.post(
        reverse("admin:plans_action_change", args=[action.pk]),
        {
            "action_plan": action.action_plan.pk,
            "number": action.number,
            "title": "Gewijzigd",
            "status": Status.COMPLETED,
            "life_cycle": action.life_cycle,
        },
    )
    assert response.status_code == 302
    assert database_state() == before
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED and action.title != "Gewijzigd"
    assert Action.history.count() == 1


@pytest.mark.parametrize("user_fixture", ["mt_user", "council_user"])
def test_management_team_and_council_work_outside_the_admin(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("admin:plans_action_changelist"))
    assert response.status_code == 302


def test_cel_may_change_a_status_in_the_admin(client, cel_user):
    action = ActionFactory()
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_action_change", args=[action.pk]),
        {
            "action_plan": action.action_plan.pk,
            "number": action.number,
            "title": action.title,
            "status": Status.IN_PROGRESS,
            "life_cycle": action.life_cycle,
            "loaded_version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_role_names_in_dutch(cel_user, admin_user):
    assert role_names(cel_user) == ["strategische cel"]
    assert role_names(admin_user) == ["platformbeheerder"]
