"""Saving a status and toelichting in place: the rule, every refusal, and concurrent editors."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from core import changes
from core.changes import Conflict
from core.models import WriteOutsideChanges
from core.roles import CEL, COUNCIL, MANAGEMENT_TEAM, OWNER
from plans.editing import set_status
from plans.models import Action, ActionPlan, Project, Status
from plans.owners import NotYourItem
from tests.factories import ActionFactory, ProjectFactory, edit_item
from tests.helpers import SESSION_RENEWAL

pytestmark = pytest.mark.django_db


def save_url(item, kind="actie") -> str:
    plan = item.action_plan.plan if kind == "actie" else item.plan
    return reverse("plans:save_status", args=[plan.slug, kind, item.pk])


def state() -> tuple:
    return (
        list(Action.objects.order_by("pk").values_list("status", "explanation", "version")),
        Action.history.count(),
        ActionPlan.history.count(),
        Project.history.count(),
    )


def seen_of(item) -> dict:
    return {"status": item.status, "explanation": item.explanation}


def test_set_status_saves_both_fields_with_one_history_row_by_the_user(cel_user):
    action = ActionFactory()
    edit = edit_item(action, by=cel_user, status=Status.IN_PROGRESS, explanation="Gestart in 2017.")
    assert edit.changed and not edit.merged
    action.refresh_from_db()
    assert (action.status, action.explanation, action.version) == (Status.IN_PROGRESS, "Gestart in 2017.", 2)
    assert action.history.count() == 2
    assert action.history.first().history_user == cel_user


def test_set_status_without_change_writes_nothing(cel_user):
    action = ActionFactory(explanation="Zo blijft het.")
    edit = edit_item(action, by=cel_user, status=action.status, explanation="Zo blijft het.")
    assert not edit.changed
    assert action.history.count() == 1
    action.refresh_from_db()
    assert action.version == 1


def test_changes_to_different_fields_at_the_same_time_are_both_kept(cel_user, make_user):
    action = ActionFactory(explanation="Oud.")
    loaded = seen_of(action)
    set_status(action, edits={"explanation": "Tekst van Sofie."}, seen=loaded, version=1, by=cel_user)
    other = make_user("an", CEL)
    edit = set_status(action, edits={"status": Status.COMPLETED}, seen=loaded, version=1, by=other)
    assert edit.changed and edit.merged
    action.refresh_from_db()
    assert (action.status, action.explanation) == (Status.COMPLETED, "Tekst van Sofie.")


def test_a_change_to_a_field_someone_changed_since_is_refused_showing_theirs(cel_user):
    action = ActionFactory(explanation="Oud.")
    loaded = seen_of(action)
    set_status(action, edits={"explanation": "Tekst van Sofie."}, seen=loaded, version=1, by=cel_user)
    before = state()
    with pytest.raises(Conflict) as conflict:
        set_status(
            action,
            edits={"explanation": "Tekst van An.", "status": Status.REGULAR},
            seen=loaded,
            version=1,
            by=cel_user,
        )
    assert conflict.value.fields == ["explanation"]
    assert conflict.value.current.explanation == "Tekst van Sofie."
    assert state() == before


def test_set_status_refuses_an_unknown_status(cel_user):
    action = ActionFactory()
    before = state()
    with pytest.raises(ValidationError):
        edit_item(action, by=cel_user, status="klaar")
    assert state() == before


def test_set_status_sets_nothing_but_status_and_explanation(cel_user):
    action = ActionFactory()
    with pytest.raises(ValueError):
        set_status(action, edits={"title": "Anders"}, seen={}, version=1, by=cel_user)


def test_every_save_through_the_write_path_raises_the_version():
    action = ActionFactory()
    action.title = "Nieuwe titel"
    changes.save(action, by=None)
    action.refresh_from_db()
    assert action.version == 2
    assert "version" not in {f.name for f in Action.history.model._meta.fields}


def test_a_save_that_bypasses_the_write_path_is_refused_and_changes_nothing():
    action = ActionFactory()
    action.title = "Buiten het schrijfpad om"
    with pytest.raises(WriteOutsideChanges):
        action.save()
    action.refresh_from_db()
    assert (action.title, action.version, action.history.count()) == (
        "We organiseren budgetbegeleiding.",
        1,
        1,
    )


# Through HTTP, as the page's htmx does it.


def posted(item) -> dict:
    """What a freshly loaded row posts before the editor changes anything."""
    return {
        "status": item.status,
        "explanation": item.explanation,
        "version": item.version,
        "seen_status": item.status,
        "seen_explanation": item.explanation,
    }


def test_cel_saves_a_status_in_place(client, cel_user):
    action = ActionFactory()
    client.force_login(cel_user)
    response = client.post(
        save_url(action), {**posted(action), "status": Status.IN_PROGRESS, "explanation": "Loopt."}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "opgeslagen om" in body and "door cel" in body
    assert 'name="version" value="2"' in body and 'hx-swap-oob="true"' in body
    action.refresh_from_db()
    assert (action.status, action.explanation) == (Status.IN_PROGRESS, "Loopt.")
    assert action.history.first().history_user == cel_user


def test_cel_saves_an_action_plan_and_a_project_too(client, cel_user):
    action = ActionFactory()
    project = ProjectFactory(plan=action.action_plan.plan)
    client.force_login(cel_user)
    for item, kind in [(action.action_plan, "actieplan"), (project, "project")]:
        response = client.post(save_url(item, kind), {**posted(item), "status": Status.REGULAR})
        assert response.status_code == 200
        item.refresh_from_db()
        assert item.status == Status.REGULAR


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "klaar"}, "Onbekende status “klaar”"),
        ({"explanation": "x" * 4001}, "De toelichting is te lang: 4001 tekens"),
        ({"version": ""}, "Deze pagina is verouderd"),
    ],
)
def test_bad_input_is_refused_in_place_and_nothing_is_saved(client, cel_user, data, message):
    action = ActionFactory()
    before = state()
    client.force_login(cel_user)
    response = client.post(save_url(action), {**posted(action), **data})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert state() == before


def test_second_editor_changing_the_same_field_gets_a_conflict_with_the_other_value(cel_user, make_user):
    action = ActionFactory()
    loaded = posted(action)
    first, second = Client(), Client()
    first.force_login(cel_user)
    second.force_login(make_user("an", "strategische cel"))
    first_save = first.post(
        save_url(action), {**loaded, "status": Status.COMPLETED, "explanation": "Afgewerkt in 2017."}
    )
    assert first_save.status_code == 200
    before = state()
    response = second.post(
        save_url(action), {**loaded, "status": Status.ON_HOLD, "explanation": "Mijn tekst."}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "gewijzigd door cel" in body and "Afgewerkt in 2017." in body and "afgewerkt" in body
    assert "Mijn versie toch opslaan" in body and "seen_explanation" in body
    assert state() == before
    # Having seen their values, the second editor may still choose to save theirs.
    overrule = {"seen_status": Status.COMPLETED, "seen_explanation": "Afgewerkt in 2017."}
    mine = {**loaded, **overrule, "status": Status.ON_HOLD, "explanation": "Mijn tekst."}
    assert second.post(save_url(action), mine).status_code == 200
    action.refresh_from_db()
    assert (action.status, action.explanation) == (Status.ON_HOLD, "Mijn tekst.")
    assert action.history.count() == 3


def test_second_editor_changing_another_field_keeps_both(cel_user, make_user, client):
    action = ActionFactory()
    loaded = posted(action)
    client.force_login(cel_user)
    assert client.post(save_url(action), {**loaded, "explanation": "Tekst van cel."}).status_code == 200
    client.force_login(make_user("an", "strategische cel"))
    response = client.post(save_url(action), {**loaded, "status": Status.REGULAR})
    assert response.status_code == 200
    assert "Iemand anders wijzigde intussen ook dit item" in response.content.decode()
    assert 'name="version"' not in response.content.decode()  # An's copy stays marked as outdated
    action.refresh_from_db()
    assert (action.status, action.explanation) == (Status.REGULAR, "Tekst van cel.")


def test_windows_line_breaks_are_not_a_change(client, cel_user):
    action = ActionFactory(explanation="Regel een.\nRegel twee.")
    client.force_login(cel_user)
    data = {
        **posted(action),
        "explanation": "Regel een.\r\nRegel twee.",
        "seen_explanation": "Regel een.\r\nRegel twee.",
    }
    assert "niets gewijzigd" in client.post(save_url(action), data).content.decode()
    assert action.history.count() == 1


@pytest.mark.parametrize("user_fixture", ["council_user", "mt_user"])
def test_read_only_roles_may_not_save(client, request, user_fixture):
    action = ActionFactory()
    before = state()
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.post(save_url(action), {**posted(action), "status": Status.COMPLETED})
    assert response.status_code == 403
    assert state() == before


def test_an_item_of_another_plan_is_not_found(client, cel_user):
    action, elsewhere = ActionFactory(), ActionFactory()
    before = state()
    client.force_login(cel_user)
    url = reverse("plans:save_status", args=[action.action_plan.plan.slug, "actie", elsewhere.pk])
    response = client.post(url, {**posted(elsewhere), "status": Status.COMPLETED})
    assert response.status_code == 404
    unknown_kind = reverse("plans:save_status", args=[action.action_plan.plan.slug, "doel", action.pk])
    assert client.post(unknown_kind, {**posted(action), "status": Status.COMPLETED}).status_code == 404
    assert state() == before


def test_a_post_without_csrf_token_is_refused(cel_user):
    action = ActionFactory()
    before = state()
    client = Client(enforce_csrf_checks=True)
    client.force_login(cel_user)
    response = client.post(save_url(action), {**posted(action), "status": Status.COMPLETED})
    assert response.status_code == 403
    assert state() == before


def test_saving_by_get_is_not_allowed(client, cel_user):
    action = ActionFactory()
    client.force_login(cel_user)
    assert client.get(save_url(action)).status_code == 405


def test_saving_one_status_is_a_handful_of_queries(client, cel_user, django_assert_max_num_queries):
    action = ActionFactory()
    client.force_login(cel_user)
    client.get(reverse("plans:home"))  # warm the session and permission caches
    with django_assert_max_num_queries(11 + SESSION_RENEWAL):
        client.post(save_url(action), {**posted(action), "status": Status.COMPLETED, "explanation": "Klaar."})


@pytest.mark.parametrize("role", [MANAGEMENT_TEAM, COUNCIL])
def test_the_action_refuses_a_role_that_never_edits_statuses_and_changes_nothing(make_user, role):
    """The rule is the action's own: the admin, an import or a command calling it cannot pass by it."""
    action = ActionFactory(explanation="Oud.")
    before = state()
    with pytest.raises(PermissionDenied) as refused:
        set_status(
            action,
            edits={"status": Status.COMPLETED},
            seen=seen_of(action),
            version=1,
            by=make_user("x", role),
        )
    assert not isinstance(refused.value, NotYourItem)
    assert state() == before


def test_the_action_tells_an_eigenaar_the_item_is_not_theirs_and_changes_nothing(make_user):
    someone, owner = make_user("piet", OWNER), make_user("an", OWNER)
    action = ActionFactory(explanation="Oud.", owner=owner)
    before = state()
    with pytest.raises(NotYourItem):
        set_status(action, edits={"explanation": "Van Piet."}, seen=seen_of(action), version=1, by=someone)
    assert state() == before
    edit = set_status(action, edits={"explanation": "Van An."}, seen=seen_of(action), version=1, by=owner)
    assert edit.changed
