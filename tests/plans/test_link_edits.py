"""A link edit (many-to-many: a project's actieplannen and acties, a proposal's acties, an
indicator's items, a dienst's members) is an edit of the record like any other: through
``core/changes.py``, the version raised by one, exactly one history row with the user, the reason
and the links as they are now, and an edit on an outdated copy refused with nothing changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import changes
from core.roles import OWNER
from indicators.definitions import save_indicator
from indicators.links import Links
from organisations.membership import add_member
from plans import projects
from plans.models import Department, Project, ProposalKind
from plans.proposals import draft_proposal, edit_proposal
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    IndicatorFactory,
    PlanFactory,
    ProjectFactory,
    default_organisation,
)
from tests.helpers import database_state

pytestmark = pytest.mark.django_db
OUTDATED = "werd intussen gewijzigd door"


@pytest.fixture
def items():
    """A plan with two actieplannen (10, 20), an actie 20.1 and a project linked to actieplan 10."""
    plan = PlanFactory()
    ten, twenty = ActionPlanFactory(plan=plan, number="10"), ActionPlanFactory(plan=plan, number="20")
    action = ActionFactory(action_plan=twenty, number="20.1")
    project = ProjectFactory(plan=plan, name="NEWTON")
    projects.link(project, action_plans=[ten], actions=[], by=None, version=None)
    project.refresh_from_db()
    return plan, ten, twenty, action, project


def rows(record) -> list:
    return list(record.history.order_by("-history_date", "-history_id"))


def links_in(row, name: str) -> set[int]:
    """The ids a history row holds for a many-to-many field (simple-history's ``m2m_fields``)."""
    field = type(row.instance)._meta.get_field(name)
    return set(getattr(row, name).values_list(field.m2m_reverse_name(), flat=True))


# A project's actieplannen and acties


def test_a_change_of_a_projects_links_raises_the_version_and_writes_one_history_row_with_the_user(
    items, cel_user
):
    _plan, ten, twenty, action, project = items
    version, history = project.version, len(rows(project))
    done = projects.link(
        project, action_plans=[ten, twenty], actions=[action], by=cel_user, version=project.version
    )
    project.refresh_from_db()
    assert done.changed and project.version == version + 1
    assert len(rows(project)) == history + 1
    latest = rows(project)[0]
    assert (latest.history_user, latest.history_change_reason) == (cel_user, projects.LINKS_CHANGED)
    assert links_in(latest, "action_plans") == {ten.pk, twenty.pk}
    assert links_in(latest, "actions") == {action.pk}


def test_links_set_as_they_already_are_write_nothing(items, cel_user):
    _plan, ten, _twenty, _action, project = items
    before = database_state()
    done = projects.link(project, action_plans=[ten], actions=[], by=cel_user, version=project.version)
    assert not done.changed
    assert database_state() == before


def test_a_link_edit_on_an_outdated_copy_of_a_project_is_refused_and_changes_nothing(
    items, cel_user, mt_user
):
    _plan, ten, twenty, _action, project = items
    loaded = Project.objects.get(pk=project.pk)
    projects.link(project, action_plans=[twenty], actions=[], by=mt_user, version=project.version)
    before = database_state()
    with pytest.raises(changes.Conflict) as conflict:
        projects.link(loaded, action_plans=[ten, twenty], actions=[], by=cel_user, version=loaded.version)
    assert OUTDATED in conflict.value.message()
    assert database_state() == before


def test_a_field_edit_after_a_link_edit_is_refused_on_the_copy_loaded_before_it(items, cel_user, mt_user):
    _plan, _ten, twenty, _action, project = items
    loaded = Project.objects.get(pk=project.pk)
    projects.link(project, action_plans=[twenty], actions=[], by=mt_user, version=project.version)
    loaded.project_leader = "Ann"
    before = database_state()
    with pytest.raises(changes.Conflict):
        changes.save(loaded, by=cel_user, version=loaded.version)
    assert database_state() == before


# The admin: the form's fields and links in one save


def project_form(project, **values) -> dict:
    return {
        "plan": project.plan_id,
        "name": project.name,
        "project_leader": project.project_leader,
        "status": project.status,
        "explanation": project.explanation,
        "life_cycle": project.life_cycle,
        "action_plans": [ap.pk for ap in project.action_plans.all()],
        "actions": [a.pk for a in project.actions.all()],
        "loaded_version": project.version,
        **values,
    }


def test_the_admin_saves_a_projects_links_in_one_history_row_and_one_version(client, items, admin_user):
    _plan, _ten, twenty, action, project = items
    version, history = project.version, len(rows(project))
    client.force_login(admin_user)
    url = reverse("admin:plans_project_change", args=[project.pk])
    form = project_form(project, project_leader="Ann", action_plans=[twenty.pk], actions=[action.pk])
    assert client.post(url, form).status_code == 302
    project.refresh_from_db()
    assert project.version == version + 1 and len(rows(project)) == history + 1
    latest = rows(project)[0]
    assert latest.history_user == admin_user and latest.project_leader == "Ann"
    assert links_in(latest, "action_plans") == {twenty.pk} and links_in(latest, "actions") == {action.pk}
    assert set(project.action_plans.all()) == {twenty}


def test_the_admin_refuses_a_link_edit_on_an_outdated_copy_and_changes_nothing(
    client, items, admin_user, mt_user
):
    _plan, ten, twenty, _action, project = items
    form = project_form(project, action_plans=[ten.pk, twenty.pk])
    projects.link(project, action_plans=[twenty], actions=[], by=mt_user, version=project.version)
    before = database_state()
    client.force_login(admin_user)
    response = client.post(reverse("admin:plans_project_change", args=[project.pk]), form)
    assert response.status_code == 200 and OUTDATED in response.content.decode()
    assert database_state() == before


def test_a_dienst_added_in_the_admin_holds_its_members_in_its_first_history_row(client, admin_user, cel_user):
    client.force_login(admin_user)
    form = {"organisation": default_organisation().pk, "name": "Dienst thuiszorg", "members": [cel_user.pk]}
    assert client.post(reverse("admin:plans_department_add"), form).status_code == 302
    department = Department.objects.get()
    (first,) = rows(department)
    assert (department.version, first.history_type, first.history_user) == (1, "+", admin_user)
    assert links_in(first, "members") == {cel_user.pk}


# A change proposal's acties


def test_a_proposal_is_drafted_with_its_acties_in_one_history_row(items, cel_user):
    plan, _ten, twenty, action, _project = items
    proposal = draft_proposal(
        plan=plan,
        kind=ProposalKind.REMOVE,
        action_plan=twenty,
        actions=[action],
        motivation="Loopt niet meer.",
        by=cel_user,
    )
    (first,) = rows(proposal)
    assert (proposal.version, first.history_user) == (1, cel_user)
    assert links_in(first, "actions") == {action.pk}


def test_editing_a_proposals_acties_raises_the_version_once_and_refuses_an_outdated_copy(items, cel_user):
    plan, _ten, twenty, action, _project = items
    other = ActionFactory(action_plan=twenty, number="20.2")
    proposal = draft_proposal(
        plan=plan,
        kind=ProposalKind.REMOVE,
        action_plan=twenty,
        actions=[action],
        motivation="Loopt niet meer.",
        by=cel_user,
    )
    edit_proposal(proposal, actions=[action, other], motivation="Beide.", version=1, by=cel_user)
    proposal.refresh_from_db()
    assert proposal.version == 2 and len(rows(proposal)) == 2
    assert links_in(rows(proposal)[0], "actions") == {action.pk, other.pk}
    before = database_state()
    with pytest.raises(changes.Conflict):
        edit_proposal(proposal, actions=[other], motivation="Enkel 20.2.", version=1, by=cel_user)
    assert database_state() == before


# An indicator's items


def test_an_indicators_links_change_in_one_history_row_and_an_outdated_copy_is_refused(items, cel_user):
    plan, ten, twenty, action, _project = items
    indicator = IndicatorFactory(plan=plan)
    loaded_version = indicator.version
    save_indicator(
        indicator, Links(action_plans=[ten], actions=[action]), by=cel_user, version=loaded_version
    )
    indicator.refresh_from_db()
    assert indicator.version == loaded_version + 1 and len(rows(indicator)) == 2
    latest = rows(indicator)[0]
    assert latest.history_user == cel_user
    assert (links_in(latest, "action_plans"), links_in(latest, "actions")) == ({ten.pk}, {action.pk})
    before = database_state()
    with pytest.raises(changes.Conflict):
        save_indicator(indicator, Links(action_plans=[twenty]), by=cel_user, version=loaded_version)
    assert database_state() == before


# Bulk: links of many new records without a query per record


def test_create_many_writes_links_in_each_first_history_row_with_queries_that_do_not_grow(items):
    plan, ten, twenty, _action, _project = items

    def create(count: int) -> tuple[list[Project], int]:
        new = [Project(plan=plan, name=f"Project {count}-{n}") for n in range(count)]
        links = [{"action_plans": [ten, twenty] if n % 2 else [ten]} for n in range(count)]
        with CaptureQueriesContext(connection) as queries:
            created = changes.create_many(new, by=None, reason="import", links=links)
        return created, len(queries)

    (_few, few_queries), (many, many_queries) = create(2), create(20)
    assert many_queries == few_queries
    for n, project in enumerate(many):
        (first,) = rows(project)
        wanted = {ten.pk, twenty.pk} if n % 2 else {ten.pk}
        assert set(project.action_plans.values_list("pk", flat=True)) == wanted
        assert (first.history_type, links_in(first, "action_plans")) == ("+", wanted)


def test_a_new_dienst_saved_with_members_has_one_history_row_holding_them(cel_user):
    add_member(cel_user, default_organisation(), OWNER)
    department = changes.save(
        Department(organisation=default_organisation(), name="Dienst thuiszorg"),
        by=cel_user,
        reason="aangemaakt",
        links={"members": [cel_user]},
    )
    (first,) = rows(department)
    assert (first.history_user, first.history_change_reason) == (cel_user, "aangemaakt")
    assert links_in(first, "members") == {cel_user.pk}
