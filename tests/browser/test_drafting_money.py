"""The reality check and the strategic framework in a real browser: the cel enters the room and the
envelopes of a small draft, sees a year over the room in words, weighs a scenario that spreads one
actieplan and applies it, then links actieplannen to a goal by keyboard and by drag and drop. Axe and
the phone checks of tests/browser/test_accessibility.py on each page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from drafting.models import Envelope, Proposal
from tests.browser.test_accessibility import check_page
from tests.drafting.builders import a_draft, a_goal, retained_action_plan, through_all_steps

pytestmark = pytest.mark.browser


def _small_draft():
    draft = a_draft(start_year=2020, end_year=2022)
    chapter = draft.chapters.order_by("position").first()
    plans = [retained_action_plan(draft, f"Actieplan {n}", chapter=chapter) for n in (1, 2, 3)]
    goal = through_all_steps(a_goal(draft, "We halveren de armoede tegen 2030"))
    return draft, plans, goal


def _type(page, field_id: str, text: str, version_id: str | None = None) -> None:
    field = page.locator(f"#{field_id}")
    field.fill(text)
    field.press("Tab")  # leaving the field saves the row (htmx)
    if version_id:
        expect(page.locator(f"#{version_id}")).not_to_have_value("0")


def test_the_cel_checks_the_money_weighs_a_scenario_and_links_the_framework(
    demo, open_page, live_server, screenshot
):
    draft, plans, goal = _small_draft()
    base = f"{live_server.url}/ontwerp/{draft.pk}"
    page = open_page("cel")
    axe, report, problems = Axe(), {}, []

    def check(name: str, url: str) -> None:
        problems.extend(
            check_page(
                page, role="cel", name=name, url=url, axe=axe, axe_report=report, screenshot=screenshot
            )
        )

    # The room, as finance gives it.
    page.goto(f"{base}/enveloppes/")
    for year, room in ((2020, "400.000"), (2021, "200.000"), (2022, "400.000")):
        page.get_by_role("group", name=str(year)).first.get_by_label("Beschikbare ruimte").fill(room)
    page.get_by_role("button", name="Ruimte bewaren").click()
    expect(page.get_by_text("De beschikbare ruimte is bewaard.")).to_be_visible()

    # The envelopes, saved in place as each field is left.
    first, second = plans[0].pk, plans[1].pk
    for year in (2020, 2021, 2022):
        _type(page, f"operating-{first}-{year}", "150.000", f"version-{first}-{year}")
    _type(page, f"operating-{second}-2021", "100.000", f"version-{second}-2021")
    expect(page.locator(f"#state-ap-{second}")).to_contain_text("bewaard om")
    _type(page, f"investment-{second}-2020", "-5")
    expect(page.locator(f"#state-ap-{second}")).to_contain_text("Een enveloppe is nooit negatief (-5)")
    page.locator(f"#investment-{second}-2020").fill("")
    page.reload()
    warnings = page.get_by_role("region", name="Past het binnen de ruimte?")
    expect(warnings).to_contain_text("2021 gaat € 50.000 over de beschikbare ruimte")
    expect(page.locator("figure.room-chart figcaption")).to_contain_text("2021 (€ 50.000 te veel)")
    check("ontwerp-enveloppes", f"{base}/enveloppes/")

    # A scenario: spread the second actieplan over 2022.
    page.goto(f"{base}/scenarios/")
    page.get_by_label("Naam").fill("Tweede actieplan later")
    page.get_by_role("button", name="Scenario opstellen").click()
    expect(page.get_by_role("heading", name="Scenario “Tweede actieplan later”")).to_be_visible()
    page.get_by_label("Actieplan", exact=True).select_option(label="Actieplan 2")
    page.get_by_label("Spreiden over latere jaren").check()
    page.get_by_label("Vanaf jaar").fill("2022")
    page.get_by_label("Tot en met jaar").fill("2022")
    page.get_by_role("button", name="Keuze toevoegen").click()
    expect(page.get_by_text("Met dit scenario blijft elk jaar binnen de beschikbare ruimte.")).to_be_visible()
    scenario_url = page.url.split("#")[0]
    check("ontwerp-scenarios", f"{base}/scenarios/")
    check("ontwerp-scenario", scenario_url)
    page.goto(scenario_url)
    page.get_by_role("link", name="Scenario toepassen…").click()
    check("ontwerp-scenario-toepassen", page.url)
    page.get_by_role("button", name="Ja, toepassen").click()
    expect(page.get_by_text("is toegepast: de enveloppes zijn bijgewerkt")).to_be_visible()
    assert Envelope.objects.get(proposal=plans[1], year=2022).operating == 100000
    assert Envelope.objects.get(proposal=plans[1], year=2021).operating == 0

    # The framework: two actieplannen by keyboard, one by drag and drop.
    page.goto(f"{base}/kader/")
    announce = page.locator("#framework-announce")
    for plan in plans[:2]:
        select = page.get_by_label(f"Doelstelling voor {plan.title}")
        select.focus()
        select.select_option(label=goal.title)
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name=f"Koppelen {plan.title}")).to_be_focused()
        page.keyboard.press("Enter")
        expect(announce).to_contain_text(f"{plan.title} hangt nu onder {goal.title}.")
        expect(page.locator(f"#card-{plan.pk}")).to_be_focused()
    page.locator(f"#card-{plans[2].pk} .ap-title").drag_to(page.locator(f"#goal-{goal.pk} h3"))
    expect(announce).to_contain_text(f"{plans[2].title} hangt nu onder {goal.title}.")
    expect(page.get_by_text("0 weerhouden actieplannen zonder doelstelling")).to_be_visible()
    assert set(Proposal.objects.filter(pk__in=[p.pk for p in plans]).values_list("goal_id", flat=True)) == {
        goal.pk
    }
    check("ontwerp-kader", f"{base}/kader/")

    # The managementteam reads both pages, without a field to change.
    page = open_page("mt")
    for name, path in (("ontwerp-enveloppes", "enveloppes"), ("ontwerp-kader", "kader")):
        problems += check_page(
            page,
            role="mt",
            name=name,
            url=f"{base}/{path}/",
            axe=axe,
            axe_report=report,
            screenshot=screenshot,
        )
        expect(page.get_by_role("button", name="Koppelen")).to_have_count(0)
        expect(page.get_by_role("button", name="Ruimte bewaren")).to_have_count(0)
    assert problems == []
