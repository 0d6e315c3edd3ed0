"""An eigenaar in a real browser: edits their own rows, reads the others, and sees every refusal in
the row (on hold without a toelichting; an item that was given to someone else meanwhile)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from core import changes
from core.roles import OWNER
from organisations.membership import add_member
from plans.models import Action, ActionPlan, Department, Status
from tests.factories import default_organisation

pytestmark = pytest.mark.browser

PLAN = "turnhout-2014-2019"
PASSWORD = "welzijn-2017"


@pytest.fixture
def eigenaar(demo):
    """A member of Dienst welzijn, which owns actieplan 40 (and so its acties)."""
    user = get_user_model().objects.create_user("els", password=PASSWORD, first_name="Els")
    add_member(user, default_organisation(), OWNER)
    department = changes.save(Department(organisation=default_organisation(), name="Dienst welzijn"), by=None)
    department.members.add(user)
    action_plan = ActionPlan.objects.get(number="40")
    changes.update(action_plan, {"department": department}, by=None, version=action_plan.version)
    return user


def test_an_eigenaar_updates_their_rows_and_reads_the_others(eigenaar, open_page, live_server, screenshot):
    page = open_page("els", PASSWORD, lands_on="/mijn-acties/")
    # From Mijn acties to the plan through the menu, as an eigenaar finds it (no address typed).
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Overzicht").click()
    page.wait_for_url(f"**/plannen/{PLAN}/")
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht")
    ).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Mijn acties").click()
    page.wait_for_url("**/mijn-acties/")
    page.goto(f"{live_server.url}/plannen/{PLAN}/actieplannen/40/")
    row = page.locator("form.item-row", has_text="40.1")
    expect(row).to_contain_text("eigenaar: Dienst welzijn")
    row.locator("textarea").fill("")
    row.locator("select").select_option(Status.ON_HOLD)
    page.keyboard.press("Tab")
    expect(row.locator("output .error")).to_contain_text("on hold heeft een toelichting nodig")
    action = Action.objects.get(number="40.1")
    assert action.status != Status.ON_HOLD
    row.locator("textarea").fill("Wacht op de nieuwe subsidie.")
    page.keyboard.press("Tab")
    expect(row.locator("output")).to_contain_text("opgeslagen om")
    action.refresh_from_db()
    assert (action.status, action.explanation) == (Status.ON_HOLD, "Wacht op de nieuwe subsidie.")
    screenshot(page, "eigenaar-actieplan-40")

    page.goto(f"{live_server.url}/plannen/{PLAN}/actieplannen/10/")
    expect(page.locator("form.item-row select")).to_have_count(0)
    expect(page.locator("form.item-row").first).to_contain_text("U kan enkel uw eigen items bijwerken.")


def test_an_item_given_to_someone_else_meanwhile_is_refused_in_its_row(eigenaar, open_page, live_server):
    page = open_page("els", PASSWORD, lands_on="/mijn-acties/")
    page.goto(f"{live_server.url}/plannen/{PLAN}/actieplannen/40/")
    row = page.locator("form.item-row", has_text="40.1")
    expect(row.locator("select")).to_be_visible()
    action_plan = ActionPlan.objects.get(number="40")
    other = changes.save(Department(organisation=default_organisation(), name="Dienst wonen"), by=None)
    changes.update(action_plan, {"department": other}, by=None, version=action_plan.version)
    row.locator("select").select_option(Status.COMPLETED)
    page.keyboard.press("Tab")
    expect(row.locator("output .error")).to_contain_text("U kan enkel uw eigen items bijwerken")
    assert Action.objects.get(number="40.1").status != Status.COMPLETED
