"""No cached fragment or row of one organisation is ever served to another: every key is bound to a
plan or an item (ids unique over the installation). Runs on the configured cache: memory, and Redis
in ``make test-redis``."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.roles import CEL
from tests.factories import ActionFactory, ActionPlanFactory, OrganisationFactory, PlanFactory

PAGES = ("plans:overview", "reporting:dashboard", "plans:plan_status")


@pytest.fixture
def two_organisations(db, make_user):
    """Two organisations with look-alike plans: same name, numbers and shape; other titles."""
    scenes = {}
    for tag in ("Turnhout", "Voorbeeld"):
        organisation = OrganisationFactory(name=f"Gemeente {tag}")
        plan = PlanFactory(organisation=organisation, slug=f"plan-{tag.lower()}")
        action_plan = ActionPlanFactory(plan=plan, number="10", title=f"We helpen de inwoners van {tag}.")
        ActionFactory(action_plan=action_plan, number="10.1", title=f"Budgetbegeleiding in {tag}.")
        scenes[tag] = (plan, make_user(f"cel-{tag.lower()}", CEL, organisation=organisation))
    return scenes


def urls(plan) -> list[str]:
    return [reverse(name, args=[plan.slug]) for name in PAGES] + [
        reverse("plans:action_plan_status", args=[plan.slug, "10"])
    ]


class KeyLog:
    """The keys written to and found in the cache, while it is spied on."""

    def __init__(self, monkeypatch):
        self.written: set[str] = set()
        self.found: set[str] = set()
        get, get_many, set_one, set_many = cache.get, cache.get_many, cache.set, cache.set_many

        def spy_get(key, default=None, **kwargs):
            value = get(key, default, **kwargs)
            if value is not default:
                self.found.add(key)
            return value

        def spy_get_many(keys, **kwargs):
            values = get_many(keys, **kwargs)
            self.found.update(values)
            return values

        def spy_set(key, value, *args, **kwargs):
            self.written.add(key)
            return set_one(key, value, *args, **kwargs)

        def spy_set_many(mapping, *args, **kwargs):
            self.written.update(mapping)
            return set_many(mapping, *args, **kwargs)

        for name, spy in (
            ("get", spy_get),
            ("get_many", spy_get_many),
            ("set", spy_set),
            ("set_many", spy_set_many),
        ):
            monkeypatch.setattr(cache, name, spy)

    def reset(self) -> None:
        self.written.clear()
        self.found.clear()


def test_the_same_pages_of_two_organisations_give_two_bodies_from_one_cache(client, two_organisations):
    bodies = {}
    for tag, (plan, user) in two_organisations.items():
        client.force_login(user)
        for _ in range(2):  # the second time from the cache
            bodies[tag] = [client.get(url).content.decode() for url in urls(plan)]
    for mine, other in (("Turnhout", "Voorbeeld"), ("Voorbeeld", "Turnhout")):
        for page, body in zip((*PAGES, "plans:action_plan_status"), bodies[mine], strict=True):
            assert f"/plannen/plan-{mine.lower()}/" in body, page
            assert f"/plannen/plan-{other.lower()}/" not in body, page
            assert f"inwoners van {other}" not in body and f"Budgetbegeleiding in {other}" not in body, page
    for tag in bodies:  # the pages that list items show the organisation's own
        assert all(f"inwoners van {tag}" in body for body in (bodies[tag][0], *bodies[tag][2:]))


def test_no_cache_entry_written_for_one_organisation_is_found_for_another(
    client, two_organisations, monkeypatch
):
    log = KeyLog(monkeypatch)
    (turnhout, turnhout_cel), (voorbeeld, voorbeeld_cel) = two_organisations.values()
    client.force_login(turnhout_cel)
    for url in urls(turnhout):
        assert client.get(url).status_code == 200
    written_for_turnhout = set(log.written)
    assert written_for_turnhout  # the pages do cache
    log.reset()
    client.force_login(voorbeeld_cel)
    for url in urls(voorbeeld):
        assert client.get(url).status_code == 200
    assert log.found & written_for_turnhout == set()
    for url in urls(voorbeeld):  # its own entries are found again
        client.get(url)
    assert log.found - written_for_turnhout


def test_the_platform_beheerder_sees_each_organisations_own_page_from_the_cache(
    client, two_organisations, admin_user
):
    client.force_login(admin_user)
    for _ in range(2):
        for tag, (plan, _user) in two_organisations.items():
            body = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
            other = "Voorbeeld" if tag == "Turnhout" else "Turnhout"
            assert f"inwoners van {tag}" in body and f"inwoners van {other}" not in body
