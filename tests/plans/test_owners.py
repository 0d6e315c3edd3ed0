"""Eigenaars edit the status and toelichting of their own items, and nothing else: on the page, by a
forged POST (plain or htmx), with the cel still editing everything; on hold needs a toelichting."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import changes
from core.roles import OWNER
from plans import owners
from plans.models import ON_HOLD_WITHOUT_EXPLANATION, Action, ActionPlan, Department, Status
from tests.factories import ActionFactory, ActionPlanFactory, PlanFactory, default_organisation
from tests.helpers import SESSION_RENEWAL, database_state
from tests.plans.test_admin import changelist_post

pytestmark = pytest.mark.django_db

NOT_YOURS = str(owners.NOT_YOUR_ITEM)


@pytest.fixture
def eigenaar(make_user):
    return make_user("an", OWNER)


@pytest.fixture
def welzijn(plan, eigenaar):
    """Dienst welzijn, with ``eigenaar`` as member, owns actieplan 40 (so also its acties)."""
    department = changes.save(Department(organisation=default_organisation(), name="Dienst welzijn"), by=None)
    department.members.add(eigenaar)
    action_plan = ActionPlan.objects.get(plan=plan, number="40")
    changes.update(action_plan, {"department": department}, by=None, version=action_plan.version)
    return department


def save_url(item, kind="actie") -> str:
    plan = item.action_plan.plan if kind == "actie" else item.plan
    return reverse("plans:save_status", args=[plan.slug, kind, item.pk])


def post_status(client, item, status, explanation, kind="actie", **headers):
    data = {
        "status": status,
        "explanation": explanation,
        "version": item.version,
        "seen_status": item.status,
        "seen_explanation": item.explanation,
    }
    return client.post(save_url(item, kind), data, headers=headers)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_eigenaar_edits_an_actie_of_their_actieplan_through_their_dienst(plan, eigenaar, welzijn):
    action = Action.objects.get(action_plan__plan=plan, number="40.1")
    response = post_status(signed_in(eigenaar), action, Status.IN_PROGRESS, "De dienst is gestart.")
    assert response.status_code == 200 and "opgeslagen" in response.content.decode()
    action.refresh_from_db()
    assert (action.status, action.explanation) == (Status.IN_PROGRESS, "De dienst is gestart.")
    assert action.history.first().history_user == eigenaar


def test_a_forged_post_for_another_actieplans_actie_is_refused_in_dutch_and_changes_nothing(
    plan, eigenaar, welzijn
):
    other = Action.objects.get(action_plan__plan=plan, number="10.2")
    before = database_state()
    response = post_status(signed_in(eigenaar), other, Status.COMPLETED, "Niet van mij.")
    assert response.status_code == 403
    assert NOT_YOURS in response.content.decode()
    assert database_state() == before


def test_an_htmx_save_of_another_item_shows_the_refusal_in_its_row(plan, eigenaar, welzijn):
    other = ActionPlan.objects.get(plan=plan, number="10")
    before = database_state()
    response = post_status(
        signed_in(eigenaar), other, Status.COMPLETED, "", kind="actieplan", HX_Request="true"
    )
    assert response.status_code == 403 and response["X-Refused-In-Row"]
    page = response.content.decode()
    assert NOT_YOURS in page and 'role="alert"' in page and "<html" not in page
    assert database_state() == before


def test_the_head_of_a_dienst_counts_as_its_eigenaar(plan, make_user, welzijn):
    head = make_user("hoofd", OWNER)
    changes.update(welzijn, {"head": head}, by=None, version=welzijn.version)
    action_plan = ActionPlan.objects.get(plan=plan, number="40")
    response = post_status(signed_in(head), action_plan, Status.IN_PROGRESS, "Loopt.", kind="actieplan")
    assert response.status_code == 200
    assert owners.owns(head, Action.objects.get(action_plan=action_plan, number="40.2"))


def test_an_actie_with_its_own_eigenaar_does_not_belong_to_its_actieplans(plan, eigenaar, make_user, welzijn):
    someone = make_user("piet", OWNER)
    action = Action.objects.get(action_plan__plan=plan, number="40.2")
    action = changes.update(action, {"owner": someone}, by=None, version=action.version).record
    assert not owners.owns(eigenaar, action) and owners.owns(someone, action)
    before = database_state()
    assert post_status(signed_in(eigenaar), action, Status.COMPLETED, "").status_code == 403
    assert database_state() == before


def test_the_role_is_needed_as_well_as_owning_the_item(plan, users, welzijn):
    council_user = users["raad"]
    welzijn.members.add(council_user)  # a member of the dienst without the eigenaar role
    action = Action.objects.get(action_plan__plan=plan, number="40.1")
    before = database_state()
    response = post_status(signed_in(council_user), action, Status.COMPLETED, "")
    assert response.status_code == 403 and NOT_YOURS not in response.content.decode()
    assert database_state() == before


def test_the_cel_still_edits_every_item(plan, users, welzijn):
    cel_user = users["cel"]
    for number in ("40.1", "10.2"):
        action = Action.objects.get(action_plan__plan=plan, number=number)
        assert post_status(signed_in(cel_user), action, Status.IN_PROGRESS, "Door de cel.").status_code == 200


def test_the_status_page_offers_editing_only_on_the_eigenaars_own_rows(plan, eigenaar, welzijn):
    client = signed_in(eigenaar)
    own = client.get(reverse("plans:action_plan_status", args=[plan.slug, "40"])).content.decode()
    action = Action.objects.get(action_plan__plan=plan, number="40.1")
    assert save_url(action) in own and "U kan enkel uw eigen items bijwerken" not in own
    assert "eigenaar: Dienst welzijn" in own
    others = client.get(reverse("plans:action_plan_status", args=[plan.slug, "10"])).content.decode()
    assert "hx-post" not in others and 'name="status"' not in others
    assert "U kan enkel uw eigen items bijwerken." in others


def test_the_raad_sees_read_only_rows_without_the_eigenaars_hint(plan, users, welzijn):
    council_user = users["raad"]
    page = signed_in(council_user).get(reverse("plans:action_plan_status", args=[plan.slug, "40"]))
    html = page.content.decode()
    assert "hx-post" not in html and "U kan enkel uw eigen items" not in html


def test_an_eigenaars_status_page_asks_the_same_queries_however_many_rows(make_user):
    """Who may edit each row is decided without a query per row."""
    user = make_user("eigenaar", OWNER)
    department = changes.save(Department(organisation=default_organisation(), name="Dienst"), by=None)
    department.members.add(user)
    plan = PlanFactory()
    counts = []
    for size in (3, 12):
        for number in range(len(counts) * 100 + 1, len(counts) * 100 + 1 + size):
            owned = {"department": department} if number % 2 else {"owner": user if number % 3 else None}
            action_plan = ActionPlanFactory(plan=plan, number=str(number), **owned)
            ActionFactory.create_batch(2, action_plan=action_plan)
            ActionFactory(action_plan=action_plan, owner=user)
        client = signed_in(user)
        client.get(reverse("plans:plan_status", args=[plan.slug]))  # the session's renewal
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("plans:plan_status", args=[plan.slug]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 14 + SESSION_RENEWAL


def test_on_hold_without_a_toelichting_is_refused_in_the_row(plan, users):
    cel_user = users["cel"]
    action = Action.objects.get(action_plan__plan=plan, number="10.2")
    changes.update(action, {"explanation": ""}, by=None, version=action.version)
    action.refresh_from_db()
    before = database_state()
    response = post_status(signed_in(cel_user), action, Status.ON_HOLD, "   ", HX_Request="true")
    assert response.status_code == 422  # swapped into the row like every validation error
    assert str(ON_HOLD_WITHOUT_EXPLANATION) in response.content.decode()
    assert database_state() == before
    response = post_status(signed_in(cel_user), action, Status.ON_HOLD, "Wacht op de subsidie.")
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == Status.ON_HOLD


def test_on_hold_counts_the_toelichting_already_there_and_leaves_items_on_hold_alone(plan, users):
    cel_user = users["cel"]
    action = Action.objects.get(action_plan__plan=plan, number="10.2")
    action = changes.update(action, {"explanation": "Al uitgelegd."}, by=None, version=action.version).record
    client = signed_in(cel_user)
    assert (
        client.post(
            save_url(action),
            {"status": Status.ON_HOLD, "version": action.version, "seen_status": action.status},
        ).status_code
        == 200
    )
    action.refresh_from_db()
    # Already on hold: emptying the toelichting is the editor's choice, not a new "on hold".
    assert post_status(client, action, Status.ON_HOLD, "").status_code == 200


def test_on_hold_without_a_toelichting_is_refused_in_the_admin(client, cel_user):
    action = ActionFactory(explanation="")
    before = database_state()
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_action_changelist"), changelist_post([action], lambda _: Status.ON_HOLD)
    )
    assert response.status_code == 200
    assert str(ON_HOLD_WITHOUT_EXPLANATION) in response.content.decode()
    assert database_state() == before


def test_the_eigenaar_role_exists_with_read_permissions_only():
    permissions = set(Group.objects.get(name=OWNER).permissions.values_list("codename", flat=True))
    assert "view_action" in permissions and "change_action" not in permissions
