"""The projects page: each project with its projectleider and the actieplannen and acties it is linked
to, filtered by status, actieplan and projectleider."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import projects
from plans.lifecycle import remove_items
from plans.models import LifeCycle, Status
from tests.factories import ActionFactory, ActionPlanFactory, PlanFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory(slug="turnhout")
    ten = ActionPlanFactory(plan=plan, number="10", title="Vrijwilligerswerk")
    twenty = ActionPlanFactory(plan=plan, number="20", title="Zelfhulp")
    ActionPlanFactory(plan=plan, number="30", title="Zonder project")
    action = ActionFactory(action_plan=twenty, number="20.3", title="Lotgenotencontact")
    newton = ProjectFactory(plan=plan, name="NEWTON", project_leader="Ann", status=Status.IN_PROGRESS)
    projects.link(newton, action_plans=[ten], actions=[action], by=None, version=None)
    boost = ProjectFactory(plan=plan, name="BOOST", project_leader="Bert", status=Status.COMPLETED)
    projects.link(boost, action_plans=[twenty], actions=[], by=None, version=None)
    ProjectFactory(plan=plan, name="Studio K", status=Status.IN_PROGRESS)
    return plan


def names(response) -> list[str]:
    return re.findall(r'<div class="title"><a [^>]*>([^<]*)</a>', response.content.decode())


def test_each_project_shows_its_leader_and_links(client, plan, cel_user):
    client.force_login(cel_user)
    page = client.get(reverse("plans:project_status", args=[plan.slug])).content.decode()
    newton = page[page.index("NEWTON") : page.index("</form>", page.index("NEWTON"))]
    assert "Ann" in newton
    assert f'href="/plannen/{plan.slug}/actieplannen/10/"' in newton
    assert f'href="/plannen/{plan.slug}/actieplannen/20/#row-actie-' in newton and ">20.3</a>" in newton
    assert "nog aan geen actieplan of actie gekoppeld" in page  # Studio K
    assert '<div class="num">' not in page  # projects have no number: no empty column


def test_filters_by_status_actieplan_and_leader(client, plan, cel_user):
    client.force_login(cel_user)
    url = reverse("plans:project_status", args=[plan.slug])
    assert names(client.get(url)) == ["BOOST", "NEWTON", "Studio K"]
    assert names(client.get(url, {"status": Status.IN_PROGRESS})) == ["NEWTON", "Studio K"]
    assert names(client.get(url, {"action_plan": "20"})) == ["BOOST", "NEWTON"]  # NEWTON through 20.3
    assert names(client.get(url, {"leader": "Bert"})) == ["BOOST"]
    response = client.get(url, {"status": Status.ON_HOLD})
    assert names(response) == [] and "Geen projecten gevonden met deze filters" in response.content.decode()


def test_struck_projects_only_when_asked(client, plan, cel_user):
    remove_items([plan.projects.get(name="BOOST")], on="2017-12-18", reason="raad", by=cel_user)
    client.force_login(cel_user)
    url = reverse("plans:project_status", args=[plan.slug])
    assert "BOOST" not in names(client.get(url))
    response = client.get(url, {"show_inactive": "on"})
    assert "BOOST" in names(response) and "geschrapt op 18 december 2017" in response.content.decode()
    assert plan.projects.get(name="BOOST").life_cycle == LifeCycle.REMOVED


def test_a_filter_without_values_is_not_offered(client, cel_user):
    plan = PlanFactory()
    ProjectFactory(plan=plan, name="Alleen")
    client.force_login(cel_user)
    page = client.get(reverse("plans:project_status", args=[plan.slug])).content.decode()
    assert "alle projectleiders" not in page and "alle actieplannen" not in page
    assert "alle statussen" in page


def test_queries_do_not_grow_with_the_projects(client, plan, cel_user):
    client.force_login(cel_user)
    url = reverse("plans:project_status", args=[plan.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(30):
        project = ProjectFactory(plan=plan, name=f"Project {index}", project_leader=f"Leider {index}")
        projects.link(project, action_plans=list(plan.action_plans.all()), actions=[], by=None, version=None)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_many_projects_are_paged_keeping_the_filters(client, plan, cel_user):
    for index in range(105):
        ProjectFactory(plan=plan, name=f"Wijkproject {index:03}", status=Status.IN_PROGRESS)
    client.force_login(cel_user)
    url = reverse("plans:project_status", args=[plan.slug])
    first = client.get(url, {"status": Status.IN_PROGRESS})
    assert len(names(first)) == 100
    assert "pagina 1 van 2 (107 projecten)" in first.content.decode()
    assert f"status={Status.IN_PROGRESS}&amp;pagina=2" in first.content.decode()
    assert len(names(client.get(url, {"status": Status.IN_PROGRESS, "pagina": 2}))) == 7
