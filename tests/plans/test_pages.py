"""The cel's, MT's and raad's pages: access, what each role sees, filters, and query counts."""

import re

import pytest
from django.urls import reverse
from simple_history.utils import bulk_update_with_history

from plans.editing import set_status
from plans.models import Action, ActionPlan, LifeCycle, Status
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoalFactory,
    PlanFactory,
    ProjectFactory,
    edit_item,
)
from tests.helpers import SESSION_RENEWAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory(slug="turnhout")
    ten = ActionPlanFactory(
        plan=plan, number="10", title="We stimuleren vrijwilligerswerk.", responsible="Welzijn"
    )
    ActionFactory(action_plan=ten, number="10.1", status=Status.COMPLETED)
    ActionFactory(action_plan=ten, number="10.2", status=Status.IN_PROGRESS)
    ActionFactory(action_plan=ten, number="10.10", status=Status.IN_PROGRESS)
    ActionPlanFactory(plan=plan, number="9", title="We stimuleren zelfhulp.", status=Status.ON_HOLD)
    ActionPlanFactory(
        plan=plan,
        number="40",
        title="Mantelzorg.",
        life_cycle=LifeCycle.REMOVED,
        life_cycle_date="2017-12-18",
    )
    ProjectFactory(plan=plan, name="NEWTON", status=Status.IN_PROGRESS)
    return plan


def page_urls(plan) -> list[str]:
    action_plan = plan.action_plans.get(number="10")
    return [
        reverse("plans:overview", args=[plan.slug]),
        reverse("plans:plan_status", args=[plan.slug]),
        reverse("plans:action_plan_status", args=[plan.slug, "10"]),
        reverse("plans:project_status", args=[plan.slug]),
        reverse("plans:timeline", args=[plan.slug, "actieplan", action_plan.pk]),
        reverse("reporting:dashboard", args=[plan.slug]),
        reverse("plans:finances", args=[plan.slug]),
    ]


def test_every_page_requires_login(client, plan):
    for url in [reverse("plans:home"), *page_urls(plan)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_login_page_is_dutch_and_logs_in(client, cel_user):
    page = client.get(reverse("login")).content.decode()
    assert "Aanmelden" in page and "Gebruikersnaam" in page and "Wachtwoord" in page
    response = client.post(reverse("login"), {"username": "cel", "password": "fout"})
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    response = client.post(reverse("login"), {"username": "cel", "password": "geheim-wachtwoord"})
    assert response.status_code == 302


@pytest.mark.parametrize("user_fixture", ["cel_user", "mt_user", "council_user", "admin_user"])
def test_every_role_reads_every_page(client, request, plan, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    for url in page_urls(plan):
        assert client.get(url).status_code == 200, url


def test_a_user_without_role_is_refused(client, plan, django_user_model):
    client.force_login(django_user_model.objects.create_user("zonder-rol", password="x"))
    for url in page_urls(plan):
        assert client.get(url).status_code == 403, url


def test_header_shows_plan_user_and_role_and_only_allowed_navigation(client, plan, cel_user, council_user):
    client.force_login(cel_user)
    page = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
    assert plan.name in page and "strategische cel" in page
    assert "Statussen" in menu_labels(page) and "Beheer" in menu_labels(page)
    client.force_login(council_user)
    page = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
    assert "raad" in page and "Beheer" not in menu_labels(page)


def menu_labels(page: str) -> list[str]:
    menu = re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)
    return [
        " ".join(re.sub(r"<[^>]+>", "", label).split()) for label in re.findall(r"<a .*?</a>", menu, re.S)
    ]


def test_the_menu_names_each_page_the_same_for_every_role(
    client, plan, cel_user, mt_user, council_user, admin_user
):
    menus = {}
    for user in (cel_user, mt_user, council_user, admin_user):
        client.force_login(user)
        menus[user.username] = menu_labels(
            client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
        )
    everything = menus[admin_user.username]
    assert everything == [
        "Overzicht",
        "Statussen",
        "Projecten",
        "Financiën",
        "Voorstellen",
        "Rapportering",
        "Indicatoren",
        "Versies",
        "Dashboard",
        "Opmaak meerjarenplan",
        "Beheer",
        "Verantwoordelijken",
        "Huisstijl",
        "Publieke website",
        "Mijn voorkeuren",
    ]
    for labels in menus.values():
        # A role may see fewer items, never another name or another order.
        assert labels == [label for label in everything if label in labels]
        assert labels[:3] == ["Overzicht", "Statussen", "Projecten"]


def test_home_goes_straight_to_the_only_plan(client, plan, cel_user):
    client.force_login(cel_user)
    assert client.get(reverse("plans:home")).url == reverse("plans:overview", args=[plan.slug])


def overview_numbers(client, plan, **filters) -> list[str]:
    response = client.get(reverse("plans:overview", args=[plan.slug]), filters)
    return [ap.number for group in response.context["groups"] for ap in group.action_plans]


def test_overview_in_number_order_without_removed_items_by_default(client, plan, cel_user):
    client.force_login(cel_user)
    assert overview_numbers(client, plan) == ["9", "10"]
    assert overview_numbers(client, plan, show_inactive="on") == ["9", "10", "40"]


def test_overview_filters(client, plan, cel_user):
    client.force_login(cel_user)
    assert overview_numbers(client, plan, status=Status.ON_HOLD) == ["9"]
    assert overview_numbers(client, plan, responsible="Welzijn") == ["10"]
    assert overview_numbers(client, plan, q="zelfhulp") == ["9"]
    assert overview_numbers(client, plan, q="10") == ["10"]
    assert overview_numbers(client, plan, status="onbekend") == ["9", "10"]  # a bad filter filters nothing


def test_overview_shows_each_action_plans_actions_per_status(client, plan, cel_user):
    client.force_login(cel_user)
    response = client.get(reverse("plans:overview", args=[plan.slug]))
    ten = next(ap for g in response.context["groups"] for ap in g.action_plans if ap.number == "10")
    assert (
        ten.action_counts.counts[Status.IN_PROGRESS] == 2 and ten.action_counts.counts[Status.COMPLETED] == 1
    )
    assert "afgewerkt: 1" in response.content.decode()


def test_overview_groups_by_goal_when_the_plan_has_goals(client, cel_user):
    plan = PlanFactory()
    second, first = (
        GoalFactory(plan=plan, number="2", title="Tweede"),
        GoalFactory(plan=plan, number="1", title="Eerste"),
    )
    ActionPlanFactory(plan=plan, number="30", goal=second)
    ActionPlanFactory(plan=plan, number="20", goal=first)
    ActionPlanFactory(plan=plan, number="10", goal=second)
    client.force_login(cel_user)
    groups = client.get(reverse("plans:overview", args=[plan.slug])).context["groups"]
    assert [(g.goal.number, [ap.number for ap in g.action_plans]) for g in groups] == [
        ("1", ["20"]),
        ("2", ["10", "30"]),
    ]


def test_status_page_lists_the_action_plan_and_its_actions_in_order(client, plan, cel_user):
    client.force_login(cel_user)
    response = client.get(reverse("plans:action_plan_status", args=[plan.slug, "10"]))
    page = response.content.decode()
    assert re.findall(r'<div class="num">([^<]*)</div>', page) == ["10", "10.1", "10.2", "10.10"]
    assert page.count('<select name="status"') == 4 and page.count('<textarea name="explanation"') == 4


def test_status_page_for_the_raad_has_no_edit_control(client, plan, council_user):
    client.force_login(council_user)
    page = client.get(reverse("plans:action_plan_status", args=[plan.slug, "10"])).content.decode()
    assert "<select" not in page and "<textarea" not in page and "hx-post" not in page
    assert "loopt" in page


def test_whole_plan_mode_shows_every_active_action_plan(client, plan, cel_user):
    client.force_login(cel_user)
    response = client.get(reverse("plans:plan_status", args=[plan.slug]))
    assert [s["action_plan"].number for s in response.context["sections"]] == ["9", "10"]


def test_projects_page(client, plan, cel_user):
    client.force_login(cel_user)
    page = client.get(reverse("plans:project_status", args=[plan.slug])).content.decode()
    assert "NEWTON" in page and 'name="status"' in page


def test_unknown_plan_or_action_plan_is_not_found(client, plan, cel_user):
    client.force_login(cel_user)
    assert client.get(reverse("plans:overview", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("plans:action_plan_status", args=[plan.slug, "999"])).status_code == 404


def big_action_plan(actions: int):
    action_plan = ActionPlanFactory(number="120")
    for index in range(1, actions + 1):
        ActionFactory(action_plan=action_plan, number=f"120.{index}", status=Status.values[index % 5])
    return action_plan


@pytest.mark.parametrize("actions", [3, 200])
def test_status_page_queries_do_not_grow_with_its_actions(
    client, cel_user, actions, django_assert_max_num_queries
):
    action_plan = big_action_plan(actions)
    client.force_login(cel_user)
    # 11: the acties' amounts per year; 1: the linked indicators (none here); 1: the actieplannen of a
    # next plan that continue it ("voortgezet in", issue 32)
    with django_assert_max_num_queries(13 + SESSION_RENEWAL):
        response = client.get(reverse("plans:action_plan_status", args=[action_plan.plan.slug, "120"]))
    assert response.content.decode().count('<select name="status"') == actions + 1


@pytest.mark.parametrize("action_plans", [3, 500])
def test_overview_queries_do_not_grow_with_the_plan(
    client, cel_user, action_plans, django_assert_max_num_queries
):
    plan = PlanFactory()
    for number in range(1, action_plans + 1):
        action_plan = ActionPlanFactory(plan=plan, number=str(number * 10))
        if number % 50 == 1:
            ActionFactory(action_plan=action_plan)
    client.force_login(cel_user)
    # 17: with the plan's entities (for the filter), the derived priorities (two), the indicators and
    # the draft the plan came from (page_parts.plan_origin)
    with django_assert_max_num_queries(17 + SESSION_RENEWAL):
        response = client.get(reverse("plans:overview", args=[plan.slug]))
    assert sum(len(g.action_plans) for g in response.context["groups"]) == min(action_plans, 100)


def test_whole_plan_mode_queries_do_not_grow(client, cel_user, django_assert_max_num_queries):
    plan = PlanFactory()
    for number in range(1, 31):
        action_plan = ActionPlanFactory(plan=plan, number=str(number))
        ActionFactory.create_batch(3, action_plan=action_plan)
    client.force_login(cel_user)
    with django_assert_max_num_queries(12 + SESSION_RENEWAL):
        response = client.get(reverse("plans:plan_status", args=[plan.slug]))
    assert len(response.context["sections"]) == 20  # one page of action plans
    assert client.get(reverse("plans:plan_status", args=[plan.slug]), {"pagina": 2}).context["sections"]


def test_overview_shows_a_change_made_after_it_was_cached(client, plan, cel_user):
    client.force_login(cel_user)
    assert overview_numbers(client, plan, status=Status.REGULAR) == []
    ten = ActionPlan.objects.get(plan=plan, number="10")
    set_status(
        ten, edits={"status": Status.REGULAR}, seen={"status": ten.status}, version=ten.version, by=cel_user
    )
    assert overview_numbers(client, plan, status=Status.REGULAR) == ["10"]


def test_overview_shows_a_bulk_change_written_with_history(client, plan, cel_user):
    def actions_on_hold() -> int:
        page = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
        return sum(int(n) for n in re.findall(r'aria-label="[^"]*on hold: (\d+)', page))

    client.force_login(cel_user)
    actions = list(Action.objects.in_plan(plan).active())
    before = actions_on_hold()
    for action in actions:
        action.status = Status.ON_HOLD
    bulk_update_with_history(actions, Action, ["status"], default_user=cel_user)
    assert before < len(actions) == actions_on_hold()


def test_a_large_overview_is_paged_keeping_the_filters(client, cel_user):
    plan = PlanFactory()
    for number in range(1, 106):
        ActionPlanFactory(plan=plan, number=str(number), responsible="Welzijn" if number % 2 else "")
    client.force_login(cel_user)
    first = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
    assert "pagina 1 van 2 (105 actieplannen)" in first and "?pagina=2" in first
    second = overview_numbers(client, plan, pagina=2)
    assert second == [str(n) for n in range(101, 106)]
    filtered = client.get(reverse("plans:overview", args=[plan.slug]), {"responsible": "Welzijn"}).content
    assert "pagina" not in filtered.decode()  # 53 rows: one page
    with_inactive = client.get(reverse("plans:overview", args=[plan.slug]), {"show_inactive": "on", "x": "1"})
    assert 'href="?show_inactive=on&amp;pagina=2"' in with_inactive.content.decode()


def test_a_cached_row_is_never_stale(client, plan, cel_user, council_user):
    url = reverse("plans:action_plan_status", args=[plan.slug, "10"])
    client.force_login(council_user)
    client.get(url)  # the rows are cached now
    action = Action.objects.get(number="10.2")
    edit_item(action, by=cel_user, status=Status.ON_HOLD, explanation="Wacht op subsidie.")
    page = client.get(url).content.decode()
    assert "Wacht op subsidie." in page and "on hold" in page
    client.force_login(cel_user)  # another role: the editable rows, not the raad's
    assert client.get(url).content.decode().count('<select name="status"') == 4


def test_the_overview_offers_print_and_the_latest_rounds_outputs(client, plan, council_user):
    from reporting.rounds import open_round

    client.force_login(council_user)
    url = reverse("plans:overview", args=[plan.slug])
    page = client.get(url).content.decode()
    assert "data-print" in page and "Verslag (PDF)" not in page  # no round yet
    round = open_round(plan=plan, name="Rapportering juni 2018", date="2018-06-30")
    page = client.get(url).content.decode()
    assert reverse("reporting:report_pdf", args=[plan.slug, round.pk]) in page
    assert reverse("reporting:workbook", args=[plan.slug, round.pk]) in page
