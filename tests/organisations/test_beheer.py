"""Beheer per organisation: each role sees, is offered and saves only its own organisation's records."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from core import changes
from core.roles import ADMINISTRATOR, CEL, COUNCIL, OWNER
from indicators import values as indicator_values
from organisations.models import Membership
from plans.models import Department
from reporting.rounds import open_round
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AmountFactory,
    EntityFactory,
    GoalFactory,
    IndicatorFactory,
    OrganisationFactory,
    PlanFactory,
    ProjectFactory,
    default_organisation,
)
from tests.helpers import database_state

pytestmark = pytest.mark.django_db

TAGS = {"a": "Alfa", "b": "Bravo"}


def _records(organisation, tag: str) -> dict:
    """One record of every kind Beheer lists, each carrying ``tag`` in its name."""
    plan = PlanFactory(organisation=organisation, name=f"Plan {tag}", authority=f"Bestuur {tag}")
    action_plan = ActionPlanFactory(plan=plan, title=f"Actieplan {tag}")
    action = ActionFactory(action_plan=action_plan, title=f"Actie {tag}")
    indicator = IndicatorFactory(plan=plan, name=f"Indicator {tag}")
    round = open_round(plan=plan, name=f"Rapportering {tag}", date=datetime.date(2024, 6, 30))
    indicator_values.record_value(indicator, "12", round=round, by=None)
    indicator_values.set_target(indicator, plan.end_year, "15", by=None)
    return {
        "plan": plan,
        "goal": GoalFactory(plan=plan, title=f"Doel {tag}"),
        "action_plan": action_plan,
        "action": action,
        "project": ProjectFactory(plan=plan, name=f"Project {tag}"),
        "entity": EntityFactory(plan=plan, code=tag[:3].upper(), name=f"Entiteit {tag}"),
        "amount": AmountFactory(action=action, source=f"bron-{tag}.csv"),
        "department": changes.save(Department(organisation=organisation, name=f"Dienst {tag}"), by=None),
        "indicator": indicator,
        "target": indicator.targets.get(),
        "value": indicator.values.get(),
        "round": round,
    }


@pytest.fixture
def two(make_user):
    """Organisation a (the tests' own) and b, each with its records, a member, a cel and a beheerder."""
    organisations = {"a": default_organisation(), "b": OrganisationFactory(name="Gemeente Zilverbeek Bravo")}
    world = {}
    for key, organisation in organisations.items():
        tag = TAGS[key]
        member = make_user(f"lid-{tag.lower()}", OWNER, organisation=organisation)
        member.first_name = f"Persoon{tag}"
        member.save()
        world[key] = {
            "organisation": organisation,
            "member": member,
            "cel": make_user(f"cel-{tag.lower()}", CEL, organisation=organisation),
            "beheerder": make_user(f"beheerder-{tag.lower()}", ADMINISTRATOR, organisation=organisation),
            **_records(organisation, tag),
        }
    world["platform"] = make_user("platform", None)
    return world


def _admin_url(model, view: str, *args) -> str | None:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


@pytest.mark.parametrize(
    ("who", "own", "other"), [("cel", "a", "b"), ("beheerder", "a", "b"), ("beheerder", "b", "a")]
)
def test_every_list_and_add_form_in_beheer_shows_only_the_own_organisation(client, two, who, own, other):
    client.force_login(two[own][who])
    foreign = TAGS[other].lower()
    shown, leaks = [], []
    for model in admin.site._registry:
        for url in (_admin_url(model, "changelist"), _admin_url(model, "add")):
            response = client.get(url)
            assert response.status_code in (200, 403), (url, response.status_code)
            if response.status_code == 200:
                shown.append(url)
                if foreign in response.content.decode().lower():
                    leaks.append(url)
    assert leaks == []
    assert _admin_url(Department, "changelist") in shown or who == "cel"
    page = client.get(_admin_url(type(two[own]["plan"]), "changelist")).content.decode()
    assert f"Plan {TAGS[own]}" in page


def test_the_platform_beheerder_sees_every_organisation(client, two):
    client.force_login(two["platform"])
    for model in (type(two["a"]["plan"]), Membership, get_user_model(), Department):
        page = client.get(_admin_url(model, "changelist")).content.decode().lower()
        assert "alfa" in page and "bravo" in page, model


@pytest.mark.parametrize("who", ["cel", "beheerder"])
def test_another_organisations_objects_are_not_found_in_beheer(client, two, who):
    client.force_login(two["a"][who])
    objects = [value for value in two["b"].values() if hasattr(value, "_meta")]
    objects += list(Membership.objects.filter(organisation=two["b"]["organisation"]))
    before = database_state()
    wrong = []
    for obj in objects:
        model = type(obj)
        if model not in admin.site._registry:
            continue
        for view in ("change", "history", "delete"):
            for method in (client.get, client.post):
                status = method(_admin_url(model, view, obj.pk)).status_code
                if status != 404:
                    wrong.append((model.__name__, view, status))
        if hasattr(model, "history"):
            record = obj.history.first()
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
                args=[obj.pk, record.history_id],
            )
            if (status := client.get(url).status_code) != 404:
                wrong.append((model.__name__, "simple_history", status))
    assert wrong == []
    assert database_state() == before


def test_the_organisation_beheerder_manages_only_its_own_members(client, two):
    client.force_login(two["a"]["beheerder"])
    page = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "lid-alfa" in page and "lid-bravo" not in page and "platform" not in page
    for user in (two["b"]["member"], two["platform"]):
        assert client.get(reverse("admin:auth_user_change", args=[user.pk])).status_code == 404
        assert client.get(reverse("admin:auth_user_password_change", args=[user.pk])).status_code == 404
    form = client.get(reverse("admin:auth_user_change", args=[two["a"]["member"].pk])).content.decode()
    assert 'name="is_superuser"' not in form and 'name="user_permissions"' not in form


def test_a_user_added_by_the_organisation_beheerder_becomes_a_member_with_the_chosen_role(client, two):
    client.force_login(two["a"]["beheerder"])
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "nieuw-lid",
            "first_name": "Nora",
            "email": "nora@example.org",
            "role": COUNCIL,
            "usable_password": "true",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    user = get_user_model().objects.get(username="nieuw-lid")
    assert not user.is_superuser and not user.is_staff
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (two["a"]["organisation"], COUNCIL)
    assert membership.history.get().history_user == two["a"]["beheerder"]


def test_a_dienst_made_in_beheer_belongs_to_the_organisation_acted_in(client, two):
    client.force_login(two["a"]["beheerder"])
    form = client.get(reverse("admin:plans_department_add")).content.decode()
    assert "lid-alfa" in form and "lid-bravo" not in form and 'name="organisation"' not in form
    response = client.post(
        reverse("admin:plans_department_add"),
        {"name": "Dienst nieuw", "organisation": two["b"]["organisation"].pk, "head": two["a"]["member"].pk},
    )
    assert response.status_code == 302, response.content.decode()
    assert Department.objects.get(name="Dienst nieuw").organisation == two["a"]["organisation"]


def test_a_foreign_user_posted_as_head_is_refused_and_changes_nothing(client, two):
    client.force_login(two["a"]["beheerder"])
    before = database_state()
    response = client.post(
        reverse("admin:plans_department_add"), {"name": "Dienst nieuw", "head": two["b"]["member"].pk}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert database_state() == before


def test_a_dienst_name_is_unique_within_the_organisation_only(client, two):
    client.force_login(two["a"]["beheerder"])
    response = client.post(reverse("admin:plans_department_add"), {"name": "Dienst Bravo"})
    assert response.status_code == 302
    before = database_state()
    response = client.post(reverse("admin:plans_department_add"), {"name": "Dienst Alfa"})
    assert "Er is al een dienst met deze naam" in response.content.decode()
    assert database_state() == before


def test_autocomplete_offers_only_the_own_organisation(client, two):
    client.force_login(two["a"]["cel"])
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "indicators", "model_name": "indicator", "field_name": "actions", "term": ""},
    )
    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert texts and not [text for text in texts if "Bravo" in text]


@pytest.mark.parametrize(("role", "status"), [(ADMINISTRATOR, 200), (CEL, 200), (COUNCIL, 302), (OWNER, 302)])
def test_beheer_is_entered_by_role_in_the_organisation_not_by_the_staff_flag(client, make_user, role, status):
    user = make_user("iemand", role)
    user.is_staff = role in (COUNCIL, OWNER)  # the flag no longer decides
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == status


def test_a_plan_slug_taken_in_another_organisation_is_refused_with_a_message_not_a_crash(client, two):
    client.force_login(two["a"]["beheerder"])
    before = database_state()
    response = client.post(
        reverse("admin:plans_plan_add"),
        {
            "name": "Meerjarenplan 2026–2031",
            "authority": "OCMW Turnhout",
            "start_year": 2026,
            "end_year": 2031,
            "slug": two["b"]["plan"].slug,
            "numbering": "hierarchical",
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert database_state() == before


def test_the_organisation_beheerder_changes_a_members_role_with_history(client, two):
    membership = Membership.objects.get(user=two["a"]["member"])
    client.force_login(two["a"]["beheerder"])
    response = client.post(
        reverse("admin:organisations_membership_change", args=[membership.pk]),
        {"role": CEL, "active": "on", "loaded_version": membership.version},
    )
    assert response.status_code == 302, response.content.decode()
    membership.refresh_from_db()
    assert (membership.role, membership.organisation) == (CEL, two["a"]["organisation"])
    assert membership.history.first().history_user == two["a"]["beheerder"]


@pytest.mark.parametrize(
    "url_name", ["admin:organisations_membership_changelist", "admin:auth_user_changelist"]
)
def test_the_member_lists_take_no_query_per_member(
    client, two, make_user, django_assert_max_num_queries, url_name
):
    client.force_login(two["a"]["beheerder"])
    client.get(reverse(url_name))  # the session's renewal is not what is measured
    with django_assert_max_num_queries(12):
        few = client.get(reverse(url_name)).content.decode()
    for number in range(20):
        make_user(f"extra-{number}", OWNER, organisation=two["a"]["organisation"])
    with django_assert_max_num_queries(12):
        many = client.get(reverse(url_name)).content.decode()
    assert "extra-19" in many and "extra-19" not in few
