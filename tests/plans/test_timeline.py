import pytest
from django.urls import reverse

from plans import changes
from plans.lifecycle import remove_items
from plans.models import Status
from plans.timeline import Segment, item_timeline, word_diff
from tests.factories import ActionFactory, edit_item
from tests.helpers import SESSION_RENEWAL

pytestmark = pytest.mark.django_db


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("We stimuleren zelfhulp.", "We stimuleren actief zelfhulp.") == [
        Segment("equal", "We stimuleren "),
        Segment("insert", "actief "),
        Segment("equal", "zelfhulp."),
    ]
    assert word_diff("Welzijnsonthaal", "Welzijns-campus") == [
        Segment("delete", "Welzijnsonthaal"),
        Segment("insert", "Welzijns-campus"),
    ]
    assert word_diff("", "Nieuw.") == [Segment("insert", "Nieuw.")]


def test_timeline_newest_first_with_user_status_move_text_diff_and_reason(cel_user, admin_user):
    action = ActionFactory(explanation="Eerste tekst.")
    edit_item(action, by=cel_user, status=Status.IN_PROGRESS, explanation="Eerste tekst, aangevuld.")
    action.refresh_from_db()
    remove_items([action], on="2017-12-18", reason="wijzigingsvoorstel #3", by=admin_user)
    entries = item_timeline(action)
    assert [e.kind for e in entries] == ["gewijzigd", "gewijzigd", "aangemaakt"]
    removal, edit, creation = entries
    assert removal.reason == "wijzigingsvoorstel #3" and removal.user == "beheerder"
    assert (removal.change("life_cycle").old, removal.change("life_cycle").new) == ("actief", "geschrapt")
    assert edit.user == "cel"
    assert (edit.change("status").old, edit.change("status").new) == ("niet gestart", "loopt")
    assert Segment("insert", ", aangevuld") in edit.change("explanation").diff
    assert edit.changes[0].name == "status"
    assert creation.user == "systeem"  # made by no user (a factory, like a command): named as everywhere
    assert creation.changes == []


def test_a_save_without_changes_is_left_out():
    action = ActionFactory()
    changes.save(action, by=None)
    assert len(item_timeline(action)) == 1


def test_timeline_page(client, cel_user):
    action = ActionFactory(explanation="Oud.")
    edit_item(action, by=cel_user, status=Status.REGULAR, explanation="Nieuw.")
    client.force_login(cel_user)
    url = reverse("plans:timeline", args=[action.action_plan.plan.slug, "actie", action.pk])
    page = client.get(url).content.decode()
    assert f"Tijdlijn van Actie {action.number}" in page
    assert "niet gestart → regulier" in page
    assert "<del>Oud</del><ins>Nieuw</ins>." in page


def test_timeline_of_100_versions_is_one_page_with_few_queries(
    client, cel_user, django_assert_max_num_queries
):
    action = ActionFactory()
    for version in range(1, 101):
        edit_item(action, by=cel_user, status=Status.values[version % 5], explanation=f"Versie {version}")
    client.force_login(cel_user)
    url = reverse("plans:timeline", args=[action.action_plan.plan.slug, "actie", action.pk])
    with django_assert_max_num_queries(10 + SESSION_RENEWAL):
        response = client.get(url)
    assert len(response.context["entries"]) == 101
