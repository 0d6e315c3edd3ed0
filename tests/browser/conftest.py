"""Real-browser tests: Debian's Chromium driven by Playwright against the live test server.

No browser is downloaded: the tests use the machine's Chromium (CHROMIUM_PATH, default
/usr/bin/chromium) and are skipped, with that reason in the summary, when it is not there.
Screenshots of every page go to TEST_OUTPUT_DIR (default test-output/) for a reviewer.
"""

import os
from pathlib import Path

import pytest

from tests.services import CHROMIUM

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# itself are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
SCREENSHOTS = Path(os.environ.get("TEST_OUTPUT_DIR", "test-output")) / "screenshots"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"browser tests SKIPPED: no Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    """The Turnhout demo and its users. The live server's database is emptied between tests,
    so the role groups of the data migration are made again too."""
    from django.apps import apps

    from core.roles import sync_role_groups
    from demo.plans import create_demo_users, load_plan_file, load_proposals
    from demo.rounds import load_round

    sync_role_groups(apps)
    users = create_demo_users()
    plan, _report = load_plan_file(by=users["cel"])
    # The journeys add indicators, bedragen and prioritaire acties: every BBC 2020 feature switched on,
    # as a beheerder does (the demo loads Turnhout's plan with none: plans/features.py).
    type(plan).objects.filter(pk=plan.pk).update(uses_priorities=True, uses_money=True, uses_indicators=True)
    plan.refresh_from_db()
    load_proposals(plan, by=users["cel"])
    load_round(plan, by=users["cel"])
    return plan


@pytest.fixture
def open_page(browser, live_server):
    """A logged-in page for a demo user: ``open_page("cel")``. Fails the test when the browser
    blocked anything under the Content-Security-Policy."""
    contexts, blocked = [], []

    def open_as(username: str, password: str = "turnhout2017", lands_on: str = "/plannen/**"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                blocked.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        # Generous: a download that renders a PDF took over 10 s on a loaded 2-core machine (CI red).
        page.set_default_timeout(30_000)
        page.goto(f"{live_server.url}/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url(f"{live_server.url}{lands_on}")  # the beheerder stays on the list of plans: "/"
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert blocked == [], "blocked by the Content-Security-Policy"


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take
