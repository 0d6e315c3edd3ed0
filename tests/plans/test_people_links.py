"""Verantwoordelijken as written, linked to the person or dienst they name."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from core import changes
from plans.models import Action, ActionPlan, Department, LifeCycle, Project
from plans.people_links import (
    CHOOSE_ONE,
    LINKED,
    Directory,
    link_existing,
    link_name,
    unlinked_names,
)
from tests.factories import ActionFactory, ActionPlanFactory, ProjectFactory, default_organisation
from tests.helpers import database_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    User = get_user_model()
    sofie = User.objects.create_user(
        "sjanssens", "sofie@turnhout.be", first_name="Sofie", last_name="Janssens"
    )
    head = User.objects.create_user("pvos", "piet@turnhout.be", first_name="Piet", last_name="Vos")
    User.objects.create_user("jan1", "jan1@turnhout.be", first_name="Jan", last_name="Peeters")
    User.objects.create_user("jan2", "jan2@turnhout.be", first_name="Jan", last_name="Peeters")
    home_care = changes.save(
        Department(organisation=default_organisation(), name="Dienst thuiszorg", head=head), by=None
    )
    finance = changes.save(Department(organisation=default_organisation(), name="Financiën"), by=None)
    return {"sofie": sofie, "head": head, "home_care": home_care, "finance": finance}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sofie Janssens", "sofie"),
        ("  sofie   JANSSENS ", "sofie"),
        ("Janssens Sofie", "sofie"),
        ("sjanssens", "sofie"),
        ("Sofie@Turnhout.be", "sofie"),
        ("Dienst thuiszorg", "home_care"),
        ("dienst  Thuiszorg", "home_care"),
        ("thuiszorg", "home_care"),
        ("Dienst financiën", "finance"),
        ("diensthoofd thuiszorg", "head"),
        ("Diensthoofd dienst thuiszorg", "head"),
        ("diensthoofd financiën", "finance"),  # no head: the dienst
    ],
)
def test_a_verantwoordelijke_is_matched_by_name_username_email_or_dienst(people, text, expected):
    match = Directory.load().match(text)
    target = people[expected]
    assert (match.user or match.department) == target


@pytest.mark.parametrize("text", ["Jan Peeters", "Onbekende Persoon", "", "   ", "Dienst onbekend"])
def test_an_ambiguous_or_unknown_name_matches_nothing(people, text):
    match = Directory.load().match(text)
    assert not match
    assert match.ambiguous == (text == "Jan Peeters")


def test_a_name_both_a_user_and_a_dienst_use_is_ambiguous(people):
    changes.save(Department(organisation=default_organisation(), name="sjanssens"), by=None)
    assert Directory.load().match("sjanssens").ambiguous


def test_the_migration_links_what_matches_and_keeps_every_text(people):
    """The function migration 0015 calls, on a database with users and diensten."""
    by_name = ActionPlanFactory(responsible="Sofie Janssens")
    by_dienst = ActionFactory(responsible="dienst thuiszorg")
    unknown = ActionFactory(responsible="Iemand Anders")
    ambiguous = ProjectFactory(project_leader="Jan Peeters")
    by_mail = ProjectFactory(project_leader="sofie@turnhout.be")
    owned = ActionPlanFactory(responsible="Sofie Janssens", department=people["finance"])
    assert link_existing(apps) == 3
    for item in (by_name, by_dienst, unknown, ambiguous, by_mail, owned):
        item.refresh_from_db()
    assert (by_name.owner, by_name.responsible) == (people["sofie"], "Sofie Janssens")
    assert by_dienst.department == people["home_care"]
    assert by_mail.owner == people["sofie"]
    assert (unknown.owner, unknown.department, unknown.responsible) == (None, None, "Iemand Anders")
    assert (ambiguous.owner, ambiguous.department) == (None, None)
    assert (owned.owner, owned.department) == (None, people["finance"])
    assert by_name.history.first().history_change_reason == LINKED
    assert by_name.history.first().owner_id == people["sofie"].pk


def test_on_a_fresh_database_the_migration_links_nothing():
    ActionPlanFactory(responsible="Sofie Janssens")
    assert link_existing(apps) == 0


def test_unlinked_names_are_listed_with_counts_and_plans(people):
    first = ActionPlanFactory(responsible="Iemand Anders")
    ActionFactory(responsible="iemand  anders", action_plan=first)
    ProjectFactory(project_leader="Iemand Anders")
    ActionPlanFactory(responsible="Sofie Janssens", owner=people["sofie"])  # linked already
    gone = ActionPlanFactory(responsible="Weg")
    changes.update(
        gone,
        {"life_cycle": LifeCycle.REMOVED, "life_cycle_date": "2020-01-01"},
        by=None,
        version=gone.version,
    )
    names = unlinked_names()
    assert [(n.name, n.count) for n in names] == [("Iemand Anders", 3)]
    assert len(names[0].plans) == 2


def test_linking_a_name_links_all_its_items_at_once_with_history(people, django_assert_max_num_queries):
    action_plan = ActionPlanFactory(responsible="Thuiszorg")
    action = ActionFactory(responsible=" thuiszorg", action_plan=action_plan)
    project = ProjectFactory(project_leader="THUISZORG")
    other = ActionFactory(responsible="Iemand anders")
    user = get_user_model().objects.get(username="pvos")
    with django_assert_max_num_queries(20):
        assert link_name("thuiszorg", department=people["home_care"], by=user) == 3
    for item in (action_plan, action, project, other):
        item.refresh_from_db()
    assert (action_plan.department, action_plan.responsible) == (people["home_care"], "Dienst thuiszorg")
    assert (action.department, action.responsible) == (people["home_care"], "Dienst thuiszorg")
    assert (project.department, project.project_leader) == (people["home_care"], "Dienst thuiszorg")
    assert other.department is None
    record = action.history.first()
    assert (record.history_change_reason, record.history_user) == (LINKED, user)


def test_linking_to_a_person_prints_their_full_name(people):
    action = ActionFactory(responsible="S. Janssens")
    link_name("s. janssens", user=people["sofie"], by=None)
    action.refresh_from_db()
    assert (action.owner, action.responsible) == (people["sofie"], "Sofie Janssens")


@pytest.mark.parametrize("targets", ["none", "both", "unknown name"])
def test_linking_is_refused_in_dutch_without_one_target_or_without_items(people, targets):
    ActionFactory(responsible="Iemand")
    values = {
        "none": {},
        "both": {"user": people["sofie"], "department": people["finance"]},
        "unknown name": {"user": people["sofie"]},
    }[targets]
    before = database_state()
    with pytest.raises(ValidationError) as refused:
        link_name("Niemand" if targets == "unknown name" else "Iemand", by=None, **values)
    assert refused.value.messages[0].startswith(("Kies", "Geen enkel item"))
    if targets != "unknown name":
        assert refused.value.messages == [str(CHOOSE_ONE)]
    assert database_state() == before


def test_an_item_may_not_have_a_person_and_a_dienst(people):
    action = ActionFactory()
    with pytest.raises(ValidationError):
        changes.update(
            action,
            {"owner": people["sofie"], "department": people["finance"]},
            by=None,
            version=action.version,
        )
    assert Action.objects.get(pk=action.pk).owner is None
    assert ActionPlan.objects.filter(owner__isnull=False).count() == 0
    assert Project.objects.count() == 0
