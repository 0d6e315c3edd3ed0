"""Default deny over every URL, the role matrix, and no 500 for foreign or missing objects."""

import dataclasses
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from plans.models import Plan
from reporting import rendering
from tests.conftest import kept_for_the_module
from tests.factories import PlanFactory
from tests.helpers import database_state
from tests.security.role_matrix import MATRIX
from tests.security.world import PUBLIC_NAMESPACES, ROLES, build_world, sample_paths, user_of, walk

METHODS = ("GET", "POST")
# The allow-list: everything else needs a login (and the public site, its downloads and the API: every
# url name of PUBLIC_NAMESPACES; what they show is tested in tests/security/test_public_subset.py).
OPEN_TO_ALL = {"login", "admin:login", "health", "ready", "plans:status_stylesheet"}
LOGIN_PAGES = ("/aanmelden/", "/beheer/login/")
REFUSED = {403, 404, 405}
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
SESSION_TABLE = "django_session"
# Logging out is done, not refused: it leads to a login page and records the time.
LOGS_OUT = {"logout", "admin:logout"}


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(_turnhout_plan, _demo_users, django_db_blocker):
    """The walk's world, built once for the module (``kept_for_the_module``): each request of the
    walk reads it, and what a request changes is rolled back."""
    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            users = {name: get_user_model().objects.get(pk=pk) for name, pk in _demo_users.items()}
            built = build_world(Plan.objects.get(pk=_turnhout_plan), users)
        yield built


@pytest.fixture
def outputs_as_stand_ins(monkeypatch):
    """The matrix is about which answer each role gets. What the workbook, Word file and PDF hold, and
    that every role that may read them downloads them, is tested in tests/reporting; here each output
    is a few bytes, so the walk does not print a verslag for every role."""
    for kind, output in list(rendering.OUTPUTS.items()):
        stand_in = dataclasses.replace(
            output, make=lambda round, entity, kind=kind: f"{kind} {round.pk}".encode()
        )
        monkeypatch.setitem(rendering.OUTPUTS, kind, stand_in)


def request(client: Client, method: str, path: str):
    return client.get(path) if method == "GET" else client.post(path)


def test_every_url_has_a_sample_path_and_a_row_in_the_matrix(world):
    paths = sample_paths(world)
    keys = [key for key, _route in walk()]
    assert [key for key in keys if key not in paths] == [], "URL patterns without a sample path"
    listed = {(key, method) for key in keys for method in METHODS}
    assert sorted(listed - MATRIX.keys()) == [], "URLs missing from tests/security/role_matrix.py"
    assert sorted(MATRIX.keys() - listed) == [], "rows for URLs that no longer exist"


def test_anonymous_users_are_sent_to_login_everywhere_but_the_allow_list(world):
    paths, client, let_through = sample_paths(world), Client(), []
    for key, _route in walk():
        for method in METHODS:
            response = request(client, method, paths[key])
            if key in OPEN_TO_ALL or key.split(":", 1)[0] in PUBLIC_NAMESPACES:
                continue
            sent_to_login = response.status_code == 302 and response["Location"].startswith(LOGIN_PAGES)
            if not sent_to_login:
                let_through.append((key, method, response.status_code))
    assert let_through == []


def writes(queries) -> list[str]:
    """The statements that wrote something other than the session (which every request may renew)."""
    return [
        query["sql"][:120]
        for query in queries
        if WRITE.match(query["sql"]) and SESSION_TABLE not in query["sql"].split("WHERE")[0]
    ]


@pytest.mark.walk
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(world, role, outputs_as_stand_ins):
    """Each role gets exactly the status of the matrix; a refused POST writes nothing."""
    paths, column, user = sample_paths(world), ROLES.index(role), user_of(world, role)
    before = database_state()
    session = None
    if user:
        login = Client()
        login.force_login(user)
        session = login.cookies[settings.SESSION_COOKIE_NAME].value
    differences, written_by_refusal = [], []
    for key, _route in walk():
        for method in METHODS:
            savepoint = transaction.savepoint()  # one of the rows logs out: its session comes back
            client = Client()
            if session:
                client.cookies[settings.SESSION_COOKIE_NAME] = session
            with CaptureQueriesContext(connection) as queries:
                response = request(client, method, paths[key])
            expected = MATRIX[(key, method)][column]
            if response.status_code != expected:
                differences.append((key, method, f"expected {expected}, got {response.status_code}"))
            refused = response.status_code in REFUSED or (
                key not in LOGS_OUT
                and response.status_code == 302
                and response["Location"].startswith(LOGIN_PAGES)
            )
            written = writes(queries) if method == "POST" and refused else []
            if written:
                written_by_refusal.append((key, response.status_code, written))
            transaction.savepoint_rollback(savepoint)
    assert differences == []
    assert written_by_refusal == []
    assert database_state() == before


def _foreign_and_missing(paths: dict, world, other_slug: str) -> list[tuple[str, str]]:
    """Each URL naming a Turnhout object under another plan's slug, and each URL with an id with that
    id replaced by one that does not exist."""
    variants = []
    for key, path in paths.items():
        names_an_object = re.search(r"/\d+/|/actieplannen/", path)
        if f"/plannen/{world.plan.slug}/" in path and names_an_object:
            variants.append((key, path.replace(f"/plannen/{world.plan.slug}/", f"/plannen/{other_slug}/")))
        if re.search(r"/\d+/", path):
            variants.append((key, re.sub(r"/\d+/", "/987654/", path)))
    return variants


@pytest.mark.walk
@pytest.mark.parametrize("role", ["strategische cel", "beheerder"])
def test_objects_of_another_plan_or_missing_give_404_never_500(world, role):
    other = PlanFactory()
    client = Client()
    client.force_login(user_of(world, role))
    wrong = []
    for key, path in _foreign_and_missing(sample_paths(world), world, other.slug):
        for method in METHODS:
            savepoint = transaction.savepoint()
            status = request(client, method, path).status_code
            transaction.savepoint_rollback(savepoint)
            # The admin answers a missing object with a redirect and a message.
            allowed = {403, 404, 405} | ({302} if key.startswith(("admin:", "beheer/")) else set())
            # The platform beheerder acts in no organisation: the public website's management asks to
            # choose one (422) before it reads a plan.
            if key.startswith("publishing:") and role == "beheerder":
                allowed.add(422)
            if status not in allowed:
                wrong.append((key, method, path, status))
    assert wrong == []
