import pytest
from django.urls import reverse

from core import changes
from plans.lifecycle import remove_items
from plans.models import Status
from plans.timeline import Segment, is_rewrite, item_timeline, word_diff
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


def test_similar_wording_is_not_a_rewrite_but_most_words_changed_is():
    assert not is_rewrite("We stimuleren zelfhulp.", "We stimuleren actief zelfhulp.")
    assert not is_rewrite("Oud.", "Nieuw.")  # half the words in common: still word by word
    assert not is_rewrite("", "Nieuw.")  # nothing to set beside the new text
    assert is_rewrite(
        "We nemen maatregelen om onze burgers actief ouder te laten worden.",
        "In ons seniorenbeleid vormen active ageing en zelfredzaamheid twee pijlers.",
    )


def test_a_rewritten_text_shows_old_and_new_side_by_side_in_the_timeline(client, cel_user):
    action = ActionFactory(explanation="We nemen maatregelen tegen armoede.")
    rewrite = "In onze stad bestrijden wij kinderarmoede samen met partners."
    edit_item(action, by=cel_user, explanation=rewrite)
    [change] = item_timeline(action)[0].changes
    assert change.side_by_side
    client.force_login(cel_user)
    page = client.get(reverse("plans:timeline", args=[action.action_plan.plan.slug, "actie", action.pk]))
    html = page.content.decode()
    assert "Vorige formulering" in html and "Nieuwe formulering" in html
    assert "We nemen maatregelen tegen armoede." in html and rewrite in html
    assert "<del>" not in html and "<ins>" not in html


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


def test_dates_and_linked_records_read_as_people_say_them(
    cel_user, admin_user, django_user_model, django_assert_num_queries
):
    action = ActionFactory()
    owner = django_user_model.objects.create(username="dirk", first_name="Dirk", last_name="Peeters")
    changes.update(action, {"owner": owner}, by=cel_user, version=action.version)
    action.refresh_from_db()
    remove_items([action], on="2017-12-18", reason="raad", by=admin_user)
    with django_assert_num_queries(2):  # the history, and the eigenaars it names
        removal, linking, _creation = item_timeline(action)
    assert (removal.change("life_cycle_date").old, removal.change("life_cycle_date").new) == (
        "",
        "18 december 2017",
    )
    assert linking.change("owner").new == "Dirk"  # named as everywhere (core.people)


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
    hidden, end = '<span class="visually-hidden">', '<span class="visually-hidden">]</span>'
    struck, added = (
        f"<del>{hidden}[geschrapt: </span>Oud{end}</del>",
        f"<ins>{hidden}[toegevoegd: </span>Nieuw{end}</ins>",
    )
    assert f"{struck}{added}." in page  # said in words, not by colour alone


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
