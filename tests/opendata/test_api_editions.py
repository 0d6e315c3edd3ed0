"""The functions the API added to publicsite/editions.py: which organisations publish, the lists'
filters over a version's own rows, and a page's context. Never the live plan."""

import pytest
from django_scopes import scopes_disabled

from core import changes
from publicsite import editions
from tests.publicsite.builders import a_published_plan
from versions.models import VersionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with scopes_disabled():
        yield a_published_plan()


def numbers(found) -> set[str]:
    return set(found.values_list("number", flat=True))


def test_only_organisations_with_a_published_adopted_plan_are_public(world):
    with scopes_disabled():
        a_published_plan(slug="verborgen", organisation_slug="gemeente-y", published=False)
        assert [each.slug for each in editions.public_organisations()] == ["gemeente-x"]


def test_the_filters_read_the_version_not_the_live_plan(world):
    with scopes_disabled():
        world.action_plan.refresh_from_db()
        changes.update(world.action_plan, {"priority": True}, by=None, version=world.action_plan.version)
        edition = editions.edition(world.plan)
        acties = editions.rows(edition, "actie")
        assert numbers(editions.with_priority(edition, acties, "actie", True)) == set()  # live only
        VersionItem.objects.filter(version=world.v2, kind="actieplan").update(priority=True)  # test-only
        assert numbers(editions.with_priority(edition, acties, "actie", True)) == {"1.1", "1.2", "1.3"}
        goals = editions.rows(edition, "doelstelling")
        assert numbers(editions.with_priority(edition, goals, "doelstelling", True)) == {"SD 1"}
        assert editions.goal_domains(edition) == ["Welzijn"]
        assert numbers(editions.with_domain(edition, acties, "actie", ["Welzijn"])) == {"1.1", "1.2", "1.3"}
        assert numbers(editions.with_domain(edition, acties, "actie", ["Sport"])) == set()
        assert editions.numbers_held(edition, "actieplan", ["1", "9"]) == {"1"}
        assert numbers(editions.with_parent(edition, acties, "actieplan", ["1"])) == {"1.1", "1.2", "1.3"}
        assert numbers(editions.number_or_title(acties, "KRUIDENIER")) == {"1.2"}


def test_a_pages_context_names_parents_domains_and_links(world, django_assert_max_num_queries):
    with scopes_disabled():
        edition = editions.edition(world.plan)
        acties = editions.items(edition, editions.rows(edition, "actie"))
        with django_assert_max_num_queries(2):
            place = editions.page_context(edition, acties)
        assert set(place.parent.values()) == {"1"} and set(place.domain.values()) == {"Welzijn"}
        projects = editions.items(edition, editions.rows(edition, "project"))
        assert list(editions.page_context(edition, projects).action_plans.values()) == [["1"]]
