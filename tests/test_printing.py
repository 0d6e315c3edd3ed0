"""The test helpers that read printed text find a phrase wherever the fonts break its lines and pages."""

import pytest
from weasyprint import HTML

from tests.printing import flowing, printed_text
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
