"""The cel drafts AMJP 2027-1 for Voorbeeldgemeente in the browser: one struck actie, one new actieplan,
one priority change and changed ramingen; the MT approves, the cel records the college's akkoord and the
raad's adoption. Axe at desktop and phone width on each page of the aanpassing (a refused form too)."""

import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from plans.models import Action, ActionPlan, Amount, AmountKind, ChangeProposal, LifeCycle, ProposalState
from tests.browser.test_accessibility import BLOCKING, DESKTOP, PHONE, TOO_WIDE, summarise
from tests.versions.test_compare_pages import document_text
from versions.models import PlanVersion, VersionState

pytestmark = pytest.mark.browser
SLUG = "voorbeeldgemeente-2026-2031"


@pytest.fixture
def voorbeeldgemeente(demo):
    """Voorbeeldgemeente's MJP 2026–2031 with its ramingen and its version 1 (adopted 18 December 2025)."""
    from django.contrib.auth import get_user_model

    from demo.rounds import load_bbc_demo

    plan, _report = load_bbc_demo(by=get_user_model().objects.get(username="vg-cel"))
    return plan


def _checked(page, name: str, axe: Axe, screenshot) -> list[str]:
    """Axe at desktop and phone width, and no sideways scrolling at 390 px."""
    problems = []
    for size, label in ((DESKTOP, ""), (PHONE, " (telefoon)")):
        page.set_viewport_size(size)
        for violation in summarise(axe.run(page).response["violations"]):
            if violation["impact"] in BLOCKING:
                problems.append(
                    f"{name}{label} [{violation['impact']}] {violation['id']}: {violation['help']} "
                    + " ".join(violation["targets"][:5])
                )
        screenshot(page, f"a11y-aanpassing-{name}{'-telefoon' if label else ''}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{name}: scrolls sideways at 390 px ({width}): {page.evaluate(TOO_WIDE)}")
    page.set_viewport_size(DESKTOP)
    return problems


def action(number: str) -> Action:
    return Action.objects.get(action_plan__plan__slug=SLUG, number=number)


def _save_and_submit(page) -> None:
    page.get_by_role("button", name="Opslaan en indienen bij het managementteam").click()


def test_the_cel_drafts_amjp_2027_1_the_mt_and_college_decide_and_the_raad_adopts(
    voorbeeldgemeente, open_page, live_server, screenshot
):
    plan = voorbeeldgemeente
    axe, problems = Axe(), []
    versions = f"{live_server.url}/plannen/{SLUG}/versies/"
    page = open_page("vg-cel")

    page.goto(versions)
    problems += _checked(page, "versies", axe, screenshot)
    page.get_by_label("Naam van de aanpassing").fill("AMJP 2027-1")
    page.get_by_role("button", name="Aanpassing starten").click()
    expect(page.get_by_role("heading", name="AMJP 2027-1", exact=True)).to_be_visible()
    aanpassing = page.url
    problems += _checked(page, "leeg", axe, screenshot)

    # One struck actie, through the existing proposal form: it joins the aanpassing by default.
    page.goto(f"{live_server.url}/plannen/{SLUG}/actieplannen/1.1/voorstel/")
    expect(page.get_by_label("In aanpassing AMJP 2027-1")).to_be_checked()
    page.get_by_label("schrappen").check()
    page.get_by_label(re.compile(r"1\.1\.4 We bouwen")).check()
    page.get_by_label("Motivering").fill("De actie is opgenomen in de reguliere werking.")
    _save_and_submit(page)
    expect(page.get_by_text("is opgeslagen")).to_be_visible()

    # One new actieplan.
    page.goto(aanpassing)
    page.get_by_role("link", name="Nieuw actieplan").click()
    problems += _checked(page, "nieuw-actieplan", axe, screenshot)
    page.get_by_label("Doelstelling").select_option(str(plan.goals.get(number="1").pk))
    page.get_by_label("Nummer").fill("1.4")
    page.get_by_label("Titel").fill("We openen een buurthuis in elke deelgemeente.")
    page.get_by_label("Motivering").fill("Een nieuw engagement van het bestuur.")
    _save_and_submit(page)
    expect(
        page.get_by_text("nieuw actieplan 1.4 ‘We openen een buurthuis in elke deelgemeente.’")
    ).to_be_visible()

    # One priority change.
    page.get_by_role("link", name="Prioriteit wijzigen").click()
    problems += _checked(page, "prioriteit", axe, screenshot)
    expect(page.get_by_label("Item")).to_contain_text("1.1.2 We breiden de openingsuren")
    page.get_by_label("Item").select_option(f"actie:{action('1.1.2').pk}")
    page.get_by_label("Motivering").fill("Het avondmoment is een speerpunt geworden.")
    _save_and_submit(page)
    expect(page.get_by_text("Voorstel actie 1.1.2 prioritair te maken.")).to_be_visible()

    # Changed ramingen, in Flemish amounts; a wrong amount first.
    page.get_by_role("link", name="Ramingen wijzigen").click()
    page.get_by_label("Actie").select_option(str(action("1.1.1").pk))
    page.get_by_role("button", name="Ramingen tonen").click()
    expect(page.get_by_label("2027 exploitatie uitgaven")).to_have_value("6.700")
    page.get_by_label("2027 exploitatie uitgaven").fill("zevenduizend")
    page.get_by_label("Motivering").fill("Het sociaal huis opent ook 's avonds.")
    _save_and_submit(page)
    expect(page.get_by_role("alert").filter(has_text="“zevenduizend” is geen bedrag")).to_be_visible()
    problems += _checked(page, "ramingen-geweigerd", axe, screenshot)
    page.get_by_label("2027 exploitatie uitgaven").fill("7.500")
    _save_and_submit(page)
    expect(page.get_by_text("2027, exploitatie uitgaven: € 6.700,00 wordt € 7.500,00.")).to_be_visible()
    problems += _checked(page, "met-voorstellen", axe, screenshot)

    # The MT approves each one.
    mt = open_page("vg-mt")
    mt.goto(aanpassing)
    expect(mt.get_by_role("button", name="Goedkeuren")).to_have_count(4)  # on the aanpassing's page too
    problems += _checked(mt, "managementteam", axe, screenshot)
    mt.get_by_role("link", name="4 voorstellen beoordelen").click()
    for _each in range(4):
        mt.get_by_role("button", name="Goedkeuren").first.click()
        expect(mt.locator(".outcome-ok")).to_have_count(_each + 1)
    assert set(
        ChangeProposal.objects.filter(plan=plan, plan_version__name="AMJP 2027-1").values_list(
            "state", flat=True
        )
    ) == {ProposalState.APPROVED}

    # The cel records the college's akkoord; the adoption page says what stands in the way first.
    page.goto(aanpassing)
    page.get_by_role("link", name="Vaststelling door de raad").click()
    expect(page.get_by_role("heading", name="Wat de vaststelling nog tegenhoudt")).to_be_visible()
    problems += _checked(page, "vaststelling-in-de-weg", axe, screenshot)
    page.goto(aanpassing)
    page.get_by_role("link", name="Akkoord college noteren").click()
    problems += _checked(page, "college", axe, screenshot)
    page.get_by_label("Datum van het college").fill("2026-12-01")
    page.get_by_role("button", name="Akkoord college noteren").click()
    expect(page.get_by_text("Akkoord college genoteerd voor 4 voorstellen.")).to_be_visible()

    # The raad adopts.
    page.get_by_role("link", name="Vaststelling door de raad").click()
    expect(page.get_by_role("heading", name="Wat de vaststelling nog tegenhoudt")).to_have_count(0)
    problems += _checked(page, "vaststelling", axe, screenshot)
    page.get_by_label("Datum raadsbeslissing").fill("2026-12-03")
    page.get_by_label("Gepubliceerd op").fill("2026-12-04")
    page.get_by_role("button", name="Vaststelling door de raad vastleggen").click()
    expect(page.get_by_text("De raad stelde AMJP 2027-1 vast")).to_be_visible()
    problems += _checked(page, "vastgesteld", axe, screenshot)

    version = PlanVersion.objects.get(plan=plan, name="AMJP 2027-1")
    # The demo's plan had its aanpassing AMJP 2026-1 (version 2) already.
    assert version.state == VersionState.ADOPTED and version.number == 3
    assert PlanVersion.objects.get(plan=plan, number=2).state == VersionState.REPLACED
    assert Action.objects.get(action_plan__plan=plan, number="1.1.4").life_cycle == LifeCycle.REMOVED
    assert ActionPlan.objects.get(plan=plan, number="1.4").goal.number == "1"
    assert Action.objects.get(action_plan__plan=plan, number="1.1.2").priority is True
    raming = Amount.objects.get(
        action__action_plan__plan=plan,
        action__number="1.1.1",
        kind=AmountKind.ESTIMATE,
        year=2027,
        category="E",
        direction="uitgave",
    )
    assert raming.amount == Decimal("7500.00")
    page.goto(versions)
    expect(page.get_by_role("row", name=re.compile("AMJP 2027-1"))).to_contain_text("vastgesteld")

    # The compare page shows exactly those changes, and the Word annex lists them.
    page.get_by_role("link", name="vergelijk met vorige (AMJP 2027-1)").click()
    expect(page.get_by_role("heading", name="Wijzigingen")).to_be_visible()
    changes = page.locator("table.compare-changes tbody tr")
    shown = {
        (" ".join(row.locator("th").inner_text().split()), row.locator(".change-label").inner_text())
        for row in changes.all()
    }
    assert shown == {
        ("actie 1.1.4 We bouwen een sociale kaart uit die inwoners zelf raadplegen.", "geschrapt"),
        ("actieplan 1.4 We openen een buurthuis in elke deelgemeente.", "toegevoegd"),
        (
            "actie 1.1.2 We breiden de openingsuren van het sociaal huis uit met een avondmoment. prioritair",
            "prioriteit gewijzigd",
        ),
        ("actie 1.1.1 We brengen alle welzijnsloketten samen in het sociaal huis.", "ramingen gewijzigd"),
    }
    problems += _checked(page, "vergelijking", axe, screenshot)
    with page.expect_download() as download:
        page.get_by_role("link", name="gewijzigde strategische nota in Word").click()
    annex = document_text(download.value.path().read_bytes())
    for expected in ("1.1.4", "1.4", "We openen een buurthuis in elke deelgemeente.", "1.1.2", "1.1.1"):
        assert expected in annex, expected

    # The plan on a date before the adoption is the MJP: 1.1.4 still there, no actieplan 1.4.
    page.goto(f"{live_server.url}/plannen/{SLUG}/?op=2026-12-02")
    expect(page.locator(".as-of-banner")).to_contain_text("AMJP 2026-1")
    expect(page.get_by_text("We openen een buurthuis in elke deelgemeente.")).to_have_count(0)
    page.goto(f"{live_server.url}/plannen/{SLUG}/actieplannen/1.1/?op=2026-12-02")
    expect(page.get_by_text(re.compile(r"1\.1\.4 We bouwen")).first).to_be_visible()
    problems += _checked(page, "op-een-datum", axe, screenshot)
    page.goto(f"{live_server.url}/plannen/{SLUG}/?op=2026-12-03")
    expect(page.locator(".as-of-banner")).to_contain_text("AMJP 2027-1")
    expect(page.get_by_text("We openen een buurthuis in elke deelgemeente.")).to_be_visible()
    assert problems == [], "\n".join(problems)
