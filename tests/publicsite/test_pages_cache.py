"""The public pages are cached per edition: a second reader costs the edition's lookup only, a 304
when they hold the page, and a new version or rapportering gives new pages. Query counts do not grow
with the plan."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from plans.models import Status
from reporting.rounds import close_round, open_round
from tests.publicsite.builders import a_published_plan
from tests.publicsite.site_world import a_plan_with_actions, set_values
from versions import adopting

pytestmark = pytest.mark.django_db

# Resolving the edition (publicsite/views/common.py: the organisation, the published plan, its adopted
# versions, its last closed rapportering) is all a cached page costs.
EDITION_QUERIES = 4


@pytest.fixture
def world():
    with scopes_disabled():
        yield a_published_plan()


def queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(captured)


def test_a_second_reader_gets_the_stored_page(client, world, django_assert_max_num_queries):
    for address in (
        world.base,
        f"{world.base}actieplan/1/",
        f"{world.base}actie/1.1/",
        f"{world.base}zoeken/?q=1",
    ):
        first = client.get(address)
        with django_assert_max_num_queries(EDITION_QUERIES):
            second = client.get(address)
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]
        assert second["Cache-Control"] == "public, max-age=300"


def test_a_reader_holding_the_page_gets_304(client, world, django_assert_max_num_queries):
    first = client.get(f"{world.base}actie/1.1/")
    with django_assert_max_num_queries(EDITION_QUERIES):
        again = client.get(f"{world.base}actie/1.1/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "public, max-age=300"
    older = client.get(f"{world.base}v1/actie/1.1/")
    assert older["ETag"] != first["ETag"]
    assert older["Cache-Control"] == "public, max-age=86400"  # a replaced version never changes
    assert client.get(f"{world.base}actie/1.1/", HTTP_IF_NONE_MATCH='"anders"').status_code == 200


def test_a_parameter_no_page_reads_neither_changes_the_page_nor_fills_the_cache(client, world):
    first = client.get(f"{world.base}actieplan/1/")
    tracked = client.get(f"{world.base}actieplan/1/?utm_source=nieuwsbrief")
    assert tracked["ETag"] == first["ETag"] and tracked.content == first.content


def test_a_new_adopted_version_gives_new_pages(client, world):
    before = client.get(f"{world.base}actie/1.1/")
    assert "We organiseren budgetbegeleiding." in before.content.decode()
    with scopes_disabled():
        set_values(world.first, title="We organiseren budgetbegeleiding voor elk gezin.")
    # A live edit is not public: the same page, from the cache.
    assert client.get(f"{world.base}actie/1.1/").content == before.content
    with scopes_disabled():
        adopting.record(world.plan, name="AMJP 2022-1", council_date=datetime.date(2021, 12, 20), by=None)
    after = client.get(f"{world.base}actie/1.1/")
    assert "We organiseren budgetbegeleiding voor elk gezin." in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert client.get(f"{world.base}actie/1.1/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_a_newly_closed_rapportering_gives_new_pages(client, world):
    before = client.get(world.base).content.decode()
    assert "33% afgewerkt of regulier, van 3 acties" in before
    with scopes_disabled():
        round = open_round(plan=world.plan, name="Rapportering juni 2021", date=datetime.date(2021, 6, 30))
        for action in (world.first, world.third):
            set_values(action, status=Status.COMPLETED)
    # An open round is not public.
    assert client.get(world.base).content.decode() == before
    with scopes_disabled():
        close_round(round)
    after = client.get(world.base).content.decode()
    assert "100% afgewerkt of regulier, van 3 acties" in after
    assert "Stand van zaken volgens de rapportering van 30 juni 2021." in after


@pytest.fixture
def small_and_big():
    with scopes_disabled():
        return a_plan_with_actions(3, slug="klein", priority_every=2), a_plan_with_actions(
            30, slug="groot", priority_every=2
        )


@pytest.mark.parametrize(
    "page",
    [
        "",
        "doelstelling/SD%201/",
        "actieplan/1/",
        "actie/1.2/",
        "zoeken/",
        "zoeken/?q=buurtwerk&prioritair=ja",
    ],
)
def test_a_page_reads_as_many_queries_for_3_as_for_30_acties(client, small_and_big, page):
    counts = []
    for plan, _actions in small_and_big:
        cache.clear()
        counts.append(queries(client, f"/publiek/{plan.organisation.slug}/{plan.slug}/{page}"))
    assert counts[0] == counts[1]
