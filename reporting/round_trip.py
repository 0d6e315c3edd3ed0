"""The round trip: a filled-in rapportering workbook updates statuses and toelichtingen.

First a preview (a dry run) per row: unchanged, changed (old → new) or refused with the reason.
Applying is all or nothing, in one transaction; every change is in history with the uploading
user and "import <bestandsnaam>" as reason.
"""

from dataclasses import dataclass, field
from typing import IO

import tablib
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import RowResult

from core import progress
from plans.models import ItemKind, Plan
from reporting import indicator_import
from reporting.columns import IMPORTED_SHEETS, KEY, SEEN, STATUS_LABELS, Line, compared, header_of, read_only
from reporting.controle_token import FIELDS, normalised
from reporting.indicator_import import INDICATOR_KIND
from reporting.indicator_tab import INDICATOR_COLUMNS
from reporting.indicator_tab import TAB as INDICATOR_TAB
from reporting.resources import RESOURCES
from reporting.rounds import live_items
from reporting.upload import UploadRow, read_upload
from uploads.confined import parsed
from uploads.reading import cell_text

IGNORED_CHANGE = gettext_lazy("Kolom %(column)s werd gewijzigd, maar de import neemt ze niet over: %(hint)s")


@dataclass
class RowOutcome:
    sheet: str
    row: int
    kind: str
    key: str
    outcome: str  # unchanged, changed, error
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the import did not take, or cleaned, and why

    @property
    def label(self) -> str:
        if self.kind == INDICATOR_KIND:
            return _("Indicator %(name)s") % {"name": self.key}
        return f"{ItemKind(self.kind).label.capitalize()} {self.key}"


@dataclass
class ImportOutcome:
    filename: str
    rows: list[RowOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refused_cells: list[tuple[str, int]] = field(default_factory=list)  # (sheet, row) of each error
    applied: bool = False
    # Per tab, the columns the import leaves alone whatever the file holds (``reporting/columns.py``).
    read_only: dict[str, list[str]] = field(
        default_factory=lambda: {
            **{sheet: read_only(columns) for sheet, columns in IMPORTED_SHEETS.items()},
            INDICATOR_TAB: read_only(INDICATOR_COLUMNS),
        }
    )

    @property
    def changed(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.outcome == "changed"]

    @property
    def refused(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.outcome == "error"]

    @property
    def row_count(self) -> int:
        """Every filled-in row of the file: those read, and those refused while reading."""
        return len({(row.sheet, row.row) for row in self.rows} | set(self.refused_cells))

    @property
    def refused_count(self) -> int:
        """Refused rows: those the import read and refused, and those refused while reading (a formula,
        a number that lost its digits), each row once."""
        return len({(row.sheet, row.row) for row in self.refused} | set(self.refused_cells))

    @property
    def ok(self) -> bool:
        return not self.errors and not self.refused


class ImportRefused(Exception):
    def __init__(self, outcome: ImportOutcome):
        super().__init__("import refused")
        self.outcome = outcome


def _dataset(rows: list[UploadRow]) -> tablib.Dataset:
    return tablib.Dataset(
        *[(r.key, r.status, r.explanation, r.seen) for r in rows],
        headers=[KEY, "status", "explanation", SEEN],
    )


COLUMNS = {name: header_of("Acties", name) for name in FIELDS}


def _messages(row_result: RowResult) -> list[str]:
    """The reasons a row was refused, each naming its column where it has one."""
    error = row_result.validation_error
    if error is None:
        return [str(error.error) for error in row_result.errors]
    if not hasattr(error, "message_dict"):
        return list(error.messages)
    return [
        _("Kolom %(column)s: %(message)s") % {"column": COLUMNS[name], "message": message}
        if name in COLUMNS
        else message
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _changes(row_result: RowResult) -> list[tuple[str, str, str]]:
    old, new = row_result.original, row_result.instance
    changes = []
    if old.status != new.status:
        changes.append((_("status"), STATUS_LABELS[old.status], STATUS_LABELS[new.status]))
    if old.explanation != new.explanation:
        changes.append((_("toelichting"), old.explanation, new.explanation))
    return changes


def _run(plan: Plan, upload_rows: list[UploadRow], *, dry_run: bool, reason: str, user) -> list[RowOutcome]:
    outcomes = []
    for kind, resource_class in RESOURCES.items():
        rows = [row for row in upload_rows if row.kind == kind]
        if not rows:
            continue
        resource = resource_class(plan=plan, reason=reason, user=user)
        result = resource.import_data(
            _dataset(rows),
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            retain_instance_in_row_result=True,
        )
        for upload_row, row_result in zip(rows, result.rows, strict=True):
            outcome = RowOutcome(upload_row.sheet, upload_row.row, kind, upload_row.key, "unchanged")
            if row_result.import_type in (RowResult.IMPORT_TYPE_INVALID, RowResult.IMPORT_TYPE_ERROR):
                outcome.outcome, outcome.messages = "error", _messages(row_result)
            elif row_result.import_type == RowResult.IMPORT_TYPE_UPDATE:
                outcome.changes = _changes(row_result)
                outcome.outcome = "changed" if outcome.changes else "unchanged"
            outcomes.append(outcome)
    return sorted(outcomes, key=lambda o: (o.sheet != "Projecten", o.row))


def import_rapportering(
    file: IO[bytes], *, size: int, filename: str, plan: Plan, user: AbstractBaseUser | None, dry_run: bool
) -> ImportOutcome:
    """Preview (``dry_run``) or apply a filled-in workbook. Raises UploadRefused for a file that is
    refused as a whole, ImportRefused (with the preview) when applying finds any refused row."""
    upload = parsed(read_upload, file, size)
    outcome = ImportOutcome(
        filename,
        errors=[str(error) for error in upload.errors],
        refused_cells=[(error.sheet, error.row) for error in upload.errors],
    )
    reason = f"import {filename}"
    notes = _notes(plan, upload.rows)
    progress.step(_("Wordt gecontroleerd"), len(upload.rows) + len(upload.indicator_rows))
    indicators = indicator_import.check_rows(plan, upload.indicator_rows, user=user)
    outcome.rows = [
        *_with_notes(_run(plan, upload.rows, dry_run=True, reason=reason, user=user), notes),
        *indicators.outcomes,
    ]
    if dry_run:
        return outcome
    if not outcome.ok:
        raise ImportRefused(outcome)
    progress.step(_("Wordt ingelezen"), len(upload.rows) + len(upload.indicator_rows))
    with transaction.atomic():
        applied = _run(plan, upload.rows, dry_run=False, reason=reason, user=user)
        indicators = indicator_import.check_rows(plan, upload.indicator_rows, user=user)
        applied_rows = [*applied, *indicators.outcomes]
        if any(row.outcome == "error" for row in applied_rows):  # the plan changed since the preview
            outcome.rows = applied_rows
            raise ImportRefused(outcome)  # leaving the block rolls everything back
        indicator_import.apply(indicators, user=user, reason=reason)
    outcome.rows, outcome.applied = [*_with_notes(applied, notes), *indicators.outcomes], True
    return outcome


def _ignored(upload_row: UploadRow, line: Line | None) -> list[str]:
    """The read-only columns of a row whose cell no longer shows what the plan holds."""
    if line is None or (line.action_plan is None and upload_row.kind != ItemKind.PROJECT):
        return []
    return [
        str(IGNORED_CHANGE % {"column": column.header, "hint": column.hint})
        for column in compared(IMPORTED_SHEETS[upload_row.sheet])
        if column.header in upload_row.shown
        and normalised(upload_row.shown[column.header]) != normalised(cell_text(column.value(line)))
    ]


def _notes(plan: Plan, upload_rows: list[UploadRow]) -> dict[tuple[str, int], list[str]]:
    """Per row, what the import leaves alone although the file changed it (a title, a
    verantwoordelijke…: read-only here, with what to do instead) and what reading cleaned."""
    action_plans, actions, projects = live_items(plan)
    by_number = {row.number: row for row in action_plans}
    lines = {(ItemKind.ACTION_PLAN, row.number): Line(row, row) for row in action_plans}
    lines |= {
        (ItemKind.ACTION, row.number): Line(row, by_number.get(row.action_plan_number)) for row in actions
    }
    lines |= {(ItemKind.PROJECT, row.title): Line(row) for row in projects}
    notes = {}
    for upload_row in upload_rows:
        line = lines.get((upload_row.kind, upload_row.key))
        notes[(upload_row.sheet, upload_row.row)] = [*upload_row.notes, *_ignored(upload_row, line)]
    return notes


def _with_notes(outcomes: list[RowOutcome], notes: dict) -> list[RowOutcome]:
    for outcome in outcomes:
        outcome.notes = notes.get((outcome.sheet, outcome.row), [])
    return outcomes
