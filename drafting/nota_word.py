"""The nota of a meeting as a Word document, in the organisation's house style.

The verslag's writer (``reporting/docx_report.py``) does the work: it opens the house-style template
in use (the beheerder's upload, else the default that ships), keeps its styles, logo, header and
footer, and gives the blocks used here (title, paragraphs, a table whose header row repeats on every
page, page numbers). The nota is one landscape section: the title block, then the table of the
agenda with its empty decision column.
"""

import datetime
from io import BytesIO
from types import SimpleNamespace

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core import clock
from drafting.nota import Nota
from reporting.docx_report import (
    _PARAGRAPHS,
    DEFAULT_TEMPLATE,
    _element,
    _lines,
    _Writer,
    as_document,
    clean,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Each column's share of the text width of an A4 landscape page: every header word fits its column.
SHARES = [0.05, 0.17, 0.1, 0.12, 0.17, 0.15, 0.13, 0.11]
ROW_SIZE = Pt(9)
CELL_STYLE = "Nota tabel"
ENVELOPE = 6  # the column of the envelope: figures right-aligned
ROW_HEIGHT = Cm(1.2)  # at least: room to write the decision by hand


class _NotaWriter(_Writer):
    def __init__(self, document, nota: Nota) -> None:
        # The running header names the draft and the meeting, as the verslag's names plan and round.
        furniture = SimpleNamespace(
            plan=SimpleNamespace(name=nota.draft_name, authority=nota.authority),
            round=SimpleNamespace(name=nota.step_name, closed_at=None),
        )
        super().__init__(document, furniture)
        self.nota = nota

    def write(self) -> None:
        body = self.document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.landscape()
        nota = self.nota
        self.paragraph(nota.date_text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.paragraph(nota.title, "Title")
        self.paragraph(f"{nota.draft_name} · {nota.authority}", "Subtitle")
        self.paragraph(nota.count_text)
        if nota.lines:
            self.paragraph(nota.instruction)
        if nota.has_envelopes:
            self.paragraph(nota.total_text)
        if nota.lines:
            table = self.table(nota.headers(), SHARES)
            style = self.cell_style()
            for line in nota.lines:
                values = [
                    line.number,
                    line.title,
                    line.chapter,
                    line.contact,
                    line.partners,
                    line.points_of_attention,
                    line.envelope_text,
                    "",  # the decision: the meeting writes it
                ]
                row = table.add_row()
                row.height, row.height_rule = ROW_HEIGHT, WD_ROW_HEIGHT_RULE.AT_LEAST
                row._tr.trPr.insert(0, _element("w:cantSplit"))  # a proposal is never cut by a page
                for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                    _cell_text(cell, value, style, right=index == ENVELOPE)
            self._drop_spacer()
        self.header_and_footer()

    def cell_style(self) -> str:
        """The style of the table's text (9 pt, no space after): one style, not a size on every run."""
        style = self.style(CELL_STYLE)
        style.font.size = ROW_SIZE
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
        return style.style_id

    def landscape(self) -> None:
        """The whole nota in landscape: the table's eight columns need the width."""
        section = self.document.sections[0]
        if section.page_width < section.page_height:
            section.page_width, section.page_height = section.page_height, section.page_width
        section.orientation = WD_ORIENT.LANDSCAPE


def _cell_text(cell, value: str, style_id: str, *, right: bool = False) -> None:
    """A cell's text as paragraphs (a blank line starts a new one, a line break stays a break), each
    in the table's style; the width is the column's already (``add_row``)."""
    for number, block in enumerate(_PARAGRAPHS.split(clean(value))):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        properties = paragraph._p.get_or_add_pPr()
        properties.insert(0, _element("w:pStyle", val=style_id))
        if right:
            properties.append(_element("w:jc", val="right"))
        if block:
            _lines(paragraph, block)


def build_nota_docx(nota: Nota, organisation, template: bytes | None = None) -> bytes:
    """The nota as .docx bytes in ``template`` (the bytes of a .docx or .dotx), or by default in the
    house style in use for ``organisation``."""
    if template is None:
        from reporting.house_style import current_template

        template = current_template(organisation) or DEFAULT_TEMPLATE.read_bytes()
    document = Document(BytesIO(as_document(template)))
    _NotaWriter(document, nota).write()
    moment = timezone.localtime(clock.now(), datetime.UTC).replace(tzinfo=None, microsecond=0)
    properties = document.core_properties
    properties.title = f"{nota.draft_name} – {nota.title}"
    properties.subject = nota.step_name
    properties.author = properties.last_modified_by = nota.authority
    properties.created = properties.modified = moment
    properties.revision = 1
    properties.keywords = properties.comments = properties.category = ""
    output = BytesIO()
    document.save(output)
    return output.getvalue()
