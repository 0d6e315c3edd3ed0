"""The verslag as a Word document (.docx), in the municipality's house style.

``build_docx(report, template)`` opens the house-style template (the uploaded one, or the default
that ships in ``reporting/templates_docx/``), empties its body but keeps its styles, page setup,
logo, header and footer, and writes the verslag with the template's own style names: a cover with
the version table, Word's table of contents (a TOC field over real Heading 1–3 paragraphs), per
actieplan its status, toelichting, aandachtspunt, actions table and proposals, then the projects,
the summary figures and all proposals in the seed's phrasing. Tables repeat their header row on
every page; a status is written in words on a cell shaded in the app's status colour. A style the
template lacks is added with a plain look, so any .docx or .dotx works.

Given a BBC report (``reporting/bbc_reports.py``: an opvolgingsrapportering or doelstellingen-
realisatie) instead, the same writer writes its parts with the same blocks: the stand van zaken of
the prioritaire items, raming against realisatie per doelstelling, and the two texts.

A closed round gives the same bytes every time: the document's dates are the round's closing
moment and the zip entries carry that moment too.
"""

import datetime
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from core import clock
from indicators.chart_png import png
from plans.models import ItemKind, ProposalState, Status
from plans.money import euro
from plans.statuses import INK, STATUSES, WHITE
from reporting.columns import LIFE_CYCLE_LABELS
from reporting.templatetags.bbc import rate

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "huisstijl.docx"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"

HEADER_FILL = "13324F"
# The app's status colours with the text colour the app puts on them (plans/statuses.py).
STATUS_COLOURS = {status.value: (status.colour, status.ink) for status in STATUSES}

# Characters XML cannot hold (python-docx refuses them); tab and line breaks stay.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PARAGRAPHS = re.compile(r"\n\s*\n")
# Where settings.xml may hold <w:updateFields>: before the first of these (the schema's order).
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
}
HEADING_SIZES = {1: 16, 2: 13, 3: 11.5}
HEADER_SIZE = Pt(9)  # a table's header row: a narrow column's bold label ("Actieplannen") fits it
MONEY_SIZE = Pt(9)  # the money table's figures: the largest amount of a plan fits its column


def _share(width: float, columns: int) -> float:
    """Each of ``columns`` equal columns' share of ``width`` (of the text width), whatever the number
    of statuses."""
    return round(width / columns, 4)


def as_document(data: bytes) -> bytes:
    """A Word template (.dotx) differs from a document only in its main part's content type:
    python-docx opens documents only, so a template is given the document's content type."""
    with zipfile.ZipFile(BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if TEMPLATE_MAIN.encode() not in types:
            return data
        output = BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                blob = source.read(info)
                if info.filename == "[Content_Types].xml":
                    blob = types.replace(TEMPLATE_MAIN.encode(), DOCUMENT_MAIN.encode())
                target.writestr(info.filename, blob)
    return output.getvalue()


def build_docx(report, template: bytes | None = None) -> bytes:
    """The verslag ``report`` (``reporting.report.build_report``) as .docx bytes in ``template``:
    the bytes of a .docx or .dotx, or None for the house style in use (the beheerder's upload, else
    the default that ships with the project; for a closed round, the one in use when it closed)."""
    if template is None:
        from reporting.house_style import current_template

        closed = report.round.closed_at  # a closed round's verslag keeps the style it closed in
        template = current_template(report.plan.organisation, at=closed) or DEFAULT_TEMPLATE.read_bytes()
    data = template
    document = Document(BytesIO(as_document(data)))
    writer = _Writer(document, report)
    writer.write()
    moment = report.round.closed_at if report.round.closed_at else clock.now()
    moment = timezone.localtime(moment, datetime.UTC).replace(tzinfo=None, microsecond=0)
    properties = document.core_properties
    properties.title = f"{report.plan.name} – {report.round.name}"
    properties.subject = report.round.name
    properties.author = properties.last_modified_by = report.plan.authority
    properties.created = properties.modified = moment
    properties.revision = 1
    properties.keywords = properties.comments = properties.category = ""
    output = BytesIO()
    document.save(output)
    return _stable_zip(output.getvalue(), moment)


def _stable_zip(data: bytes, moment: datetime.datetime) -> bytes:
    """The package with every entry dated ``moment`` (zip entries otherwise carry the save time)."""
    stamp = max(moment, datetime.datetime(1980, 1, 1)).timetuple()[:6]
    output = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info))
    return output.getvalue()


def clean(text) -> str:
    return _NOT_XML.sub("", str(text or "")).strip()


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _shade(properties, fill: str) -> None:
    """Shade a run (rPr) or a cell (tcPr); shd follows the elements python-docx has set already."""
    properties.append(_element("w:shd", val="clear", color="auto", fill=fill))


def _field(paragraph, instruction: str, shown: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, PAGEREF …) that Word and LibreOffice compute when they lay out."""
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="begin"))
    code = _element("w:instrText")
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="end"))


def _has_field(part, name: str) -> bool:
    xml = part._element.xml
    return bool(re.search(rf"(instrText[^>]*>\s*{name}\b|instr=\"\s*{name}\b)", xml))


@dataclass
class _Heading:
    level: int
    text: str
    bookmark: str


class _Writer:
    def __init__(self, document, report) -> None:
        self.document = document
        self.report = report
        self.headings: list[_Heading] = []

    @property
    def width(self) -> int:
        """The text width of the section being written (a landscape one is wider)."""
        section = self.document.sections[-1]
        return section.page_width - section.left_margin - section.right_margin

    # styles -----------------------------------------------------------------------------------
    def style(self, name: str, *, level: int | None = None):
        """The template's style ``name``; added with a plain look when the template lacks it."""
        styles = self.document.styles
        try:
            return styles[name]
        except KeyError:
            pass
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if "Normal" in [s.name for s in styles]:
            style.base_style = styles["Normal"]
        if level is not None:  # a heading: bold, kept with the next paragraph, in the outline
            style.font.bold = True
            style.font.size = Pt(HEADING_SIZES.get(level, 11))
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.space_after = Pt(4)
            style.element.get_or_add_pPr().append(_element("w:outlineLvl", val=level - 1))
        elif name.startswith("TOC "):
            style.paragraph_format.left_indent = Pt(12 * (int(name[4:]) - 1))
            style.paragraph_format.space_after = Pt(2)
        elif name in ("Title", "Subtitle"):
            style.font.size = Pt(26 if name == "Title" else 15)
            style.font.bold = name == "Title"
            style.paragraph_format.space_after = Pt(8)
        return style

    def table_style(self):
        try:
            return self.document.styles["Table Grid"]
        except KeyError:
            return None

    # blocks -------------------------------------------------------------------------------------
    def paragraph(self, text: str = "", style: str = "Normal"):
        return self.document.add_paragraph(clean(text), style=self.style(style))

    def heading(self, level: int, text: str, *, new_page: bool = False):
        if new_page:
            self._drop_spacer()  # it could run onto a page of its own, left blank by the page break
        section_began = self._section_began()
        paragraph = self.document.add_paragraph(style=self.style(f"Heading {level}", level=level))
        if new_page and not section_began:  # a new section is on a new page already: no blank page
            paragraph.paragraph_format.page_break_before = True
        bookmark = f"_Toc{len(self.headings) + 1:06d}"
        identifier = str(len(self.headings) + 1)
        paragraph._p.append(_element("w:bookmarkStart", id=identifier, name=bookmark))
        paragraph.add_run(clean(text))
        paragraph._p.append(_element("w:bookmarkEnd", id=identifier))
        self.headings.append(_Heading(level, clean(text), bookmark))
        return paragraph

    def text(self, text: str, *, lead: str = "") -> None:
        """Plain text as paragraphs (a blank line starts a new one, a line break stays a break)."""
        for number, block in enumerate(_PARAGRAPHS.split(clean(text))):
            paragraph = self.document.add_paragraph(style=self.style("Normal"))
            if lead and number == 0:
                paragraph.add_run(lead + " ").bold = True
            _lines(paragraph, block)

    def status(self, paragraph, status: str, label: str) -> None:
        fill, ink = STATUS_COLOURS.get(status, ("FFFFFF", INK))
        run = paragraph.add_run(f"\u00a0{clean(label)}\u00a0")
        run.font.color.rgb = RGBColor.from_string(ink)
        _shade(run._r.get_or_add_rPr(), fill)

    def table(self, headers: list[str], shares: list[float]):
        """A table over the text width (columns in ``shares`` of it), its header row repeated."""
        table = self.document.add_table(rows=1, cols=len(headers))
        self.document.add_paragraph(style=self.style("Normal"))  # room between the table and what follows
        style = self.table_style()
        if style is not None:
            table.style = style
        else:
            borders = _element("w:tblBorders")
            for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                borders.append(_element(f"w:{side}", val="single", sz=4, space=0, color="808080"))
            table._tbl.tblPr.append(borders)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        widths = [int(self.width * share) for share in shares]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        table.widths = widths
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(_element("w:cantSplit"))
        header._tr.get_or_add_trPr().append(_element("w:tblHeader", val="true"))
        for cell, text, width in zip(header.cells, headers, widths, strict=True):
            cell.width = width
            _shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)
            run = cell.paragraphs[0].add_run(clean(text))
            run.bold = True
            run.font.size = HEADER_SIZE
            run.font.color.rgb = RGBColor.from_string(WHITE)
        return table

    def row(self, table, values: list, *, size: Pt | None = None) -> list:
        """A table row; a value is text, or (status, label, previous label) for a status cell; its
        text in ``size`` when given."""
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, table.widths, strict=True):
            cell.width = width
            if isinstance(value, tuple):
                status, label, previous = value
                fill, ink = STATUS_COLOURS.get(status, ("FFFFFF", INK))
                _shade(cell._tc.get_or_add_tcPr(), fill)
                run = cell.paragraphs[0].add_run(clean(label))
                run.font.color.rgb = RGBColor.from_string(ink)
                run.bold = True
                if previous:
                    note = cell.add_paragraph().add_run(_("vorige: %(status)s") % {"status": clean(previous)})
                    note.font.color.rgb = RGBColor.from_string(ink)
                    note.font.size = Pt(8)
            else:
                blocks = _PARAGRAPHS.split(clean(value))
                _lines(cell.paragraphs[0], blocks[0])
                for block in blocks[1:]:
                    _lines(cell.add_paragraph(), block)
            if size is not None:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = size
        return cells

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _section_began(self) -> bool:
        """Whether the last thing written ends a section (so what follows starts on a new page)."""
        body = self.document.element.body
        last = body[-2] if len(body) > 1 else None  # body[-1] is the last section's properties
        return last is not None and last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None

    def _drop_spacer(self) -> None:
        """Take away the empty paragraph after a table (``table``) when the table ends the page's
        content anyway: before a page or section break."""
        body = self.document.element.body
        if len(body) < 3:
            return
        last, before = body[-2], body[-3]  # body[-1] is the last section's properties
        if last.tag == qn("w:p") and before.tag == qn("w:tbl") and not last.xpath("./w:r|./w:pPr/w:sectPr"):
            body.remove(last)

    def orientation(self, landscape: bool) -> None:
        """From here on a section of its own, on a new page, in landscape (for the wide tables: a
        column per status, eight columns of money) or back in portrait; nothing changes when the
        section already has that orientation."""
        current = self.document.sections[-1]
        wanted = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        if (current.orientation == WD_ORIENT.LANDSCAPE) == landscape:
            return
        width, height = current.page_width, current.page_height
        self._drop_spacer()
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        # The paragraph that ends the section before is as small as can be: after a table that fills
        # a page, a paragraph of normal height would run onto a page of its own, left blank.
        ending = Paragraph(self.document.element.body[-2], self.document._body)
        ending.paragraph_format.space_before = ending.paragraph_format.space_after = Pt(0)
        ending.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        ending.paragraph_format.line_spacing = Pt(1)
        mark = _element("w:rPr")
        mark.append(_element("w:sz", val=2))
        ending._p.pPr.find(qn("w:sectPr")).addprevious(mark)
        section.orientation = wanted
        if (width > height) != landscape:
            section.page_width, section.page_height = height, width
        section.different_first_page_header_footer = False  # the cover's first page is the document's only

    # the verslag --------------------------------------------------------------------------------
    def write(self) -> None:
        body = self.document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.cover()
        contents = self.paragraph(_("Inhoud"))
        contents.runs[0].bold = True
        contents.runs[0].font.size = Pt(16)
        marker = self.document.add_paragraph()
        if getattr(self.report, "is_bbc", False):
            self.bbc_parts()
        else:
            self.report_part()
            self.projects()
            self.summary()
            self.proposals()
        self.indicators()
        self.contents(marker)
        self.header_and_footer()
        self.update_fields_on_open()

    def cover(self) -> None:
        report = self.report
        self.paragraph(
            _("Datum: %(date)s") % {"date": formats.date_format(report.round.date, "j F Y")}
        ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.paragraph(report.plan.name, "Title")
        self.paragraph(f"{report.plan.authority} · {report.round.name}", "Subtitle")
        if report.versions:
            table = self.table(
                [_("Ed."), _("Rev."), _("Datum"), _("Beschrijving"), _("T(oevoegen) V(ervangen)"), _("Pag.")],
                [0.07, 0.08, 0.2, 0.37, 0.18, 0.1],
            )
            for version in report.versions:
                self.row(
                    table,
                    [
                        str(version.edition),
                        version.revision,
                        formats.date_format(version.date, "j F Y"),
                        version.description,
                        version.change,
                        version.pages,
                    ],
                )
        self.page_break()

    def report_part(self) -> None:
        self.heading(1, _("Rapportering"), new_page=True)
        for goal_part in self.report.goals:
            level = 2
            if goal_part.goal is not None:
                goal = goal_part.goal
                self.heading(2, f"{goal.number} {goal.title}")
                self.indicator_lines(getattr(goal_part, "indicators", []))
                level = 3
            for part in goal_part.action_plans:
                self.action_plan(part, level)

    def action_plan(self, part, level: int) -> None:
        row = part.row
        self.heading(level, _("Actieplan %(number)s: %(title)s") % {"number": row.number, "title": row.title})
        line = self.paragraph(_("Status:") + " ")
        self.status(line, row.status, part.status)
        if part.previous_status:
            line.add_run(" " + _("(vorige rapportering: %(status)s)") % {"status": part.previous_status})
        if part.removed:
            line.add_run(" · " + LIFE_CYCLE_LABELS.get(row.life_cycle, row.life_cycle)).bold = True
        if row.explanation:
            self.text(row.explanation)
        if row.points_of_attention:
            self.text(row.points_of_attention, lead=_("Aandachtspunt:"))
        if part.actions:
            table = self.table(
                [_("Actie"), _("Titel"), _("Status"), _("Toelichting")], [0.1, 0.32, 0.15, 0.43]
            )
            for action in part.actions:
                title = action.row.title
                if action.removed:
                    title += f" ({LIFE_CYCLE_LABELS.get(action.row.life_cycle, action.row.life_cycle)})"
                self.row(
                    table,
                    [
                        action.row.number,
                        title,
                        (action.row.status, action.status, action.previous_status),
                        action.row.explanation,
                    ],
                )
        for proposal in part.proposals:
            self.text(f"{proposal.phrase} {proposal.motivation}".strip())
        self.indicator_lines(getattr(part, "indicators", []))
        for action in part.actions:
            for line in action.indicators:
                self.paragraph(
                    _("Actie %(number)s: %(line)s")
                    % {"number": action.row.number, "line": f"{line.icon} {line.text}"}
                )

    def indicator_lines(self, lines) -> None:
        """ "Indicator X: 12,5 % (niet op koers)" under a goal or an actieplan, the track with its sign."""
        for line in lines:
            self.paragraph(f"{line.icon} {line.text}")

    def indicators(self) -> None:
        """The chapter Indicatoren: per indicator its value of the round, the chart as a picture drawn
        from the SVG's geometry, and its figures as a table."""
        parts = getattr(self.report, "indicators", [])
        if not parts:
            return
        self.heading(1, _("Indicatoren"), new_page=True)
        for part in parts:
            self.heading(2, part.series.name)
            if part.linked:
                self.paragraph(_("Gekoppeld aan %(items)s") % {"items": part.linked})
            value = (
                _("Waarde in deze rapportering: %(value)s") % {"value": part.value_text}
                if part.value
                else _("Geen waarde in deze rapportering.")
            )
            self.paragraph(
                f"{value} · {part.line.icon} " + _("Stand: %(track)s") % {"track": part.line.track_label}
            )
            if part.value and part.value.note:
                self.text(part.value.note)
            self.document.add_picture(BytesIO(png(part.chart)), width=int(self.width * 0.9))
            self.paragraph(
                _("● waarde · ◆ streefwaarde (streepjeslijn) · ■ basiswaarde (stippellijn). %(description)s")
                % {"description": part.chart.description}
            )
            table = self.table(
                [_("Datum of jaar"), _("Wat"), _("Waarde"), _("Toelichting")], [0.16, 0.28, 0.2, 0.36]
            )
            for row in part.chart.table:
                self.row(table, [row.date, row.what, row.value, row.note])

    def projects(self) -> None:
        self.heading(1, _("Projecten"), new_page=True)
        if not self.report.projects:
            self.paragraph(_("Dit plan heeft geen projecten."))
            return
        table = self.table(
            [_("Project"), _("Projectleider"), _("Status"), _("Actieplannen"), _("Toelichting")],
            [0.19, 0.17, 0.15, 0.17, 0.32],  # each column as wide as its longest word
        )
        for part in self.report.projects:
            self.row(
                table,
                [
                    part.row.title,
                    part.row.responsible,
                    (part.row.status, part.status, part.previous_status),
                    ", ".join(part.action_plan_numbers),
                    part.row.explanation,
                ],
            )

    def summary(self) -> None:
        self.heading(1, _("Samenvatting"), new_page=True)
        self.paragraph(_("Aantal actieve items per status in deze rapportering."))
        statuses = list(Status)
        table = self.table(
            [_("Soort"), *[str(status.label) for status in statuses], _("Totaal")],
            [0.2, *[_share(0.8, len(statuses) + 1)] * (len(statuses) + 1)],
        )
        for cell, status in zip(table.rows[0].cells[1:], statuses, strict=False):
            fill, ink = STATUS_COLOURS[status]
            cell._tc.tcPr.remove(cell._tc.tcPr.find(qn("w:shd")))
            _shade(cell._tc.tcPr, fill)
            cell.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(ink)
        for name, counts in self.report.summary.rows():
            self.row(table, [name, *[str(counts.counts[s]) for s in statuses], str(counts.total)])
        for name, counts in self.report.summary.rows():
            if counts.total:
                self.paragraph(
                    _("%(kind)s: %(share)s %% afgewerkt of opgenomen in de reguliere werking.")
                    % {"kind": name, "share": formats.number_format(counts.done_share, 0)}
                )

    def proposals(self) -> None:
        self.heading(1, _("Wijzigingsvoorstellen"), new_page=True)
        if not self.report.proposals:
            self.paragraph(_("Deze rapportering meldt geen wijzigingsvoorstellen."))
            return
        for proposal in self.report.proposals:
            self.text(f"{proposal.phrase} {proposal.motivation}".strip())
            state = ProposalState(proposal.state).label if proposal.state in ProposalState.values else ""
            if state:
                note = self.paragraph(_("Stand: %(state)s") % {"state": state})
                note.runs[0].italic = True
                if proposal.remark:
                    note.add_run(" · " + clean(proposal.remark)).italic = True

    # the BBC reports (reporting/bbc_reports.py) -------------------------------------------------
    def bbc_parts(self) -> None:
        """An opvolgingsrapportering or doelstellingenrealisatie: the same blocks, its own content."""
        report = self.report
        if not report.is_follow_up:
            self.bbc_goals()
        self.orientation(False)
        self.heading(1, _("Stand van zaken van de prioritaire actieplannen en acties"), new_page=True)
        for goal in report.goals:
            if not goal.items:
                continue
            self.heading(2, goal.heading)
            table = self.table([_("Nr."), _("Titel"), _("Status"), _("Toelichting")], [0.1, 0.32, 0.15, 0.43])
            for item in goal.items:
                previous = item.previous_status if item.moved else None
                self.row(
                    table,
                    [
                        item.row.number,
                        item.row.title,
                        (item.row.status, item.status, previous),
                        item.row.explanation,
                    ],
                )
        self.orientation(True)
        self.heading(1, _("Raming en realisatie %(year)s") % {"year": report.year}, new_page=True)
        for goal in report.goals:
            self.heading(2, goal.heading)
            self.bbc_money(goal.money)
        self.heading(2, _("Totaal van het plan"))
        self.bbc_money([report.total])
        self.orientation(False)  # what follows is text, in portrait again
        if report.is_follow_up:
            self.heading(1, _("Gewijzigde veronderstellingen en financiële risico's"), new_page=True)
            self.heading(2, _("Gewijzigde veronderstellingen"))
            self.text(report.changed_assumptions or _("Geen."))
            self.heading(2, _("Gewijzigde financiële risico's"))
            self.text(report.changed_financial_risks or _("Geen."))

    def bbc_goals(self) -> None:
        self.orientation(True)
        self.heading(1, _("Realisatie per beleidsdoelstelling"), new_page=True)
        statuses = list(Status)
        table = self.table(
            [
                _("Beleidsdoelstelling"),
                *[str(s.label) for s in statuses],
                _("Totaal"),
                _("Afgewerkt of regulier"),
            ],
            [0.25, *[_share(0.6, len(statuses) + 1)] * (len(statuses) + 1), 0.15],
        )
        for name, counts in [(g.heading, g.counts) for g in self.report.goals] + [
            (_("Totaal"), self.report.counts)
        ]:
            share = (
                _unbroken(f"{formats.number_format(round(counts.done_share, 1), 1)} %")
                if counts.total
                else "—"
            )
            self.row(
                table, [name, *[str(counts.counts.get(s, 0)) for s in statuses], str(counts.total), share]
            )

    def bbc_money(self, lines) -> None:
        table = self.table(
            [
                _("Regel"),
                _("Cat."),
                _("Raming uitgaven"),
                _("Realisatie uitgaven"),
                _("Graad"),
                _("Raming ontvangsten"),
                _("Realisatie ontvangsten"),
                _("Graad"),
            ],
            [0.22, 0.1, 0.13, 0.13, 0.08, 0.13, 0.13, 0.08],
        )
        _align_figures(table.rows[0].cells)
        for line in lines:
            for number, (category, spent, received) in enumerate(line.by_category()):
                cells = self.row(
                    table,
                    [
                        f"{line.label} {line.title}".strip() if number == 0 else "",
                        category,
                        _unbroken(euro(spent.estimate)),
                        _unbroken(euro(spent.actual)),
                        _unbroken(rate(spent.rate)),
                        _unbroken(euro(received.estimate)),
                        _unbroken(euro(received.actual)),
                        _unbroken(rate(received.rate)),
                    ],
                    size=MONEY_SIZE,
                )
                _align_figures(cells)

    def contents(self, marker) -> None:
        """Word's table of contents: a TOC field that Word refreshes, page numbers included, when it
        opens the file. Its entries are filled in already, each a link to its heading, for readers
        that show the field as it was saved (LibreOffice keeps it as it is, so without page numbers)."""
        paragraphs = []
        for number, heading in enumerate(self.headings):
            paragraph = self.document.add_paragraph(style=self.style(f"TOC {heading.level}"))
            if number == 0:
                _begin_toc(paragraph)
            link = _element("w:hyperlink", anchor=heading.bookmark, history=1)
            run = paragraph.add_run(heading.text)._r
            link.append(run)
            paragraph._p.append(link)
            paragraphs.append(paragraph)
        if not paragraphs:
            paragraphs.append(self.document.add_paragraph())
            _begin_toc(paragraphs[0])
        paragraphs[-1].add_run()._r.append(_element("w:fldChar", fldCharType="end"))
        for paragraph in paragraphs:
            marker._p.addprevious(paragraph._p)
        marker._p.getparent().remove(marker._p)

    def header_and_footer(self) -> None:
        """Page numbers in the footer and plan and round in the header, unless the template has them."""
        section = self.document.sections[0]  # the sections after it take its header and footer
        footers = [section.footer, section.first_page_footer, section.even_page_footer]
        if not any(not f.is_linked_to_previous and _has_field(f, "PAGE") for f in footers):
            paragraph = section.footer.add_paragraph(style=self.style("Footer"))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(_("Pagina") + " ")
            _field(paragraph, "PAGE", "1")
            paragraph.add_run(" " + _("van") + " ")
            _field(paragraph, "NUMPAGES", "1")
        header = section.header
        if header.is_linked_to_previous or not any(p.text.strip() for p in header.paragraphs):
            paragraph = header.add_paragraph(
                f"{clean(self.report.plan.name)} · {clean(self.report.round.name)}",
                style=self.style("Header"),
            )
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def update_fields_on_open(self) -> None:
        """Ask Word to refresh the fields (the table of contents' page numbers) when it opens the file."""
        settings = self.document.settings.element
        if settings.find(qn("w:updateFields")) is not None:
            return
        element = _element("w:updateFields", val="true")
        for child in settings:
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS:
                child.addprevious(element)
                return
        settings.append(element)


def _align_figures(cells, first: int = 2) -> None:
    """The money table's figures (from its third column) right-aligned, as amounts are read."""
    for cell in cells[first:]:
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _unbroken(figure: str) -> str:
    """An amount or a percentage that never breaks over two lines: € 1.234,56 and 44,1 % with
    non-breaking spaces."""
    return figure.replace(" ", "\u00a0")


def _begin_toc(paragraph) -> None:
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="begin"))
    code = _element("w:instrText")
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    code.text = ' TOC \\o "1-3" \\h \\z \\u '
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="separate"))


def _lines(paragraph, text: str) -> None:
    """Text into ``paragraph``, its line breaks kept as breaks."""
    for number, line in enumerate(text.split("\n")):
        if number:
            paragraph.add_run().add_break()
        paragraph.add_run(line.strip())


def sample_docx(template: bytes) -> bytes:
    """A small verslag in ``template``, without the database: the upload's proof that it works."""
    from types import SimpleNamespace

    from reporting.report import ActionPart, ActionPlanPart, GoalPart, GoalRow, ProjectPart, Report, Summary
    from reporting.rounds import ItemRow

    moment = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    plan = SimpleNamespace(name=_("Strategisch plan"), authority=_("Lokaal bestuur"))
    round = SimpleNamespace(name=_("Rapportering"), date=moment.date(), closed_at=moment)
    texts = ["10", "10", "Titel", "10", "Titel", Status.IN_PROGRESS, "Tekst", "", "", "", ""]
    item = ItemRow(ItemKind.ACTION_PLAN, 1, *texts)
    action = ActionPart(item, "loopt", None)
    report = Report(
        plan=plan,
        round=round,
        versions=[],
        goals=[GoalPart(GoalRow("1", "Doel"), [ActionPlanPart(item, "loopt", None, False, [action], [])])],
        projects=[ProjectPart(item, "loopt", None, ["10"])],
        summary=Summary(),
        proposals=[],
    )
    return build_docx(report, template)
