"""The cel brings in the realisaties from the finance package, in a real browser."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_cel_uploads_realisaties_sees_the_preview_confirms_and_sees_the_figures(
    demo, open_page, tmp_path, screenshot
):
    file = tmp_path / "realisaties-2017.csv"
    file.write_text(
        "Actie;Jaar;Categorie;Uitgave/Ontvangst;Bedrag\n"
        "10.2;2017;E;U;1.000,00\n"
        "10.2;2017;exploitatie;uitgave;€ 234,56\n"
        "120.2;2017;I;O;500\n",
        encoding="cp1252",
    )
    page = open_page("cel")
    page.goto(page.url.split("/plannen/")[0] + "/plannen/turnhout-2014-2019/rapporteringen/")
    page.get_by_role("link", name="Bedragen importeren").click()
    page.get_by_label("realisatie").check()
    page.get_by_label("Bestand uit het financiële pakket (.xlsx of .csv)").set_input_files(str(file))
    page.get_by_role("button", name="Voorbeeld tonen").click()
    expect(
        page.get_by_role("heading", name="Voorbeeld van realisaties-2017.csv (realisatie)")
    ).to_be_visible()
    expect(
        page.get_by_text("2 lijnen voor actie 10.2, 2017, exploitatie uitgaven samengeteld")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="€ 1.234,56")).to_be_visible()
    screenshot(page, "bedragen-voorbeeld")
    page.get_by_role("button", name="2 bedragen doorvoeren").click()
    expect(page.get_by_text("Ingelezen. realisaties-2017.csv (realisatie)")).to_be_visible()
    table = page.get_by_role("table", name="Bedragen van het plan per jaar: realisatie")
    row = table.get_by_role("row", name="2017")
    expect(row.get_by_role("cell", name="€ 1.234,56")).to_be_visible()
    expect(row.get_by_role("cell", name="€ 500,00")).to_be_visible()
    screenshot(page, "bedragen-ingelezen")


def test_an_upload_waiting_for_the_worker_shows_how_far_it_is_and_then_its_preview(
    demo, open_page, tmp_path, screenshot, queued
):
    """With a real queue the page first says the file is being read, shows the worker's count as
    words and a progress bar (htmx, every two seconds), and then the preview, without a reload."""
    from axe_playwright_python.sync_playwright import Axe
    from django.core.cache import caches

    from core import progress
    from tests.browser.test_accessibility import BLOCKING, summarise
    from uploads import flow
    from uploads.models import PendingImport

    file = tmp_path / "realisaties-2017.csv"
    file.write_text(
        "Actie;Jaar;Categorie;Uitgave/Ontvangst;Bedrag\n10.2;2017;E;U;1.000,00\n", encoding="utf-8"
    )
    page = open_page("cel")
    page.goto(page.url.split("/plannen/")[0] + "/plannen/turnhout-2014-2019/bedragen/import/")
    page.get_by_label("realisatie").check()
    page.get_by_label("Bestand uit het financiële pakket (.xlsx of .csv)").set_input_files(str(file))
    page.get_by_role("button", name="Voorbeeld tonen").click()
    expect(page.get_by_role("status")).to_contain_text("Het bestand wordt gelezen.")

    pending = PendingImport.objects.across_organisations().get()
    caches[progress.CACHE].set(flow.progress_key(pending.pk), progress.Progress("Wordt gelezen", 3200, 10700))
    expect(page.get_by_role("status")).to_contain_text("Wordt gelezen: 3.200 van 10.700 rijen.")
    expect(page.get_by_role("progressbar", name="Wordt gelezen: 3.200 van 10.700 rijen.")).to_be_visible()
    violations = summarise(Axe().run(page).response["violations"])
    assert [v for v in violations if v["impact"] in BLOCKING] == []
    screenshot(page, "opladen-voortgang")

    flow.read_upload.call(pending.pk)  # the worker
    expect(page.get_by_role("button", name="1 bedrag doorvoeren")).to_be_visible()
