"""A whole plan from a workbook: goals (SD), actieplannen (OD/TD) and actions, for a new organisation.

The template (``plan_template``) has three tabs: Doelstellingen, Actieplannen, Acties. Reading
checks every row before anything is created; creating is one transaction, written in bulk with
history ("import <bestand>"). Timing takes "2008 - 2010", "2016" or free text ("korte termijn").
"""

import re
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from plans import changes
from plans.models import Action, ActionPlan, Goal, Plan, Status
from reporting.columns import STATUS_BY_LABEL, UNKNOWN_STATUS
from reporting.upload import MAX_ROWS, CellError, UploadRefused, cell_text, check_container

COLUMNS = {
    "Doelstellingen": ["Nummer", "Titel", "Omschrijving"],
    "Actieplannen": [
        "Nummer",
        "Titel",
        "Doelstelling",
        "Verantwoordelijke",
        "Politiek aanspreekpunt",
        "Partners",
        "Aandachtspunten",
        "Status",
        "Toelichting",
    ],
    "Acties": ["Actieplan", "Nummer", "Titel", "Verantwoordelijke", "Timing", "Status", "Toelichting"],
}
# The columns that are copied as they are into a model field.
TEXT_FIELDS = {
    "Actieplannen": {
        "Nummer": "number",
        "Titel": "title",
        "Verantwoordelijke": "responsible",
        "Politiek aanspreekpunt": "political_contact",
        "Partners": "partners",
        "Aandachtspunten": "points_of_attention",
        "Toelichting": "explanation",
    },
    "Acties": {
        "Nummer": "number",
        "Titel": "title",
        "Verantwoordelijke": "responsible",
        "Toelichting": "explanation",
    },
}
# Where a model's refusal of a field is shown: the template column the field was read from.
COLUMN_OF = {
    "number": "Nummer",
    "title": "Titel",
    "description": "Omschrijving",
    "goal": "Doelstelling",
    "action_plan": "Actieplan",
    "start_year": "Timing",
    "end_year": "Timing",
    "timing": "Timing",
    "status": "Status",
    **{field: column for columns in TEXT_FIELDS.values() for column, field in columns.items()},
}
PARENTS = ["plan", "goal", "action_plan"]
YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$")


@dataclass
class PlanUpload:
    """A filled-in template read into unsaved records (their parents linked), or its errors."""

    goals: list[Goal] = field(default_factory=list)
    action_plans: list[ActionPlan] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def template() -> bytes:
    """The empty workbook a beheerder fills in, with one example row per tab."""
    book = Workbook()
    book.remove(book.active)
    examples = {
        "Doelstellingen": ["SD1", "We bestrijden armoede.", ""],
        "Actieplannen": [
            "OD1.1",
            "We versterken de sociale dienstverlening.",
            "SD1",
            "Dienst welzijn",
            "",
            "",
            "",
            "niet gestart",
            "",
        ],
        "Acties": [
            "OD1.1",
            "OD1.1.1",
            "We openen één loket.",
            "Sociaal huis",
            "2020 - 2022",
            "niet gestart",
            "",
        ],
    }
    for title, headers in COLUMNS.items():
        sheet = book.create_sheet(title)
        sheet.append(headers)
        sheet.append(examples[title])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 24
            for cell in column:
                cell.number_format = "@"
        sheet.freeze_panes = "A2"
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def parse_timing(text: str) -> tuple[int | None, int | None, str]:
    """ "2008 - 2010" → (2008, 2010, ""); "2016" → (2016, 2016, ""); "korte termijn" → (None, None, text)."""
    match = YEARS.match(text or "")
    if not match:
        return None, None, (text or "").strip()
    start = int(match.group(1))
    return start, int(match.group(2) or start), ""


def _rows(book, sheet_name: str, upload: PlanUpload):
    if sheet_name not in book.sheetnames:
        raise UploadRefused(
            _("Het tabblad “%(sheet)s” ontbreekt. Vertrek van het sjabloon.") % {"sheet": sheet_name}
        )
    rows = book[sheet_name].iter_rows()
    header = [cell_text(cell.value) for cell in next(rows, [])]
    missing = [name for name in COLUMNS[sheet_name] if name not in header]
    if missing:
        raise UploadRefused(
            _("Tabblad %(sheet)s: de kolom “%(column)s” ontbreekt. Vertrek van het sjabloon.")
            % {"sheet": sheet_name, "column": missing[0]}
        )
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise UploadRefused(
                _("Tabblad %(sheet)s heeft meer dan %(max)d rijen.") % {"sheet": sheet_name, "max": MAX_ROWS}
            )
        values, bad = {}, False
        for name in COLUMNS[sheet_name]:
            cell = cells[header.index(name)] if header.index(name) < len(cells) else None
            if cell is not None and cell.data_type == "f":
                upload.errors.append(
                    CellError(sheet_name, number, name, _("bevat een formule; typ de waarde zelf."))
                )
                bad = True
            if (
                cell is not None
                and isinstance(cell.value, float)
                and not cell.value.is_integer()
                and name == "Nummer"
            ):
                upload.errors.append(
                    CellError(
                        sheet_name,
                        number,
                        name,
                        _(
                            "het nummer %(value)s is een getal geworden (10.10 wordt zo 10.1). "
                            "Zet de kolom op tekst."
                        )
                        % {"value": cell.value},
                    )
                )
                bad = True
            values[name] = cell_text(cell.value if cell is not None else None)
        if bad or not any(values.values()):
            continue
        yield number, values


def _refuse(upload: PlanUpload, sheet: str, row: int, column: str, message: str) -> None:
    upload.errors.append(CellError(sheet, row, column, message))


def _valid(upload: PlanUpload, sheet: str, row: int, values: dict, record, seen: dict) -> bool:
    """Check a row's unsaved record with the model's own rules (as the admin does), and that its
    number is not on an earlier row. Each refusal names the template's column."""
    errors = []
    if values["Status"] and values["Status"] not in STATUS_BY_LABEL:
        errors.append(("Status", UNKNOWN_STATUS % {"value": values["Status"]}))
    try:
        changes.validate(record, exclude=PARENTS)  # the parents are not saved yet
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors += [(COLUMN_OF.get(name, "Nummer"), message) for message in messages]
    if values["Nummer"] in seen:
        errors.append(
            (
                "Nummer",
                _("%(number)s staat ook al op rij %(row)d.")
                % {"number": values["Nummer"], "row": seen[values["Nummer"]]},
            )
        )
    for column, message in dict.fromkeys(errors):  # start and end year share the Timing column
        _refuse(upload, sheet, row, column, message)
    if not errors:
        seen[values["Nummer"]] = row
    return not errors


def read_plan_upload(file: IO[bytes], size: int) -> PlanUpload:
    """The goals, action plans and actions of a filled-in template as unsaved records, each checked
    by the models' rules; or per-cell errors. Raises UploadRefused for a file refused as a whole."""
    check_container(file, size)
    try:
        book = load_workbook(file, read_only=True, data_only=False)
    except Exception as error:
        raise UploadRefused(
            _("Het bestand kan niet gelezen worden als Excel-werkmap: het is beschadigd.")
        ) from error
    upload = PlanUpload()
    try:
        goals, action_plans, seen = {}, {}, {}
        sheet = "Doelstellingen"
        for row, values in _rows(book, sheet, upload):
            goal = Goal(number=values["Nummer"], title=values["Titel"], description=values["Omschrijving"])
            if _valid(upload, sheet, row, {**values, "Status": ""}, goal, seen.setdefault(sheet, {})):
                upload.goals.append(goals.setdefault(goal.number, goal))
        sheet = "Actieplannen"
        for row, values in _rows(book, sheet, upload):
            if values["Doelstelling"] and values["Doelstelling"] not in goals:
                message = _("doelstelling %(goal)s staat niet op het tabblad Doelstellingen.")
                _refuse(upload, sheet, row, "Doelstelling", message % {"goal": values["Doelstelling"]})
                continue
            action_plan = ActionPlan(
                goal=goals.get(values["Doelstelling"]),
                status=_status(values["Status"]),
                **{field: values[column] for column, field in TEXT_FIELDS[sheet].items()},
            )
            if _valid(upload, sheet, row, values, action_plan, seen.setdefault(sheet, {})):
                upload.action_plans.append(action_plans.setdefault(action_plan.number, action_plan))
        sheet = "Acties"
        for row, values in _rows(book, sheet, upload):
            if values["Actieplan"] and values["Actieplan"] not in action_plans:
                message = _("actieplan %(number)s staat niet op het tabblad Actieplannen.")
                _refuse(upload, sheet, row, "Actieplan", message % {"number": values["Actieplan"]})
                continue
            if not values["Actieplan"]:
                _refuse(upload, sheet, row, "Actieplan", _("is leeg; vul het nummer van het actieplan in."))
                continue
            start, end, timing = parse_timing(values["Timing"])
            action = Action(
                action_plan=action_plans[values["Actieplan"]],
                start_year=start,
                end_year=end,
                timing=timing,
                status=_status(values["Status"]),
                **{field: values[column] for column, field in TEXT_FIELDS[sheet].items()},
            )
            if _valid(upload, sheet, row, values, action, seen.setdefault(sheet, {})):
                upload.actions.append(action)
    finally:
        book.close()
    return upload


def _status(label: str) -> str:
    return STATUS_BY_LABEL.get(label, Status.NOT_STARTED)


@transaction.atomic
def create_plan(upload: PlanUpload, *, details: dict, filename: str, by: AbstractBaseUser | None) -> Plan:
    """Create the plan and all its rows in bulk, with history, or nothing."""
    if not upload.ok:
        raise ValidationError(_("Het bestand heeft nog fouten; er werd niets aangemaakt."))
    reason = f"import {filename}"
    plan = changes.save(Plan(**details), by=by, reason=reason)
    for record in [*upload.goals, *upload.action_plans]:
        record.plan = plan
    # Parents first: each record then takes its saved parent's id.
    changes.create_many(upload.goals, by=by, reason=reason)
    changes.create_many(upload.action_plans, by=by, reason=reason)
    changes.create_many(upload.actions, by=by, reason=reason)
    return plan
