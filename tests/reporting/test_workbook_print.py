"""The demo round's workbook on paper: its page setup read back with openpyxl (fast, everywhere),
then printed once through LibreOffice and read back with pdftotext (slow, where installed; CI has it).
"""

import io
import re
from dataclasses import dataclass

import openpyxl
import pytest
from django.db import transaction

from plans.models import Action, ActionPlan, Status
from plans.status_css import stylesheet
from reporting.columns import ACTION_COLUMNS, PROJECT_COLUMNS, PROPOSAL_COLUMNS, RAAD_COLUMNS, SUMMARY_COLUMNS
from reporting.rounds import round_rows
from reporting.workbook import BOLD_CHARACTERS_PER_WIDTH, CHART_COLOURS, build_workbook, line_count
from rounds.models import ReportingRound
from tests.printing import (
    OUTPUT,
    Page,
    off_the_page,
    office_to_pdf,
    overlaps,
    pages,
    picture_of_first_page,
)
from tests.services import OFFICE, POPPLER

# The session's test database is made only for modules that ask for it; the demo is built in it once.
pytestmark = pytest.mark.django_db

TABS = ["Overzicht raad", "Projecten", "Acties", "Samenvatting", "Wijzigingsvoorstellen"]
A4_LANDSCAPE = (842, 595)  # points, rounded
MAX_PAGES = 15


@dataclass(frozen=True)
class Demo:
    """What the module's tests need of the demo round, read while its rows existed."""

    data: bytes
    plan_name: str
    round_name: str
    action_plans: list[str]  # numbers in plan order
    items: list[str]  # action plans with their actions under them


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Demo:
    """The demo round's workbook, built once for the module; the rows it was built from are
    rolled back at once, so every other test starts from an empty database."""
    from demo.plans import create_demo_users, load_plan_file, load_proposals
    from demo.rounds import load_round

    with django_db_blocker.unblock(), transaction.atomic():
        users = create_demo_users()
        plan, _report = load_plan_file()
        load_proposals(plan, by=users["cel"])
        load_round(plan, by=users["cel"])
        round = ReportingRound.objects.get(plan=plan)
        output = io.BytesIO()
        build_workbook(round_rows(round), output)
        action_plans = list(
            ActionPlan.objects.in_plan(plan).order_by("sort_key").values_list("number", flat=True)
        )
        actions = list(
            Action.objects.in_plan(plan).order_by("sort_key").values_list("action_plan__number", "number")
        )
        items = [n for ap in action_plans for n in [ap, *(a for parent, a in actions if parent == ap)]]
        demo = Demo(output.getvalue(), plan.name, round.name, action_plans, items)
        transaction.set_rollback(True)
    return demo


@pytest.fixture(scope="module")
def book(demo) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(demo.data))


# --- The page setup, read back with openpyxl ------------------------------------------------------


def test_every_tab_prints_a4_landscape_one_page_wide_with_its_header_row_on_every_page(book):
    assert book.sheetnames == TABS
    for sheet in book:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), sheet.title  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert sheet.page_margins.left < 0.75 and sheet.page_margins.top >= 0.5, sheet.title


def test_the_print_area_holds_every_visible_column_and_row_and_not_the_hidden_check(book):
    ends = {sheet.title: sheet.print_area.split(":")[-1].replace("$", "") for sheet in book}
    assert ends["Overzicht raad"] == f"G{book['Overzicht raad'].max_row}"
    assert ends["Projecten"] == f"H{book['Projecten'].max_row}"  # I is Controle
    assert ends["Acties"] == f"N{book['Acties'].max_row}"  # O is Controle
    assert ends["Wijzigingsvoorstellen"] == f"I{book['Wijzigingsvoorstellen'].max_row}"
    assert ends["Samenvatting"].startswith("P")  # the table (A:G), a gap (H) and the chart's (I:P)


def test_every_page_names_plan_tab_and_round_and_counts_the_pages(book, demo):
    for sheet in book:
        assert sheet.oddHeader.left.text == demo.plan_name
        assert sheet.oddHeader.center.text == sheet.title
        assert sheet.oddHeader.right.text == demo.round_name
        assert sheet.oddFooter.right.text == "pagina &P van &N"


def test_the_overzicht_raad_lists_the_plan_in_plan_order_with_status_toelichting_and_proposal(book):
    header, *rows = book["Overzicht raad"].iter_rows(values_only=True)
    assert header == tuple(column.header for column in RAAD_COLUMNS)
    by_number = {row[0]: row for row in rows}
    assert by_number["10.2"][2:4] == ("niet gestart", None)  # the demo's round is the plan's first
    assert by_number["40.1"][6] == "Voorstel te schrappen: acties 40.1 en 40.2."
    assert by_number["90"][5] == "op termijn dienen Stad en OCMW over één gezamenlijk intranet te beschikken."
    assert by_number["60"][4].startswith("Dit actieplan werd destijds")
    sheet = book["Overzicht raad"]
    assert sheet["A2"].font.b and sheet["B2"].font.b  # an actieplan in bold, its actions not
    assert not sheet["A3"].font.b and sheet["A3"].value == "10.2"
    assert not sheet.data_validations.dataValidation  # nothing to fill in here


def test_the_overzicht_raad_holds_every_actieplan_and_action_in_plan_order(book, demo):
    numbers = [row[0] for row in book["Overzicht raad"].iter_rows(min_row=2, values_only=True)]
    assert numbers == demo.items


def test_rows_of_wrapped_text_are_as_tall_as_their_lines(book):
    """At least one 15-point line per 1.3 characters of column width, the most that fits a line."""
    checked = 0
    for sheet in book:
        widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.alignment.wrap_text:
                    lines = len(cell.value) / (widths[cell.column_letter] * 1.3)
                    if lines > 1.2:
                        height = sheet.row_dimensions[cell.row].height
                        assert height and height >= 15 * lines, (sheet.title, cell.coordinate)
                        checked += 1
    assert checked > 50


def test_every_header_word_fits_its_column_in_bold():
    for columns in (RAAD_COLUMNS, PROJECT_COLUMNS, ACTION_COLUMNS, SUMMARY_COLUMNS, PROPOSAL_COLUMNS):
        for column in columns:
            longest = max(len(word) for word in column.header.split())
            assert longest <= column.width * BOLD_CHARACTERS_PER_WIDTH, column.header


def test_line_count_wraps_word_by_word():
    assert line_count("kort", 10) == 1
    assert line_count("een twee drie vier", 10) == 2  # "een twee" | "drie vier"
    assert line_count("a\nb\n\nc", 10) == 4
    assert line_count("x" * 25, 10) == 3  # a word longer than a line is broken
    assert line_count("ab " + "x" * 25, 10) == 4


def test_the_chart_uses_the_apps_status_colours_and_never_shows_loopt_in_red(book):
    css = stylesheet()
    app = {
        status: re.search(rf"--s-{status}:\s*#([0-9a-fA-F]{{6}})", css).group(1).upper() for status in Status
    }
    assert app == CHART_COLOURS
    (chart,) = book["Samenvatting"]._charts
    fills = [str(series.graphicalProperties.solidFill.srgbClr).upper() for series in chart.series]
    assert fills == [app[status] for status in Status.values]
    red, green, blue = (int(app[Status.IN_PROGRESS][i : i + 2], 16) for i in (0, 2, 4))
    assert red < max(green, blue)  # "loopt" is not red


# --- Printed through LibreOffice, read back with pdftotext -----------------------------------------


class Sheet(Page):
    """A printed page of the workbook, which knows the tab it shows."""

    @property
    def tab(self) -> str:
        """The tab printed on this page, from the page header."""
        top = " ".join(w[4] for w in sorted(self.words, key=lambda w: w[0]) if w[3] < self.words_top() + 1)
        return next(tab for tab in TABS if tab in top)

    def words_top(self) -> float:
        return min(w[3] for w in self.words)

    def text(self) -> str:
        return " ".join(w[4] for w in self.words)


@pytest.fixture(scope="module")
def printed(demo, tmp_path_factory) -> list[Sheet]:
    """The workbook printed to PDF by LibreOffice, once for the module, as pages of word boxes."""
    if OFFICE is None or not POPPLER:
        pytest.skip(
            "LibreOffice (soffice) or pdftotext missing: print checks SKIPPED "
            "(apt-get install libreoffice-calc poppler-utils; CI has them)"
        )
    folder = tmp_path_factory.mktemp("print")
    source = folder / "rapportering.xlsx"
    source.write_bytes(demo.data)
    pdf = office_to_pdf(source, folder)
    if POPPLER:
        picture_of_first_page(pdf, "workbook-page-1")
    return [Sheet(page.width, page.height, page.words) for page in pages(pdf)]


def test_the_demo_workbook_prints_on_at_most_15_a4_landscape_pages(printed):
    assert 5 <= len(printed) <= MAX_PAGES
    for page in printed:
        assert (round(page.width), round(page.height)) == A4_LANDSCAPE


def test_every_tab_starts_with_the_overzicht_raad_and_prints_its_header_row_on_every_page(printed, book):
    tabs = [page.tab for page in printed]
    assert tabs[0] == "Overzicht raad" and sorted(set(tabs), key=TABS.index) == TABS
    assert tabs.count("Samenvatting") == 1  # the table and its chart on one page
    for number, page in enumerate(printed, start=1):
        sheet = book[page.tab]
        headers = [c.value for c in sheet[1] if not sheet.column_dimensions[c.column_letter].hidden]
        header_words = {word for header in headers for word in header.split()}
        below_page_header = sorted(w[1] for w in page.words if w[1] > page.words_top() + 2)[0]
        first_lines = {w[4] for w in page.words if w[1] < below_page_header + 40}
        assert header_words <= first_lines, f"page {number} ({page.tab}) lacks {header_words - first_lines}"


def test_the_chart_prints_whole_on_the_summary_page(printed):
    (page,) = [page for page in printed if page.tab == "Samenvatting"]
    text = page.text()
    assert "Acties per status per actieplan" in text  # its title, at the top
    assert "Aantal acties" in text  # its axis title, near the bottom


def test_no_word_passes_the_edge_of_the_paper(printed):
    off = {number: [w[4] for w in off_the_page(page)] for number, page in enumerate(printed, start=1)}
    assert {number: words for number, words in off.items() if words} == {}


def test_no_two_words_are_printed_over_each_other(printed):
    """Word boxes of neighbouring lines touch (a box is a bit taller than the line pitch); words
    printed over each other share far more than that."""
    for number, page in enumerate(printed, start=1):
        found = overlaps(page.words, line_share=0.25)
        assert found == [], f"page {number} ({page.tab}): printed over each other: {found}"


def test_every_word_of_the_overzicht_raad_is_printed(printed, book):
    """Every word of the tab is on paper; one broken over two lines (after a hyphen or a slash, as
    LibreOffice does) is there in pieces."""
    printed_words = {w[4] for page in printed if page.tab == "Overzicht raad" for w in page.words}
    missing = set()
    for row in book["Overzicht raad"].iter_rows(values_only=True):
        for word in (word for value in row if value for word in str(value).split()):
            if word in printed_words:
                continue
            pieces = [piece for piece in re.split(r"(?<=[-/])", word) if piece]
            if not all(any(piece in printed for printed in printed_words) for piece in pieces):
                missing.add(word)
    assert missing == set()


def test_every_actieplan_of_the_demo_is_printed_in_plan_order(printed, demo):
    """Read down the Nr. column of the Overzicht raad pages: the actieplannen, in plan order."""
    numbers = []
    for page in printed:
        if page.tab != "Overzicht raad":
            continue
        header = next(w for w in page.words if w[4] == "Nr.")
        title_x = next(w[0] for w in page.words if w[4] == "Titel")
        footer_y = next(w[1] for w in page.words if w[4] == "pagina")
        column = sorted((w[1], w[4]) for w in page.words if w[2] < title_x and header[3] < w[1] < footer_y)
        numbers += [text for _y, text in column]
    assert all(re.fullmatch(r"\d+(\.\d+)?", number) for number in numbers), numbers
    assert [n for n in numbers if "." not in n] == demo.action_plans
    assert numbers == demo.items


def test_a_screenshot_of_the_first_page_is_kept(printed):
    shot = OUTPUT / "workbook-page-1.png"
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_the_overlap_check_sees_words_over_each_other_and_lets_neighbours_touch():
    word, over_it, beside_it, below_it = (
        (10, 10, 40, 20, "loopt"),
        (30, 12, 60, 22, "afgewerkt"),
        (40.3, 10, 70, 20, "regulier"),
        (10, 19.5, 40, 29.5, "on hold"),
    )
    assert overlaps([word, over_it]) == [("loopt", "afgewerkt")]
    assert overlaps([word, beside_it, below_it], line_share=0.25) == []
