"""The user journeys of the cel and the raad, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from organisations.membership import add_member
from plans.models import Action, ActionPlan, Status
from tests.factories import default_organisation

pytestmark = pytest.mark.browser


PLAN = "turnhout-2014-2019"


def test_cel_sets_every_status_of_actieplan_120_from_the_keyboard(demo, open_page, live_server, screenshot):
    page = open_page("cel")
    expect(page.get_by_role("heading", name="Overzicht van het plan")).to_be_visible()
    screenshot(page, "overzicht")
    page.get_by_role("link", name=re.compile("Samen met de Stad en andere partners realiseren")).click()
    expect(page.get_by_role("heading", name="Actieplan 120")).to_be_visible()

    rows = page.locator("form.item-row")
    assert rows.count() == 5  # actieplan 120 and its actions 120.2 to 120.5
    rows.first.locator("select").focus()
    for index in range(5):
        page.keyboard.press("End")  # the last status: regulier
        page.keyboard.press("Tab")
        page.keyboard.type(f" Stand december: rij {index + 1}.")
        page.keyboard.press("Tab")  # leaves the toelichting: saved
        if index < 4:
            page.keyboard.press("Tab")  # past the box "toelichting is intern"
            page.keyboard.press("Tab")  # past the next row's link to its timeline
    for index in range(5):
        expect(rows.nth(index).locator("output")).to_contain_text("opgeslagen om")
    expect(rows.first.locator("output")).to_contain_text("door Sofie")
    # Each row saves twice (status, then toelichting): once a toelichting is saved, the row's record
    # of what its editor has seen holds the new text.
    for index in range(5):
        expect(rows.nth(index).locator("input[name=seen_explanation]")).to_have_value(
            re.compile(rf"rij {index + 1}\."), timeout=20_000
        )
    screenshot(page, "status-actieplan-120")

    page.reload()
    for index in range(5):
        expect(rows.nth(index).locator("select")).to_have_value(Status.REGULAR)
        expect(rows.nth(index).locator("textarea")).to_contain_text(f"rij {index + 1}.")
    assert set(Action.objects.filter(number__startswith="120.").values_list("status", flat=True)) == {
        Status.REGULAR
    }
    assert ActionPlan.objects.get(number="120").history.first().history_user.username == "cel"

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator("section", has_text="Recent gewijzigd")).to_contain_text("actie 120.5")
    expect(page.locator(".count-row", has_text="Acties").locator("li", has_text="regulier")).to_contain_text(
        "5"
    )
    screenshot(page, "dashboard")

    page.goto(f"{live_server.url}/plannen/{PLAN}/actieplannen/120/")
    rows.nth(1).get_by_role("link").click()
    expect(page.get_by_role("heading", name="Tijdlijn van Actie 120.2")).to_be_visible()
    status_change, text_change = (
        page.locator("ol.timeline > li").nth(1),
        page.locator("ol.timeline > li").first,
    )
    expect(status_change).to_contain_text("Sofie")
    expect(status_change).to_contain_text("loopt → regulier")
    expect(text_change.locator("ins")).to_contain_text("Stand december: rij 2.")
    screenshot(page, "tijdlijn-actie-120.2")


def test_login_page_is_dutch(demo, browser, live_server, screenshot):
    page = browser.new_page()
    page.goto(f"{live_server.url}/plannen/{PLAN}/")
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill("cel")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Voer een juiste gebruikersnaam en wachtwoord in")
    screenshot(page, "aanmelden")
    page.close()


def test_raad_reads_everything_and_finds_no_edit_control(demo, open_page, live_server, screenshot):
    page = open_page("raad")
    expect(page.locator(".role")).to_have_text("raad")
    expect(page.get_by_role("link", name="Beheer", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Statussen").click()
    expect(page.get_by_role("heading", name="Het hele plan")).to_be_visible()
    expect(page.locator("select, textarea, [hx-post]")).to_have_count(0)
    expect(page.locator(".status").first).to_be_visible()
    screenshot(page, "raad-statussen")
    page.get_by_role("link", name="Projecten").click()
    expect(page.get_by_text("NEWTON")).to_be_visible()
    expect(page.locator("form.item-row select, form.item-row textarea")).to_have_count(0)
    screenshot(page, "raad-projecten")


def test_two_cel_members_on_one_item_never_overwrite_each_other(
    demo, open_page, live_server, django_user_model, screenshot
):

    colleague = django_user_model.objects.create_user("an", password="turnhout2017", first_name="An")
    add_member(colleague, default_organisation(), "strategische cel")
    url = f"{live_server.url}/plannen/{PLAN}/actieplannen/400/"
    sofie, an = open_page("cel"), open_page("an")
    sofie.goto(url)
    an.goto(url)
    sofie_row, an_row = sofie.locator("form.item-row").nth(1), an.locator("form.item-row").nth(1)

    sofie_row.locator("textarea").fill("Sofie: het EFQM-model blijft achterliggend kader.")
    sofie_row.locator("textarea").blur()
    expect(sofie_row.locator("output")).to_contain_text("opgeslagen om")

    # An, on the copy loaded before, changes another field: both changes are kept.
    an_row.locator("select").focus()
    an.keyboard.press("Home")  # niet gestart
    an.keyboard.press("Tab")  # settles: saved
    expect(an_row.locator("output")).to_contain_text("Iemand anders wijzigde intussen ook dit item")
    action = Action.objects.get(number="400.1")
    assert (action.status, action.explanation) == (
        Status.NOT_STARTED,
        "Sofie: het EFQM-model blijft achterliggend kader.",
    )

    # An now rewrites the toelichting Sofie changed, without having seen hers: refused.
    an_row.locator("textarea").fill("An: uitrol in 2018.")
    an_row.locator("textarea").blur()
    conflict = an_row.locator(".conflict")
    expect(conflict).to_contain_text("gewijzigd door Sofie")
    expect(conflict).to_contain_text("Sofie: het EFQM-model blijft achterliggend kader.")
    expect(an_row.locator("textarea")).to_have_value("An: uitrol in 2018.")  # nothing lost
    screenshot(an, "conflict")
    assert Action.objects.get(number="400.1").explanation.startswith("Sofie:")

    # Having seen Sofie's text, An chooses to keep theirs.
    conflict.get_by_role("button", name="Mijn versie toch opslaan").click()
    expect(an_row.locator("output")).to_contain_text("opgeslagen om")
    action.refresh_from_db()
    assert (action.status, action.explanation) == (Status.NOT_STARTED, "An: uitrol in 2018.")
    assert [r.history_user.username for r in action.history.all()[:3]] == ["an", "an", "cel"]


def test_a_refused_value_shows_its_message_in_place(demo, open_page, live_server):
    page = open_page("cel")
    page.goto(f"{live_server.url}/plannen/{PLAN}/actieplannen/10/")
    row = page.locator("form.item-row").nth(1)
    # A value no option offers, as a tampered or outdated page would send it.
    row.locator("select").evaluate("s => { s.options[0].value = 'klaar'; }")
    row.locator("select").select_option("klaar")
    expect(row.locator("output .error")).to_contain_text("Onbekende status “klaar”")
    assert Action.objects.get(number="10.2").history.count() == 1


def test_stepping_through_the_statuses_with_the_arrow_keys_is_one_change(demo, open_page, live_server):
    page = open_page("cel")
    page.goto(f"{live_server.url}/plannen/{PLAN}/actieplannen/10/")
    row = page.locator("form.item-row").nth(1)
    action = Action.objects.get(number="10.2")
    before = action.history.count()
    row.locator("select").focus()
    expect(row.locator("select")).to_have_value(Status.NOT_STARTED)
    for expected in (Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED):
        page.keyboard.press("ArrowDown")
        expect(row).to_have_attribute("data-status", expected)  # the colour follows at once
    expect(row.locator("output")).not_to_contain_text("opgeslagen")
    page.keyboard.press("Tab")
    expect(row.locator("output")).to_contain_text("opgeslagen om")
    assert action.history.count() == before + 1
    assert action.history.first().status == Status.COMPLETED

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowUp")  # past on hold (which needs a toelichting) to loopt
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")  # Enter settles too
    expect(row.locator("output")).to_contain_text("opgeslagen om")
    expect(row.locator("input[name=seen_status]")).to_have_value(Status.IN_PROGRESS)
    assert action.history.count() == before + 2


def test_a_toelichting_box_grows_with_its_text_and_counts_what_is_left(demo, open_page, live_server):
    page = open_page("cel")
    page.goto(f"{live_server.url}/plannen/{PLAN}/actieplannen/10/")
    box = page.locator("form.item-row").nth(1).locator("textarea")
    counter = page.locator("form.item-row").nth(1).locator(".chars-left")
    expect(counter).to_have_text(re.compile(r"^nog [\d.]+ van 4\.000 tekens$"))
    short = box.bounding_box()["height"]
    box.fill("Een stand van zaken die over meerdere regels loopt. " * 12)
    expect(counter).to_have_text("nog 3.376 van 4.000 tekens")
    grown = box.bounding_box()["height"]
    assert grown > 2 * short
    # Every line shows: the box is as tall as its text.
    assert box.evaluate("b => b.scrollHeight <= b.clientHeight + 1")
    assert box.get_attribute("aria-describedby").endswith("-left")
