"""The verslag as Word: its structure read back with python-docx, the house style it is written in,
and a closed round's file that never changes."""

import datetime
import re
import zipfile
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from demo.rounds import load_round
from outputs.models import OutputKind
from plans.models import Action, ActionPlan, Status
from plans.status_css import stylesheet
from reporting.docx_report import (
    DEFAULT_TEMPLATE,
    DOCUMENT_MAIN,
    DOCX,
    STATUS_COLOURS,
    TEMPLATE_MAIN,
    build_docx,
)
from reporting.house_style import upload_house_style
from reporting.rendering import render_output
from reporting.report import build_report
from reporting.rounds import open_round
from rounds.models import ReportingRound
from tests.factories import default_organisation, edit_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_round(plan, users):
    load_round(plan, by=users["cel"])
    return ReportingRound.objects.get(plan=plan)


@pytest.fixture
def demo_docx(demo_round):
    return Document(BytesIO(render_output(demo_round, OutputKind.DOCX)))


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def house_template(*, header: str = "Gemeente Voorbeeld", page_field: bool = False, dotx: bool = False):
    """A municipality's template: its own Heading 1 (Georgia, red), a header text, maybe a footer with
    page numbers, and without the TOC styles the export needs."""
    document = Document()
    heading = document.styles["Heading 1"]
    heading.font.name, heading.font.color.rgb, heading.font.size = "Georgia", RGBColor(0xAA, 0, 0), Pt(20)
    document.sections[0].header.paragraphs[0].text = header
    if page_field:
        footer = document.sections[0].footer.paragraphs[0]
        footer._p.append(footer._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"}))
    document.add_paragraph("Tekst van het sjabloon die niet in het verslag mag komen.")
    output = BytesIO()
    document.save(output)
    if not dotx:
        return output.getvalue()
    return with_content_type(output.getvalue(), TEMPLATE_MAIN)


def with_content_type(data: bytes, main: str) -> bytes:
    """The package with another content type for its main part (a .dotx, a .docm …)."""
    output = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            blob = source.read(info)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(DOCUMENT_MAIN.encode(), main.encode())
            target.writestr(info, blob)
    return output.getvalue()


def test_the_verslag_has_real_headings_for_word_s_table_of_contents(demo_docx):
    assert headings(demo_docx, 1) == ["Rapportering", "Projecten", "Samenvatting", "Wijzigingsvoorstellen"]
    numbers = [ap.number for ap in ActionPlan.objects.order_by("sort_key")]
    shown = [re.match(r"Actieplan (\S+):", text).group(1) for text in headings(demo_docx, 2)]
    assert shown == numbers and len(shown) == 42
    body = demo_docx.element.body.xml
    assert 'TOC \\o "1-3" \\h' in body
    assert demo_docx.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    # The table of contents is filled in already, each entry a link to its heading's bookmark.
    assert body.count('w:anchor="_Toc') == len(demo_docx.paragraphs[0]._p.xpath("//w:bookmarkStart"))


def test_the_cover_shows_plan_organisation_round_date_and_version_table(demo_docx):
    texts = [p.text for p in demo_docx.paragraphs[:5]]
    assert "Datum: 6 december 2017" in texts
    assert "Strategisch plan 2014–2019" in texts and "OCMW Turnhout · Rapportering december 2017" in texts
    versions = demo_docx.tables[0]
    assert [c.text for c in versions.rows[2].cells] == [
        "2",
        "00",
        "6 december 2017",
        "Na review van 29 november 2017",
        "V",
        "Alle",
    ]


def test_every_table_repeats_its_header_row(demo_docx):
    assert len(demo_docx.tables) > 10
    for table in demo_docx.tables:
        first, *rest = table.rows
        assert first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in rest)


def cell_fill(cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd"))
    return None if shading is None else shading.get(qn("w:fill"))


def test_status_is_shown_in_words_and_in_the_app_s_colours(demo_docx):
    css = stylesheet()
    for status, (fill, _ink) in STATUS_COLOURS.items():
        assert re.search(rf"--s-{status}:\s*#{fill}\b", css, re.IGNORECASE), status
    actions = next(t for t in demo_docx.tables if t.rows[0].cells[0].text == "Actie")
    status_cell = actions.rows[1].cells[2]
    assert status_cell.paragraphs[0].text == "niet gestart"  # actie 10.2
    assert cell_fill(status_cell) == STATUS_COLOURS[Status.NOT_STARTED][0]
    seen = {
        (row.cells[2].paragraphs[0].text, cell_fill(row.cells[2]))
        for table in demo_docx.tables
        if table.rows[0].cells[0].text in ("Actie", "Project")
        for row in table.rows[1:]
    }
    labels = {str(status.label): status for status in Status}
    assert seen and all(fill == STATUS_COLOURS[labels[text]][0] for text, fill in seen)


def test_white_text_only_on_dark_status_colours():
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for fill, ink in STATUS_COLOURS.values():
        lighter, darker = sorted([luminance(fill), luminance(ink)], reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, fill


def test_the_footer_numbers_the_pages(demo_docx):
    footer = demo_docx.sections[0].footer._element.xml
    assert re.search(r"instrText[^>]*> PAGE <", footer) and re.search(r"instrText[^>]*> NUMPAGES <", footer)
    assert "Pagina" in demo_docx.sections[0].footer.paragraphs[-1].text


def test_toelichting_projects_summary_and_proposals_are_in_it(demo_docx):
    text = "\n".join(p.text for p in demo_docx.paragraphs)
    assert "Hier rond werden al verschillende acties afgewerkt" in text
    assert "Aandachtspunt: op termijn dienen Stad en OCMW over één gezamenlijk intranet" in text
    assert text.count("Voorstel te schrappen: actie 10.2. Er is op dit moment meer nood") == 2
    projects = next(t for t in demo_docx.tables if t.rows[0].cells[0].text == "Project")
    assert len(projects.rows) == 1 + 11
    summary = next(t for t in demo_docx.tables if t.rows[0].cells[0].text == "Soort")
    assert [row.cells[0].text for row in summary.rows[1:]] == ["Actieplannen", "Acties", "Projecten"]
    assert summary.rows[1].cells[-1].text == "42"


def test_the_house_style_s_styles_header_and_footer_are_used(demo_round):
    report = build_report(demo_round)
    document = Document(BytesIO(build_docx(report, house_template(page_field=True))))
    heading = document.styles["Heading 1"]
    assert (heading.font.name, heading.font.color.rgb) == ("Georgia", RGBColor(0xAA, 0, 0))
    assert headings(document, 1)[0] == "Rapportering"
    assert document.sections[0].header.paragraphs[0].text == "Gemeente Voorbeeld"
    assert len(document.sections[0].header.paragraphs) == 1  # its own header: nothing added
    assert "Pagina" not in document.sections[0].footer._element.xml  # its own page numbers
    assert "niet in het verslag" not in "\n".join(p.text for p in document.paragraphs)
    assert [p.style.name for p in document.paragraphs if p.style.name.startswith("TOC ")][:2] == [
        "TOC 1",
        "TOC 2",
    ]  # the template lacked them: added


def test_a_template_without_heading_styles_still_gives_headings_in_the_outline(demo_round):
    document = Document(BytesIO(house_template()))
    styles = document.styles.element
    for style in list(styles):
        if style.get(qn("w:styleId"), "").startswith(("Heading", "Title", "Subtitle")):
            styles.remove(style)
    output = BytesIO()
    document.save(output)
    result = Document(BytesIO(build_docx(build_report(demo_round), output.getvalue())))
    heading = result.styles["Heading 2"]
    assert heading.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "1"
    assert len(headings(result, 2)) == 42


def test_a_dotx_template_gives_a_docx(demo_round):
    data = build_docx(build_report(demo_round), house_template(dotx=True))
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert b"document.main+xml" in archive.read("[Content_Types].xml")
    assert Document(BytesIO(data)).sections[0].header.paragraphs[0].text == "Gemeente Voorbeeld"


def test_a_closed_round_s_docx_is_the_same_every_time(demo_round, users):
    first = render_output(demo_round, OutputKind.DOCX)
    edit_item(Action.objects.get(number="10.2"), by=users["cel"], status=Status.COMPLETED)
    edit_item(ActionPlan.objects.get(number="30"), by=users["cel"], explanation="Later herschreven.")
    demo_round.refresh_from_db()
    again = render_output(demo_round, OutputKind.DOCX)
    assert again == first
    properties = Document(BytesIO(again)).core_properties
    closed = demo_round.closed_at.astimezone(datetime.UTC).replace(microsecond=0)
    assert properties.created == properties.modified == closed


def test_the_download_uses_the_house_style_in_use(client, demo_round, users):
    client.force_login(users["raad"])
    url = reverse("reporting:report_docx", args=[demo_round.plan.slug, demo_round.pk])
    response = client.get(url)
    assert response["Content-Type"] == DOCX
    disposition = response["Content-Disposition"]
    assert 'filename="ocmw-turnhout-rapportering-december-2017-verslag.docx"' in disposition
    default = Document(BytesIO(response.getvalue()))
    assert default.styles["Heading 1"].font.name == Document(DEFAULT_TEMPLATE).styles["Heading 1"].font.name
    upload_house_style(
        organisation=default_organisation(),
        data=house_template(),
        filename="gemeente.dotx",
        by=users["beheerder"],
    )
    page = client.get(reverse("reporting:round", args=[demo_round.plan.slug, demo_round.pk]))
    assert url in page.content.decode()
    # the closed round's verslag keeps the style it closed in; the open round's takes the new one
    kept = Document(BytesIO(client.get(url).getvalue()))
    assert kept.sections[0].header.paragraphs[0].text != "Gemeente Voorbeeld"
    later = open_round(plan=demo_round.plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30))
    open_url = reverse("reporting:report_docx", args=[demo_round.plan.slug, later.pk])
    styled = Document(BytesIO(client.get(open_url).getvalue()))
    assert styled.sections[0].header.paragraphs[0].text == "Gemeente Voorbeeld"


def test_export_verslag_writes_the_word_file(demo_round, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "verslag.docx"
    call_command("export_verslag", "--plan", demo_round.plan.slug, "-o", str(output), stdout=StringIO())
    assert output.read_bytes() == render_output(demo_round, OutputKind.DOCX)
