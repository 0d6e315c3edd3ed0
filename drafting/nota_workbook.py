"""The nota of a meeting as an Excel list: a header row, a row per proposal on the agenda, and the
decision column empty for whoever notes the meeting's decisions.

Written by the rapportering workbook's writer (``reporting/workbook.py``), as the BBC workbook is:
streamed, the header row frozen and printed on every page, A4 landscape one page wide, rows as tall
as their wrapped text, and no cell ever a formula (text that starts like one stays text).
"""

from types import SimpleNamespace
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from drafting.nota import Nota, NotaLine
from reporting.columns import Column
from reporting.workbook import XLSX, _append_rows, _finish_sheet, _page_setup, _start_sheet

__all__ = ["XLSX", "build_nota_workbook", "nota_columns"]
WHOLE_EURO = '#,##0\\ "€";-#,##0\\ "€"'


def _per_year(year: int):
    def value(line: NotaLine):
        return dict(line.per_year).get(year) if line.has_envelope else None

    return value


def nota_columns(nota: Nota) -> list[Column]:
    """The list's columns: those of the Word nota, the envelope split into its parts and years."""
    envelope = [
        Column(
            _("Enveloppe totaal"),
            15,
            lambda line: line.total if line.has_envelope else None,
            number_format=WHOLE_EURO,
        ),
        Column(
            _("Exploitatie"),
            14,
            lambda line: line.operating if line.has_envelope else None,
            number_format=WHOLE_EURO,
        ),
        Column(
            _("Investeringen"),
            14,
            lambda line: line.investment if line.has_envelope else None,
            number_format=WHOLE_EURO,
        ),
        *[Column(str(year), 13, _per_year(year), number_format=WHOLE_EURO) for year in nota.years],
    ]
    return [
        Column(_("Nr."), 8, lambda line: line.number, as_text=True),
        Column(_("Voorstel"), 45, lambda line: line.title, wrap=True),
        Column(_("Hoofdstuk"), 16, lambda line: line.chapter, wrap=True),
        Column(_("Politiek aanspreekpunt"), 24, lambda line: line.contact, wrap=True),
        Column(_("Te betrekken partners"), 32, lambda line: line.partners, wrap=True),
        Column(_("Aandachtspunten"), 36, lambda line: line.points_of_attention, wrap=True),
        *(envelope if nota.has_envelopes else []),
        Column(_("Beslissing"), 18, lambda line: ""),
    ]


def build_nota_workbook(nota: Nota, output: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = nota.authority
    workbook.properties.title = f"{nota.draft_name} — {nota.title}"
    columns = nota_columns(nota)
    sheet = _start_sheet(workbook, _("Agenda"), columns)
    count = _append_rows(sheet, columns, nota.lines)
    _finish_sheet(sheet, columns, count)
    # The page header and footer name the draft, its bestuur and the meeting, as a round's name its plan.
    furniture = SimpleNamespace(
        name=nota.title, plan=SimpleNamespace(name=nota.draft_name, authority=nota.authority)
    )
    _page_setup(sheet, furniture, nota.date_text, len(columns), count + 1)
    workbook.save(output)
