"""Issue 18's journey: two organisations on one installation. Each one's users see only their own plan
(another's address is "niet gevonden"); someone in both switches by keyboard and acts with the role
they have there; the platform beheerder sees both and switches between them; an account without
organisation gets a page that says so. The pages new to this journey are checked with axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from core.roles import CEL, COUNCIL
from demo.plans import VOORBEELDGEMEENTE
from organisations.membership import add_member
from organisations.models import Organisation
from tests.browser.test_accessibility import BLOCKING, DESKTOP, check_page, summarise
from tests.factories import ActionPlanFactory, PlanFactory

pytestmark = pytest.mark.browser

TURNHOUT_PLAN = "turnhout-2014-2019"
THEIR_PLAN = "Meerjarenplan 2026–2031 van Voorbeeldgemeente"
THEIR_ACTIEPLAN = "We openen een buurthuis in elke deelgemeente."


@pytest.fixture
def elsewhere(demo):
    """Voorbeeldgemeente's own plan, with an actieplan whose title appears nowhere in Turnhout."""
    organisation = Organisation.objects.get(slug=VOORBEELDGEMEENTE)
    plan = PlanFactory(
        name=THEIR_PLAN, slug="vg-2026", organisation=organisation, start_year=2026, end_year=2031
    )
    ActionPlanFactory(plan=plan, number="1.1", title=THEIR_ACTIEPLAN)
    return plan


def test_each_organisation_sees_only_its_own_and_a_member_of_both_switches(
    elsewhere, open_page, live_server, screenshot
):
    url = live_server.url
    # Voorbeeldgemeente's cel lands on its one plan; Turnhout's plan is not found, and says nothing of it.
    page = open_page("vg-cel")
    expect(page.get_by_text(THEIR_ACTIEPLAN)).to_be_visible()
    expect(page.locator(".user-box")).to_contain_text("Voorbeeldgemeente (fictief)")
    response = page.goto(f"{url}/plannen/{TURNHOUT_PLAN}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Niet gevonden")).to_be_visible()
    assert "Strategisch plan 2014–2019" not in page.content()

    # Turnhout's cel: the other's plan is not found; a search in Turnhout's plan finds nothing of it.
    page = open_page("cel")
    assert page.goto(f"{url}/plannen/vg-2026/").status == 404
    page.goto(f"{url}/plannen/{TURNHOUT_PLAN}/zoeken/?q=buurthuis")
    assert THEIR_ACTIEPLAN not in page.content() and THEIR_PLAN not in page.content()

    # Someone in both: cel in Turnhout, raad in Voorbeeldgemeente. The switch works by keyboard.
    both = get_user_model().objects.create_user("beide", password="turnhout2017", first_name="Bea")
    add_member(both, Organisation.objects.get(slug="ocmw-turnhout"), CEL)
    add_member(both, elsewhere.organisation, COUNCIL)
    page = open_page("beide")
    choice = page.get_by_label("Organisatie")
    choice.focus()
    choice.select_option(label="Voorbeeldgemeente (fictief)")
    page.get_by_role("button", name="Wisselen").press("Enter")
    expect(page.get_by_text(THEIR_ACTIEPLAN)).to_be_visible()
    expect(page.get_by_label("Organisatie")).to_have_value(str(elsewhere.organisation_id))
    # There Bea is raad: she reads, and no status can be changed.
    page.goto(f"{url}/plannen/vg-2026/actieplannen/1.1/")
    expect(page.get_by_text(THEIR_ACTIEPLAN).first).to_be_visible()
    assert page.locator("select[name=status]").count() == 0
    axe, axe_report = Axe(), {}
    problems = check_page(
        page,
        role="lid van twee",
        name="organisatie-wisselen",
        url=f"{url}/plannen/vg-2026/",
        axe=axe,
        axe_report=axe_report,
        screenshot=screenshot,
    )
    # A link to a Turnhout page opens it in Turnhout, where she is cel: the status lists are there.
    page.goto(f"{url}/plannen/{TURNHOUT_PLAN}/actieplannen/120/")
    assert page.locator("select[name=status]").count() > 0

    # The platform beheerder sees both organisations' plans, each under its organisation.
    page = open_page("beheerder", lands_on="/")
    expect(page.get_by_role("heading", name="OCMW Turnhout")).to_be_visible()
    expect(page.get_by_role("heading", name="Voorbeeldgemeente (fictief)")).to_be_visible()
    expect(page.get_by_role("link", name=THEIR_PLAN)).to_be_visible()
    problems += check_page(
        page, role="platformbeheerder", name="alle-organisaties", url=f"{url}/", axe=axe,
        axe_report=axe_report, screenshot=screenshot,
    )  # fmt: skip
    page.set_viewport_size(DESKTOP)  # check_page leaves it at phone size, where the menu is folded
    # Switched to Voorbeeldgemeente, the switch still offers Turnhout: straight there, not via "alle".
    page.get_by_label("Organisatie").select_option(label="Voorbeeldgemeente (fictief)")
    page.get_by_role("button", name="Wisselen").click()
    expect(page.get_by_role("link", name=THEIR_PLAN)).to_be_visible()
    expect(page.get_by_role("link", name="Strategisch plan 2014–2019")).to_have_count(0)
    offered = page.get_by_label("Organisatie").locator("option").all_inner_texts()
    assert offered == ["alle organisaties", "OCMW Turnhout", "Voorbeeldgemeente (fictief)"]
    page.get_by_label("Organisatie").select_option(label="OCMW Turnhout")
    page.get_by_role("button", name="Wisselen").click()
    turnhout = Organisation.objects.get(slug="ocmw-turnhout")
    expect(page.get_by_label("Organisatie")).to_have_value(str(turnhout.pk))
    expect(page.get_by_role("link", name=THEIR_PLAN)).to_have_count(0)

    # An account that no organisation took in yet: a page that says so, and nothing else.
    get_user_model().objects.create_user("nieuw", password="turnhout2017")
    page = open_page("nieuw", lands_on="/")
    expect(page.get_by_role("heading", name="U hoort nog bij geen enkele organisatie")).to_be_visible()
    assert "Strategisch plan" not in page.locator("main").inner_text()
    violations = summarise(Axe().run(page).response["violations"])
    problems += [f"geen organisatie: {v['id']}" for v in violations if v["impact"] in BLOCKING]
    screenshot(page, "geen-organisatie")
    assert problems == []
