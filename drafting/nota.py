"""The nota of a meeting (issue 31, item 4): what a decision step's meeting gets on paper.

One fixed layout for every meeting, as the seed asks: the draft, the meeting's name and date, and per
proposal on its agenda (``steps.agenda``) its number and title, chapter, politiek aanspreekpunt, te
betrekken partners, aandachtspunten and envelope (the total, and per year when the actieplan has
envelopes), with an empty column for the meeting's decision. The Word file (``nota_word.py``), the PDF
(``nota_pdf.py``) and the Excel list (``nota_workbook.py``) are all written from this one content, which
is read in a fixed number of queries whatever the size of the agenda.
"""

import functools
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.code_version import code_version
from drafting import steps
from drafting.envelopes import euro
from drafting.models import Envelope, Step

FORMATS = ("docx", "pdf", "xlsx")
ZERO = Decimal(0)


@dataclass(frozen=True)
class NotaLine:
    """One proposal on the agenda, as the nota prints it."""

    number: str
    title: str
    chapter: str
    contact: str  # the politiek aanspreekpunt
    partners: str
    points_of_attention: str
    operating: Decimal = ZERO
    investment: Decimal = ZERO
    per_year: tuple[tuple[int, Decimal], ...] = ()  # (year, exploitatie + investeringen), years with one
    has_envelope: bool = False

    @property
    def total(self) -> Decimal:
        return self.operating + self.investment

    @property
    def envelope_text(self) -> str:
        """The envelope as a cell shows it: the total, then a line per year; "—" without envelope."""
        if not self.has_envelope:
            return "—"
        years = [f"{year}: {_unbroken(euro(amount))}" for year, amount in self.per_year]
        return "\n".join([_("Totaal %(total)s") % {"total": _unbroken(euro(self.total))}, *years])


@dataclass(frozen=True)
class Nota:
    draft_name: str
    authority: str
    step_name: str
    meeting_date: object  # a date, or None while the meeting has no date
    subject: str  # "actieplannen" or "doelstellingen", as the step's label
    years: tuple[int, ...]  # the draft's years, for the workbook's columns
    lines: tuple[NotaLine, ...] = field(default=())

    @property
    def title(self) -> str:
        return _("Nota voor %(meeting)s") % {"meeting": self.step_name}

    @property
    def date_text(self) -> str:
        if self.meeting_date is None:
            return _("Datum van de vergadering nog niet vastgelegd")
        return _("Vergadering van %(date)s") % {"date": formats.date_format(self.meeting_date, "j F Y")}

    @property
    def has_envelopes(self) -> bool:
        return any(line.has_envelope for line in self.lines)

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)

    @property
    def count_text(self) -> str:
        if not self.lines:
            return _("Er staan geen voorstellen op de agenda van deze vergadering.")
        return _("Op de agenda: %(count)s voorstellen (%(subject)s).") % {
            "count": len(self.lines),
            "subject": self.subject,
        }

    @property
    def instruction(self) -> str:
        return _(
            "Noteer in de laatste kolom per voorstel de beslissing: akkoord, niet akkoord, aangepast "
            "(zeg wat er aangepast werd) of uitgesteld."
        )

    @property
    def total_text(self) -> str:
        return _("De enveloppes van deze voorstellen samen: %(total)s.") % {
            "total": _unbroken(euro(self.total))
        }

    def headers(self) -> list[str]:
        """The columns of the table, in every format the same."""
        return [
            _("Nr."),
            _("Voorstel"),
            _("Hoofdstuk"),
            _("Politiek aanspreekpunt"),
            _("Te betrekken partners"),
            _("Aandachtspunten"),
            _("Enveloppe"),
            _("Beslissing"),
        ]

    def fingerprint(self) -> str:
        """A digest of everything the nota shows and of the code that writes it: a stored file of the
        nota with this fingerprint shows the nota as it is now."""
        state = repr((self, _code_version()))
        return hashlib.sha256(state.encode()).hexdigest()


@functools.cache
def _code_version() -> str:
    return code_version(settings.BASE_DIR)


def _unbroken(figure: str) -> str:
    """An amount never breaks over two lines."""
    return figure.replace(" ", "\u00a0")


def build_nota(step: Step) -> Nota:
    """The nota of ``step``'s meeting: its agenda with each proposal's fields and envelopes, read in
    a fixed number of queries (the proposals with chapter and aanspreekpunt, and their envelopes)."""
    draft = step.draft
    envelopes = Prefetch("envelopes", queryset=Envelope.objects.order_by("year"), to_attr="nota_envelopes")
    agenda = steps.agenda(step).select_related("chapter", "political_contact").prefetch_related(envelopes)
    lines = []
    for proposal in agenda:
        per_year = tuple(
            (envelope.year, envelope.total) for envelope in proposal.nota_envelopes if envelope.total
        )
        lines.append(
            NotaLine(
                number=proposal.number,
                title=proposal.title,
                chapter=proposal.chapter.name if proposal.chapter_id else "",
                contact=str(proposal.political_contact) if proposal.political_contact_id else "",
                partners=proposal.partners,
                points_of_attention=proposal.points_of_attention,
                operating=sum((e.operating for e in proposal.nota_envelopes), ZERO),
                investment=sum((e.investment for e in proposal.nota_envelopes), ZERO),
                per_year=per_year,
                has_envelope=bool(proposal.nota_envelopes),
            )
        )
    return Nota(
        draft_name=draft.name,
        authority=draft.authority,
        step_name=step.name,
        meeting_date=step.meeting_date,
        subject=step.get_subject_display(),
        years=tuple(draft.years),
        lines=tuple(lines),
    )


def file_name(nota: Nota, extension: str) -> str:
    """The name the nota is downloaded under, e.g. ``stad-turnhout-nota-bespreking-conclaaf.docx``."""
    return f"{slugify(nota.authority)}-nota-{slugify(nota.step_name)}.{extension}"
