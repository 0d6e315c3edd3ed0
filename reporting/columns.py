"""Every column of the rapportering workbook, declared once: the writer (``workbook.py``) and the
readers (``upload.py``, ``resources.py``, the preview of ``round_trip.py``) all take them from here.

A column says how it looks (header, width, wrapped, kept as text), how its value is read from a
line of the round, and whether the round-trip import takes it back: ``reads`` names what the
reader calls it (the item's key, a field it parses back, or the hidden check); a column without
``reads`` is read-only and the preview says the import leaves it alone. Adding a column is one
entry in one of the lists below.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from openpyxl.worksheet.datavalidation import DataValidation

from plans.models import ItemKind, LifeCycle, ProposalKind, ProposalState, Status
from plans.statuses import naming_statuses
from reporting.controle_token import FIELDS as EDITABLE
from reporting.controle_token import seen_token
from reporting.rounds import ItemRow, ProposalRow

STATUS_LABELS = {value: str(label) for value, label in Status.choices}
STATUS_BY_LABEL = {label: value for value, label in STATUS_LABELS.items()}
_STATUS_BY_FOLDED = {label.casefold(): value for label, value in STATUS_BY_LABEL.items()}
UNKNOWN_STATUS = naming_statuses(_("Onbekende status “%(value)s”: kies {statuses}."))
LIFE_CYCLE_LABELS = {value: str(label) for value, label in LifeCycle.choices}
KIND_LABELS = {value: str(label) for value, label in ProposalKind.choices}
STATE_LABELS = {value: str(label) for value, label in ProposalState.choices}

# What the import reads back: the key columns that find the item, the fields it changes, the check.
KEY, PARENT_KEY, SEEN = "key", "action_plan", "seen"


def status_dropdown(cells: str, *, allow_blank: bool) -> DataValidation:
    """The drop-down of the statuses on ``cells`` ("E2:E500"), refusing anything else."""
    statuses = ",".join(STATUS_LABELS.values())
    validation = DataValidation(
        type="list",
        formula1=f'"{statuses}"',
        allow_blank=allow_blank,
        showErrorMessage=True,
        errorTitle="Onbekende status",
        error=f"Kies een van deze statussen: {statuses}.",
    )
    validation.add(cells)
    return validation


def parse_status(text) -> str | None:
    """A status as people type it ("Loopt ", "ON HOLD") → its code; None when it is none of them."""
    return _STATUS_BY_FOLDED.get(" ".join(str(text or "").split()).casefold())


def label(labels: dict, value: str | None) -> str:
    return labels.get(value, value or "")


@dataclass(frozen=True)
class Line:
    """One row of the Projecten or Acties tab: the item, its actieplan, and what the round says of it."""

    item: ItemRow
    action_plan: ItemRow | None = None
    previous_status: str | None = None
    proposals: tuple[ProposalRow, ...] = ()

    @property
    def is_action(self) -> bool:
        return self.item.kind == ItemKind.ACTION


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable
    wrap: bool = False
    as_text: bool = False  # numbers such as "10.10" stay text
    status: bool = False  # the status colours, and where the import reads it the drop-down of five
    hidden: bool = False
    reads: str | None = None  # what the import takes back from it (see above); None: read-only
    hint: str = ""  # read-only data of the item: what to do instead of changing it here
    strong: Callable | None = None  # which lines are printed in bold (the actieplannen of a list)
    number_format: str = ""  # amounts and percentages: a real number, shown the Flemish way


TITLE_BY_PROPOSAL = _("de titel wijzigt u met een wijzigingsvoorstel.")
IN_ADMIN = _("dit wijzigt u in Beheer.")
LIFE_CYCLE_BY_PROPOSAL = _("schrappen of bundelen gaat via een wijzigingsvoorstel.")
INTERNAL_ON_STATUS_PAGE = _(
    "of een toelichting intern is (niet op de publieke website), zet u met het vakje bij de toelichting "
    "op de statuspagina."
)
YES_NO = {True: "ja", False: "nee"}


def _life_cycle(line: Line) -> str:
    return label(LIFE_CYCLE_LABELS, line.item.life_cycle)


def _internal(line: Line) -> str:
    return YES_NO[bool(line.item.explanation_internal)]


def _seen(line: Line) -> str:
    return seen_token(*(getattr(line.item, name) for name in EDITABLE))


PROJECT_COLUMNS = [
    Column("Project", 32, lambda line: line.item.title, wrap=True, reads=KEY),
    Column("Gekoppelde actieplannen", 22, lambda line: line.item.links, as_text=True, hint=IN_ADMIN),
    Column("Projectleider", 22, lambda line: line.item.responsible, hint=IN_ADMIN),
    Column("Status", 14, lambda line: label(STATUS_LABELS, line.item.status), status=True, reads="status"),
    Column("Status vorige rapportering", 16, lambda line: label(STATUS_LABELS, line.previous_status)),
    Column("Toelichting", 70, lambda line: line.item.explanation, wrap=True, reads="explanation"),
    Column("Toelichting intern", 12, _internal, hint=INTERNAL_ON_STATUS_PAGE),
    Column("Stand in het plan", 16, _life_cycle, hint=LIFE_CYCLE_BY_PROPOSAL),
    Column("Controle", 12, _seen, hidden=True, reads=SEEN),
]
ACTION_COLUMNS = [
    Column("Actieplan", 10, lambda line: line.action_plan.number, as_text=True, reads=PARENT_KEY),
    Column("Titel actieplan", 40, lambda line: line.action_plan.title, wrap=True, hint=TITLE_BY_PROPOSAL),
    Column("Actie", 10, lambda line: line.item.number if line.is_action else "", as_text=True, reads=KEY),
    Column(
        "Titel actie",
        45,
        lambda line: line.item.title if line.is_action else "",
        wrap=True,
        hint=TITLE_BY_PROPOSAL,
    ),
    Column("Status", 14, lambda line: label(STATUS_LABELS, line.item.status), status=True, reads="status"),
    Column("Status vorige rapportering", 16, lambda line: label(STATUS_LABELS, line.previous_status)),
    Column("Toelichting", 70, lambda line: line.item.explanation, wrap=True, reads="explanation"),
    Column("Toelichting intern", 12, _internal, hint=INTERNAL_ON_STATUS_PAGE),
    Column("Verantwoordelijke", 22, lambda line: line.item.responsible, hint=IN_ADMIN),
    Column("Stand in het plan", 16, _life_cycle, hint=LIFE_CYCLE_BY_PROPOSAL),
    Column("Wijzigingsvoorstel", 45, lambda line: "\n".join(p.phrase for p in line.proposals), wrap=True),
    Column("Soort voorstel", 15, lambda line: ", ".join(label(KIND_LABELS, p.kind) for p in line.proposals)),
    Column("Motivering", 60, lambda line: "\n".join(p.motivation for p in line.proposals), wrap=True),
    Column("Aandachtspunten", 50, lambda line: line.item.points_of_attention, wrap=True, hint=IN_ADMIN),
    Column("Controle", 12, _seen, hidden=True, reads=SEEN),
]
SUMMARY_COLUMNS = [
    Column("Actieplan", 10, lambda row: row[0], as_text=True),
    *[
        Column(str(name), 13, lambda row, index=index: row[index])
        for index, name in enumerate(Status.labels, start=1)
    ],
    Column("Totaal", 10, lambda row: row[-1]),
]
PROPOSAL_COLUMNS = [
    Column("Nr.", 6, lambda p: p.proposal_id),
    Column("Actieplan", 10, lambda p: p.action_plan_number, as_text=True),
    Column("Acties", 20, lambda p: p.action_numbers, wrap=True, as_text=True),
    Column("Soort", 15, lambda p: label(KIND_LABELS, p.kind)),
    Column("Voorstel", 60, lambda p: p.phrase, wrap=True),
    Column("Motivering", 70, lambda p: p.motivation, wrap=True),
    Column("Stand", 13, lambda p: label(STATE_LABELS, p.state)),
    Column("Opmerking managementteam", 40, lambda p: p.remark, wrap=True),
    Column("Datum raadsbeslissing", 16, lambda p: p.council_decision_date),
]


def _is_action_plan(line: Line) -> bool:
    return not line.is_action


def _previous_status(line: Line) -> str:
    return label(STATUS_LABELS, line.previous_status)


def _raad_title(line: Line) -> str:
    """The title, and for an item no longer in the plan what happened to it."""
    if line.item.life_cycle == LifeCycle.ACTIVE:
        return line.item.title
    return f"{line.item.title} ({label(LIFE_CYCLE_LABELS, line.item.life_cycle)})"


# The tab the raad reads and prints: the plan in plan order, each actieplan followed by its actions.
# Nothing here is read back by the import.
RAAD_COLUMNS = [
    Column("Nr.", 8, lambda line: line.item.number, as_text=True, strong=_is_action_plan),
    Column("Titel", 36, _raad_title, wrap=True, strong=_is_action_plan),
    Column("Status", 12, lambda line: label(STATUS_LABELS, line.item.status), status=True),
    Column("Status vorige rapportering", 13, _previous_status),
    Column("Toelichting", 58, lambda line: line.item.explanation, wrap=True),
    Column("Aandachtspunt", 30, lambda line: line.item.points_of_attention, wrap=True),
    Column("Voorstel", 30, lambda line: "\n".join(p.phrase for p in line.proposals), wrap=True),
]

# The tabs the round-trip import reads back, and their columns.
IMPORTED_SHEETS = {"Projecten": PROJECT_COLUMNS, "Acties": ACTION_COLUMNS}


def read_back(columns: list[Column]) -> dict[str, str]:
    """What the import reads from a tab: its name for the value → the column's header."""
    return {column.reads: column.header for column in columns if column.reads}


def read_only(columns: list[Column]) -> list[str]:
    """The headers of the columns the import leaves alone, for the preview to say so."""
    return [column.header for column in columns if not column.reads]


def compared(columns: list[Column]) -> list[Column]:
    """The read-only columns that show the item's own data: a change there is named in the preview."""
    return [column for column in columns if column.hint]


def header_of(sheet: str, reads: str) -> str:
    return read_back(IMPORTED_SHEETS[sheet])[reads]
