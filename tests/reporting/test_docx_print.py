"""The demo round's Word verslag printed through LibreOffice: no words over each other, every actieplan
in plan order, and a picture of its first page in TEST_OUTPUT_DIR (default test-output/).

LibreOffice runs once for the module: the demo is built inside a transaction that is rolled back (the
function-scoped ``plan`` and ``users`` fixtures cannot serve a module-scoped one).
"""

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import transaction

from plans.demo import create_demo_users, load_plan_file, load_proposals
from plans.models import ActionPlan
from reporting.demo import load_round
from reporting.docx_report import docx_for_round
from reporting.models import ReportingRound

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.skipif(
        SOFFICE is None or shutil.which("pdftotext") is None,
        reason="LibreOffice (soffice) or poppler-utils (pdftotext) is not installed: apt-get install "
        "libreoffice-writer poppler-utils",
    ),
    pytest.mark.django_db,  # so that the session sets up the test database the fixture below uses
]
OUTPUT = Path(os.environ.get("TEST_OUTPUT_DIR", "test-output"))
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
        (folder / "verslag.docx").write_bytes(docx_for_round(round))
        numbers = list(ActionPlan.objects.in_plan(plan).order_by("sort_key").values_list("number", flat=True))
        transaction.set_rollback(True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "verslag.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / "verslag.pdf", numbers


class _Words(HTMLParser):
    """The word boxes of ``pdftotext -bbox``, per page."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[list[tuple[float, float, float, float, str]]] = []
        self._box = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "page":
            self.pages.append([])
        elif tag == "word":
            values = dict(attrs)
            self._box = tuple(float(values[k]) for k in ("xmin", "ymin", "xmax", "ymax"))

    def handle_data(self, data) -> None:
        if self._box is not None:
            self.pages[-1].append((*self._box, data.strip()))
            self._box = None


def overlaps(words) -> list[tuple[str, str]]:
    found = []
    words = sorted(words, key=lambda w: w[1])
    for i, (x0, y0, x1, y1, text) in enumerate(words):
        for u0, v0, u1, v1, other in words[i + 1 :]:
            if v0 >= y1 - TOLERANCE:
                break
            if min(x1, u1) - max(x0, u0) > TOLERANCE and min(y1, v1) - max(y0, v0) > TOLERANCE:
                found.append((text, other))
    return found


def test_no_two_words_are_printed_over_each_other(printed):
    pdf, _numbers = printed
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True)
    parser = _Words()
    parser.feed(html.stdout)
    assert len(parser.pages) > 5 and sum(len(page) for page in parser.pages) > 3000
    problems = {number: overlaps(page) for number, page in enumerate(parser.pages, start=1)}
    assert {number: found for number, found in problems.items() if found} == {}


def test_every_actieplan_is_printed_in_plan_order(printed):
    pdf, numbers = printed
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    text = " ".join(text.split())
    body = text[text.index("Wijzigingsvoorstellen") :]  # after the table of contents
    position, missing = 0, []
    for number in numbers:
        found = re.compile(rf"Actieplan {re.escape(number)}:").search(body, position)
        if found is None:
            missing.append(number)
        else:
            position = found.end()
    assert missing == [] and len(numbers) == 42
    assert "Pagina 2 van" in text


def test_a_picture_of_the_first_page_is_kept_for_review(printed):
    pdf, _numbers = printed
    OUTPUT.mkdir(parents=True, exist_ok=True)
    prefix = OUTPUT / "verslag-docx-pagina"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)],
        check=True,
    )
    assert prefix.with_suffix(".png").stat().st_size > 5000
