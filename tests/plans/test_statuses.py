"""A status is declared once (plans/statuses.py): every output reads its name, colours and meaning
there, so adding a status is one entry. Each test walks the declaration, not a list of its own."""

import datetime
import io
import re
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from plans.counts import StatusCounts
from plans.delays import is_delayed
from plans.editing import check_on_hold
from plans.models import Action, LifeCycle, Status
from plans.status_css import stylesheet
from plans.statuses import DONE, STATUSES
from reporting.docx_report import build_docx
from reporting.pdf import report_html
from reporting.report import build_report
from reporting.rounds import open_round, round_rows
from reporting.workbook import build_workbook
from tests.factories import ActionFactory, ActionPlanFactory, PlanFactory

BLACK = "000000"


def contrast(one: str, other: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted([luminance(one), luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture
def round_with_every_status(db):
    """Two actieplannen (the workbook draws its chart from two on), an actie in every status."""
    plan = PlanFactory()
    first, second = ActionPlanFactory(plan=plan), ActionPlanFactory(plan=plan)
    for status in STATUSES:
        ActionFactory(action_plan=first, status=status.value, explanation="Zo staat het.")
    ActionFactory(action_plan=second)
    return open_round(plan=plan, name="Rapportering juni 2021", date=datetime.date(2021, 6, 30))


def test_every_status_s_text_meets_wcag_aa_on_its_colour_and_its_tint():
    for status in STATUSES:
        assert contrast(status.colour, status.ink) >= 4.5, status.value
        assert contrast(status.tint, BLACK) >= 4.5, status.value


def test_the_status_field_offers_exactly_the_declared_statuses_in_their_order():
    assert Status.choices == [(status.value, status.label) for status in STATUSES]
    assert Action._meta.get_field("status").choices == Status.choices
    assert Status.NOT_STARTED == "not_started" and Status.ON_HOLD.label == "on hold"


def test_done_is_what_the_declaration_calls_completed_for_counts_and_vertraagd():
    assert set(DONE) == {status.value for status in STATUSES if status.is_completed}
    assert set(DONE) == {Status.COMPLETED, Status.REGULAR}
    counts = StatusCounts(dict.fromkeys(Status.values, 1))
    assert counts.done_share == pytest.approx(100 * len(DONE) / len(STATUSES))
    for status in STATUSES:
        late = SimpleNamespace(end_year=2000, life_cycle=LifeCycle.ACTIVE, status=status.value)
        assert is_delayed(late) is not status.is_completed, status.value


def test_a_status_declared_with_a_message_refuses_entering_it_without_a_toelichting():
    for status in STATUSES:
        if status.unexplained:
            with pytest.raises(ValidationError, match=re.escape(str(status.unexplained))):
                check_on_hold(status=status.value, explanation=" ", previous_status=None)
        check_on_hold(status=status.value, explanation="Omdat.", previous_status=None)


def test_the_screen_stylesheet_colours_every_declared_status_on_chips_bars_legends_and_rows():
    css = stylesheet()
    for status in STATUSES:
        value = status.value
        assert f"--s-{value}: {status.css_colour};" in css
        assert f".status-{value} {{ background: var(--s-{value}); color: {status.css_ink}; }}" in css
        assert f".bar rect.{value} {{ fill: var(--s-{value}); }}" in css
        assert f".legend-{value} {{ --swatch: var(--s-{value}); }}" in css
        assert f'.item-row[data-status="{value}"] {{ border-left-color: var(--s-{value}); }}' in css


def test_the_static_stylesheets_hold_no_second_copy_of_a_status_colour():
    for path in (Path(settings.BASE_DIR) / "static" / "css").glob("*.css"):
        css = path.read_text(encoding="utf-8").lower()
        assert not re.search(r"--s-\w+\s*:", css), path.name
        for status in STATUSES:
            assert status.css_colour not in css, (path.name, status.value)


def test_every_page_links_the_status_stylesheet_which_anyone_may_fetch_and_keep(client):
    page = client.get(reverse("login")).content.decode()
    (address,) = re.findall(r'<link rel="stylesheet" href="([^"]*statussen\.css[^"]*)">', page)
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"] == "text/css; charset=utf-8"
    assert response.content.decode() == stylesheet()
    assert "immutable" in response["Cache-Control"]


def test_the_workbook_offers_colours_and_charts_every_declared_status(round_with_every_status):
    output = io.BytesIO()
    build_workbook(round_rows(round_with_every_status), output)
    book = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
    labels = [str(status.label) for status in STATUSES]
    sheet = book["Acties"]
    (dropdown,) = sheet.data_validations.dataValidation
    assert dropdown.formula1 == '"' + ",".join(labels) + '"'
    fills = {
        rule.formula[0].strip('"'): rule.dxf.fill.bgColor.rgb[-6:]
        for formatting in sheet.conditional_formatting
        for rule in formatting.rules
    }
    assert fills == {str(status.label): status.tint for status in STATUSES}
    (chart,) = book["Samenvatting"]._charts
    assert [str(series.graphicalProperties.solidFill.srgbClr).upper() for series in chart.series] == [
        status.colour for status in STATUSES
    ]
    assert [cell.value for cell in book["Samenvatting"][1]][1 : 1 + len(STATUSES)] == labels


def test_the_word_file_shades_every_declared_status_in_its_colour_and_ink(round_with_every_status):
    document = Document(io.BytesIO(build_docx(build_report(round_with_every_status))))
    summary = next(table for table in document.tables if table.rows[0].cells[0].text == "Soort")
    header = summary.rows[0].cells[1 : 1 + len(STATUSES)]
    assert [cell.text for cell in header] == [str(status.label) for status in STATUSES]
    for cell, status in zip(header, STATUSES, strict=True):
        assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == status.colour
        assert str(cell.paragraphs[0].runs[0].font.color.rgb) == status.ink
    actions = next(table for table in document.tables if table.rows[0].cells[0].text == "Actie")
    shaded = {
        row.cells[2].paragraphs[0].text: row.cells[2]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
        for row in actions.rows[1:]
    }
    assert shaded == {str(status.label): status.colour for status in STATUSES}


def test_the_verslag_and_its_pdf_chart_every_declared_status_in_its_colour(round_with_every_status):
    report = build_report(round_with_every_status)
    legend = report.summary.chart().legend
    assert [(item.label, item.colour) for item in legend] == [
        (str(status.label), status.css_colour) for status in STATUSES
    ]
    html = report_html(report)
    for status in STATUSES:
        assert f'class="status status-{status.value}"' in html
        assert f'fill="{status.css_colour}"' in html
