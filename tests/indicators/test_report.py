"""Indicators in the verslag: a chapter with each chart, the value of the round and its track; the
indicators under their goal and actieplan; the same in the PDF and the Word file; frozen once closed."""

import datetime
import zipfile
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from indicators import values
from indicators.chart_png import png
from indicators.charts import chart
from indicators.series import live
from reporting.docx_report import build_docx
from reporting.pdf import build_pdf, report_html
from reporting.report import build_report
from reporting.rounds import close_round, open_round
from tests.indicators.scenes import JUNE, items, poverty, small_plan
from tests.printing import flowing, printed_text
from tests.services import POPPLER

pytestmark = pytest.mark.django_db
LINE = "Indicator Aandeel inwoners onder de armoedegrens: 14,5 % (niet op koers)"


@pytest.fixture
def scene(cel_user):
    plan = small_plan()
    goal, action_plan = items(plan)
    indicator = poverty(plan, by=cel_user, goal=goal, action_plan=action_plan)
    round = open_round(plan=plan, name="Rapportering juni 2026", date=JUNE, by=cel_user)
    return plan, round, indicator


def test_the_verslag_has_a_chapter_per_indicator_and_a_line_under_goal_and_actieplan(scene):
    _plan, round, indicator = scene
    report = build_report(round)
    [part] = report.indicators
    assert part.series.name == indicator.name
    assert part.value_text == "14,5 %" and part.value.note == "Cijfer van de monitor."
    assert part.linked == "doelstelling SD1, actieplan 10"
    assert part.line.track_label == "niet op koers"
    assert [line.text for line in report.goals[0].indicators] == [LINE]
    assert [line.text for line in report.action_plans[0].indicators] == [LINE]


def test_the_verslag_page_shows_the_chart_with_its_table_and_the_track_as_text(scene, client, cel_user):
    plan, round, _indicator = scene
    client.force_login(cel_user)
    html = client.get(reverse("reporting:report", args=[plan.slug, round.pk])).content.decode()
    chapter = html[html.index('id="indicatoren"') :]
    assert "5 Indicatoren" in chapter and 'class="indicator-chart"' in chapter
    assert "Waarde in deze rapportering: 14,5 %" in chapter and "Stand: niet op koers" in chapter
    assert "<caption>Cijfers van “Aandeel inwoners onder de armoedegrens”</caption>" in chapter
    assert html.count(LINE) == 2  # under the goal and under the actieplan
    assert 'cy="68.0"' in chapter  # SVG coordinates are never written the Flemish way


def test_the_print_keeps_a_chart_on_one_page():
    from django.conf import settings

    css = (settings.BASE_DIR / "static/css/report.css").read_text()
    rule = ".report .indicator-chart, .report .indicator-chart svg, .report .chart-table"
    assert f"{rule} {{ break-inside: avoid; }}" in css


def test_the_verslag_reads_indicators_in_a_fixed_number_of_queries(scene, cel_user):
    plan, round, _indicator = scene
    with CaptureQueriesContext(connection) as few:
        build_report(round)
    for number in range(5):
        poverty(plan, by=cel_user, name=f"Indicator {number}")
    with CaptureQueriesContext(connection) as more:
        report = build_report(round)
    assert len(report.indicators) == 6 and len(more) == len(few)


@pytest.mark.skipif(not POPPLER, reason="pdftotext not installed (apt-get install poppler-utils): SKIPPED")
def test_the_pdf_prints_the_indicator_and_its_figures(scene, tmp_path):
    _plan, round, indicator = scene
    path = tmp_path / "verslag.pdf"
    path.write_bytes(build_pdf(build_report(round)))
    text = printed_text(path)
    assert "5 Indicatoren" in text and flowing(indicator.name) in text
    for figure in ("12,0 %", "14,5 %", "10,0 %", "Cijfer van de monitor."):
        assert flowing(figure) in text


def test_the_word_file_has_the_chart_as_a_picture_and_its_table(scene):
    _plan, round, indicator = scene
    report = build_report(round)
    data = build_docx(report)
    document = Document(BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "Indicatoren" in texts and indicator.name in texts
    assert sum(LINE in text for text in texts) == 2
    pictures = [name for name in zipfile.ZipFile(BytesIO(data)).namelist() if name.startswith("word/media/")]
    expected = png(report.indicators[0].chart)
    assert [zipfile.ZipFile(BytesIO(data)).read(name) for name in pictures] == [expected]
    figures = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert figures[0] == ["Datum of jaar", "Wat", "Waarde", "Toelichting"]
    assert ["30/06/2026", "waarde", "14,5 %", "Cijfer van de monitor."] in figures


def test_the_picture_is_drawn_from_the_same_geometry_and_is_stable(scene):
    from PIL import Image

    plan, _round, _indicator = scene
    [series] = live(plan.indicators.all())
    drawn = chart(series)
    picture = Image.open(BytesIO(png(drawn)))
    assert picture.size == (drawn.width * 2, drawn.height * 2)
    [value] = drawn.values
    assert picture.getpixel((int(value.x * 2), int(value.y * 2))) == (0x1F, 0x4E, 0x79)
    assert png(drawn) == png(chart(series))


def test_a_closed_verslag_keeps_its_values_and_its_word_file(scene, cel_user):
    _plan, round, indicator = scene
    close_round(round, by=cel_user)
    round.refresh_from_db()
    before_html, before_docx = report_html(build_report(round)), build_docx(build_report(round))
    values.record_value(indicator, "9,5", date=datetime.date(2026, 6, 30), note="Herzien.", by=cel_user)
    values.record_value(indicator, "8", date=datetime.date(2027, 6, 30), by=cel_user)
    after = build_report(round)
    assert after.indicators[0].value_text == "14,5 %"
    assert report_html(after) == before_html
    assert build_docx(build_report(round)) == before_docx


def test_the_follow_up_report_carries_the_chapter_too_on_screen_and_in_word(cel_user):
    from reporting.bbc_reports import build_bbc_report
    from rounds.models import RoundKind

    plan = small_plan()
    goal, action_plan = items(plan)
    indicator = poverty(plan, by=cel_user, goal=goal, action_plan=action_plan)
    round = open_round(
        plan=plan,
        name="Opvolgingsrapportering 2026",
        date=datetime.date(2026, 7, 15),
        kind=RoundKind.FOLLOW_UP,
        period_start=datetime.date(2026, 1, 1),
        period_end=JUNE,
        by=cel_user,
    )
    report = build_bbc_report(round)
    assert [part.value_text for part in report.indicators] == ["14,5 %"]
    html = report_html(report)
    assert 'href="#indicatoren"' in html and "Waarde in deze rapportering: 14,5 %" in html
    texts = [p.text for p in Document(BytesIO(build_docx(report))).paragraphs]
    assert "Indicatoren" in texts and indicator.name in texts


def test_an_actie_in_the_verslag_shows_its_indicators(scene, cel_user):
    from tests.factories import ActionFactory

    plan, round, _indicator = scene
    action = ActionFactory(action_plan=plan.action_plans.get(number="10"), number="10.1")
    linked = poverty(plan, by=cel_user, name="Wachttijd budgetbegeleiding", value="3")
    linked.actions.add(action)
    report = build_report(round)
    [part] = report.action_plans[0].actions
    assert [line.text for line in part.indicators] == [
        "Indicator Wachttijd budgetbegeleiding: 3,0 % (op koers)"
    ]
    assert "Indicator Wachttijd budgetbegeleiding: 3,0 % (op koers)" in report_html(report)
    texts = [p.text for p in Document(BytesIO(build_docx(report))).paragraphs]
    assert "Actie 10.1: ✓ Indicator Wachttijd budgetbegeleiding: 3,0 % (op koers)" in texts
