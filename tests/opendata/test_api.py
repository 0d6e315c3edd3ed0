"""The open data API (/api/v1/): what it shows, its filters and paging, its refusals as problem details,
its cache headers, its rate limit, and that nothing can be written through it."""

import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from django_scopes import scopes_disabled

from plans.models import Status
from publicsite import publishing
from publicsite.models import Publication
from tests.opendata.api_world import API, a_plan_with_actions, plan_url, version_url, with_draft
from tests.publicsite.builders import INTERNAL_TOELICHTING, PUBLIC_TOELICHTING, a_published_plan
from versions.models import PlanVersion, VersionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with scopes_disabled():
        yield a_published_plan()


def ok(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("http")
    return body


def by_code(page: dict) -> dict:
    return {row["code"]: row for row in page["results"]}


# ---------------------------------------------------------------------------------------------------
# What it shows


def test_the_organisations_list_only_those_that_publish(client, world):
    with scopes_disabled():
        a_published_plan(slug="verborgen", organisation_slug="gemeente-y", published=False)
    page = ok(client, f"{API}organisaties/")
    assert [row["slug"] for row in page["results"]] == ["gemeente-x"]
    assert page["results"][0]["uri"].endswith("/publiek/gemeente-x/")


def test_a_plan_lists_its_adopted_versions_the_one_in_force_first(client, world):
    plan = ok(client, plan_url(world))
    assert plan["huidige_versie"].endswith("/versies/huidig/")
    versions = ok(client, plan_url(world, "versies/"))
    assert [(v["nummer"], v["van_kracht"]) for v in versions["results"]] == [(2, True), (1, False)]
    assert versions["results"][1]["vervangen_op"] == "2020-12-14"


def test_the_version_in_force_shows_the_rapporterings_status_and_only_the_public_toelichting(client, world):
    acties = by_code(ok(client, version_url(world, rest="acties/")))
    assert set(acties) == {"1.1", "1.2", "1.3"}
    first = acties["1.1"]
    assert first["status"] == {"code": Status.IN_PROGRESS, "label": "loopt"}
    assert first["toelichting"] == PUBLIC_TOELICHTING
    assert first["actieplan"] == "1" and first["beleidsdomein"] == "Welzijn"
    assert first["ramingen"][0] == {"jaar": 2020, "categorie": "E", "uitgave": "1000.00", "ontvangst": "0.00"}
    assert first["realisaties"] == [
        {"jaar": 2020, "categorie": "E", "uitgave": "640.00", "ontvangst": "0.00"}
    ]
    assert "/versies/2/acties/1.1/" in first["url"] and "/v2/" in first["uri"]
    assert acties["1.2"]["status"]["code"] == Status.COMPLETED and acties["1.2"]["toelichting"] == ""


def test_nothing_internal_is_in_any_answer(client, world):
    urls = [
        version_url(world, v, f"{kind}/")
        for v in ("1", "2")
        for kind in ("acties", "actieplannen", "projecten")
    ]
    urls += [version_url(world, "2", "acties/1.2/"), version_url(world, "2")]
    for url in urls:
        body = client.get(url).content.decode()
        assert INTERNAL_TOELICHTING not in body
        assert "@" not in body  # no e-mail addresses (owners)


def test_an_older_version_answers_with_what_the_raad_adopted_then(client, world):
    acties = by_code(ok(client, version_url(world, "1", "acties/")))
    assert set(acties) == {"1.1", "1.2"}
    assert acties["1.2"]["titel"] == "We openen een sociale kruidenier."


def test_goals_and_actieplannen_carry_their_progress(client, world):
    goal = ok(client, version_url(world, rest="doelstellingen/")).get("results")[0]
    assert goal["voortgang"]["totaal"] == 3 and goal["beleidsdomein"] == "Welzijn"
    action_plan = ok(client, version_url(world, rest="actieplannen/1/"))
    assert action_plan["doelstelling"] == "SD 1" and action_plan["voortgang"]["totaal"] == 3


def test_one_item_by_code_a_project_and_an_indicator_by_kind_and_id(client, world):
    assert ok(client, version_url(world, rest="doelstellingen/SD%201/"))["titel"] == "Iedereen kan meedoen."
    project = ok(client, version_url(world, rest="projecten/"))["results"][0]
    assert ok(client, project["url"].split("8000", 1)[-1])["actieplannen"] == ["1"]
    indicator = ok(client, version_url(world, rest="indicatoren/"))["results"][0]
    assert indicator["streefwaarden"] == [{"jaar": 2025, "waarde": "120"}]
    assert indicator["waarden"][0]["waarde"] == "35"
    assert (
        ok(client, version_url(world, rest=f"indicatoren/{indicator['code']}/"))["titel"]
        == indicator["titel"]
    )


# ---------------------------------------------------------------------------------------------------
# Filters and paging


@pytest.mark.parametrize(
    "query, codes",
    [
        ("status=in_progress", {"1.1"}),
        ("status=in_progress,completed", {"1.1", "1.2"}),
        ("status=in_progress&status=not_started", {"1.1", "1.3"}),
        ("prioritair=false", {"1.1", "1.2", "1.3"}),
        ("prioritair=true", set()),
        ("beleidsdomein=Welzijn", {"1.1", "1.2", "1.3"}),
        ("actieplan=1", {"1.1", "1.2", "1.3"}),
        ("q=kruidenier", {"1.2"}),
        ("q=1.3", {"1.3"}),
    ],
)
def test_the_filters_of_the_acties(client, world, query, codes):
    assert set(by_code(ok(client, version_url(world, rest=f"acties/?{query}")))) == codes


def test_prioritair_follows_a_marked_actieplan(client, world):
    with scopes_disabled():
        VersionItem.objects.filter(version=world.v2, kind="actieplan").update(priority=True)  # test-only
    acties = ok(client, version_url(world, rest="acties/?prioritair=true"))
    assert acties["count"] == 3 and all(row["prioritair"] for row in acties["results"])
    assert ok(client, version_url(world, rest="doelstellingen/?prioritair=true"))["count"] == 1


def test_pages_have_a_count_and_links(client, world):
    first = ok(client, version_url(world, rest="acties/?page_size=2"))
    assert first["count"] == 3 and first["previous"] is None and len(first["results"]) == 2
    assert first["next"].startswith("http://") and "page=2" in first["next"]
    second = ok(client, first["next"].split("8000", 1)[-1])
    assert [row["code"] for row in second["results"]] == ["1.3"] and second["next"] is None
    assert "page=" not in second["previous"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("status=misschien", "status"),
        ("status=", "status"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("page=-1", "page"),
        ("page_size=1000", "page_size"),
        ("page_size=0", "page_size"),
        ("prioritair=misschien", "prioritair"),
        ("beleidsdomein=Sport", "beleidsdomein"),
        ("actieplan=99", "actieplan"),
        ("kleur=rood", "kleur"),
        ("q=" + "x" * 101, "q"),
    ],
)
def test_bad_values_are_refused_with_400_problem_details(client, world, query, parameter):
    body = problem(client.get(version_url(world, rest=f"acties/?{query}")), 400)
    assert body["parameters"][0]["naam"] == parameter


def test_a_filter_a_list_does_not_have_is_refused(client, world):
    problem(client.get(version_url(world, rest="doelstellingen/?status=in_progress")), 400)
    problem(client.get(version_url(world, rest="indicatoren/?prioritair=true")), 400)


def test_a_page_after_the_last_is_404(client, world):
    problem(client.get(version_url(world, rest="acties/?page=9")), 404)


# ---------------------------------------------------------------------------------------------------
# Not found: never a draft, never an unpublished plan


def test_unknown_addresses_are_404_problem_details(client, world):
    with scopes_disabled():
        with_draft(world)
    for url in [
        f"{API}organisaties/onbekend/plannen/",
        plan_url(world).replace(world.plan.slug, "onbekend"),
        version_url(world, "9"),
        version_url(world, "3"),  # in ontwerp
        version_url(world, "3", "acties/"),
        version_url(world, rest="acties/9.9/"),
        version_url(world, rest="projecten/project-999999/"),
        version_url(world, rest="indicatoren/indicator-999999/"),
        f"{API}bestaat-niet/",
        f"{API}organisaties/gemeente-x/plannen/welzijn-2020-2025/versies/v2/",
    ]:
        body = problem(client.get(url), 404)
        assert "<html" not in body["detail"]


def test_an_unpublished_plan_is_404_and_its_organisation_too_when_it_publishes_nothing(client, world):
    with scopes_disabled():
        seen = Publication.objects.get(plan=world.plan).version
        publishing.switch(world.plan, on=False, by=None, version=seen)
    problem(client.get(plan_url(world)), 404)
    problem(client.get(version_url(world, "2", "acties/")), 404)
    problem(client.get(f"{API}organisaties/{world.organisation.slug}/plannen/"), 404)
    assert ok(client, f"{API}organisaties/")["count"] == 0


# ---------------------------------------------------------------------------------------------------
# Read only: every address refuses every write with 405 problem details, and nothing changes


def api_patterns():
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if str(pattern.pattern) == "api/v1/":
            return pattern.url_patterns
    raise AssertionError("the API is not mounted at /api/v1/")


def concrete(world, route: str) -> str:
    values = {
        "<slug:organisation>": world.organisation.slug,
        "<slug:plan>": world.plan.slug,
        "<versie:version>": "2",
        "<str:code>": "1",
    }
    for placeholder, value in values.items():
        route = route.replace(placeholder, value)
    return API + route.replace("^(?P<rest>.*)$", "iets/")


def test_every_address_refuses_writes_with_405_and_changes_nothing(client, world):
    with scopes_disabled():
        before = (PlanVersion.objects.count(), VersionItem.objects.count())
    routes = [str(p.pattern) for p in api_patterns()]
    assert len(routes) >= 17
    for route in routes:
        url = concrete(world, route)
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(
                url, data=json.dumps({"titel": "x"}), content_type="application/json"
            )
            problem(response, 405)
            assert response["Allow"] == "GET, HEAD"
        assert client.options(url).status_code == 405
    with scopes_disabled():
        assert (PlanVersion.objects.count(), VersionItem.objects.count()) == before


def test_no_csrf_token_or_session_is_needed_or_used(client, world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    problem(strict.post(f"{API}organisaties/"), 405)  # 405, not the CSRF page
    response = strict.get(f"{API}organisaties/")
    assert response.status_code == 200 and not response.cookies


# ---------------------------------------------------------------------------------------------------
# Cache headers and conditional GET


def test_the_version_in_force_is_kept_five_minutes_an_older_one_a_day(client, world):
    current = client.get(version_url(world, rest="acties/"))
    older = client.get(version_url(world, "1", "acties/"))
    assert current["Cache-Control"] == "public, max-age=300"
    assert older["Cache-Control"] == "public, max-age=86400"
    assert current["ETag"] != older["ETag"] and current["Last-Modified"]
    # The version in force asked by its number is still the one that changes.
    assert client.get(version_url(world, "2", "acties/"))["Cache-Control"] == "public, max-age=300"


def test_a_reader_holding_the_answer_gets_304(client, world, django_assert_max_num_queries):
    url = version_url(world, rest="acties/?status=in_progress")
    first = client.get(url)
    with django_assert_max_num_queries(6):  # the edition only: nothing of the list is read
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"] and not again.content
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(version_url(world, rest="acties/"), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    listed = client.get(f"{API}organisaties/")
    assert client.get(f"{API}organisaties/", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304


def test_the_query_string_is_part_of_the_etag(client, world):
    plain = client.get(version_url(world, rest="acties/"))
    filtered = client.get(version_url(world, rest="acties/?q=kruidenier"))
    assert plain["ETag"] != filtered["ETag"]


def test_a_list_is_answered_from_the_cache_the_second_time(client, world, django_assert_max_num_queries):
    url = version_url(world, rest="acties/")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).json() == client.get(url).json()
    assert len(second) // 2 < len(first)


# ---------------------------------------------------------------------------------------------------
# Rate limit


def limited(rate: str, proxies: int = 0):
    from django.conf import settings

    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": rate},
            "NUM_PROXIES": proxies,
        }
    )


def test_an_address_over_its_limit_gets_429_with_retry_after(client, world):
    with limited("2/min"):
        assert client.get(f"{API}organisaties/").status_code == 200
        assert client.get(plan_url(world)).status_code == 200
        response = client.get(f"{API}organisaties/")
        body = problem(response, 429)
        assert 1 <= int(response["Retry-After"]) <= 60 and response["Retry-After"] in body["detail"]
        assert client.get(f"{API}organisaties/", REMOTE_ADDR="10.0.0.9").status_code == 200  # another address


def test_a_forged_forwarded_for_header_does_not_dodge_the_limit(client, world):
    with limited("1/min"):
        assert client.get(f"{API}organisaties/", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
        problem(client.get(f"{API}organisaties/", HTTP_X_FORWARDED_FOR="2.2.2.2"), 429)
    with limited("1/min", proxies=1):  # behind one proxy: its last hop is the client
        assert client.get(f"{API}organisaties/", HTTP_X_FORWARDED_FOR="9.9.9.9, 3.3.3.3").status_code == 200
        problem(client.get(f"{API}organisaties/", HTTP_X_FORWARDED_FOR="8.8.8.8, 3.3.3.3"), 429)


# ---------------------------------------------------------------------------------------------------
# Query counts and the documentation page


def test_a_page_of_acties_reads_as_many_queries_for_3_as_for_300_acties(client):
    from django.core.cache import cache

    with scopes_disabled():
        small = a_plan_with_actions(3, slug="klein")
        big = a_plan_with_actions(300, slug="groot")
    counts = []
    for plan in (small, big):
        url = (
            f"{API}organisaties/{plan.organisation.slug}/plannen/{plan.slug}/versies/1/acties/?page_size=100"
        )
        for query in ("", "&status=not_started&prioritair=false&beleidsdomein=Welzijn&actieplan=1&q=Actie"):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url + query).status_code == 200
            counts.append(len(captured))
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url.replace("acties/", "actieplannen/")).status_code == 200
        counts.append(len(captured))
    assert counts[:3] == counts[3:], counts


def test_the_documentation_page_is_made_from_the_schema(client, world):
    response = client.get(API)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert html.count("<h1") == 1 and 'lang="nl-BE"' in html and "<script" not in html
    assert "/api/v1/organisaties/{organisation}/plannen/{plan}/versies/{version}/acties/" in html
    assert 'id="te-veel-vragen"' in html  # the problem types' anchors


@override_settings(ROOT_URLCONF="tests.opendata.public_pages_urls")
def test_an_items_uri_is_its_page_on_the_public_site_in_that_version(client, world):
    actie = ok(client, version_url(world, rest="acties/1.1/"))
    assert actie["uri"] == "http://127.0.0.1:8000/publiek/gemeente-x/welzijn-2020-2025/v2/actie/1.1/"
    goal = ok(
        client, version_url(world, "1", "doelstellingen/SD%201/")
    )  # no such page: the plan's, a fragment
    assert goal["uri"].endswith("/publiek/gemeente-x/welzijn-2020-2025/v1/#doelstelling-SD%201")
    project = ok(client, version_url(world, rest="projecten/"))["results"][0]
    assert project["uri"].endswith(f"/v2/project/{world.project.pk}/")


def test_head_answers_like_get_without_a_body(client, world):
    url = version_url(world, rest="acties/")
    got, head = client.get(url), client.head(url)
    assert head.status_code == 200 and not head.content and head["ETag"] == got["ETag"]


def test_an_unexpected_error_is_a_500_problem_without_a_trace(client, world, monkeypatch):
    from publicsite import editions

    def broken(*args, **kwargs):
        raise RuntimeError("geheime details uit de database")

    monkeypatch.setattr(editions, "rows", broken)
    response = client.get(version_url(world, rest="acties/"))
    body = problem(response, 500)
    assert "geheime" not in response.content.decode() and "Traceback" not in response.content.decode()
    assert body["detail"].startswith("Er liep iets mis")
