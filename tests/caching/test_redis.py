"""The cache on Redis (``make test-redis``): what one app server caches, another one reads; an edit
anywhere gives new keys; nothing crosses organisations. Skipped without CACHE_URL=redis://…."""

import pytest
import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils.safestring import SafeString

from core.roles import CEL
from plans.models import ActionPlan, Status
from tests.factories import ActionFactory, ActionPlanFactory, OrganisationFactory, PlanFactory, edit_item

pytestmark = pytest.mark.redis


@pytest.fixture
def other_server(monkeypatch):
    """A second app server: its own connection to the same Redis, used by the page cache."""
    connection = caches.create_connection("default")
    assert connection is not caches["default"]
    monkeypatch.setattr("plans.caching.cache", connection)
    yield connection
    connection.close()


@pytest.fixture
def scene(db, make_user):
    plan = PlanFactory()
    action_plan = ActionPlanFactory(plan=plan, number="10", title="We stimuleren zelfhulp.")
    ActionFactory(action_plan=action_plan, number="10.1")
    return plan, make_user("cel", CEL)


def overview(client, plan, **filters) -> str:
    """The overview's table: the cached part of the page."""
    response = client.get(reverse("plans:overview", args=[plan.slug]), filters)
    assert response.status_code == 200
    return str(response.context["table"])


def test_set_and_get_on_redis_keep_rendered_html_under_the_code_version():
    cache.set("fragment:test", SafeString("<p>Afgewerkt</p>"), 60)
    cache.set_many({"row:a": "<tr>a</tr>", "row:b": "<tr>b</tr>"}, 60)
    found = cache.get("fragment:test")
    assert found == "<p>Afgewerkt</p>" and isinstance(found, SafeString)
    assert cache.get_many(["row:a", "row:b", "row:c"]) == {"row:a": "<tr>a</tr>", "row:b": "<tr>b</tr>"}
    stored = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"]).keys("*fragment:test")
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert prefix and [key.decode().split(":")[0] for key in stored] == [prefix]


def test_the_overview_one_server_cached_is_served_by_another(client, scene, other_server, monkeypatch):
    plan, cel = scene
    client.force_login(cel)
    monkeypatch.setattr("plans.caching.cache", caches["default"])  # the first server renders
    first = overview(client, plan)
    monkeypatch.setattr("plans.caching.cache", other_server)

    def render_again(*args, **kwargs):
        raise AssertionError("the second server rendered the table again instead of reading Redis")

    monkeypatch.setattr("plans.views.pages.render_to_string", render_again)
    assert overview(client, plan) == first


def test_an_edit_on_one_server_shows_on_the_other(client, scene, other_server, monkeypatch):
    plan, cel = scene
    client.force_login(cel)
    monkeypatch.setattr("plans.caching.cache", caches["default"])
    assert "zelfhulp" not in overview(client, plan, status=Status.REGULAR)
    edit_item(ActionPlan.objects.get(plan=plan, number="10"), by=cel, status=Status.REGULAR)
    monkeypatch.setattr("plans.caching.cache", other_server)
    assert "zelfhulp" in overview(client, plan, status=Status.REGULAR)  # a new history id, a new key


def test_two_organisations_on_two_servers_never_share_an_entry(
    client, make_user, db, other_server, monkeypatch
):
    pages = {}
    for tag, server in (("Turnhout", caches["default"]), ("Voorbeeld", other_server)):
        organisation = OrganisationFactory(name=f"Gemeente {tag}")
        plan = PlanFactory(organisation=organisation, slug=f"plan-{tag.lower()}")
        ActionPlanFactory(plan=plan, number="10", title=f"We helpen de inwoners van {tag}.")
        client.force_login(make_user(f"cel-{tag.lower()}", CEL, organisation=organisation))
        monkeypatch.setattr("plans.caching.cache", server)
        pages[tag] = overview(client, plan)
    assert "inwoners van Turnhout" in pages["Turnhout"] and "Voorbeeld" not in pages["Turnhout"]
    assert "inwoners van Voorbeeld" in pages["Voorbeeld"] and "Turnhout" not in pages["Voorbeeld"]
