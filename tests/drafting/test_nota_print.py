"""The nota of a meeting on paper: the server's PDF (WeasyPrint) and the Word file printed through
LibreOffice. No word passes the edge of the paper, no two words are printed over each other, no word
is broken in the middle, no page is left blank, and every proposal on the agenda is printed.

Made and printed once for the module (LibreOffice starts once), in a transaction that is rolled back,
as in tests/reporting/test_outputs_on_paper.py.
"""

import docx
import pytest
from django.db import transaction

from drafting import drafts, envelopes, steps
from drafting.models import Outcome, Subject
from drafting.nota import build_nota
from drafting.nota_pdf import build_nota_pdf
from drafting.nota_word import build_nota_docx
from tests.drafting.builders import a_draft, an_action_plan, step_named
from tests.factories import default_organisation
from tests.printing import (
    blank_pages,
    broken_words,
    office_to_pdf,
    overlaps,
    pages,
    picture_of_first_page,
    printed_text,
    words_off_the_page,
)
from tests.services import NEEDS_OFFICE_AND_POPPLER

pytestmark = [
    NEEDS_OFFICE_AND_POPPLER,
    pytest.mark.django_db,  # so that the session sets up the test database the fixture below uses
]
COUNT = 24  # three pages and more
TOLERANCE = 1.0  # points: a word's box may touch its neighbour's, not cover it
LONG_PARTNERS = "LOGO Kempen, gezins- en gezondheidsraad, Orion, Licalab, Seniorenadviesraad, Jeugdraad"


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory):
    """The nota of a meeting with COUNT actieplannen (the seed's Welzijn example first, the others
    invented), some with envelopes of six years: the server's PDF, the .docx, LibreOffice's PDF of
    it, and the titles of the proposals."""
    folder = tmp_path_factory.mktemp("nota-print")
    with django_db_blocker.unblock(), transaction.atomic():
        draft = a_draft(chapters=("Welzijn", "Omgeving", "Beleving", "Organisatie"))
        schepen = drafts.add_mandatary(
            default_organisation(), name="Schepen van welzijn, gezondheid en zorg", mandate="schepen", by=None
        )
        chapters = list(draft.chapters.order_by("position"))
        titles = []
        for number in range(1, COUNT + 1):
            title = (
                "We ontwikkelen een preventief gezondheidsbeleid"
                if number == 1
                else f"Verzonnen actieplan {number}: we maken de dienstverlening van het stadskantoor "
                f"toegankelijker voor iedereen in wijk {number}"
            )
            proposal = an_action_plan(
                draft,
                title,
                number=f"{number}",
                chapter=chapters[number % 4],
                political_contact=schepen,
                partners=LONG_PARTNERS,
                points_of_attention="Doelgroep: kwetsbare gezinnen met jonge kinderen.\nWijk: Zuiderkempen.\n"
                "Ambitie verduidelijken: wat bedoelt het akkoord met preventie?",
            )
            if number % 3:
                for year in draft.years:
                    envelopes.set_envelope(
                        proposal, year, operating=f"{number * 125_000}", investment="1.250.000", by=None
                    )
            titles.append(title)
        step = step_named(draft, Subject.ACTION_PLANS, 1)
        elsewhere = an_action_plan(draft, "Dit staat op een andere vergadering", number="99")
        steps.decide(elsewhere, step, Outcome.AGREED, by=None)
        nota = build_nota(step)
        (folder / "nota.pdf").write_bytes(build_nota_pdf(nota))
        (folder / "nota-word.docx").write_bytes(build_nota_docx(nota, draft.organisation))
        transaction.set_rollback(True)
    return {
        "pdf": folder / "nota.pdf",
        "docx": office_to_pdf(folder / "nota-word.docx", folder),  # nota-word.pdf, beside the server's
        "written": folder / "nota-word.docx",
        "titles": titles,
    }


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_no_word_passes_the_edge_of_the_paper_and_no_page_is_blank(printed, kind):
    pdf = printed[kind]
    assert len(pages(pdf)) >= 3
    assert words_off_the_page(pdf) == {}
    assert blank_pages(pdf) == []


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_no_two_words_are_printed_over_each_other(printed, kind):
    problems = {
        n: overlaps(page.words, tolerance=TOLERANCE) for n, page in enumerate(pages(printed[kind]), 1)
    }
    assert {number: found for number, found in problems.items() if found} == {}


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_every_proposal_of_the_agenda_is_printed_and_nothing_else(printed, kind):
    text = printed_text(printed[kind])
    assert all(title in text for title in printed["titles"])
    assert "Dit staat op een andere vergadering" not in text
    assert "Beslissing" in text and "Nota voor Voorzet Strategie & Beleid" in text


def test_no_word_of_the_word_nota_is_broken_in_the_middle(printed):
    document = docx.Document(printed["written"])
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    texts += [p.text for section in document.sections for p in section.header.paragraphs]
    written = {word for text in texts for word in text.split()}
    found = {
        number: broken
        for number, page in enumerate(pages(printed["docx"]), start=1)
        if (broken := broken_words(page.words, written))
    }
    assert len(written) > 100 and found == {}


def test_a_picture_of_the_first_page_is_kept_for_review(printed):
    assert picture_of_first_page(printed["pdf"], "nota-pdf-pagina").stat().st_size > 5000
    assert picture_of_first_page(printed["docx"], "nota-docx-pagina").stat().st_size > 5000
