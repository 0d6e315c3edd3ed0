"""Indicators on the dashboard (the ones off track), in the overview (a line under each goal and
actieplan, a filter on track, a cache that moves with their values) and in search."""

import pytest
from django.urls import reverse

from indicators import values
from plans.search import search
from tests.factories import ActionFactory, ActionPlanFactory
from tests.indicators.scenes import JUNE, items, poverty, small_plan

pytestmark = pytest.mark.django_db
SESSION_RENEWAL = 2  # a login's session may be saved again on the first request


@pytest.fixture
def scene(cel_user):
    plan = small_plan()
    goal, action_plan = items(plan)
    off = poverty(plan, by=cel_user, goal=goal, action_plan=action_plan)
    other = ActionPlanFactory(plan=plan, goal=goal, number="20", title="We bouwen woningen.")
    on = poverty(plan, by=cel_user, name="Wachttijd sociale woning <b>", value="9,0")
    on.action_plans.add(other)
    ActionPlanFactory(plan=plan, goal=goal, number="30", title="Zonder indicator.")
    return plan, off, on


def dashboard(client, plan) -> str:
    return client.get(reverse("reporting:dashboard", args=[plan.slug])).content.decode()


def overview(client, plan, **query) -> str:
    return client.get(reverse("plans:overview", args=[plan.slug]), query).content.decode()


# dashboard ------------------------------------------------------------------------------------------
def test_the_dashboard_lists_the_indicators_off_track_with_value_expected_and_target(scene, client, cel_user):
    plan, off, on = scene
    client.force_login(cel_user)
    page = dashboard(client, plan)
    card = page[page.index("Indicatoren niet op koers") :]
    card = card[: card.index("</section>")]
    assert off.name in card and on.name not in card.replace("&lt;", "<")
    assert f'href="/plannen/{plan.slug}/indicatoren/{off.pk}/"' in card
    assert "14,5 %" in card and "10,0 %" in card and "2026: 10,0 %" in card and "(niet op koers)" in card


def test_the_dashboard_says_when_every_indicator_is_on_track(scene, client, cel_user):
    plan, off, _on = scene
    values.record_value(off, "9,5", date=JUNE, by=cel_user)
    client.force_login(cel_user)
    assert "Alle indicatoren op koers" in dashboard(client, plan)
    assert "Dit plan volgt (nog) geen indicatoren." in dashboard(client, small_plan())


def test_the_dashboard_card_asks_a_fixed_number_of_queries(
    scene, client, cel_user, django_assert_num_queries
):
    plan, _off, _on = scene
    client.force_login(cel_user)
    dashboard(client, plan)  # the session settles
    from django.core.cache import cache

    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        dashboard(client, plan)
    for number in range(6):
        poverty(plan, by=cel_user, name=f"Extra indicator {number}")
    cache.clear()
    with django_assert_num_queries(len(few)):
        page = dashboard(client, plan)
    assert page.count("(niet op koers)") == 7


def test_the_dashboard_lists_at_most_twenty_with_the_total(scene, client, cel_user):
    plan, _off, _on = scene
    for number in range(21):
        poverty(plan, by=cel_user, name=f"Extra indicator {number:02}")
    client.force_login(cel_user)
    page = dashboard(client, plan)
    assert page.count("(niet op koers)") == 20 and "De eerste 20 van 22, op naam." in page


# overview -------------------------------------------------------------------------------------------
def test_the_overview_shows_indicators_under_their_goal_and_actieplan(scene, client, council_user):
    plan, off, _on = scene
    client.force_login(council_user)
    page = overview(client, plan)
    assert page.count(f'href="/plannen/{plan.slug}/indicatoren/{off.pk}/"') == 2  # goal and actieplan 10
    assert "Wachttijd sociale woning &lt;b&gt;</a>: 9,0 % (op koers)" in page
    assert '<span class="track-icon"><svg class="icon icon-cross"' in page


def test_an_actieplan_shows_the_indicators_of_its_acties(scene, client, council_user, cel_user):
    plan, _off, _on = scene
    action_plan = plan.action_plans.get(number="30")
    action = ActionFactory(action_plan=action_plan, number="30.1")
    followed = poverty(plan, by=cel_user, name="Indicator van een actie")
    followed.actions.add(action)
    client.force_login(council_user)
    assert "Indicator van een actie</a>" in overview(client, plan)
    assert "Zonder indicator." in overview(client, plan, koers="niet_op_koers")


@pytest.mark.parametrize(
    ("track", "shown", "hidden"),
    [("niet_op_koers", ["10", "20", "30"], []), ("op_koers", ["20"], ["10", "30"])],
)
def test_the_overview_filters_on_the_track_of_linked_indicators(
    scene, client, council_user, track, shown, hidden
):
    plan, _off, _on = scene
    client.force_login(council_user)
    page = overview(client, plan, koers=track)
    for number in shown:
        assert f'<td class="num">{number}</td>' in page
    for number in hidden:
        assert f'<td class="num">{number}</td>' not in page


def test_the_off_track_filter_keeps_only_items_linked_to_such_an_indicator(client, council_user, cel_user):
    plan = small_plan()
    _goal, action_plan = items(plan)
    other = ActionPlanFactory(plan=plan, number="20", title="Zonder doelstelling.")
    poverty(plan, by=cel_user, action_plan=action_plan)
    client.force_login(council_user)
    page = overview(client, plan, koers="niet_op_koers")
    assert '<td class="num">10</td>' in page and f'<td class="num">{other.number}</td>' not in page


def test_a_new_value_or_target_shows_in_the_cached_overview(scene, client, council_user, cel_user):
    plan, off, _on = scene
    client.force_login(council_user)
    assert "14,5 %" in overview(client, plan)
    values.record_value(off, "13,0", date=JUNE, by=cel_user)
    page = overview(client, plan)
    assert "13,0 %" in page and "14,5 %" not in page
    values.set_target(off, 2026, "14", by=cel_user)
    assert "13,0 % (op koers)" in overview(client, plan)


def test_a_new_link_shows_in_the_cached_overview(scene, client, council_user, cel_user):
    plan, _off, on = scene
    client.force_login(council_user)
    assert overview(client, plan).count("Wachttijd sociale woning") == 1
    on.action_plans.add(plan.action_plans.get(number="30"))
    assert overview(client, plan).count("Wachttijd sociale woning") == 2


def test_the_overview_asks_a_fixed_number_of_queries(scene, client, council_user, cel_user):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan, _off, _on = scene
    client.force_login(council_user)
    overview(client, plan)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        overview(client, plan, koers="niet_op_koers")
    for number in range(4, 10):
        action_plan = ActionPlanFactory(plan=plan, number=str(number * 10))
        ActionFactory(action_plan=action_plan)
        poverty(plan, by=cel_user, name=f"Extra {number}", action_plan=action_plan)
    cache.clear()
    with CaptureQueriesContext(connection) as more:
        page = overview(client, plan, koers="niet_op_koers")
    assert page.count("Extra ") == 6 and len(more) == len(few)


# search ---------------------------------------------------------------------------------------------
def test_search_finds_indicators_by_name_and_description_in_one_query(scene, django_assert_num_queries):
    plan, off, on = scene
    with django_assert_num_queries(5):  # one per kind
        results = search(plan, "armoedegrens")
    [group] = [g for g in results.groups if g.kind.key == "indicator"]
    assert [hit.item for hit in group.hits] == [off, on]  # the description holds the word too
    assert ("armoedegrens", True) in group.hits[0].title


def test_the_search_page_links_indicators_and_escapes_their_marked_names(scene, client, council_user):
    plan, _off, on = scene
    client.force_login(council_user)
    page = client.get(reverse("plans:search", args=[plan.slug]), {"q": "wachttijd"}).content.decode()
    assert ">Indicatoren <span" in page and "1 indicator" in page
    assert f'href="/plannen/{plan.slug}/indicatoren/{on.pk}/"' in page
    assert "<mark>Wachttijd</mark> sociale woning &lt;b&gt;" in page


def test_search_says_when_an_indicator_is_no_longer_followed(scene, client, council_user):
    from core import changes

    plan, _off, on = scene
    changes.update(on, {"followed": False}, by=None, reason="niet meer gevolgd", version=on.version)
    client.force_login(council_user)
    page = client.get(reverse("plans:search", args=[plan.slug]), {"q": "wachttijd"}).content.decode()
    assert "niet meer gevolgd" in page
