import pytest
from django.core.cache import cache
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
        user = django_user_model.objects.create_user(
            username=username,
            password="geheim-wachtwoord",
            is_staff=role in (None, CEL, ADMINISTRATOR),
            is_superuser=role is None,
        )
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


@pytest.fixture
def users(db):
    """The demo users by username: cel, mt, raad, beheerder."""
    from demo.plans import create_demo_users

    return create_demo_users()


@pytest.fixture
def plan(users):
    """The Turnhout demo plan with the rapportering's 16 proposals, submitted by the cel."""
    from demo.plans import load_plan_file, load_proposals

    plan, _report = load_plan_file()
    load_proposals(plan, by=users["cel"])
    return plan


def pytest_report_header(config) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"database: {engine}, cache: {cache_backend}"


def uses_redis() -> bool:
    from django.conf import settings

    return settings.CACHES["default"]["BACKEND"].endswith(".RedisCache")


def pytest_runtest_setup(item) -> None:
    if item.get_closest_marker("redis") and not uses_redis():
        pytest.skip("needs Redis: run with CACHE_URL=redis://… (make test-redis starts a throwaway one)")


@pytest.fixture
def role_groups(transactional_db):
    """For tests that commit: a transactional test empties every table when it ends, the role
    groups of the data migration included, so they are made again here."""
    from django.apps import apps

    from core.roles import sync_role_groups

    sync_role_groups(apps)
