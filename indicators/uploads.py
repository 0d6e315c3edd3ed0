"""Values from a CSV or Excel file: a line per value (Indicator, Datum or Rapportering, Waarde,
Toelichting), previewed old → new, then applied all or nothing.

Reading checks every line against the plan in a fixed number of queries (the plan's indicators,
rounds and values are read in bulk). Applying writes each value through
``indicators.values.record_value`` (history with the user and the file as reason): an upload of
values is a few hundred lines at most, so one write per line stays well within a request.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators import kinds, values
from indicators.models import Indicator, Value
from plans.models import Plan
from rounds.models import ReportingRound
from uploads.tables import FORMULA, Column, LineError, read_table

MAX_LINES = 20_000
INDICATOR, DATE, ROUND, VALUE, NOTE = "Indicator", "Datum", "Rapportering", "Waarde", "Toelichting"
COLUMNS = [
    Column(INDICATOR, ("id", "indicator id", "naam indicator")),
    Column(DATE, ("date",), required=False),
    Column(ROUND, ("ronde",), required=False),
    Column(VALUE, ("value",)),
    Column(NOTE, ("opmerking",), required=False),
]
NOTE_MAX = 2000


class ValuesRefused(Exception):
    def __init__(self, upload: "ValuesUpload"):
        super().__init__("values refused")
        self.upload = upload


@dataclass
class ValueLine:
    line: int
    indicator: Indicator
    raw: Any
    note: str
    date: datetime.date | None
    round: ReportingRound | None
    old: str  # the value it replaces, as users read it ("" when new)
    new: str

    @property
    def when(self) -> str:
        return str(self.round) if self.round else self.date.strftime("%d/%m/%Y")


@dataclass
class ValuesUpload:
    filename: str
    lines: list[ValueLine] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is geen datum. Schrijf de datum als 31/12/2026.") % {"value": text}, code="not_a_date"
    )


class _Plan:
    """The plan's indicators, rounds and values, read once."""

    def __init__(self, plan: Plan):
        self.indicators = list(Indicator.objects.select_related("plan").filter(plan=plan))
        self.by_id = {str(i.pk): i for i in self.indicators}
        self.by_name: dict[str, list[Indicator]] = {}
        for indicator in self.indicators:
            self.by_name.setdefault(indicator.name.strip(), []).append(indicator)
        self.rounds = {r.name.strip().casefold(): r for r in ReportingRound.objects.filter(plan=plan)}
        self.values: dict[tuple, Value] = {}
        for value in Value.objects.select_related("round").filter(indicator__plan=plan):
            self.values[(value.indicator_id, value.date)] = value
            if value.round_id:
                self.values[(value.indicator_id, "round", value.round_id)] = value

    def indicator(self, text: str) -> Indicator:
        found = self.by_id.get(text) or (
            self.by_name[text][0] if len(self.by_name.get(text, [])) == 1 else None
        )
        if found is None:
            raise ValidationError(
                _(
                    "Onbekende indicator “%(value)s”. Vul de Id of de exacte naam in van een indicator van "
                    "dit plan."
                )
                % {"value": text}
            )
        return found


def read_values(file: IO[bytes], size: int, *, filename: str, plan: Plan) -> ValuesUpload:
    """Every line checked: the indicator exists in this plan, a date within the plan or an open
    round of it, a value of the indicator's kind. Raises UploadRefused for a file refused whole."""
    upload = ValuesUpload(filename)
    known = _Plan(plan)
    seen: dict[tuple, int] = {}
    for line in read_table(file, size, filename=filename, columns=COLUMNS, max_rows=MAX_LINES):
        for name in line.formulas:
            upload.errors.append(LineError(line.sheet, line.number, name, str(FORMULA)))
        if line.formulas:
            continue
        errors: list[tuple[str, str]] = []

        def refuse(column: str, error: Exception | str, errors: list = errors) -> None:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            errors.extend((column, message) for message in messages)

        indicator = round = date = None
        try:
            indicator = known.indicator(_text(line.values[INDICATOR]))
        except ValidationError as error:
            refuse(INDICATOR, error)
        round_name, date_cell = _text(line.values.get(ROUND)), line.values.get(DATE)
        if round_name:
            round = known.rounds.get(round_name.casefold())
            if round is None:
                refuse(ROUND, _("Onbekende rapportering “%(value)s” in dit plan.") % {"value": round_name})
            elif round.is_closed:
                refuse(ROUND, kinds.closed_round_error(round))
        elif _text(date_cell):
            try:
                date = _date(date_cell)
            except ValidationError as error:
                refuse(DATE, error)
        else:
            refuse(DATE, _("Vul een datum of de naam van een rapportering in."))
        number = None
        if indicator is not None:
            try:
                number = kinds.parse(indicator, line.values[VALUE])
            except ValidationError as error:
                refuse(VALUE, error)
            on = date or (values.round_date(round) if round else None)
            start, end = kinds.plan_dates(indicator)
            if on is not None and not start <= on <= end:
                refuse(
                    DATE if date else ROUND,
                    _("%(date)s valt buiten het plan (%(start)s–%(end)s). Kies een datum binnen het plan.")
                    % {"date": on.strftime("%d/%m/%Y"), "start": plan.start_year, "end": plan.end_year},
                )
        note = _text(line.values.get(NOTE))
        if len(note) > NOTE_MAX:
            refuse(NOTE, _("De toelichting is langer dan %(max)d tekens. Kort ze in.") % {"max": NOTE_MAX})
        if not errors and indicator is not None:
            key = (indicator.pk, round.pk if round else date)
            if key in seen:
                refuse(INDICATOR, _("Deze waarde staat ook al op regel %(line)d.") % {"line": seen[key]})
            seen[key] = line.number
        if errors:
            upload.errors.extend(
                LineError(line.sheet, line.number, column, message) for column, message in errors
            )
            continue
        existing = known.values.get((indicator.pk, "round", round.pk)) if round else None
        existing = existing or known.values.get((indicator.pk, date or values.round_date(round)))
        if existing is not None and existing.round_id and existing.round.is_closed:
            upload.errors.append(
                LineError(line.sheet, line.number, DATE, kinds.closed_round_error(existing.round))
            )
            continue
        upload.lines.append(
            ValueLine(
                line.number,
                indicator,
                line.values[VALUE],
                note,
                date,
                round,
                kinds.display(indicator, existing.value) if existing else "",
                kinds.display(indicator, number if number is not None else Decimal(0)),
            )
        )
    return upload


@transaction.atomic
def apply_values(upload: ValuesUpload, *, by) -> int:
    """Write every line, or nothing when a line is refused; returns how many values were written."""
    if not upload.ok:
        raise ValuesRefused(upload)
    reason = f"import {upload.filename}"
    for line in upload.lines:
        values.record_value(
            line.indicator, line.raw, by=by, round=line.round, date=line.date, note=line.note, reason=reason
        )
    return len(upload.lines)


def example(plan: Plan) -> bytes:
    """A CSV to fill in: a line per followed indicator of the plan, by its Id (its name for reading)."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow([INDICATOR, DATE, ROUND, VALUE, NOTE, _("Naam (wordt niet ingelezen)")])
    for indicator in Indicator.objects.filter(plan=plan, followed=True).order_by("name"):
        name = indicator.name
        if name.startswith(("=", "+", "-", "@")):
            name = "'" + name
        writer.writerow([indicator.pk, f"31/12/{plan.start_year}", "", "", "", name])
    return ("\ufeff" + output.getvalue()).encode("utf-8")
