import contextlib
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django_scopes import scopes_disabled

from core.roles import ADMINISTRATOR, CEL, COUNCIL, MANAGEMENT_TEAM
from organisations.membership import add_member
from tests.factories import default_organisation
from tests.mail import smtp_server  # noqa: F401  (the test SMTP server, as a fixture for every test)
from tests.services import missing_services, services_required


def pytest_sessionstart(session) -> None:
    missing = missing_services()
    if missing and services_required():
        pytest.exit("REQUIRE_SERVICES=1, but this machine lacks: " + "; ".join(missing), returncode=1)
    elif missing:
        print("\nNOTE: the tests that need these are SKIPPED: " + "; ".join(missing))


@pytest.fixture(autouse=True, scope="session")
def no_scope_in_test_code():
    """Test code reads and builds across organisations; each request still runs in its user's scope
    (the middleware opens it), and tests/security checks that scope."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached fragments are keyed by history ids, which SQLite reuses after a test's rollback."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(django_user_model):
    """A user with the given role in ``organisation`` (default: the tests' own), or the platform
    beheerder (a superuser) for role=None.

    As in the demo, only the beheerders and the cel may enter the admin."""

    def make(username: str, role: str | None, organisation=None) -> object:
        # A demo user kept for the module (``users``) of that name is given the role instead.
        user = django_user_model.objects.filter(username=username).first() or django_user_model(
            username=username
        )
        user.set_password("geheim-wachtwoord")
        user.is_staff, user.is_superuser = role in (None, CEL, ADMINISTRATOR), role is None
        user.save()
        if role:
            add_member(user, organisation or default_organisation(), role)
        return user

    return make


@pytest.fixture
def cel_user(make_user):
    return make_user("cel", CEL)


@pytest.fixture
def mt_user(make_user):
    return make_user("mt", MANAGEMENT_TEAM)


@pytest.fixture
def council_user(make_user):
    return make_user("raad", COUNCIL)


@pytest.fixture
def admin_user(make_user):
    return make_user("beheerder", None)


@contextlib.contextmanager
def kept_for_the_module(django_db_blocker):
    """Data made once for a test module (on each test worker), in a transaction that is rolled back
    when the module ends. Each test runs in a savepoint inside it (pytest-django's ``db``), so what a
    test changes is gone for the next; a test that commits (``transactional_db``) cannot run inside
    it and is refused by ``no_commits_inside_module_data``. Made per test, the demo users and plan
    cost minutes of every CI run."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _demo_users(django_db_setup, django_db_blocker) -> dict[str, int]:
    from demo.plans import create_demo_users

    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            made = {username: user.pk for username, user in create_demo_users().items()}
        yield made


@pytest.fixture(scope="module")
def _turnhout_plan(_demo_users, django_db_blocker) -> int:
    from demo.plans import load_plan_file, load_proposals

    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            plan, _report = load_plan_file()
            # Most tests add indicators, bedragen or prioritaire acties to this world: it has every BBC
            # 2020 feature switched on, as a beheerder does (the demo loads it with none: plans/features.py).
            every_feature = {"uses_priorities": True, "uses_money": True, "uses_indicators": True}
            type(plan).objects.filter(pk=plan.pk).update(**every_feature)
            load_proposals(plan, by=get_user_model().objects.get(pk=_demo_users["cel"]))
            made = plan.pk
        yield made


@pytest.fixture
def users(db, _demo_users):
    """The demo users by username: cel, mt, raad, beheerder, …, read afresh for each test (a test may
    change one; the savepoint undoes it in the database, this undoes it in memory)."""
    found = get_user_model().objects.in_bulk(_demo_users.values())
    return {username: found[pk] for username, pk in _demo_users.items()}


@pytest.fixture
def plan(users, _turnhout_plan):
    """The Turnhout demo plan with the rapportering's 16 proposals, submitted by the cel."""
    from plans.models import Plan

    return Plan.objects.get(pk=_turnhout_plan)


@pytest.fixture(autouse=True)
def no_commits_inside_module_data(request):
    """A test that commits cannot run inside a module's kept data (``kept_for_the_module``): move it
    to a module of its own."""
    from django.db import connection

    marker = request.node.get_closest_marker("django_db")
    commits = bool({"transactional_db", "live_server"} & set(request.fixturenames)) or bool(
        marker and marker.kwargs.get("transaction")
    )
    if commits and connection.in_atomic_block:
        pytest.fail(f"{request.node.nodeid} commits, but its module keeps data in an open transaction")


def pytest_report_header(config) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"database: {engine}, cache: {cache_backend}"


def uses_redis() -> bool:
    from django.conf import settings

    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")  # Django's, or ours forgiving


def pytest_runtest_setup(item) -> None:
    if item.get_closest_marker("redis") and not uses_redis():
        if os.environ.get("CACHE_URL") and services_required():  # the Redis run itself: never a silent skip
            pytest.fail("CACHE_URL names a Redis, but the settings' cache backend is not a Redis cache")
        pytest.skip("needs Redis: run with CACHE_URL=redis://… (make test-redis starts a throwaway one)")


@pytest.fixture
def role_groups(transactional_db):
    """For tests that commit: a transactional test empties every table when it ends, the role
    groups of the data migration included, so they are made again here."""
    from django.apps import apps

    from core.roles import sync_role_groups

    sync_role_groups(apps)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (an e-mail task) when the block ends, as a request's commit does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def queued(settings):
    """A real queue: a task waits until the test runs it by hand (``some_task.call(...)``), as a worker
    would later. The queues are the installation's: a task declares its queue when its module loads."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": settings.TASK_QUEUES}
    }
