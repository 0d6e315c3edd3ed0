"""Render an output: for a round and a kind (the workbook, the verslag in Word, the verslag in PDF),
which writer makes it from which content, and the name it is saved under.

This is the only place that chooses: an opvolgingsrapportering or a doelstellingenrealisatie (BBC
2020) gives its BBC report in every form, any other round the classic workbook and verslag. The web's
downloads (through the stored outputs, ``stored_outputs.py``, and the render task, ``export_jobs``) and
the commands ``export_rapportering`` and ``export_verslag`` all render here, so the command line and
the web give the same output for every round.

Whoever renders for a user checks that the user may read the round's outputs first (the web's views:
``rounds.view_reportinground``); the commands and the render task render for the operator and
for a job already allowed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django.utils.text import slugify

from outputs.models import OutputKind
from reporting.bbc_reports import BbcReport, build_bbc_report, entities_in, is_bbc
from reporting.bbc_workbook import build_bbc_workbook
from reporting.docx_report import DOCX, build_docx
from reporting.pdf import PDF, build_pdf
from reporting.report import Report, build_report
from reporting.rounds import round_rows
from reporting.workbook import XLSX, build_workbook
from rounds.models import ReportingRound


@dataclass(frozen=True)
class Output:
    """One kind of output: how it is made from a round (for an entity, "" for all) and how it is served."""

    kind: OutputKind
    make: Callable[[ReportingRound, str], bytes]
    content_type: str
    is_verslag: bool  # the verslag in some form, not the workbook


def verslag_of(round: ReportingRound, *, entity: str = "") -> Report | BbcReport:
    """What the verslag of ``round`` shows, on screen and in every file: its BBC report for an
    opvolgingsrapportering or a doelstellingenrealisatie (for ``entity`` when given), else the classic
    verslag."""
    if is_bbc(round):
        return build_bbc_report(round, entity=entity)
    return build_report(round)


def _workbook(round: ReportingRound, entity: str) -> bytes:
    output = BytesIO()
    if is_bbc(round):
        build_bbc_workbook(build_bbc_report(round, entity=entity), output)
    else:
        build_workbook(round_rows(round), output)
    return output.getvalue()


def _docx(round: ReportingRound, entity: str) -> bytes:
    return build_docx(verslag_of(round, entity=entity))


def _pdf(round: ReportingRound, entity: str) -> bytes:
    return build_pdf(verslag_of(round, entity=entity))


OUTPUTS = {
    OutputKind.WORKBOOK: Output(OutputKind.WORKBOOK, _workbook, XLSX, is_verslag=False),
    OutputKind.DOCX: Output(OutputKind.DOCX, _docx, DOCX, is_verslag=True),
    OutputKind.PDF: Output(OutputKind.PDF, _pdf, PDF, is_verslag=True),
}


def render_output(round: ReportingRound, kind: str, entity: str = "") -> bytes:
    """The bytes of the round's output of ``kind``, made from its rows (the frozen ones once it is
    closed); for one entity of a BBC round when ``entity`` is given."""
    return OUTPUTS[OutputKind(kind)].make(round, entity_for(round, entity))


def output_name(round: ReportingRound, kind: str, entity: str = "") -> str:
    """The name the output is saved under, e.g. ``ocmw-turnhout-rapportering-december-2017.xlsx``,
    ``…-verslag.pdf`` for the verslag, with the entity before that when given."""
    suffix = f"-{slugify(entity)}" if entity else ""
    report = "-verslag" if OUTPUTS[OutputKind(kind)].is_verslag else ""
    return f"{slugify(round.plan.authority)}-{slugify(round.name)}{suffix}{report}.{kind}"


def content_type(kind: str) -> str:
    return OUTPUTS[OutputKind(kind)].content_type


def kind_of_file(path: PurePath) -> OutputKind | None:
    """The kind of output a file of this name holds (by its extension), None when none."""
    extension = path.suffix.lower().removeprefix(".")
    return OutputKind(extension) if extension in OutputKind.values else None


def entity_for(round: ReportingRound, asked: str) -> str:
    """The entity an output is made for: only a BBC round's outputs are split by entity."""
    return asked if is_bbc(round) else ""


def entities_of(round: ReportingRound) -> list[str]:
    """The entities a BBC round's outputs can be made for; none for any other round."""
    return entities_in(round_rows(round)) if is_bbc(round) else []
