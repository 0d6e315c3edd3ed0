"""The gewijzigde strategische nota as a Word document, in the organisation's house style.

The verslag's writer (``reporting/docx_report.py``) does the work, as for the nota of a meeting
(``drafting/nota_word.py``): it opens the house-style template in use (the beheerder's upload, else
the default that ships), keeps its styles, logo, header and footer, and gives the blocks used here
(title, headings, tables whose header row repeats on every page, page numbers). The annex is one
landscape section: the title block, a heading and a table per doelstelling (then projecten and
indicatoren), and the ramingen that changed.
"""

import datetime
from io import BytesIO
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from core import clock
from reporting.docx_report import DEFAULT_TEMPLATE, MONEY_SIZE, _align_figures, _element, _Writer, as_document
from reporting.version_annex import Annex

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHARES = [0.07, 0.33, 0.14, 0.46]
MONEY_SHARES = [0.09, 0.13, 0.13, 0.13, 0.13, 0.13, 0.13, 0.13]
ROW_SIZE = Pt(9)


class _AnnexWriter(_Writer):
    def __init__(self, document, annex: Annex) -> None:
        # The running header names the plan and the version, as the verslag's names plan and round.
        furniture = SimpleNamespace(
            plan=SimpleNamespace(name=annex.plan_name, authority=annex.authority),
            round=SimpleNamespace(name=annex.newer_name, closed_at=None),
        )
        super().__init__(document, furniture)
        self.annex = annex

    def write(self) -> None:
        body = self.document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.landscape()
        annex = self.annex
        if annex.date_text:
            self.paragraph(annex.date_text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.paragraph(annex.title, "Title")
        self.paragraph(f"{annex.plan_name} · {annex.subtitle}", "Subtitle")
        self.paragraph(annex.count_text)
        for section in annex.sections:
            self.heading(2, section.heading)
            table = self.table(annex.headers(), SHARES)
            for line in section.lines:
                item = f"{line.kind} {line.title}"
                if line.priority:
                    item += f" ({_('prioritair')})"
                cells = self.row(table, [line.number, item, line.change, line.text], size=ROW_SIZE)
                cells[0]._tc.getparent().get_or_add_trPr().insert(0, _element("w:cantSplit"))
        if annex.money:
            self.heading(2, _("Ramingen"))
            self.paragraph(annex.money_text)
            for block in annex.money:
                self.heading(3, block.heading)
                table = self.table(annex.money_headers(), MONEY_SHARES)
                for line in block.lines:
                    cells = self.row(
                        table, [line.year, line.category, *line.expenses, *line.receipts], size=MONEY_SIZE
                    )
                    _align_figures(cells)
                    if line.is_total:
                        for cell in cells:
                            for paragraph in cell.paragraphs:
                                for run in paragraph.runs:
                                    run.bold = True
        self._drop_spacer()
        self.header_and_footer()

    def landscape(self) -> None:
        section = self.document.sections[0]
        if section.page_width < section.page_height:
            section.page_width, section.page_height = section.page_height, section.page_width
        section.orientation = WD_ORIENT.LANDSCAPE


def build_annex_docx(annex: Annex, organisation, template: bytes | None = None) -> bytes:
    """The annex as .docx bytes in ``template``, or by default in the house style in use for
    ``organisation``."""
    if template is None:
        from reporting.house_style import current_template

        template = current_template(organisation) or DEFAULT_TEMPLATE.read_bytes()
    document = Document(BytesIO(as_document(template)))
    _AnnexWriter(document, annex).write()
    moment = timezone.localtime(clock.now(), datetime.UTC).replace(tzinfo=None, microsecond=0)
    properties = document.core_properties
    properties.title = f"{annex.plan_name} – {annex.title}"
    properties.subject = annex.subtitle
    properties.author = properties.last_modified_by = annex.authority
    properties.created = properties.modified = moment
    properties.revision = 1
    properties.keywords = properties.comments = properties.category = ""
    output = BytesIO()
    document.save(output)
    return output.getvalue()
