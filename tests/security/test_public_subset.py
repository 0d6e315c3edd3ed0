"""The public sees a subset of what the raad sees, and nothing behind the login.

Every address of the public site, the downloads and the API is crawled (``public_world.crawl``: from
every url name of the ``public``, ``opendata`` and ``api`` namespaces the resolver knows, following
every link), so a page added later is covered without a change here; a url name the crawl cannot reach
fails ``test_every_public_url_name_is_crawled`` and needs a link or an entry in ``EXTRA_SEEDS``.
"""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from plans.models import Status
from publicsite import editions
from rounds.models import FrozenItem
from tests.publicsite import builders
from tests.security import public_world
from tests.security.public_world import (
    CONTACT_EMAIL,
    EMAIL,
    NEVER_PUBLIC,
    OPEN_ROUND_EXPLANATION,
    UNPUBLISHED_SLUG,
    a_public_world,
    crawl,
    json_statuses,
    public_names,
    seed_paths,
    without_moments,
)
from versions.models import ItemKind, VersionItem

pytestmark = pytest.mark.django_db

WRITES = ("post", "put", "patch", "delete")
TRACES = ("Traceback", "Exception")
# Url names the crawl reaches only through an address it cannot build from the resolver or a link:
# name → a function of the world giving the addresses.
EXTRA_SEEDS: dict = {}


@pytest.fixture(autouse=True)
def no_rate_limit(monkeypatch):
    """The crawl asks the API far more often than a reader may; the limit has its own tests."""
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture
def world(make_user):
    with scopes_disabled():
        yield a_public_world(make_user)


def seeds(world) -> list[str]:
    found = [path for paths in seed_paths(world).values() for path in paths]
    for make in EXTRA_SEEDS.values():
        found.extend(make(world))
    return found


@pytest.fixture
def crawled(world):
    with scopes_disabled():
        return crawl(Client(), seeds(world))


def row_counts() -> dict[str, int]:
    with scopes_disabled():
        return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def one_path_per_name(crawled) -> dict[str, str]:
    """A page answered 200 per url name (the first the crawl met)."""
    chosen: dict[str, str] = {}
    for path, response in crawled.answers.items():
        name = crawled.names[path]
        if response.status_code == 200 and name not in chosen:
            chosen[name] = path
    return chosen


def test_every_public_url_name_is_crawled(world, crawled):
    """Each public url name answered at least one address of the crawl; an address that catches every
    other (the API's answer to an unknown address) answers the 404 without a trace."""
    answered = {
        crawled.names[path] for path, response in crawled.answers.items() if response.status_code == 200
    }
    assert "public:plan" in answered and "public:organisation" in answered
    catch_all = {name for name, route in public_names().items() if route.endswith(".*)$")}
    assert sorted(set(public_names()) - answered - catch_all) == []
    for name in catch_all:
        assert crawled.paths_of(name), name
        for path in crawled.paths_of(name):
            response = crawled.answers[path]
            assert response.status_code == 404, path
            assert not any(trace in public_world.text_of(response) for trace in TRACES)


def test_the_public_sees_nothing_behind_the_login(world, crawled):
    """No internal toelichting, comment, eigenaar (name or e-mail), draft, live edit, open rapportering
    or unpublished plan on any page, download or API answer."""
    assert crawled.texts
    leaks = [
        (path, secret) for path, text in crawled.texts.items() for secret in NEVER_PUBLIC if secret in text
    ]
    assert leaks == []
    addresses = [
        (path, address)
        for path, text in crawled.texts.items()
        for address in EMAIL.findall(text)
        if address != CONTACT_EMAIL
    ]
    assert addresses == []
    # The open rapportering put actie 1.3 on hold: no answer gives it that status.
    on_hold = {Status.ON_HOLD.value, str(Status.ON_HOLD.label)}
    assert [
        path for path, text in crawled.texts.items() if on_hold & set(map(str, json_statuses(text)))
    ] == []
    with scopes_disabled():
        shown = editions.item(editions.edition(world.plan), ItemKind.ACTION, world.built.third.pk)
    assert shown.status == Status.NOT_STARTED and OPEN_ROUND_EXPLANATION not in shown.explanation
    # The crawl read the plan: its goal as adopted, the public toelichting, a title as version 2 has it.
    everything = "\n".join(crawled.texts.values())
    assert world.built.goal.title in everything
    assert builders.PUBLIC_TOELICHTING in everything
    assert "We openen een sociale kruidenier met buurtrestaurant." in everything


def test_a_signed_in_user_sees_at_the_public_addresses_what_anyone_sees(world, crawled):
    """The public site never shows more (or less) to someone signed in: the cel, the raad, an eigenaar."""
    for user in (world.cel, world.raad, world.owner):
        client = Client()
        client.force_login(user)
        different = []
        for path, anonymous in crawled.answers.items():
            response = client.get(path)
            text = public_world.text_of(response) if response.status_code == 200 else None
            if response.status_code != anonymous.status_code or without_moments(text) != without_moments(
                crawled.texts.get(path)
            ):
                different.append((path, response.status_code, anonymous.status_code))
        assert different == [], user.username


def test_no_public_address_writes(world, crawled):
    """Every public address refuses POST, PUT, PATCH and DELETE (405, or 403 for a missing CSRF token)
    and the database is unchanged, for anyone and for a signed-in user."""
    signed_in = Client()
    signed_in.force_login(world.cel)
    before = row_counts()
    wrong = []
    for name, path in one_path_per_name(crawled).items():
        for client, who in (
            (Client(), "anoniem"),
            (Client(enforce_csrf_checks=True), "csrf"),
            (signed_in, "cel"),
        ):
            for method in WRITES:
                status = getattr(client, method)(path, {"title": "Gehackt"}).status_code
                if status not in (405, 403) or (status == 403 and who == "anoniem"):
                    wrong.append((name, who, method, status))
    assert wrong == []
    assert row_counts() == before


def _variants(world, path: str) -> list[str]:
    """The address with an unknown organisation, plan, version or item, a draft's version, and the
    unpublished plan."""
    org, plan = world.organisation.slug, world.plan.slug
    found = []
    if f"/{org}/" in path:
        found.append(path.replace(f"/{org}/", "/bestaat-niet/", 1))
    if f"/{org}/{plan}/" in path:
        found.append(path.replace(f"/{org}/{plan}/", f"/{org}/bestaat-niet/", 1))
        found.append(path.replace(f"/{org}/{plan}/", f"/{org}/{UNPUBLISHED_SLUG}/", 1))
    for number in (1, 2, 3):
        if f"/v{number}/" in path:
            found.append(path.replace(f"/v{number}/", f"/v{world.draft.number}/", 1))  # in ontwerp
            found.append(path.replace(f"/v{number}/", "/v99/", 1))
    route, _, query = path.partition("?")
    parts = route.split("/")
    for index, part in enumerate(parts):
        if part.isdigit():
            changed = [*parts[:index], "987654", *parts[index + 1 :]]
            found.append("/".join(changed) + (f"?{query}" if query else ""))
    return found


def test_unknown_unpublished_or_draft_addresses_are_not_found_without_a_trace(world, crawled):
    client, wrong = Client(), []
    for path in one_path_per_name(crawled).values():
        for variant in _variants(world, path):
            response = client.get(variant)
            text = public_world.text_of(response)
            if response.status_code != 404 or any(trace in text for trace in TRACES):
                wrong.append((variant, response.status_code))
    assert wrong == []
    # The unpublished plan's own pages, named directly.
    org = world.organisation.slug
    for path in (
        reverse("public:plan", kwargs={"organisation": org, "plan": UNPUBLISHED_SLUG}),
        reverse("public:plan_version", kwargs={"organisation": org, "plan": UNPUBLISHED_SLUG, "version": 1}),
    ):
        assert client.get(path).status_code == 404


def test_no_public_page_may_be_framed_but_the_widgets(world, crawled):
    framed = [
        (path, response.get("X-Frame-Options"))
        for path, response in crawled.answers.items()
        if response.status_code == 200
        and "widget" not in (crawled.names[path] or "")
        and response.get("X-Frame-Options") != "DENY"
    ]
    assert framed == []
    widgets = [
        path
        for path, response in crawled.answers.items()
        if response.status_code == 200 and "widget" in (crawled.names[path] or "")
    ]
    assert widgets or not any("widget" in name for name in public_names())
    assert [path for path in widgets if crawled.answers[path].get("X-Frame-Options") == "DENY"] == []


def _raad_texts(world, client: Client, number: int, round) -> str:
    slug = world.plan.slug
    with scopes_disabled():
        action_plans = list(
            VersionItem.objects.filter(
                version__plan=world.plan, version__number=number, kind=ItemKind.ACTION_PLAN
            ).values_list("number", flat=True)
        )
    paths = [
        reverse("versions:version", args=[slug, number]),
        reverse("versions:version_indicators", args=[slug, number]),
        *(reverse("versions:version_action_plan", args=[slug, number, each]) for each in action_plans),
    ]
    if round is not None:
        paths.append(reverse("reporting:report", args=[slug, round.pk]))
    texts = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        texts.append(public_world.text_of(response))
    return "\n".join(texts)


def test_what_the_public_reads_of_an_item_the_raad_reads_too(world):
    """Per adopted version: each public item's title is on the raad's pages of that version or in the
    verslag of the rapportering shown with it; its public toelichting is in that verslag; its status is
    the frozen row's of that rapportering or, without one, the version's."""
    raad = Client()
    raad.force_login(world.raad)
    missing = []
    for number in (1, 2, 3):
        with scopes_disabled():
            edition = editions.edition(world.plan, number)
            frozen = (
                {(row.kind, row.item_id): row for row in FrozenItem.objects.filter(round=edition.round)}
                if edition.round
                else {}
            )
            held = {
                (row.kind, row.item_id): row for row in VersionItem.objects.filter(version=edition.version)
            }
            shown = [
                item
                for kind in (ItemKind.GOAL, ItemKind.ACTION_PLAN, ItemKind.ACTION, ItemKind.PROJECT)
                for item in editions.items(edition, editions.rows(edition, kind))
            ]
        texts = _raad_texts(world, raad, number, edition.round)
        assert shown
        for item in shown:
            if item.title not in texts:
                missing.append((number, item.kind, item.number, "titel", item.title))
            if item.explanation and item.explanation not in texts:
                missing.append((number, item.kind, item.number, "toelichting", item.explanation))
            row = frozen.get((item.kind, item.id)) or held[(item.kind, item.id)]
            if item.status != row.status:
                missing.append((number, item.kind, item.number, "status", item.status))
    assert missing == []
