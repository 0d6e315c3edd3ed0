"""The BBC 2020 features a plan uses (plans/features.py): a plan shows prioritair, Financiën, Indicatoren
and "Bedragen importeren" only when it uses them; the beheerder switches each on or off."""

import importlib
import re

import pytest
from django.apps import apps as current_apps
from django.urls import reverse

from core import changes
from demo.plans import load_plan_file
from demo.rounds import load_bbc_demo
from plans import features
from plans.features import Feature
from plans.models import Action, Plan
from tests.factories import ActionFactory, ActionPlanFactory, IndicatorFactory, PlanFactory
from tests.plans.test_menus import menu_links

pytestmark = pytest.mark.django_db

ALL_OFF = {feature.value: False for feature in Feature}


@pytest.fixture
def turnhout(users):
    """Turnhout's plan as the demo loads it: a plan of before BBC 2020."""
    plan, _ = load_plan_file()
    return plan


def switch(plan: Plan, **switches: bool) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(**switches)
    plan.refresh_from_db()
    return plan


def page(client, name: str, plan: Plan) -> str:
    response = client.get(reverse(name, args=[plan.slug]))
    assert response.status_code == 200
    return response.content.decode()


def feature_urls(plan: Plan) -> dict[Feature, list[str]]:
    return {
        Feature.MONEY: [
            reverse("plans:finances", args=[plan.slug]),
            reverse("reporting:amounts_upload", args=[plan.slug]),
        ],
        Feature.INDICATORS: [
            reverse("indicators:list", args=[plan.slug]),
            reverse("indicators:create", args=[plan.slug]),
            reverse("indicators:upload_values", args=[plan.slug]),
        ],
    }


def test_the_demo_loads_turnhouts_plan_with_no_bbc_feature_and_voorbeeldgemeente_with_all(turnhout, users):
    assert features.switches(turnhout) == (False, False, False)
    bbc, _ = load_bbc_demo(by=users["cel"])
    assert features.switches(bbc) == (True, True, True)


def test_a_plan_without_the_features_shows_no_menu_link_filter_or_button_for_them(client, turnhout, users):
    client.force_login(users["cel"])
    overview = page(client, "plans:overview", turnhout)
    links = menu_links(overview)
    assert "Overzicht" in links and "Financiën" not in links and "Indicatoren" not in links
    assert "enkel prioritair" not in overview.lower()
    assert 'name="koers"' not in overview
    assert "enkel prioritair" not in page(client, "plans:plan_status", turnhout).lower()
    rounds = page(client, "reporting:rounds", turnhout)
    assert "Bedragen importeren" not in rounds and "Ingevulde Excel inlezen" in rounds
    assert "Indicatoren niet op koers" not in page(client, "reporting:dashboard", turnhout)


def test_switched_on_the_same_plan_shows_them(client, turnhout, users):
    switch(turnhout, uses_priorities=True, uses_money=True, uses_indicators=True)
    client.force_login(users["cel"])
    overview = page(client, "plans:overview", turnhout)
    links = menu_links(overview)
    assert links["Financiën"] == reverse("plans:finances", args=[turnhout.slug])
    assert links["Indicatoren"] == reverse("indicators:list", args=[turnhout.slug])
    assert "enkel prioritair" in overview.lower() and 'name="koers"' in overview
    assert "enkel prioritair" in page(client, "plans:plan_status", turnhout).lower()
    assert "enkel prioritair" in page(client, "plans:finances", turnhout).lower()
    assert "Bedragen importeren" in page(client, "reporting:rounds", turnhout)
    assert "Indicatoren niet op koers" in page(client, "reporting:dashboard", turnhout)


def test_each_switch_shows_only_its_own_feature(client, turnhout, users):
    switch(turnhout, uses_money=True)
    client.force_login(users["cel"])
    overview = page(client, "plans:overview", turnhout)
    assert "Financiën" in menu_links(overview) and "Indicatoren" not in menu_links(overview)
    assert "enkel prioritair" not in overview.lower()
    assert "enkel prioritair" not in page(client, "plans:finances", turnhout).lower()


@pytest.mark.parametrize("feature", [Feature.MONEY, Feature.INDICATORS])
def test_a_switched_off_features_pages_are_not_found_and_the_rest_works(client, turnhout, users, feature):
    client.force_login(users["cel"])
    for url in feature_urls(turnhout)[feature]:
        assert client.get(url).status_code == 404, url
    assert client.post(feature_urls(turnhout)[feature][-1]).status_code == 404
    for name in ("plans:overview", "plans:plan_status", "reporting:rounds", "reporting:dashboard"):
        page(client, name, turnhout)
    switch(turnhout, **{feature.value: True})
    for url in feature_urls(turnhout)[feature]:
        assert client.get(url).status_code == 200, url


def test_the_beheerder_switches_a_feature_on_in_beheer_with_history(client, turnhout, users):
    beheerder = users["turnhout-beheerder"]
    client.force_login(beheerder)
    url = reverse("admin:plans_plan_change", args=[turnhout.pk])
    form = client.get(url).content.decode()
    assert all(f'name="{feature.value}"' in form for feature in Feature)
    assert "werkt met bedragen" in form.lower()
    loaded = re.search(r'name="loaded_version" value="(\d+)"', form).group(1)
    data = {
        "name": turnhout.name,
        "organisation": turnhout.organisation_id,
        "authority": turnhout.authority,
        "start_year": turnhout.start_year,
        "end_year": turnhout.end_year,
        "slug": turnhout.slug,
        "numbering": turnhout.numbering,
        "uses_money": "on",
        "loaded_version": loaded,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    turnhout.refresh_from_db()
    assert features.switches(turnhout) == (False, True, False)
    assert turnhout.history.first().history_user == beheerder
    client.force_login(users["cel"])
    assert "Financiën" in menu_links(page(client, "plans:overview", turnhout))


def test_a_plan_uses_a_feature_by_its_data(db):
    plan = PlanFactory()
    assert features.used_by_data(plan) == ALL_OFF
    ActionFactory(action_plan=ActionPlanFactory(plan=plan), priority=True)
    assert features.used_by_data(plan) == {**ALL_OFF, "uses_priorities": True}
    marked_plan = PlanFactory()
    ActionPlanFactory(plan=marked_plan, priority=True)
    assert features.used_by_data(marked_plan)["uses_priorities"]


def test_the_upgrade_switches_each_plan_by_its_data(users):
    """The migration that adds the switches: the BBC demo (prioritair, bedragen, indicatoren) keeps all
    three; Turnhout's 2017 plan, with none, gets none; a plan with only a prioritaire actie gets that one."""
    migration = importlib.import_module("plans.migrations.0022_plan_features")
    turnhout, _ = load_plan_file()
    bbc, _ = load_bbc_demo(by=users["cel"])
    only_priorities = PlanFactory()
    ActionFactory(action_plan=ActionPlanFactory(plan=only_priorities), priority=True)
    Plan.objects.update(uses_priorities=True, uses_money=True, uses_indicators=True)  # the field's default
    migration.switch_from_data(current_apps, None)
    switches = {plan.slug: features.switches(plan) for plan in Plan.objects.all()}
    assert switches[turnhout.slug] == (False, False, False)
    assert switches[bbc.slug] == (True, True, True)
    assert switches[only_priorities.slug] == (True, False, False)
    assert switches == {plan.slug: tuple(features.used_by_data(plan).values()) for plan in Plan.objects.all()}
    assert Action.objects.filter(action_plan__plan=bbc, priority=True).exists()


def test_switched_off_a_plans_indicators_leave_its_overview_and_actieplan_page(client, plan, users):
    action_plan = plan.action_plans.get(number="10")
    indicator = IndicatorFactory(plan=plan, name="Aantal vrijwilligers in het sociaal huis")
    indicator.action_plans.add(action_plan)
    client.force_login(users["cel"])
    action_plan_url = reverse("plans:action_plan_status", args=[plan.slug, "10"])
    assert indicator.name in page(client, "plans:overview", plan)
    assert indicator.name in client.get(action_plan_url).content.decode()
    switch(plan, uses_indicators=False)
    assert indicator.name not in page(client, "plans:overview", plan)
    assert indicator.name not in client.get(action_plan_url).content.decode()


def test_switched_off_a_plans_prioritair_marks_leave_its_pages(client, plan, users):
    action = Action.objects.in_plan(plan).get(number="10.2")
    changes.update(action, {"priority": True}, by=users["cel"], version=action.version)
    client.force_login(users["cel"])
    urls = [
        reverse("plans:overview", args=[plan.slug]),
        reverse("plans:plan_status", args=[plan.slug]),
        reverse("plans:action_plan_status", args=[plan.slug, "10"]),
        reverse("plans:search", args=[plan.slug]) + "?q=10.2",
    ]
    mark = 'class="priority-mark"'
    assert all(mark in client.get(url).content.decode() for url in urls)
    switch(plan, uses_priorities=False)
    assert [url for url in urls if mark in client.get(url).content.decode()] == []
