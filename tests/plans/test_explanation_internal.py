"""The toelichting marked internal (never on the public website): set on the status page through the
same write path as status and toelichting, with history and the conflict check, and marked "intern"
wherever staff read it."""

import pytest
from django.test import Client
from django.urls import reverse

from core.changes import Conflict
from core.roles import OWNER
from plans.editing import set_status
from plans.models import Action
from tests.factories import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db

LABEL = "Toelichting is intern (niet op de publieke website)"


def save_url(action) -> str:
    return reverse("plans:save_status", args=[action.action_plan.plan.slug, "actie", action.pk])


def page_url(action) -> str:
    plan = action.action_plan.plan
    return reverse("plans:action_plan_status", args=[plan.slug, action.action_plan.number])


def posted(item) -> dict:
    """What a freshly loaded row posts (an unticked box is not sent at all)."""
    data = {
        "status": item.status,
        "explanation": item.explanation,
        "version": item.version,
        "seen_status": item.status,
        "seen_explanation": item.explanation,
        "seen_explanation_internal": "1" if item.explanation_internal else "",
    }
    if item.explanation_internal:
        data["explanation_internal"] = "1"
    return data


def state(action) -> tuple:
    action.refresh_from_db()
    return action.explanation, action.explanation_internal, action.version, action.history.count()


def test_the_cel_marks_a_toelichting_internal_in_place_with_history(client, cel_user):
    action = ActionFactory(explanation="De aannemer is failliet.")
    client.force_login(cel_user)
    response = client.post(save_url(action), {**posted(action), "explanation_internal": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "opgeslagen om" in body
    assert 'name="seen_explanation_internal" value="1"' in body and 'hx-swap-oob="true"' in body
    action.refresh_from_db()
    assert action.explanation_internal and action.version == 2
    record = action.history.first()
    assert record.history_user == cel_user and record.explanation_internal
    # Clearing the box (the browser then sends no value) makes it public again.
    response = client.post(save_url(action), posted(action) | {"explanation_internal": ""})
    action.refresh_from_db()
    assert response.status_code == 200 and not action.explanation_internal
    assert action.history.count() == 3


def test_a_form_without_the_box_leaves_an_internal_toelichting_internal(client, cel_user):
    """An older page (or a script) that sends only status and toelichting changes nothing else."""
    action = ActionFactory(explanation="Intern.", explanation_internal=True)
    client.force_login(cel_user)
    data = {key: value for key, value in posted(action).items() if "internal" not in key}
    response = client.post(save_url(action), {**data, "explanation": "Nog steeds intern."})
    assert response.status_code == 200
    action.refresh_from_db()
    assert (action.explanation, action.explanation_internal) == ("Nog steeds intern.", True)


def test_the_eigenaar_marks_their_own_item_and_not_anothers(client, make_user):
    owner = make_user("eigenaar-a", OWNER)
    mine = ActionPlanFactory(owner=owner)
    own = ActionFactory(action_plan=mine, explanation="Van mij.")
    other = ActionFactory(action_plan__plan=mine.plan, explanation="Van een ander.")
    client.force_login(owner)
    assert client.post(save_url(own), {**posted(own), "explanation_internal": "1"}).status_code == 200
    assert Action.objects.get(pk=own.pk).explanation_internal
    before = state(other)
    refused = client.post(
        save_url(other), {**posted(other), "explanation_internal": "1"}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 403
    assert "U kan enkel uw eigen items bijwerken" in refused.content.decode()
    assert state(other) == before


@pytest.mark.parametrize("user_fixture", ["council_user", "mt_user"])
def test_read_only_roles_may_not_mark_it(client, request, user_fixture):
    action = ActionFactory(explanation="Zichtbaar.")
    before = state(action)
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.post(save_url(action), {**posted(action), "explanation_internal": "1"}).status_code == 403
    assert state(action) == before


def test_what_the_editor_saw_of_the_box_is_checked_against_a_later_save(cel_user, make_user):
    """The box is part of what the editor saw: a change to it made since, together with a change to the
    same toelichting, is refused and nothing is written; a change to another field is merged."""
    action = ActionFactory(explanation="Oud.")
    loaded = {"status": action.status, "explanation": "Oud.", "explanation_internal": False}
    other = make_user("an", "strategische cel")
    set_status(
        action,
        edits={"explanation_internal": True, "explanation": "Van An."},
        seen=loaded,
        version=1,
        by=other,
    )
    before = state(action)
    with pytest.raises(Conflict) as conflict:
        set_status(
            action,
            edits={"explanation": "Van cel.", "explanation_internal": False},
            seen=loaded,
            version=1,
            by=cel_user,
        )
    assert set(conflict.value.fields) == {"explanation", "explanation_internal"}
    assert conflict.value.seen_now() == {"explanation": "Van An.", "explanation_internal": True}
    assert state(action) == before
    # A change of the status only, made on the same old copy, is kept beside An's.
    edit = set_status(action, edits={"status": "in_progress"}, seen=loaded, version=1, by=cel_user)
    assert edit.changed and edit.merged
    action.refresh_from_db()
    assert (action.status, action.explanation, action.explanation_internal) == (
        "in_progress",
        "Van An.",
        True,
    )


def test_the_conflict_in_place_shows_their_toelichting_marked_intern(client, cel_user, make_user):
    action = ActionFactory(explanation="Oud.")
    loaded = posted(action)
    first, second = Client(), Client()
    first.force_login(make_user("an", "strategische cel"))
    second.force_login(cel_user)
    changed = {**loaded, "explanation": "Van An.", "explanation_internal": "1"}
    assert first.post(save_url(action), changed).status_code == 200
    before = state(action)
    response = second.post(save_url(action), {**loaded, "explanation": "Van cel."})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Van An." in body and ">intern<" in body and "Mijn versie toch opslaan" in body
    assert state(action) == before


def test_the_status_page_has_a_labelled_box_and_marks_an_internal_toelichting(client, cel_user, council_user):
    internal = ActionFactory(explanation="Enkel voor de raad.", explanation_internal=True)
    public = ActionFactory(action_plan=internal.action_plan, explanation="Voor iedereen.")
    client.force_login(cel_user)
    body = client.get(page_url(internal)).content.decode()
    assert body.count(LABEL) == 3  # the actieplan's row and its two acties
    box = f'id="explanation-internal-actie-{internal.pk}" data-saved="true" checked'
    assert f'<label class="internal-box" for="explanation-internal-actie-{internal.pk}">' in body
    assert box in body
    assert f'id="explanation-internal-actie-{public.pk}" data-saved="false">' in body
    # The raad reads the toelichting, with the word that says the public does not.
    client.force_login(council_user)
    body = client.get(page_url(internal)).content.decode()
    assert LABEL not in body
    assert '<strong class="internal-mark">intern</strong>' in body and "Enkel voor de raad." in body
    assert body.count('class="internal-mark"') == 1


def test_the_timeline_names_the_change(client, cel_user):
    action = ActionFactory(explanation="Tekst.")
    client.force_login(cel_user)
    client.post(save_url(action), {**posted(action), "explanation_internal": "1"})
    plan = action.action_plan.plan
    body = client.get(reverse("plans:timeline", args=[plan.slug, "actie", action.pk])).content.decode()
    assert "toelichting intern" in body.lower()
