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
from simple_history.utils import bulk_create_with_history

from plans.models import (
    EXPLANATION_MAX_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    Action,
    ActionPlan,
    Goal,
    Plan,
    Status,
)
from plans.numbering import belongs_to, is_valid_number, natural_sort_key
from reporting.resources import STATUS_BY_LABEL
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
REQUIRED = {"Nummer", "Titel", "Actieplan"}
YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$")


@dataclass
class PlanUpload:
    goals: list[dict] = field(default_factory=list)
    action_plans: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
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


def _check(upload, sheet, number, values, seen: dict) -> bool:
    """The checks every row shares: required text, a valid unique number, a known status, lengths."""
    errors = []
    for name in REQUIRED & set(values):
        if not values[name]:
            errors.append((name, _("is leeg; vul het in.")))
    if values.get("Nummer") and not is_valid_number(values["Nummer"]):
        errors.append(
            (
                "Nummer",
                _("“%(number)s” is geen geldig nummer (bv. 40, 40.2, SD1).") % {"number": values["Nummer"]},
            )
        )
    elif values.get("Nummer") in seen:
        errors.append(
            (
                "Nummer",
                _("%(number)s staat ook al op rij %(row)d.")
                % {"number": values["Nummer"], "row": seen[values["Nummer"]]},
            )
        )
    if "Status" in values and values["Status"] and values["Status"] not in STATUS_BY_LABEL:
        errors.append(
            (
                "Status",
                _("onbekende status “%(value)s”: kies niet gestart, loopt, on hold, afgewerkt of regulier.")
                % {"value": values["Status"]},
            )
        )
    for name, value in values.items():
        limit = (
            EXPLANATION_MAX_LENGTH
            if name in {"Toelichting", "Aandachtspunten", "Omschrijving", "Partners"}
            else 500
        )
        if len(value) > limit:
            errors.append(
                (
                    name,
                    _("is %(length)d tekens lang; het maximum is %(max)d.")
                    % {"length": len(value), "max": limit},
                )
            )
    upload.errors.extend(CellError(sheet, number, column, message) for column, message in errors)
    if not errors:
        seen[values["Nummer"]] = number
    return not errors


def read_plan_upload(file: IO[bytes], size: int) -> PlanUpload:
    check_container(file, size)
    try:
        book = load_workbook(file, read_only=True, data_only=False)
    except Exception as error:
        raise UploadRefused(
            _("Het bestand kan niet gelezen worden als Excel-werkmap: het is beschadigd.")
        ) from error
    upload = PlanUpload()
    try:
        goals, action_plans, actions = {}, {}, {}
        for number, values in _rows(book, "Doelstellingen", upload):
            if _check(upload, "Doelstellingen", number, values, goals):
                upload.goals.append(values)
        for number, values in _rows(book, "Actieplannen", upload):
            if values["Doelstelling"] and values["Doelstelling"] not in goals:
                upload.errors.append(
                    CellError(
                        "Actieplannen",
                        number,
                        "Doelstelling",
                        _("doelstelling %(goal)s staat niet op het tabblad Doelstellingen.")
                        % {"goal": values["Doelstelling"]},
                    )
                )
            elif _check(upload, "Actieplannen", number, values, action_plans):
                upload.action_plans.append(values)
        for number, values in _rows(book, "Acties", upload):
            parent = values["Actieplan"]
            if parent and parent not in action_plans:
                upload.errors.append(
                    CellError(
                        "Acties",
                        number,
                        "Actieplan",
                        _("actieplan %(number)s staat niet op het tabblad Actieplannen.")
                        % {"number": parent},
                    )
                )
            elif values["Nummer"] and parent and not belongs_to(values["Nummer"], parent):
                upload.errors.append(
                    CellError(
                        "Acties",
                        number,
                        "Nummer",
                        _(
                            "actie %(number)s hoort niet bij actieplan %(parent)s: "
                            "begin het nummer met “%(parent)s.”."
                        )
                        % {"number": values["Nummer"], "parent": parent},
                    )
                )
            elif _check(upload, "Acties", number, values, actions):
                start, end, timing = parse_timing(values["Timing"])
                if start and not (MIN_YEAR <= start <= end <= MAX_YEAR):
                    upload.errors.append(
                        CellError(
                            "Acties",
                            number,
                            "Timing",
                            _(
                                "“%(timing)s” is geen geldige periode: het eindjaar ligt vóór het "
                                "startjaar of buiten "
                                "%(min)d–%(max)d."
                            )
                            % {"timing": values["Timing"], "min": MIN_YEAR, "max": MAX_YEAR},
                        )
                    )
                    continue
                upload.actions.append({**values, "start": start, "end": end, "timing": timing})
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
    plan = Plan(**details)
    plan.full_clean()
    plan._change_reason = f"import {filename}"
    plan.save()
    extra = {"default_user": by, "default_change_reason": f"import {filename}"}
    goals = bulk_create_with_history(
        [
            Goal(
                plan=plan,
                number=g["Nummer"],
                sort_key=natural_sort_key(g["Nummer"]),
                title=g["Titel"],
                description=g["Omschrijving"],
            )
            for g in upload.goals
        ],
        Goal,
        **extra,
    )
    goals_by_number = {goal.number: goal for goal in Goal.objects.filter(plan=plan)} if goals else {}
    bulk_create_with_history(
        [
            ActionPlan(
                plan=plan,
                number=a["Nummer"],
                sort_key=natural_sort_key(a["Nummer"]),
                title=a["Titel"],
                goal=goals_by_number.get(a["Doelstelling"]),
                responsible=a["Verantwoordelijke"],
                political_contact=a["Politiek aanspreekpunt"],
                partners=a["Partners"],
                points_of_attention=a["Aandachtspunten"],
                status=_status(a["Status"]),
                explanation=a["Toelichting"],
            )
            for a in upload.action_plans
        ],
        ActionPlan,
        **extra,
    )
    action_plans = {ap.number: ap for ap in ActionPlan.objects.filter(plan=plan)}
    bulk_create_with_history(
        [
            Action(
                action_plan=action_plans[a["Actieplan"]],
                number=a["Nummer"],
                sort_key=natural_sort_key(a["Nummer"]),
                title=a["Titel"],
                responsible=a["Verantwoordelijke"],
                start_year=a["start"],
                end_year=a["end"],
                timing=a["timing"],
                status=_status(a["Status"]),
                explanation=a["Toelichting"],
            )
            for a in upload.actions
        ],
        Action,
        batch_size=1000,
        **extra,
    )
    return plan
