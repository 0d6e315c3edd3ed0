"""The demo's draft (Turnhout's SMJP 2020–2025, seed 004) taken to the raad in the browser, through all
four steps: a new actieplan proposed, the MT's meeting, the conclaaf, the clusters and the college,
its envelope, the open scenario applied, the last goal decided, the actieplannen linked to goals, an
actie with a raming, and the adoption that makes it the plan in force."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from drafting.models import Draft, Proposal, Standing, Step, Subject
from plans.models import ActionPlan, Plan
from tests.browser.test_drafting_meetings import settled
from versions.models import PlanVersion

pytestmark = pytest.mark.browser
NEW = "We zetten een energieloket op voor elke inwoner"


def decide(page, proposal: Proposal, outcome: str, remark: str = "") -> None:
    """Record one decision in the meeting's row of ``proposal``."""
    row = page.locator(f"#decide-{proposal.pk}")
    row.get_by_role("radio", name=outcome, exact=True).check()
    if remark:
        row.get_by_label("Opmerking").fill(remark)
    row.get_by_role("button", name=re.compile("Noteren")).click()
    expect(row.get_by_role("status")).to_contain_text(f"Genoteerd: {outcome}")
    settled(row)


def meeting(page, base: str, subject: str, position: int) -> None:
    step = Step.objects.get(
        draft__name__startswith="Strategisch meerjarenplan", subject=subject, position=position
    )
    page.goto(f"{base}/stappen/{step.pk}/")
    expect(page.get_by_role("heading", name=step.name, exact=True)).to_be_visible()


def test_the_demo_draft_goes_through_the_four_steps_to_the_raad(demo, open_page, live_server, screenshot):
    from demo.drafting import DRAFT_NAME, load_draft

    load_draft(demo.organisation, by=get_user_model().objects.get(username="cel"))
    draft = Draft.objects.get(name=DRAFT_NAME)
    base = f"{live_server.url}/ontwerp/{draft.pk}"
    page = open_page("cel")

    # Stap 1: a new actieplan, answering an ambition of Omgeving no actieplan answered yet.
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name="Ambities van het akkoord zonder actieplan")).to_be_visible()
    page.goto(f"{base}/voorstellen/nieuw/")
    page.get_by_label("Titel", exact=True).fill(NEW)
    page.get_by_label("Hoofdstuk").select_option(label="Omgeving")
    page.get_by_label(re.compile("Betaalbaar wonen voor jonge gezinnen")).check()
    page.get_by_label("Te betrekken partners").fill("Energiehuis, woonwinkel")
    page.get_by_role("button", name="Voorstellen").click()
    expect(page.get_by_text("staat op de agenda van “Voorzet Strategie & Beleid”")).to_be_visible()
    new = Proposal.objects.get(title=NEW)
    waiting = Proposal.objects.get(
        draft=draft, title__startswith="We bouwen een nieuw administratief centrum"
    )
    party = Proposal.objects.get(draft=draft, title__startswith="We steunen een jaarlijks feest")
    bike = Proposal.objects.get(draft=draft, title__startswith="We leggen een fietsostrade")

    meeting(page, base, Subject.ACTION_PLANS, 1)
    decide(page, new, "akkoord")
    decide(page, waiting, "niet akkoord", "Past niet in de ruimte van deze legislatuur.")

    # The managementteam records its own meeting.
    mt = open_page("mt")
    meeting(mt, base, Subject.ACTION_PLANS, 2)
    decide(mt, new, "akkoord")
    decide(mt, party, "aangepast", "Eén stadsbreed feest in plaats van een per wijk.")
    screenshot(mt, "journey-ontwerp-mt")

    # The conclaaf, the managers, the clusters and the college; the fietsostrade, uitgesteld on the
    # college before, is now akkoord.
    for position in (3, 4, 5):
        meeting(page, base, Subject.ACTION_PLANS, position)
        decide(page, new, "akkoord")
        decide(page, party, "akkoord")
    meeting(page, base, Subject.ACTION_PLANS, 6)
    decide(page, new, "akkoord")
    decide(page, party, "niet akkoord", "Geen middelen.")
    decide(page, bike, "akkoord")
    page.reload()
    expect(page.get_by_text("Er staat niets meer op de agenda van deze vergadering.")).to_be_visible()
    for proposal, standing in (
        (new, Standing.RETAINED),
        (party, Standing.NOT_RETAINED),
        (bike, Standing.RETAINED),
    ):
        proposal.refresh_from_db()
        assert proposal.standing == standing

    # Stap 2: the new actieplan's envelope, then the open scenario (the park spread) brings 2022 back.
    page.goto(f"{base}/enveloppes/")
    warnings = page.get_by_role("region", name="Past het binnen de ruimte?")
    expect(warnings).to_contain_text("2022 gaat")
    operating = page.locator(f"#operating-{new.pk}-2021")
    operating.fill("50.000")
    operating.press("Tab")
    expect(page.locator(f"#state-ap-{new.pk}")).to_contain_text("bewaard om")
    page.goto(f"{base}/scenarios/")
    page.get_by_role("link", name=re.compile("Stadspark gespreid tot 2025")).click()
    page.get_by_role("link", name="Scenario toepassen…").click()
    page.get_by_role("button", name="Ja, toepassen").click()
    expect(page.get_by_text("is toegepast: de enveloppes zijn bijgewerkt")).to_be_visible()
    page.goto(f"{base}/enveloppes/")
    expect(page.get_by_role("region", name="Past het binnen de ruimte?")).not_to_contain_text("2022 gaat")

    # Stap 3: the climate goal, uitgesteld at the clusters, passes them and the college; every retained
    # actieplan gets a goal.
    climate = Proposal.objects.get(draft=draft, title__startswith="We halveren de CO2-uitstoot")
    for position in (3, 4):
        meeting(page, base, Subject.GOALS, position)
        decide(page, climate, "akkoord")
    page.goto(f"{base}/kader/")
    for title, goal in (
        ("We vernieuwen het stadspark", climate),
        ("We leggen een fietsostrade", climate),
        (NEW, climate),
    ):
        plan = Proposal.objects.get(draft=draft, title__startswith=title)
        page.get_by_label(f"Doelstelling voor {plan.title}").select_option(label=goal.title)
        page.get_by_role("button", name=f"Koppelen {plan.title}").click()
        expect(page.locator("#framework-announce")).to_contain_text(
            f"{plan.title} hangt nu onder {goal.title}."
        )
    expect(page.get_by_text("0 weerhouden actieplannen zonder doelstelling")).to_be_visible()

    # Stap 4: the new actieplan in an actie with a raming.
    page.goto(f"{base}/uitwerking/{new.pk}/")
    form = page.locator("form", has=page.get_by_role("button", name="Toevoegen"))
    form.get_by_label("Titel").fill("Een energieloket in het stadhuis")
    form.get_by_label("Startjaar").fill("2021")
    form.get_by_label("Eindjaar").fill("2023")
    form.get_by_label("Taak van de burgers").fill("Inwoners vragen een renovatieadvies aan.")
    form.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("Raming toevoegen aan Een energieloket in het stadhuis").click()
    estimate = page.locator("details.detailing-add-estimate")
    estimate.get_by_label("Jaar").fill("2021")
    estimate.get_by_label("Categorie").select_option("E")
    estimate.get_by_label("Budgetcode").fill("0390/6130000")
    estimate.get_by_label("Bedrag (EUR)").fill("50.000")
    estimate.get_by_role("button", name="Raming opslaan").click()
    expect(page.locator(".detailing-sum")).to_contain_text("gelijk aan de enveloppe")

    # The raad adopts it: the plan in force, version 1, and the trail back.
    page.get_by_role("navigation", name="Ontwerp").get_by_role("link", name="Vaststelling").click()
    expect(page.get_by_text("Niets staat nog in de weg")).to_be_visible()
    page.get_by_label("Datum van de raadsbeslissing").fill("2019-12-16")
    page.get_by_role("button", name="Vaststellen door de raad").click()
    expect(page.get_by_text("Versie 1: MJP 2020-2025")).to_be_visible()
    screenshot(page, "journey-ontwerp-vastgesteld")
    plan = Plan.objects.get(draft__pk=draft.pk)
    assert (
        ActionPlan.objects.filter(plan=plan).count() == 7
    )  # 5 of the demo, the fietsostrade and the new one
    assert PlanVersion.objects.get(plan=plan).number == 1
    page.get_by_role("link", name=re.compile("Naar het plan")).click()
    expect(page.get_by_text(NEW).first).to_be_visible()
    page.get_by_role("link", name="Hoe dit plan tot stand kwam").click()
    expect(page.get_by_text("De raad stelde dit plan vast op 16 december 2019.")).to_be_visible()
