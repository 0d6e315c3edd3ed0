"""An actie the December 2017 rapportering names only by its number (120.2, 40.1 …) carries one short,
honest label, "(titel niet vermeld)", beside its number in every output: search, the verslag on screen,
in Word and in PDF, and the workbook."""

from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from demo.rounds import load_round
from outputs.models import OutputKind
from plans.models import Action
from plans.search import search
from reporting.rendering import render_output
from rounds.models import ReportingRound
from tests.printing import printed_text

pytestmark = pytest.mark.django_db

LABEL = "(titel niet vermeld)"
OLD = "niet vermeld in de rapportering"


@pytest.fixture
def demo_round(plan, users):
    load_round(plan, by=users["cel"])
    return ReportingRound.objects.get(plan=plan)


def test_the_demo_stores_the_short_label_for_each_untitled_action(plan):
    untitled = set(Action.objects.in_plan(plan).filter(title=LABEL).values_list("number", flat=True))
    assert {"40.1", "40.2", "120.2", "120.5", "380.8"} <= untitled
    assert not Action.objects.in_plan(plan).filter(title__contains=OLD).exists()
    assert Action.objects.in_plan(plan).get(number="10.2").title == "Interimkantoor voor Stad en OCMW"


def test_search_shows_the_number_and_the_label(client, plan, users):
    hits = [hit for group in search(plan, "120.2").groups for hit in group.hits]
    assert [hit.item.title for hit in hits if hit.item.number == "120.2"] == [LABEL]
    client.force_login(users["cel"])
    page = client.get(reverse("plans:search", args=[plan.slug]), {"q": "120.2"}).content.decode()
    assert LABEL in page and OLD not in page and "Actie 120.2" not in page


def test_the_verslag_on_screen_shows_the_label(client, demo_round, users):
    client.force_login(users["cel"])
    page = client.get(
        reverse("reporting:report", args=[demo_round.plan.slug, demo_round.pk])
    ).content.decode()
    assert LABEL in page and OLD not in page


def test_the_word_verslag_shows_the_number_and_the_label(demo_round):
    document = Document(BytesIO(render_output(demo_round, OutputKind.DOCX)))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert any("120.2" in row and LABEL in row for row in rows)
    texts = [p.text for p in document.paragraphs] + [text for row in rows for text in row]
    assert not any(OLD in text for text in texts)


def test_the_pdf_verslag_shows_the_label(demo_round):
    text = printed_text(render_output(demo_round, OutputKind.PDF))
    assert LABEL in text and OLD not in text


def test_the_workbook_shows_the_label_beside_the_number(demo_round):
    workbook = load_workbook(BytesIO(render_output(demo_round, OutputKind.WORKBOOK)))
    rows = [row for sheet in workbook for row in sheet.iter_rows(values_only=True)]
    assert any("120.2" in row and LABEL in row for row in rows)
    assert not any(OLD in str(cell) for row in rows for cell in row)
