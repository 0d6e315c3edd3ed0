"""The nota of a meeting: what it lists (every proposal on that meeting's agenda with its fields and
envelope, nothing else, the decision column empty), in Word, PDF and an Excel list, downloaded by the
cel and the MT only, in a number of queries that does not grow with the agenda."""

import datetime
import io
import logging

import docx
import openpyxl
import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import background
from core.roles import CEL, MANAGEMENT_TEAM, OWNER
from drafting import drafts, envelopes, nota_pdf, steps
from drafting.models import Mandatary, Outcome, Subject
from drafting.nota import build_nota
from drafting.nota_word import build_nota_docx
from drafting.nota_workbook import build_nota_workbook
from tests.drafting.builders import a_draft, an_action_plan, step_named
from tests.factories import default_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_marks_left():
    """The PDF's task marks live in the progress cache, which the tests' cache fixture leaves alone."""
    caches["progress"].clear()
    yield
    caches["progress"].clear()


def nota_url(step, fmt: str) -> str:
    return reverse("drafting:nota", args=[step.draft_id, step.pk, fmt])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


PREVENTION = "We ontwikkelen een preventief gezondheidsbeleid"


def a_meeting(*, count: int = 2, with_envelopes: bool = True, start_year: int = 2020):
    """A draft whose first meeting has ``count`` actieplannen on its agenda (the first the seed's
    Welzijn example, with envelopes), and one more actieplan already on the second meeting's."""
    draft = a_draft(start_year=start_year, end_year=start_year + 5)
    schepen = Mandatary.objects.filter(name="Schepen Peeters").first() or drafts.add_mandatary(
        default_organisation(), name="Schepen Peeters", mandate="welzijn", by=None
    )
    welzijn = draft.chapters.get(name="Welzijn")
    first = an_action_plan(
        draft,
        PREVENTION,
        number="1",
        chapter=welzijn,
        political_contact=schepen,
        partners="LOGO Kempen, gezins- en gezondheidsraad, Orion, Licalab",
        points_of_attention="doelgroep: kwetsbare gezinnen\nwijk: Zuiderkempen",
    )
    if with_envelopes:
        envelopes.set_envelope(first, start_year, operating="250.000", investment="0", by=None)
        envelopes.set_envelope(first, start_year + 1, operating="100.000", investment="50.000", by=None)
    for number in range(2, count + 1):
        an_action_plan(draft, f"Verzonnen actieplan {number}", number=str(number), chapter=welzijn)
    moved = an_action_plan(draft, "Al besproken in de eerste vergadering", number="99")
    first_step = step_named(draft, Subject.ACTION_PLANS, 1)
    steps.decide(moved, first_step, Outcome.AGREED, by=None)
    first_step.refresh_from_db()
    return draft, first_step


def test_the_nota_lists_every_proposal_on_the_agenda_with_its_fields_and_nothing_else():
    draft, step = a_meeting(count=3)
    nota = build_nota(step)
    assert [line.number for line in nota.lines] == ["1", "2", "3"]
    first = nota.lines[0]
    assert first.title == PREVENTION and first.chapter == "Welzijn"
    assert first.contact == "Schepen Peeters (welzijn)"
    assert "Licalab" in first.partners and "Zuiderkempen" in first.points_of_attention
    assert first.total == 400_000 and first.per_year == ((2020, 250_000), (2021, 150_000))
    assert "Totaal € 400.000" in first.envelope_text.replace("\u00a0", " ")
    assert nota.lines[1].envelope_text == "—"
    assert nota.title == f"Nota voor {step.name}" and nota.draft_name == draft.name


def test_the_word_nota_opens_and_shows_the_agenda_with_an_empty_decision_column():
    draft, step = a_meeting(count=3)
    document = docx.Document(io.BytesIO(build_nota_docx(build_nota(step), draft.organisation)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Nota voor {step.name}" in text and draft.name in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][-1] == "Beslissing"
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[0] for row in rows] == ["1", "2", "3"]
    assert rows[0][1] == PREVENTION and rows[0][3] == "Schepen Peeters (welzijn)"
    assert all(row[-1] == "" for row in rows)
    assert "Al besproken" not in text + str(rows)


def test_the_excel_list_has_a_header_row_a_row_per_proposal_and_no_formula():
    _draft, step = a_meeting(count=2)
    proposal = step.proposals.get(number="2")
    drafts.edit_proposal(
        proposal, {"partners": '=HYPERLINK("http://x")', "title": "-min"}, by=None, version=proposal.version
    )
    output = io.BytesIO()
    build_nota_workbook(build_nota(step), output)
    sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:2] == ["Nr.", "Voorstel"] and header[-1] == "Beslissing" and "2020" in header
    assert [row[0] for row in rows[1:]] == ["1", "2"]
    assert rows[1][header.index("Enveloppe totaal")] == 400_000
    assert rows[1][header.index("2021")] == 150_000
    assert all(row[-1] is None for row in rows[1:])
    formula_cell = sheet.cell(row=3, column=header.index("Te betrekken partners") + 1)
    assert formula_cell.data_type == "s" and formula_cell.value.startswith("=HYPERLINK")
    assert sheet.cell(row=3, column=2).data_type == "s" and sheet.cell(row=3, column=2).value == "-min"


@pytest.mark.parametrize("role", [CEL, MANAGEMENT_TEAM])
def test_the_cel_and_the_mt_download_the_nota_in_word_and_as_a_list(client, make_user, role):
    _draft, step = a_meeting(count=2)
    client.force_login(make_user("lezer", role))
    word = client.get(nota_url(step, "docx"))
    assert word.status_code == 200 and word["Content-Type"].startswith("application/vnd.openxml")
    assert "attachment" in word["Content-Disposition"] and ".docx" in word["Content-Disposition"]
    document = docx.Document(io.BytesIO(body(word)))
    assert [row.cells[0].text for row in document.tables[0].rows[1:]] == ["1", "2"]
    listed = client.get(nota_url(step, "xlsx"))
    assert listed.status_code == 200 and ".xlsx" in listed["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(body(listed))).active
    assert sheet.max_row == 3


def test_an_eigenaar_gets_no_nota_and_another_drafts_meeting_is_not_found(client, make_user):
    draft, step = a_meeting(count=1)
    client.force_login(make_user("eigenaar", OWNER))
    assert client.get(nota_url(step, "docx")).status_code == 403
    client.force_login(make_user("cel", CEL))
    other = a_draft(start_year=2032, end_year=2037)
    other_step = step_named(other, Subject.ACTION_PLANS, 1)
    assert client.get(reverse("drafting:nota", args=[draft.pk, other_step.pk, "docx"])).status_code == 404
    assert client.get(nota_url(step, "odt")).status_code == 404


def test_the_query_count_does_not_grow_with_the_agenda(client, make_user):
    client.force_login(make_user("cel", CEL))
    counts = {}
    for size, year in ((2, 2020), (25, 2026)):
        _draft, step = a_meeting(count=size, start_year=year)
        for fmt in ("docx", "xlsx"):
            client.get(nota_url(step, fmt))  # the session's first request reads more
            with CaptureQueriesContext(connection) as captured:
                assert client.get(nota_url(step, fmt)).status_code == 200
            counts[size, fmt] = len(captured)
    assert counts[2, "docx"] == counts[25, "docx"] and counts[2, "xlsx"] == counts[25, "xlsx"]


def test_the_pdf_is_made_by_a_task_and_then_downloaded(client, make_user, queued):
    _draft, step = a_meeting(count=3)
    client.force_login(make_user("cel", CEL))
    response = client.get(nota_url(step, "pdf"))
    assert response.status_code == 202 and response["X-Export-State"] == background.WAITING
    page = response.content.decode()
    assert "De nota als PDF wordt aangemaakt" in page and 'hx-trigger="every 2s"' in page
    polled = client.get(f"{nota_url(step, 'pdf')}?gezien=waiting", headers={"HX-Request": "true"})
    assert polled.status_code == 204  # nothing new to show
    again = client.get(nota_url(step, "pdf"))
    assert again.status_code == 202  # asked once: not enqueued twice
    fingerprint = build_nota(step).fingerprint()
    assert nota_pdf.render_nota_pdf.call(step.pk, fingerprint) == "done"  # a worker of the outputs queue
    ready = client.get(f"{nota_url(step, 'pdf')}?gezien=waiting", headers={"HX-Request": "true"})
    assert ready.status_code == 202 and "data-auto-download" in ready.content.decode()
    download = client.get(nota_url(step, "pdf"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert body(download).startswith(b"%PDF")
    assert nota_pdf.render_nota_pdf.queue_name == background.OUTPUTS_QUEUE


def test_an_edit_asks_for_a_new_pdf_and_an_altered_file_is_never_served(client, make_user, queued, caplog):
    _draft, step = a_meeting(count=1)
    client.force_login(make_user("cel", CEL))
    client.get(nota_url(step, "pdf"))
    nota_pdf.render_nota_pdf.call(step.pk, build_nota(step).fingerprint())
    assert client.get(nota_url(step, "pdf")).status_code == 200
    proposal = step.proposals.get(number="1")
    drafts.edit_proposal(proposal, {"partners": "Nog een partner"}, by=None, version=proposal.version)
    assert client.get(nota_url(step, "pdf")).status_code == 202  # the stored file shows the nota before
    nota_pdf.render_nota_pdf.call(step.pk, build_nota(step).fingerprint())
    stored = nota_pdf.stored_pdf(step, build_nota(step).fingerprint())
    with nota_pdf.storage().open(stored, "wb") as file:
        file.write(b"%PDF altered by hand")
    with caplog.at_level(logging.ERROR, logger="outputs.kept_files"):
        response = client.get(nota_url(step, "pdf"))
    assert response.status_code == 202 and "geweigerd" in caplog.text
    assert not nota_pdf.storage().exists(stored)


def test_a_failed_pdf_says_so_in_dutch_and_may_be_asked_again(client, make_user, queued, monkeypatch, caplog):
    _draft, step = a_meeting(count=1)
    client.force_login(make_user("cel", CEL))
    client.get(nota_url(step, "pdf"))
    monkeypatch.setattr(nota_pdf, "build_nota_pdf", lambda nota: 1 / 0)
    with caplog.at_level(logging.ERROR), pytest.raises(ZeroDivisionError):
        nota_pdf.render_nota_pdf.call(step.pk, build_nota(step).fingerprint())
    page = client.get(nota_url(step, "pdf"))
    text = page.content.decode()
    assert page["X-Export-State"] == background.FAILED and "Mislukt:" in text and "opnieuw=1" in text
    monkeypatch.undo()
    retry = client.get(nota_url(step, "pdf") + "?opnieuw=1")
    assert retry["X-Export-State"] == background.WAITING
    assert nota_pdf.render_nota_pdf.call(step.pk, build_nota(step).fingerprint()) == "done"
    assert client.get(nota_url(step, "pdf")).status_code == 200


def test_where_tasks_run_at_once_the_first_request_already_gets_the_pdf(client, make_user, committed):
    _draft, step = a_meeting(count=1)
    client.force_login(make_user("cel", CEL))
    with committed():
        first = client.get(nota_url(step, "pdf"))
    response = first if first.status_code == 200 else client.get(nota_url(step, "pdf"))
    assert response.status_code == 200 and body(response).startswith(b"%PDF")


def test_the_downloads_include_names_each_format_in_words():
    from django.template.loader import render_to_string

    draft, step = a_meeting(count=1)
    html = render_to_string("drafting/nota/_downloads.html", {"draft": draft, "step": step})
    assert "Nota in Word (.docx)" in html and "Nota als PDF (.pdf)" in html and "Excel-lijst (.xlsx)" in html
    assert nota_url(step, "docx") in html and nota_url(step, "pdf") in html and nota_url(step, "xlsx") in html


def test_the_nota_names_the_meetings_date_and_a_goals_meeting_has_no_envelopes():
    draft, step = a_meeting(count=1)
    steps.rename_step(
        step,
        name="Voorzet Strategie & Beleid",
        meeting_date=datetime.date(2020, 2, 7),
        decider=step.decider,
        by=None,
        version=step.version,
    )
    step.refresh_from_db()
    assert build_nota(step).date_text == "Vergadering van 7 februari 2020"
    goals = step_named(draft, Subject.GOALS, 1)
    nota = build_nota(goals)
    assert nota.lines == () and not nota.has_envelopes
    assert nota.count_text == "Er staan geen voorstellen op de agenda van deze vergadering."
    document = docx.Document(io.BytesIO(build_nota_docx(nota, draft.organisation)))
    assert document.tables == [] and "geen voorstellen" in "\n".join(p.text for p in document.paragraphs)


def test_the_word_nota_is_written_in_the_organisations_house_style():
    from docx.shared import Pt

    from reporting.docx_report import DEFAULT_TEMPLATE
    from reporting.house_style import upload_house_style

    styled = docx.Document(str(DEFAULT_TEMPLATE))
    styled.sections[0].header.paragraphs[0].text = "Stad Voorbeeld · huisstijl"
    styled.styles["Normal"].font.size = Pt(10)
    data = io.BytesIO()
    styled.save(data)
    upload_house_style(
        organisation=default_organisation(), data=data.getvalue(), filename="huisstijl.docx", by=None
    )
    draft, step = a_meeting(count=1)
    document = docx.Document(io.BytesIO(build_nota_docx(build_nota(step), draft.organisation)))
    assert document.sections[0].header.paragraphs[0].text == "Stad Voorbeeld · huisstijl"
    assert document.styles["Normal"].font.size == Pt(10)
