"""Issue 19's journey: a download that is not stored yet gets a page that says it waits in the queue,
checks every two seconds, and starts the download by itself once a worker has made the file.
A closed round's workbook comes from the file stored when it closed. axe checks the waiting page."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from outputs.models import ExportJob
from reporting import export_jobs
from reporting.rounds import open_round
from rounds.models import ReportingRound
from tests.browser.test_accessibility import BLOCKING, summarise

pytestmark = pytest.mark.browser


def test_a_download_waits_on_a_page_and_then_starts(demo, open_page, live_server, screenshot, queued):
    closed = ReportingRound.objects.get(plan=demo)
    live = open_round(plan=demo, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30))
    page = open_page("cel")

    # The closed round: straight from the stored file.
    page.goto(f"{live_server.url}/plannen/{demo.slug}/rapporteringen/{closed.pk}/")
    with page.expect_download() as stored:
        page.get_by_role("link", name="Excel downloaden").click()
    assert stored.value.suggested_filename == "ocmw-turnhout-rapportering-december-2017.xlsx"

    # The open round: its render waits in the queue until a worker takes it (``queued``).
    page.goto(f"{live_server.url}/plannen/{demo.slug}/rapporteringen/{live.pk}/")
    page.get_by_role("link", name="Excel downloaden").click()
    expect(page.get_by_role("heading", name="Werkboek wordt aangemaakt")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("staat in de wachtrij")
    violations = summarise(Axe().run(page).response["violations"])
    assert [v for v in violations if v["impact"] in BLOCKING] == []
    screenshot(page, "export-wacht")

    # A worker makes it; the page notices and the download starts by itself.
    with page.expect_download() as made:
        export_jobs.render_output.call(str(ExportJob.objects.get().pk))
    assert made.value.suggested_filename == "ocmw-turnhout-rapportering-juni-2018.xlsx"
    expect(page.get_by_role("status")).to_contain_text("Klaar.")
    expect(page.get_by_role("link", name="Download werkboek")).to_be_visible()
    screenshot(page, "export-klaar")
