"""Vertraagd: past its end year, active, neither afgewerkt nor regulier; computed, never stored. And the
eigenaar's name on rows."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import changes
from plans import owners
from plans.delays import delayed_filter, delayed_or_holding_delayed, is_delayed
from plans.models import Action, ActionPlan, Department, LifeCycle, Status
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    PlanFactory,
    ProjectFactory,
    default_organisation,
)

pytestmark = pytest.mark.django_db

NEW_YEAR = datetime.date(2026, 1, 1)
NEW_YEARS_EVE = datetime.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("status", "delayed"),
    [
        (Status.NOT_STARTED, True),
        (Status.IN_PROGRESS, True),
        (Status.ON_HOLD, True),
        (Status.COMPLETED, False),
        (Status.REGULAR, False),
    ],
)
def test_each_status_past_the_end_year(status, delayed):
    action = ActionFactory(start_year=2024, end_year=2025, status=status, explanation="Uitleg.")
    assert is_delayed(action, NEW_YEAR) is delayed
    assert Action.objects.filter(delayed_filter(NEW_YEAR), pk=action.pk).exists() is delayed


def test_the_year_boundary():
    action = ActionFactory(start_year=2024, end_year=2025)
    assert not is_delayed(action, NEW_YEARS_EVE)  # its end year is still running
    assert is_delayed(action, NEW_YEAR)
    assert not Action.objects.filter(delayed_filter(NEW_YEARS_EVE)).exists()
    assert Action.objects.filter(delayed_filter(NEW_YEAR)).get() == action


def test_struck_items_and_items_without_an_end_year_are_never_delayed():
    struck = ActionFactory(end_year=2020, life_cycle=LifeCycle.REMOVED, life_cycle_date=NEW_YEAR)
    open_ended = ActionFactory(end_year=None, timing="lange termijn")
    plan_item = ActionPlanFactory(end_year=2020)
    assert not is_delayed(struck, NEW_YEAR) and not is_delayed(open_ended, NEW_YEAR)
    assert is_delayed(plan_item, NEW_YEAR)
    assert not is_delayed(ProjectFactory(), NEW_YEAR)  # projects have no end year
    assert list(ActionPlan.objects.filter(delayed_filter(NEW_YEAR))) == [plan_item]
    assert not Action.objects.filter(delayed_filter(NEW_YEAR)).exists()


def test_an_actieplan_holding_a_delayed_actie_is_found_by_the_overviews_filter():
    running = ActionPlanFactory(number="10", end_year=2030)
    ActionFactory(action_plan=running, end_year=2020)
    ActionPlanFactory(number="20", end_year=2030)
    found = ActionPlan.objects.filter(delayed_or_holding_delayed(NEW_YEAR))
    assert list(found) == [running]


def test_the_overview_shows_vertraagd_and_filters_on_it_across_pages(client, cel_user):
    plan = PlanFactory()
    this_year = datetime.date.today().year
    late = ActionPlanFactory(plan=plan, number="10", title="Te laat", end_year=this_year - 1)
    ActionPlanFactory(plan=plan, number="20", title="Op schema", end_year=this_year + 1)
    ActionFactory(action_plan=late, end_year=this_year - 1)
    client.force_login(cel_user)
    url = reverse("plans:overview", args=[plan.slug])
    page = client.get(url).content.decode()
    assert "vertraagd" in page and "1 actie vertraagd" in page and "Op schema" in page
    filtered = client.get(url, {"delayed": "on"}).content.decode()
    assert "Te laat" in filtered and "Op schema" not in filtered
    for number in range(100, 205):
        ActionPlanFactory(plan=plan, number=str(number), end_year=this_year - 1)
    second = client.get(url, {"delayed": "on", "pagina": "1"}).content.decode()
    assert "delayed=on&amp;pagina=2" in second


def test_the_dashboard_counts_what_is_delayed(client, cel_user):
    plan = PlanFactory()
    this_year = datetime.date.today().year
    late = ActionPlanFactory(plan=plan, number="10", end_year=this_year - 1)
    ActionFactory.create_batch(2, action_plan=late, end_year=this_year - 1)
    ActionFactory(action_plan=late, end_year=this_year - 1, status=Status.COMPLETED)
    client.force_login(cel_user)
    response = client.get(reverse("reporting:dashboard", args=[plan.slug]))
    assert response.context["delays"].action_plans == 1 and response.context["delays"].actions == 2
    assert "1 actieplannen en 2 acties zijn voorbij hun eindjaar" in response.content.decode()


def test_search_and_status_rows_say_vertraagd_as_text(client, cel_user):
    plan = PlanFactory()
    late = ActionPlanFactory(plan=plan, number="10", title="Laat plan", end_year=2015)
    client.force_login(cel_user)
    rows = client.get(reverse("plans:action_plan_status", args=[plan.slug, late.number])).content.decode()
    found = client.get(reverse("plans:search", args=[plan.slug]), {"q": "Laat"}).content.decode()
    for page in (rows, found):
        assert 'class="delay-mark"' in page and "vertraagd</span>" in page


def test_owner_name_is_the_person_the_dienst_or_else_the_free_text():
    person = get_user_model().objects.create_user("an", first_name="An", last_name="Peeters")
    department = changes.save(Department(organisation=default_organisation(), name="Dienst welzijn"), by=None)
    by_person = ActionPlanFactory(number="10", owner=person, responsible="Stafmedewerker")
    by_department = ActionPlanFactory(number="20", department=department)
    by_text = ActionPlanFactory(number="30", responsible="OCMW-secretaris")
    inherits = ActionFactory(action_plan=by_department, responsible="")
    own_text = ActionFactory(action_plan=by_department, responsible="Maatschappelijk werker")
    project = ProjectFactory(project_leader="Jan")
    items = (by_person, by_department, by_text, inherits, own_text, project)
    assert [owners.owner_name(item) for item in items] == [
        "An Peeters",
        "Dienst welzijn",
        "OCMW-secretaris",
        "Dienst welzijn",
        "Maatschappelijk werker",
        "Jan",
    ]


def test_overview_rows_show_the_eigenaar_without_a_query_per_row(cel_user):
    plan = PlanFactory()
    department = changes.save(Department(organisation=default_organisation(), name="Dienst wonen"), by=None)
    person = get_user_model().objects.create_user("an", first_name="An", last_name="Peeters")
    client = Client()
    client.force_login(cel_user)
    client.get(reverse("plans:home"))
    counts = []
    for first, size in ((1, 4), (100, 36)):
        for number in range(first, first + size):
            owner = {"department": department} if number % 2 else {"owner": person}
            ActionPlanFactory(plan=plan, number=str(number), **owner)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert page.count("Dienst wonen") == 20 and page.count("An Peeters") == 20
