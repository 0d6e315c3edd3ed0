"""The verslag's PDF, printed by the server with WeasyPrint: readable, complete, frozen, reachable."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from demo.rounds import load_round
from plans.models import Action, ActionPlan, Status
from reporting.pdf import build_pdf
from reporting.report import build_report
from rounds.models import ReportingRound
from tests.factories import edit_item
from tests.printing import flowing, overlaps, pages, pdf_text, picture_of_first_page, printed_text
from tests.services import POPPLER

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="pdftotext/pdftoppm not installed (apt-get install poppler-utils): SKIPPED"
)


@pytest.fixture
def demo_round(plan, users):
    load_round(plan, by=users["cel"])
    return ReportingRound.objects.select_related("plan").get(plan=plan)


@pytest.fixture
def demo_pdf(demo_round, tmp_path) -> Path:
    path = tmp_path / "verslag.pdf"
    path.write_bytes(build_pdf(build_report(demo_round)))
    return path


@needs_poppler
def test_the_demo_pdf_prints_no_word_over_another(demo_pdf):
    printed = pages(demo_pdf)
    assert len(printed) > 5
    assert {n: overlaps(page.words) for n, page in enumerate(printed, 1) if overlaps(page.words)} == {}


@needs_poppler
def test_the_demo_pdf_shows_every_actieplan_in_plan_order_with_page_numbers(demo_pdf):
    text = printed_text(demo_pdf)  # whatever the fonts do to line and page breaks
    body = text[text.index("1 Rapportering per actieplan") :]  # after the table of contents
    numbers = [ap.number for ap in ActionPlan.objects.order_by("sort_key")]
    positions = [re.search(rf"Actieplan {re.escape(n)}(?![\d.])", body).start() for n in numbers]
    assert positions == sorted(positions) and len(positions) == 42
    assert flowing("Voorstel te schrappen: acties 40.1 en 40.2.") in text
    assert flowing("linken naar www.zorggroep-orion.be)") in text  # the URL is printed as text
    furniture = flowing(pdf_text(demo_pdf))
    pages = pdf_text(demo_pdf).count("\f")
    assert f"pagina 1 van {pages}" in furniture and f"pagina {pages} van {pages}" in furniture
    assert "Strategisch plan 2014–2019 · Rapportering december 2017" in furniture  # the running header


@needs_poppler
def test_a_screenshot_of_the_first_page_goes_to_the_test_output(demo_pdf):
    assert picture_of_first_page(demo_pdf, "verslag-pdf-pagina-1").stat().st_size > 1000


@needs_poppler
def test_a_closed_rounds_pdf_is_the_same_after_later_edits(demo_round, users, tmp_path):
    first = build_pdf(build_report(demo_round))
    edit_item(
        Action.objects.get(number="10.2"), by=users["cel"], status=Status.COMPLETED, explanation="Later."
    )
    edit_item(ActionPlan.objects.get(number="30"), by=users["cel"], explanation="Een latere toelichting.")
    again = build_pdf(build_report(ReportingRound.objects.select_related("plan").get(pk=demo_round.pk)))
    (tmp_path / "first.pdf").write_bytes(first)
    (tmp_path / "again.pdf").write_bytes(again)
    assert pdf_text(tmp_path / "first.pdf") == pdf_text(tmp_path / "again.pdf")
    assert flowing("Een latere toelichting.") not in printed_text(tmp_path / "again.pdf")
    assert first == again  # the PDF's date is the round's closing moment: even the bytes match


def test_the_pdf_is_downloaded_by_every_role_that_reads_the_verslag(client, demo_round, users):
    url = reverse("reporting:report_pdf", args=[demo_round.plan.slug, demo_round.pk])
    client.force_login(users["raad"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        'attachment; filename="ocmw-turnhout-rapportering-december-2017-verslag.pdf"'
    )
    client.logout()
    assert client.get(url).status_code == 302


def test_the_round_page_and_the_verslag_offer_the_pdf(client, demo_round, users):
    client.force_login(users["raad"])
    url = reverse("reporting:report_pdf", args=[demo_round.plan.slug, demo_round.pk])
    for page in ("reporting:round", "reporting:report"):
        html = client.get(reverse(page, args=[demo_round.plan.slug, demo_round.pk])).content.decode()
        assert f'href="{url}"' in html


def test_export_verslag_writes_the_pdf_and_refuses_what_it_cannot_write(demo_round, tmp_path):
    output = tmp_path / "verslag.pdf"
    call_command("export_verslag", "--plan", demo_round.plan.slug, "-o", str(output), stdout=io.StringIO())
    assert output.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="formaat"):
        call_command("export_verslag", "--plan", demo_round.plan.slug, "-o", str(tmp_path / "v.odt"))
    with pytest.raises(CommandError, match="Geen plan"):
        call_command("export_verslag", "--plan", "onbekend", "-o", str(output))


def test_export_verslag_to_docx_writes_the_word_verslag(demo_round, tmp_path):
    output = tmp_path / "verslag.docx"
    call_command("export_verslag", "--plan", demo_round.plan.slug, "-o", str(output), stdout=io.StringIO())
    assert output.read_bytes().startswith(b"PK")
