"""Every word of every printed verslag stays on the paper: the PDF the server prints (WeasyPrint) and
the Word file printed through LibreOffice, for the three kinds of round: the classic rapportering
(the Turnhout demo), and the opvolgingsrapportering and the doelstellingenrealisatie of the BBC demo
(Voorbeeldgemeente). No page is left blank, and in the Word files no amount or realisatiegraad is
broken over two lines.

Each output is made and printed once for the module (LibreOffice starts once for the three Word
files): the demos are built inside a transaction that is rolled back, as in test_docx_print.py.
"""

import datetime

import docx
import pytest
from django.db import transaction

from demo.plans import create_demo_users, load_plan_file, load_proposals
from demo.rounds import load_bbc_demo, load_round
from outputs.models import OutputKind
from reporting.rendering import render_output
from reporting.rounds import close_round, open_round
from rounds.models import ReportingRound, RoundKind
from tests.printing import (
    blank_pages,
    broken_amounts,
    broken_words,
    offices_to_pdf,
    pages,
    printed_text,
    words_off_the_page,
)
from tests.services import NEEDS_OFFICE_AND_POPPLER

pytestmark = [
    NEEDS_OFFICE_AND_POPPLER,
    pytest.mark.django_db,  # so that the session sets up the test database the fixture below uses
]
ROUNDS = ["rapportering", "opvolgingsrapportering", "doelstellingenrealisatie"]
OUTPUTS = [(round, kind) for round in ROUNDS for kind in (OutputKind.PDF, OutputKind.DOCX)]


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[tuple[str, str], object]:
    """Per (round, output kind), the printed PDF: the server's PDF as it is, the .docx through
    LibreOffice; and per (round, "written") the .docx itself."""
    folder = tmp_path_factory.mktemp("outputs-on-paper")
    made = {}
    with django_db_blocker.unblock(), transaction.atomic():
        users = create_demo_users()
        plan, _report = load_plan_file()
        load_proposals(plan, by=users["cel"])
        load_round(plan, by=users["cel"])
        rounds = {"rapportering": ReportingRound.objects.get(plan=plan)}
        bbc, _report = load_bbc_demo(by=users["cel"])
        rounds["opvolgingsrapportering"] = follow_up = ReportingRound.objects.get(
            plan=bbc, kind=RoundKind.FOLLOW_UP
        )
        for kind in (OutputKind.PDF, OutputKind.DOCX):
            made["opvolgingsrapportering", kind] = render_output(follow_up, kind)
        close_round(follow_up, by=users["cel"])
        rounds["doelstellingenrealisatie"] = open_round(
            plan=bbc,
            name="Jaarrekening 2026",
            date=datetime.date(2027, 3, 31),
            kind=RoundKind.ANNUAL,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
            by=users["cel"],
        )
        for (name, kind), round in [(output, rounds[output[0]]) for output in OUTPUTS]:
            if (name, kind) not in made:
                made[name, kind] = render_output(round, kind)
        transaction.set_rollback(True)
    files = {}
    for (name, kind), data in made.items():
        files[name, kind] = folder / f"{name}-{kind}.{kind}"  # LibreOffice's PDF of the .docx: …-docx.pdf
        files[name, kind].write_bytes(data)
    words = [files[name, OutputKind.DOCX] for name in ROUNDS]
    for name in ROUNDS:
        files[name, "written"] = files[name, OutputKind.DOCX]  # the .docx itself, to read its words
    for name, pdf in zip(ROUNDS, offices_to_pdf(words, folder), strict=True):
        files[name, OutputKind.DOCX] = pdf
    return files


@pytest.mark.parametrize(("round", "kind"), OUTPUTS)
def test_no_word_passes_the_edge_of_the_paper(printed, round, kind):
    pdf = printed[round, kind]
    assert len(pages(pdf)) > 3  # the whole verslag, not an error page
    assert words_off_the_page(pdf) == {}


@pytest.mark.parametrize(("round", "kind"), OUTPUTS)
def test_no_page_is_left_blank(printed, round, kind):
    """A page with nothing but its running header and page number (after a table that fills a page,
    before a new chapter or a section in landscape) is a page the raad turns for nothing."""
    assert blank_pages(printed[round, kind]) == []


@pytest.mark.parametrize("round", ROUNDS[1:])
def test_the_bbc_money_tables_are_printed_whole(printed, round):
    """The realisatiegraad of the ontvangsten, the table's last column, is printed in both files."""
    for kind in (OutputKind.PDF, OutputKind.DOCX):
        text = printed_text(printed[round, kind])
        assert "Graad" in text or "graad" in text
        assert text.count(" %") > 20


def test_the_share_done_is_the_same_figure_in_both_files(printed):
    """8 of the 17 prioritaire acties are afgewerkt or regulier: 47,1 % (rounded, not cut to 47,0 %)."""
    for kind in (OutputKind.PDF, OutputKind.DOCX):
        text = printed_text(printed["doelstellingenrealisatie", kind])
        assert "Totaal 0 8 1 5 3 17 47,1 %" in text


@pytest.mark.parametrize("round", ROUNDS)
def test_no_word_of_the_word_verslag_is_broken_in_the_middle(printed, round):
    """A column too narrow for its longest word breaks it ("Realisat ie", "afgewerk t")."""
    document = docx.Document(printed[round, "written"])
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    texts += [p.text for section in document.sections for p in section.header.paragraphs]
    written = {word for text in texts for word in text.split()}
    found = {
        number: broken
        for number, page in enumerate(pages(printed[round, OutputKind.DOCX]), start=1)
        if (broken := broken_words(page.words, written))
    }
    assert len(written) > 500 and found == {}


@pytest.mark.parametrize("round", ROUNDS)
def test_no_amount_of_the_word_verslag_is_broken_over_two_lines(printed, round):
    found = {
        number: broken
        for number, page in enumerate(pages(printed[round, OutputKind.DOCX]), start=1)
        if (broken := broken_amounts(page.words))
    }
    assert found == {}
