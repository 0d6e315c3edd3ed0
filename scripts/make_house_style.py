"""Write the default Word house style, reporting/templates_docx/huisstijl.docx, with python-docx.

The verslag's .docx is built in this template unless the beheerder uploads the municipality's own:
A4 portrait, 2 cm margins, Calibri, navy headings, and the styles the export uses (Title, Subtitle,
Heading 1–3, TOC 1–3, Header, Footer, Table Grid). Header and footer stay empty: the export fills
them in (plan and round, "Pagina x van y") when a template has none of its own.

Run: .venv/bin/python scripts/make_house_style.py
"""

import datetime
import zipfile
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "reporting" / "templates_docx" / "huisstijl.docx"
NAVY = RGBColor(0x13, 0x32, 0x4F)
MOMENT = datetime.datetime(2024, 1, 1)


def build() -> bytes:
    document = Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    for level, size in ((1, 16), (2, 13), (3, 11.5)):
        heading = styles[f"Heading {level}"]
        heading.font.name, heading.font.size, heading.font.color.rgb = "Calibri", Pt(size), NAVY
        heading.font.italic = False
        heading.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        heading.paragraph_format.space_after = Pt(4)
    title, subtitle = styles["Title"], styles["Subtitle"]
    title.font.name, title.font.size, title.font.color.rgb = "Calibri", Pt(26), NAVY
    subtitle.font.name, subtitle.font.size, subtitle.font.color.rgb = "Calibri", Pt(14), NAVY
    subtitle.font.italic = False
    text_width = section.page_width - section.left_margin - section.right_margin
    for level in (1, 2, 3):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        toc.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        toc.font.bold = level == 1
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(8)
        styles[name].font.color.rgb = RGBColor(0x5B, 0x66, 0x73)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "nl-BE")
    normal.element.get_or_add_rPr().append(language)
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = "Huisstijl verslag", "", ""
    properties.created = properties.modified = MOMENT
    properties.revision = 1
    output = BytesIO()
    document.save(output)
    stable = BytesIO()
    with zipfile.ZipFile(output) as source, zipfile.ZipFile(stable, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=MOMENT.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info))
    return stable.getvalue()


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(build())
    print(f"{TARGET} geschreven.")
