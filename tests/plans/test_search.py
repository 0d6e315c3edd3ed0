"""Search in one plan: by number, words, verantwoordelijke; grouped, marked, in natural order, capped."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import changes
from plans.models import Action, ActionPlan, LifeCycle, Project, Status
from plans.search import search
from tests.factories import ActionFactory, ActionPlanFactory, GoalFactory, PlanFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> Woonzorg'


@pytest.fixture
def plan():
    plan = PlanFactory(slug="turnhout")
    goal = GoalFactory(plan=plan, number="SD 1", title="We bieden betaalbare woningen aan.")
    ten = ActionPlanFactory(
        plan=plan, goal=goal, number="10", title="We stimuleren vrijwilligerswerk.", responsible="Welzijn"
    )
    ActionFactory(action_plan=ten, number="10.10", title="Vrijwilligers in de buurt.")
    ActionFactory(action_plan=ten, number="10.2", title="Een vrijwilligersbeleid.", responsible="Dienst P&O")
    ActionFactory(
        action_plan=ten,
        number="10.1",
        title="Onthaal van nieuwe vrijwilligers.",
        explanation="Het onthaal gebeurt voortaan in het sociaal huis, samen met de buurtwerking.",
    )
    hundred_twenty = ActionPlanFactory(plan=plan, number="120", title="Samen met de Stad.")
    target = ActionFactory(action_plan=hundred_twenty, number="120.6", title="We bereiden de MFO's voor.")
    ActionFactory(action_plan=hundred_twenty, number="120.2", title="Een gezamenlijk onthaal.")
    ActionFactory(
        action_plan=hundred_twenty,
        number="120.3",
        title="Een gezamenlijke onthaalbalie.",
        life_cycle=LifeCycle.MERGED,
        merged_into=target,
        life_cycle_date="2017-12-18",
    )
    ActionFactory(
        action_plan=hundred_twenty,
        number="120.4",
        title="Een mantelzorgpunt.",
        life_cycle=LifeCycle.REMOVED,
        life_cycle_date="2017-12-18",
    )
    ActionPlanFactory(plan=plan, number="1200", title="Een ander actieplan.")
    ProjectFactory(plan=plan, name="NEWTON", project_leader="An Peeters", status=Status.IN_PROGRESS)
    ProjectFactory(plan=plan, name="Welzijnscampus", explanation="De bouw van het onthaalgebouw loopt.")
    return plan


def found(results, kind: str) -> list[str]:
    group = next((group for group in results.groups if group.kind.key == kind), None)
    if group is None:
        return []
    return [getattr(hit.item, "number", None) or hit.item.name for hit in group.hits]


def test_a_number_finds_its_item_first_then_the_numbers_under_it(plan):
    results = search(plan, "120")
    assert found(results, "actieplan") == ["120"]  # not 1200
    assert found(results, "actie") == ["120.2", "120.3", "120.4", "120.6"]
    assert found(search(plan, "120.2"), "actie") == ["120.2"]
    assert found(search(plan, "10.1"), "actie") == ["10.1"]  # not 10.10
    ActionFactory(action_plan=plan.action_plans.get(number="120"), number="120.12", title="Over 120.2.")
    assert found(search(plan, "120.2"), "actie") == ["120.2", "120.12"]  # named in a title


def test_a_number_is_found_in_its_normal_form(plan):
    assert found(search(plan, "sd1"), "doelstelling") == ["SD 1"]


def test_words_in_a_title_are_found_whatever_their_case(plan):
    results = search(plan, "VRIJWILLIGERS")
    assert found(results, "actieplan") == ["10"]
    assert found(results, "actie") == ["10.1", "10.2", "10.10"]


def test_every_word_must_be_found(plan):
    assert found(search(plan, "onthaal sociaal"), "actie") == ["10.1"]


def test_words_in_the_toelichting_are_found_with_an_excerpt(plan):
    results = search(plan, "buurtwerking")
    assert found(results, "actie") == ["10.1"]
    hit = results.groups[0].hits[0]
    assert ("buurtwerking", True) in hit.excerpt
    assert found(search(plan, "onthaalgebouw"), "project") == ["Welzijnscampus"]


def test_a_verantwoordelijke_or_projectleider_finds_their_items(plan):
    assert found(search(plan, "P&O"), "actie") == ["10.2"]
    assert found(search(plan, "welzijn"), "actieplan") == ["10"]
    results = search(plan, "Peeters")
    assert found(results, "project") == ["NEWTON"]
    assert ("Peeters", True) in results.groups[0].hits[0].responsible


def test_results_are_in_natural_order(plan):
    assert found(search(plan, "10"), "actie") == ["10.1", "10.2", "10.10"]


def test_results_are_grouped_by_kind_in_a_fixed_order(plan):
    ProjectFactory(plan=plan, name="Onthaal in de buurt")
    GoalFactory(plan=plan, number="SD 2", title="Een warm onthaal.")
    results = search(plan, "onthaal")
    assert [group.kind.key for group in results.groups] == ["doelstelling", "actie", "project"]
    assert [group.count_label for group in results.groups] == ["1 doelstelling", "3 acties", "2 projecten"]


def test_struck_and_merged_items_are_found_and_say_so(plan):
    results = search(plan, "120")
    life_cycles = {hit.item.number: hit.life_cycle for hit in results.groups[1].hits}
    assert life_cycles == {"120.2": "", "120.3": "gebundeld in 120.6", "120.4": "geschrapt", "120.6": ""}


def test_an_other_plans_items_are_never_found(plan):
    other = PlanFactory()
    ActionFactory(action_plan=ActionPlanFactory(plan=other, number="120"), number="120.9")
    ProjectFactory(plan=other, name="NEWTON")
    GoalFactory(plan=other, number="SD 1", title="Woningen")
    results = search(plan, "120")
    assert found(results, "actie") == ["120.2", "120.3", "120.4", "120.6"]
    assert found(search(plan, "newton"), "project") == ["NEWTON"]
    assert all(hit.item.plan_id == plan.pk for group in search(plan, "sd 1").groups for hit in group.hits)
    assert found(search(other, "vrijwilligers"), "actie") == []


def test_each_kind_is_capped_with_the_total():
    plan = PlanFactory()
    action_plan = ActionPlanFactory(plan=plan, number="7")
    changes.create_many(
        [Action(action_plan=action_plan, number=f"7.{n}", title=f"Actie {n}") for n in range(1, 13)],
        by=None,
        reason="test",
    )
    group = search(plan, "actie", limit=5).groups[0]
    assert group.total == 12 and group.capped
    assert [hit.item.number for hit in group.hits] == ["7.1", "7.2", "7.3", "7.4", "7.5"]


def test_an_empty_query_finds_nothing_without_a_query(plan, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search(plan, "   ").groups == []


def _grow(plan, size: int) -> None:
    for index in range(size):
        action_plan = ActionPlanFactory(plan=plan, number=f"{500 + index}", title="Onthaal in de wijk.")
        changes.create_many(
            [Action(action_plan=action_plan, number=f"{500 + index}.{n}", title="Onthaal") for n in (1, 2)],
            by=None,
            reason="test",
        )
        ProjectFactory(plan=plan, name=f"Onthaal {index}", project_leader="Welzijn")
        GoalFactory(plan=plan, number=f"SD {10 + index}", title="Onthaal")


def test_one_query_per_kind_whatever_the_size(plan, django_assert_num_queries):
    with django_assert_num_queries(5):  # goals, actieplannen, acties, projecten, indicatoren
        search(plan, "onthaal")
    _grow(plan, 30)
    with django_assert_num_queries(5):
        results = search(plan, "onthaal", limit=10)
    assert [group.total for group in results.groups] == [30, 30, 63, 31]


def test_the_page_makes_as_many_queries_on_a_bigger_plan(client, plan, council_user):
    client.force_login(council_user)
    url = reverse("plans:search", args=[plan.slug])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": "onthaal"}).status_code == 200
        return len(captured)

    queries()  # the first request of a session also renews it
    small = queries()
    _grow(plan, 30)
    assert queries() == small


def test_the_page_groups_marks_and_links_every_hit(client, plan, council_user):
    client.force_login(council_user)
    page = client.get(reverse("plans:search", args=[plan.slug]), {"q": "onthaal"}).content.decode()
    assert page.index('<h2 id="zoekresultaten-actie">Acties') < page.index('id="zoekresultaten-project"')
    assert "3 acties" in page and "1 project" in page
    assert "<mark>Onthaal</mark> van nieuwe vrijwilligers." in page
    action = Action.objects.get(number="10.1")
    assert f'href="/plannen/turnhout/actieplannen/10/#row-actie-{action.pk}"' in page
    merged = Action.objects.get(number="120.3")
    assert f'href="/plannen/turnhout/actie/{merged.pk}/tijdlijn/"' in page
    assert '<span class="life-cycle">gebundeld in 120.6</span>' in page
    project = plan.projects.get(name="Welzijnscampus")
    assert f'href="/plannen/turnhout/project/{project.pk}/tijdlijn/"' in page
    assert 'value="onthaal"' in page  # the header's box keeps the query


def test_a_goal_links_to_its_heading_on_the_overview(client, plan, council_user):
    client.force_login(council_user)
    goal = plan.goals.get()
    page = client.get(reverse("plans:search", args=[plan.slug]), {"q": "woningen"}).content.decode()
    assert f'href="/plannen/turnhout/#doelstelling-{goal.pk}"' in page
    overview = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
    assert f'id="doelstelling-{goal.pk}"' in overview


def test_a_hostile_title_is_escaped_and_still_marked(client, plan, council_user):
    ActionFactory(action_plan=plan.action_plans.get(number="10"), number="10.3", title=HOSTILE)
    client.force_login(council_user)
    url = reverse("plans:search", args=[plan.slug])
    for query in ("woonzorg", '<script>alert("x")</script>'):
        page = client.get(url, {"q": query}).content.decode()
        assert "<script>alert" not in page and "<mark><script>" not in page, query
    page = client.get(url, {"q": "woonzorg"}).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Woonzorg</mark>" in page


def test_an_empty_query_or_no_hit_says_what_to_try(client, plan, council_user):
    client.force_login(council_user)
    url = reverse("plans:search", args=[plan.slug])
    assert "Typ in het zoekvak bovenaan een nummer" in client.get(url).content.decode()
    page = client.get(url, {"q": "zwembad"}).content.decode()
    assert "Niets gevonden voor “zwembad”" in page and "enkel het nummer" in page


def test_a_nul_character_is_refused_with_a_message(client, plan, council_user):
    client.force_login(council_user)
    response = client.get(reverse("plans:search", args=[plan.slug]), {"q": "onthaal\x00"})
    assert response.status_code == 200
    assert "Null" in response.content.decode() or "nul" in response.content.decode().lower()


def test_every_page_of_a_plan_has_the_search_box(client, plan, council_user):
    client.force_login(council_user)
    for url in (
        reverse("plans:overview", args=[plan.slug]),
        reverse("reporting:dashboard", args=[plan.slug]),
    ):
        page = client.get(url).content.decode()
        assert 'role="search"' in page and 'for="site-search"' in page, url
    assert 'role="search"' not in client.get(reverse("login")).content.decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Dutch stemming needs PostgreSQL's full-text search"
)
def test_dutch_word_forms_find_each_other_on_postgresql(plan):
    ActionFactory(
        action_plan=plan.action_plans.get(number="10"),
        number="10.4",
        title="We renoveren de woning aan de Kwakkelstraat.",
    )
    results = search(plan, "woningen")
    assert found(results, "actie") == ["10.4"]
    assert ("woning", True) in results.groups[1].hits[0].title


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN indexes exist on PostgreSQL only")
def test_the_full_text_match_uses_the_gin_indexes_on_postgresql(plan):
    from django.contrib.postgres.search import SearchQuery

    from indicators.models import Indicator
    from plans.search import ACTION, ACTION_PLAN, INDICATOR, PROJECT, with_search_vector

    query = SearchQuery("woningen", config="dutch")
    with connection.cursor() as cursor:
        # Only a bitmap scan may read the table: with a few rows, scanning a whole btree index and
        # filtering can otherwise look as cheap as the GIN index, whatever the statistics say.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        try:
            for model, kind, index in [
                (ActionPlan, ACTION_PLAN, "plans_actionplan_search"),
                (Action, ACTION, "plans_action_search"),
                (Project, PROJECT, "plans_project_search"),
                (Indicator, INDICATOR, "indicators_indicator_search"),
            ]:
                fields = [f for f in (kind.title_field, kind.text_field, kind.responsible_field) if f]
                plan_ = with_search_vector(model.objects.all(), fields).filter(search_vector=query).explain()
                assert index in plan_, (kind.key, plan_)
        finally:
            cursor.execute("SET enable_seqscan = on")
            cursor.execute("SET enable_indexscan = on")
