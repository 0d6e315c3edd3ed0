"""The Indicatoren tab on its way back: changed Waarde and Toelichting cells become the round's values.

Read with the rest of the workbook (``reporting/upload.py``), checked in bulk (a fixed number of
queries whatever the number of rows), previewed with the status rows, and applied in the same
transaction, all or nothing. The hidden Controle cell says which round the tab was exported for and
what each row showed, so a value entered on the site after the export is never overwritten
unknowingly (the same three-way rule as the status rows: ``reporting/controle_token.py``).

Applying writes through ``indicators.values.record_value`` one changed row at a time (history with
user and reason, the model's rules once more): a round changes a handful of values per upload, and
the unchanged rows cost nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import progress
from indicators import access, kinds, values
from indicators.models import Indicator, Value
from plans.models import Plan
from reporting.controle_token import normalised, parse_token
from reporting.indicator_tab import INDICATOR_COLUMNS, NOTE, TAB, VALUE, typed
from rounds.models import ReportingRound

INDICATOR_KIND = "indicator"
HEADERS = {column.reads: column.header for column in INDICATOR_COLUMNS if column.reads}
NAME_HEADER = "Indicator"

CHECK_MISSING = gettext_lazy(
    "De verborgen controlekolom van deze rij is leeg, gewijzigd of beschadigd, dus is niet na te gaan voor "
    "welke rapportering de waarde is. Exporteer de rapportering opnieuw en vul die in."
)
OTHER_ROUND = gettext_lazy(
    "Deze rij komt uit de Excel van een andere rapportering of een ander plan. Exporteer de rapportering "
    "opnieuw en vul die in."
)
UNKNOWN_ID = gettext_lazy(
    "Indicator %(id)s bestaat niet in dit plan. Een import wijzigt enkel waarden van bestaande "
    "indicatoren; zet de Id terug zoals hij was."
)
NOT_YOURS = gettext_lazy(
    "U kan enkel waarden invullen van de indicatoren waarvoor u verantwoordelijk bent. Zet de rij terug "
    "zoals ze was (of laat ze weg) en laad het bestand opnieuw op."
)
CHANGED_SINCE_EXPORT = gettext_lazy(
    "Deze waarde werd na de export op de site gewijzigd (nu “%(current)s”). Neem die waarde over in de "
    "Excel, of exporteer opnieuw en vul de nieuwe Excel in."
)
TWICE = gettext_lazy("Indicator %(id)s staat ook al op rij %(row)d. Laat elke indicator maar één keer staan.")


@dataclass
class IndicatorRow:
    row: int
    indicator_id: str  # as in the file, checked later
    name: str
    value: object  # the cell's value as read: text, or a number Excel made of it
    value_text: str
    note: str
    check: str


@dataclass
class Checked:
    """What the tab would change: per row its outcome, and the writes to make."""

    outcomes: list = field(default_factory=list)  # round_trip.RowOutcome
    # indicator, the round its row was exported for, the value as typed, the note
    writes: list[tuple[Indicator, ReportingRound, object, str]] = field(default_factory=list)


def read_row(number: int, cells: dict) -> IndicatorRow | None:
    """A row of the tab, or None when it is empty. ``cells`` maps what it reads to the openpyxl cell."""
    from uploads.reading import cell_text

    text = {name: cell_text(cell.value) if cell is not None else "" for name, cell in cells.items()}
    if not any(text.values()):
        return None
    value_cell = cells.get(VALUE)
    return IndicatorRow(
        row=number,
        indicator_id=text["key"],
        name=text.get("name", ""),
        value=value_cell.value if value_cell is not None else None,
        value_text=text[VALUE],
        note=text[NOTE],
        check=text["seen"],
    )


def _split_check(check: str) -> tuple[int, dict] | None:
    head, _sep, token = check.partition(":")
    if not head.startswith("R") or not head[1:].isdigit():
        return None
    exported = parse_token(token)
    if exported is None:
        return None
    return int(head[1:]), {VALUE: exported["status"], NOTE: exported["explanation"]}


def check_rows(plan: Plan, rows: list[IndicatorRow], *, user) -> Checked:
    """Each row unchanged, changed (old → new) or refused with its reason, in five queries."""
    from reporting.round_trip import RowOutcome

    checked = Checked()
    ids = {int(row.indicator_id) for row in rows if row.indicator_id.isdigit()}
    indicators = Indicator.objects.select_related("plan").filter(plan=plan, pk__in=ids).in_bulk()
    round_ids = {split[0] for row in rows if (split := _split_check(row.check))}
    rounds = ReportingRound.objects.filter(plan=plan, pk__in=round_ids).in_bulk()
    current = {
        value.indicator_id: value
        for value in Value.objects.filter(indicator_id__in=indicators, round_id__in=rounds)
    }
    first_row: dict[str, int] = {}
    for row in rows:
        progress.advance()
        outcome = RowOutcome(TAB, row.row, INDICATOR_KIND, row.name or row.indicator_id, "unchanged")
        checked.outcomes.append(outcome)
        messages = []
        indicator = indicators.get(int(row.indicator_id)) if row.indicator_id.isdigit() else None
        split = _split_check(row.check)
        if indicator is None:
            messages.append(str(UNKNOWN_ID % {"id": row.indicator_id or "—"}))
        elif row.indicator_id in first_row:
            messages.append(str(TWICE % {"id": row.indicator_id, "row": first_row[row.indicator_id]}))
        elif split is None:
            messages.append(str(CHECK_MISSING))
        elif split[0] not in rounds:
            messages.append(str(OTHER_ROUND))
        if messages:
            outcome.outcome, outcome.messages = "error", messages
            continue
        first_row[row.indicator_id] = row.row
        round = rounds[split[0]]
        exported = split[1]
        edits = {
            name: text
            for name, text in ((VALUE, row.value_text), (NOTE, row.note))
            if not exported[name].matches(normalised(text))
        }
        if not edits:
            continue
        outcome.messages = _refusals(indicator, row, round, current.get(indicator.pk), exported, edits, user)
        if outcome.messages:
            outcome.outcome = "error"
            continue
        existing = current.get(indicator.pk)
        old_value = kinds.display(indicator, existing.value) if existing else ""
        new_number = kinds.parse(indicator, row.value)
        new_note = row.note if NOTE in edits else (existing.note if existing else "")
        changes = []
        if existing is None or new_number != existing.value:
            changes.append((_("waarde"), old_value, kinds.display(indicator, new_number)))
        if normalised(new_note) != normalised(existing.note if existing else ""):
            changes.append((_("toelichting"), existing.note if existing else "", new_note))
        if changes:
            outcome.outcome, outcome.changes = "changed", changes
            checked.writes.append((indicator, round, row.value, new_note))
    return checked


def _refusals(indicator, row, round, existing, exported, edits, user) -> list[str]:
    column = _("Kolom %(column)s: %(message)s")
    if user is not None and not access.may_enter_values(user, indicator):
        return [str(NOT_YOURS)]
    if round.is_closed:
        return [kinds.closed_round_error(round)]
    now = {
        VALUE: typed(indicator, existing.value) if existing else "",
        NOTE: existing.note if existing else "",
    }
    conflicts = [
        column % {"column": HEADERS[name], "message": CHANGED_SINCE_EXPORT % {"current": now[name]}}
        for name in edits
        if not exported[name].matches(normalised(now[name]))
    ]
    if conflicts:
        return conflicts
    try:
        kinds.parse(indicator, row.value)
    except ValidationError as error:
        return [column % {"column": HEADERS[VALUE], "message": message} for message in error.messages]
    on = values.round_date(round)
    start, end = kinds.plan_dates(indicator)
    if not start <= on <= end:
        return [
            _("%(round)s valt buiten het plan (%(start)s–%(end)s): er kan geen waarde voor ingevuld worden.")
            % {"round": round, "start": indicator.plan.start_year, "end": indicator.plan.end_year}
        ]
    return []


def apply(checked: Checked, *, user, reason: str) -> None:
    """Write the checked changes (inside the caller's transaction)."""
    for indicator, round, raw, note in checked.writes:
        values.record_value(indicator, raw, by=user, round=round, note=note, reason=reason)
