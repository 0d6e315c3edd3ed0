"""The demo round's Word verslag printed through LibreOffice: no words over each other, every actieplan
in plan order, and a picture of its first page in TEST_OUTPUT_DIR (default test-output/).

LibreOffice runs once for the module: the demo is built inside a transaction that is rolled back (the
function-scoped ``plan`` and ``users`` fixtures cannot serve a module-scoped one).
"""

import re

import pytest
from django.db import transaction

from demo.plans import create_demo_users, load_plan_file, load_proposals
from demo.rounds import load_round
from outputs.models import OutputKind
from plans.models import ActionPlan
from reporting.rendering import render_output
from rounds.models import ReportingRound
from tests.printing import (
    office_to_pdf,
    overlaps,
    pages,
    pdf_text,
    picture_of_first_page,
    printed_text,
)
from tests.services import NEEDS_OFFICE_AND_POPPLER

pytestmark = [
    NEEDS_OFFICE_AND_POPPLER,
    pytest.mark.django_db,  # so that the session sets up the test database the fixture below uses
]
TOLERANCE = 1.0  # points: a word's box may touch its neighbour's, not cover it


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo round's .docx, converted to PDF by LibreOffice once; and the demo's actieplan numbers."""
    folder = tmp_path_factory.mktemp("docx-print")
    with django_db_blocker.unblock(), transaction.atomic():
        users = create_demo_users()
        plan, _report = load_plan_file()
        load_proposals(plan, by=users["cel"])
        load_round(plan, by=users["cel"])
        round = ReportingRound.objects.get(plan=plan)
        (folder / "verslag.docx").write_bytes(render_output(round, OutputKind.DOCX))
        numbers = list(ActionPlan.objects.in_plan(plan).order_by("sort_key").values_list("number", flat=True))
        transaction.set_rollback(True)
    return office_to_pdf(folder / "verslag.docx", folder), numbers


def test_no_two_words_are_printed_over_each_other(printed):
    pdf, _numbers = printed
    printed_pages = pages(pdf)
    assert len(printed_pages) > 5 and sum(len(page.words) for page in printed_pages) > 3000
    problems = {n: overlaps(page.words, tolerance=TOLERANCE) for n, page in enumerate(printed_pages, start=1)}
    assert {number: found for number, found in problems.items() if found} == {}


def test_every_actieplan_is_printed_in_plan_order(printed):
    pdf, numbers = printed
    text = printed_text(pdf)
    body = text[text.index("Wijzigingsvoorstellen") :]  # after the table of contents
    position, missing = 0, []
    for number in numbers:
        found = re.compile(rf"Actieplan {re.escape(number)}:").search(body, position)
        if found is None:
            missing.append(number)
        else:
            position = found.end()
    assert missing == [] and len(numbers) == 42
    assert "Pagina 2 van" in pdf_text(pdf)


def test_a_picture_of_the_first_page_is_kept_for_review(printed):
    pdf, _numbers = printed
    assert picture_of_first_page(pdf, "verslag-docx-pagina").stat().st_size > 5000
