"""The test helpers that read printed text find a phrase wherever the fonts break its lines and pages,
and find words past the paper's edge, blank pages, and amounts and words broken over two lines."""

import pytest
from weasyprint import HTML

from tests.printing import (
    blank_pages,
    broken_amounts,
    broken_words,
    flowing,
    pages,
    printed_text,
    words_off_the_page,
)
from tests.services import POPPLER

PHRASE = "Voorstel te schrappen: acties 40.1 en 40.2, met de Welzijns-campus en de mantelzorgers."
PAGE = """
<style>
  @page { size: 60mm 45mm; margin: 10mm 5mm;
          @top-center { content: "Plan · Rapportering"; font-size: 6pt }
          @bottom-center { content: "pagina " counter(page) " van " counter(pages); font-size: 6pt } }
  body { font-size: 9pt; line-height: 1.2 }
  p { margin: 0; orphans: 1; widows: 1 }
</style>
<p>Eerst wat tekst die de zin naar onder duwt, zodat ze over twee pagina's valt.</p>
<p>PHRASE</p>
"""


@pytest.mark.skipif(not POPPLER, reason="pdftotext not installed (apt-get install poppler-utils)")
def test_a_phrase_broken_over_lines_and_a_page_is_found_whole():
    pdf = HTML(string=PAGE.replace("PHRASE", PHRASE)).write_pdf()
    text = printed_text(pdf)
    assert "pagina 1" not in text and "Rapportering" not in text  # the page furniture is gone
    assert flowing(PHRASE) in text


def test_flowing_joins_lines_and_a_word_broken_after_its_hyphen():
    assert flowing("acties 40.1\nen 40.2\f de Welzijns-\ncampus") == "acties 40.1 en 40.2 de Welzijns-campus"
    assert flowing("A - B") == "A - B"


PAPER = """
<style>
  @page { size: 100mm 80mm; margin: 20mm;
          @bottom-center { content: "pagina " counter(page); font-size: 6pt } }
  @page wide { size: 200mm 80mm; }
  body { font-size: 9pt } .wide { page: wide } td { white-space: nowrap; padding: 0 4mm 0 0 }
</style>
"""
AMOUNTS = "".join(f"<td>€ {amount}</td>" for amount in ("15.292,62", "10.000,00", "4.413,52"))
TABLE = f"<table><tr><td>Realisatie</td>{AMOUNTS}<td>Graad</td></tr></table>"


@pytest.mark.skipif(not POPPLER, reason="pdftotext not installed (apt-get install poppler-utils)")
def test_words_past_the_edge_of_the_paper_are_found_and_a_landscape_page_holds_them(tmp_path):
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(HTML(string=f"{PAPER}{TABLE}").write_pdf())
    assert list(words_off_the_page(pdf)) == [1]  # the word the paper cuts (pdftotext drops what lies past it)
    pdf.write_bytes(HTML(string=f'{PAPER}<div class="wide">{TABLE}</div>').write_pdf())
    assert words_off_the_page(pdf) == {}


@pytest.mark.skipif(not POPPLER, reason="pdftotext not installed (apt-get install poppler-utils)")
def test_a_page_with_only_its_page_number_is_blank(tmp_path):
    pdf = tmp_path / "pages.pdf"
    blank = '<div style="break-before: page; break-after: page"></div>'
    pdf.write_bytes(HTML(string=f"{PAPER}<p>Eerst.</p>{blank}<p>Verder.</p>").write_pdf())
    assert len(pages(pdf)) == 3 and blank_pages(pdf) == [2]


def _line(*texts: str, y: float = 100.0, x: float = 50.0) -> list:
    boxes = []
    for text in texts:
        boxes.append((x, y, x + 6 * len(text), y + 12, text))
        x += 6 * len(text) + 4
    return boxes


def test_an_amount_or_a_rate_broken_over_two_lines_is_found():
    whole = _line("€", "52.000,00", "29,4", "%") + _line("€", "-1.234.567,89", "100", "%", y=120)
    assert broken_amounts(whole) == []
    assert broken_amounts(_line("€", "52.000,0") + _line("0", y=114)) == ["€ 52.000,0"]
    assert broken_amounts(_line("€") + _line("9.930,52", y=114)) == ["€ 9.930,52"]
    assert broken_amounts(_line("44,1") + _line("%", y=114)) == ["44,1 %"]


def test_a_word_broken_in_the_middle_is_found_a_word_broken_after_its_hyphen_is_not():
    written = {"Realisatie", "uitgaven", "Welzijns-campus", "ie"}
    assert broken_words(_line("Realisat") + _line("ie", "uitgaven", y=114), written) == ["Realisat ie"]
    assert broken_words(_line("Welzijns-") + _line("campus", y=114), written) == []
    assert broken_words(_line("Realisatie", "uitgaven"), written) == []
