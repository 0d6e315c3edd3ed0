"""A whole plan from the filled-in template (``plan_template.py``): goals, actieplannen, acties, projects.

Reading turns every row into an unsaved record and checks it with the models' own rules, as the
admin does, naming the tab, row and column of every refusal; numbers are kept as typed. The
numbering scheme is detected (or chosen by the beheerder). Nothing is created until the beheerder
has seen the preview and confirms; creating is one transaction, written in bulk with history.
"""

import re
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_scopes import scope

from core import changes
from core.numbering import belongs_to, natural_sort_key
from organisations.models import Organisation
from plans.models import Action, ActionPlan, Entity, Goal, Numbering, Plan, PolicyField, Project, Status
from plans.people_links import Directory, link_records
from reporting.columns import UNKNOWN_STATUS, parse_status
from reporting.plan_template import (
    ACTION_PLANS,
    ACTIONS,
    ENTITIES,
    GOALS,
    PROJECTS,
    REQUIRED_SHEETS,
    SHEETS,
    TemplateColumn,
)
from reporting.upload import CellError
from uploads.confined import parsed
from uploads.reading import (
    MAX_ROWS,
    TOO_MANY_ROWS,
    UploadRefused,
    cell_text,
    open_workbook,
    refuse_oversized,
)

YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$")
SHORT_TITLE = 100  # the Flemish digital report's limit for short descriptions (BBC 2020)
# Not checked row by row: the parents are saved later, the beleidsveld was just looked up (a check
# would cost a query per row).
PARENTS = ["plan", "goal", "action_plan", "entity", "policy_field"]
NUMBERS = {"number", "goal", "action_plan"}
NUMBER_BECAME_DECIMAL = gettext_lazy(
    "Het nummer %(value)s is een getal geworden (10.10 wordt zo 10.1). Zet de kolom op tekst en typ het "
    "nummer opnieuw."
)  # columns of item numbers: a number cell loses "10.10"


@dataclass
class PlanUpload:
    """A filled-in template read into unsaved records (their parents linked), or its errors."""

    numbering: str = Numbering.HIERARCHICAL
    numbering_detected: bool = True
    goals: list[Goal] = field(default_factory=list)
    action_plans: list[ActionPlan] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    new_entities: list[Entity] = field(default_factory=list)  # named on Acties, not on the Entiteiten tab
    links: dict[int, list[ActionPlan]] = field(default_factory=dict)  # per project (its index)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    under_refused: Counter = field(default_factory=Counter)  # rows skipped because their parent was refused

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def numbering_label(self) -> str:
        return str(Numbering(self.numbering).label)

    def outline(self) -> list[dict]:
        """The actieplannen in the file's order, each followed by its acties, for the preview."""
        actions: dict[int, list[Action]] = {}
        for action in self.actions:
            actions.setdefault(id(action.action_plan), []).append(action)
        rows = []
        for action_plan in self.action_plans:
            rows.append({"item": action_plan, "is_action_plan": True})
            rows += [{"item": action, "is_action_plan": False} for action in actions.get(id(action_plan), [])]
        return rows

    def project_rows(self) -> list[dict]:
        return [
            {"project": project, "links": [ap.number for ap in self.links.get(index, [])]}
            for index, project in enumerate(self.projects)
        ]

    @property
    def counts(self) -> dict[str, int]:
        return {
            GOALS: len(self.goals),
            ACTION_PLANS: len(self.action_plans),
            ACTIONS: len(self.actions),
            PROJECTS: len(self.projects),
            ENTITIES: len(self.entities),
        }

    def under_refused_messages(self) -> list[str]:
        """ "12 acties onder geweigerde actieplannen": counted once, not refused again one by one."""
        messages = []
        if count := self.under_refused[ACTION_PLANS]:
            messages.append(
                ngettext(
                    "%(count)d actieplan onder een geweigerde doelstelling.",
                    "%(count)d actieplannen onder geweigerde doelstellingen.",
                    count,
                )
                % {"count": count}
            )
        if count := self.under_refused[ACTIONS]:
            messages.append(
                ngettext(
                    "%(count)d actie onder een geweigerd actieplan.",
                    "%(count)d acties onder geweigerde actieplannen.",
                    count,
                )
                % {"count": count}
            )
        return messages


YES = {"ja", "j", "x", "1", "true", "waar", "yes", "prioritair"}
NO = {"nee", "n", "0", "false", "onwaar", "no", ""}
NOT_YES_OR_NO = gettext_lazy(
    "“%(value)s” is geen ja of nee. Schrijf ja of nee (of x, 1, 0), of laat het leeg."
)
UNKNOWN_POLICY_FIELD = gettext_lazy(
    "Beleidsveld %(value)s staat niet in de lijst van beleidsvelden. Kies een bestaande code, of laat de "
    "beheerder de lijst eerst aanvullen."
)
NEW_ENTITY = gettext_lazy(
    "Entiteit “%(code)s” staat niet op het tabblad Entiteiten; ze wordt aangemaakt met die code als naam."
)
UNKNOWN_RESPONSIBLE = gettext_lazy(
    "Onbekende verantwoordelijke: “%(name)s” wordt als tekst bewaard; koppel later in Beheer "
    "(Verantwoordelijken)."
)
AMBIGUOUS_RESPONSIBLE = gettext_lazy(
    "Onbekende verantwoordelijke: “%(name)s” past bij meer dan één persoon of dienst en wordt als tekst "
    "bewaard; koppel later in Beheer (Verantwoordelijken), of schrijf het e-mailadres."
)
ENTITY_CODE_TOO_LONG = gettext_lazy(
    "Entiteit “%(value)s” staat niet op het tabblad Entiteiten en is te lang als code (hoogstens %(max)d "
    "tekens). Zet ze op het tabblad Entiteiten, met een korte code."
)


def parse_yes_no(text: str) -> bool | None:
    """ "ja", "x", "1" → True; "nee", "0", empty → False; anything else None (not understood)."""
    folded = (text or "").strip().casefold()
    if folded in YES:
        return True
    if folded in NO:
        return False
    return None


def parse_timing(text: str) -> tuple[int | None, int | None, str]:
    """ "2008 - 2010" → (2008, 2010, ""); "2016" → (2016, 2016, ""); "korte termijn" → (None, None, text)."""
    match = YEARS.match(text or "")
    if not match:
        return None, None, (text or "").strip()
    start = int(match.group(1))
    return start, int(match.group(2) or start), ""


def parse_amount(text: str) -> Decimal | None:
    """An amount in euros as people type it: "€ 1.250.000", "1250000,50", "250.000" (thousands), or a
    number cell. Raises ValueError when it is no amount."""
    compact = re.sub(r"[\s€\u00a0]", "", text or "").replace("EUR", "")
    if not compact:
        return None
    if "," in compact:  # Flemish: dots group thousands, the comma starts the cents
        compact = compact.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", compact):
        compact = compact.replace(".", "")
    try:
        return Decimal(compact)
    except InvalidOperation as error:
        raise ValueError(text) from error


def _columns(sheet, title: str, columns: list[TemplateColumn], upload: PlanUpload) -> dict[str, int]:
    """Where each known column is; a missing required one refuses the file, an unknown one is named."""
    header = [cell_text(cell.value) for cell in next(sheet.iter_rows(max_row=1), [])]
    folded = {name.casefold(): index for index, name in enumerate(header) if name}
    positions = {}
    for column in columns:
        index = folded.pop(column.header.casefold(), None)
        if index is None and column.required:
            raise UploadRefused(
                _(
                    "Tabblad %(sheet)s: de verplichte kolom “%(column)s” ontbreekt. Zet de kopregel terug "
                    "zoals in het sjabloon."
                )
                % {"sheet": title, "column": column.header}
            )
        if index is not None:
            positions[column.header] = index
    for index in sorted(folded.values()):
        upload.warnings.append(
            _("Tabblad %(sheet)s: de kolom “%(column)s” kent het sjabloon niet; ze wordt niet ingelezen.")
            % {"sheet": title, "column": header[index]}
        )
    return positions


def _rows(book, title: str, upload: PlanUpload):
    """Each filled-in row of a tab as {header: text}, with its row number; formulas are refused."""
    if title not in book.sheetnames:
        if title in REQUIRED_SHEETS:
            raise UploadRefused(
                _("Het tabblad “%(sheet)s” ontbreekt. Vertrek van het sjabloon.") % {"sheet": title}
            )
        return
    sheet = book[title]
    refuse_oversized(sheet, title)
    columns = SHEETS[title]
    positions = _columns(sheet, title, columns, upload)
    for number, cells in enumerate(sheet.iter_rows(min_row=2), start=2):
        if number > MAX_ROWS + 1:
            raise UploadRefused(TOO_MANY_ROWS % {"sheet": title, "max": MAX_ROWS})
        values, bad = {}, False
        for column in columns:
            index = positions.get(column.header)
            cell = cells[index] if index is not None and index < len(cells) else None
            if cell is not None and cell.data_type == "f":
                _refuse(upload, title, number, column.header, _("Bevat een formule; typ de waarde zelf."))
                bad = True
            elif column.field in NUMBERS and _decimal(cell):
                _refuse(upload, title, number, column.header, NUMBER_BECAME_DECIMAL % {"value": cell.value})
                bad = True
            values[column.header] = cell_text(cell.value if cell is not None else None)
        if not bad and any(values.values()):
            yield number, values


def _decimal(cell) -> bool:
    """A number cell with decimals where an item number belongs: 10.10 became 10.1."""
    value = getattr(cell, "value", None)
    return isinstance(value, float) and not value.is_integer()


def _refuse(upload: PlanUpload, sheet: str, row: int, column: str, message: str) -> None:
    upload.errors.append(CellError(sheet, row, column, message))


def _status(upload: PlanUpload, sheet: str, row: int, values: dict) -> str | None:
    text = values.get("Status", "")
    if not text:
        return Status.NOT_STARTED
    status = parse_status(text)
    if status is None:
        _refuse(upload, sheet, row, "Status", UNKNOWN_STATUS % {"value": text})
    return status


def _valid(upload: PlanUpload, sheet: str, row: int, record, seen: dict) -> bool:
    """Check a row's unsaved record with the model's own rules (as the admin does), and that its
    number is not on an earlier row (in its normal form: "SD 1" is "SD1")."""
    columns = {column.field: column.header for column in SHEETS[sheet]}
    columns |= {"start_year": "Timing", "end_year": "Timing", "name": "Naam"}
    errors = []
    try:
        changes.validate(record, exclude=PARENTS)  # the parents are not saved yet
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors += [(columns.get(name, columns.get("number", "Naam")), message) for message in messages]
    key = natural_sort_key(record.number) if hasattr(record, "number") else record.name.casefold()
    if key in seen:
        column = "Nummer" if hasattr(record, "number") else "Naam"
        shown = getattr(record, "number", None) or record.name
        errors.append(
            (column, _("%(number)s staat ook al op rij %(row)d.") % {"number": shown, "row": seen[key]})
        )
    for column, message in dict.fromkeys(errors):  # start and end year share the Timing column
        _refuse(upload, sheet, row, column, message)
    if errors:
        return False
    seen[key] = row
    title = getattr(record, "title", "")
    if len(title) > SHORT_TITLE:
        upload.warnings.append(
            ngettext(
                "Tabblad %(sheet)s, rij %(row)d: de titel telt %(length)d teken; het digitale rapport aan "
                "de Vlaamse overheid neemt er hoogstens %(max)d. Ze wordt toch volledig ingelezen.",
                "Tabblad %(sheet)s, rij %(row)d: de titel telt %(length)d tekens; het digitale rapport aan "
                "de Vlaamse overheid neemt er hoogstens %(max)d. Ze wordt toch volledig ingelezen.",
                len(title),
            )
            % {"sheet": sheet, "row": row, "length": len(title), "max": SHORT_TITLE}
        )
    return True


def _detect_numbering(action_rows: list[tuple[int, dict]]) -> str:
    """Hierarchical when every actie's number extends its actieplan's; free otherwise."""
    pairs = [(values["Nummer"], values["Actieplan"]) for _row, values in action_rows]
    if pairs and all(belongs_to(number, parent) for number, parent in pairs):
        return Numbering.HIERARCHICAL
    return Numbering.FREE if pairs else Numbering.HIERARCHICAL


def _parse(file: IO[bytes], size: int) -> tuple[dict[str, list], PlanUpload]:
    """The rows of every tab, and the upload with the cells refused while reading them."""
    book = open_workbook(file, size)
    upload = PlanUpload()
    try:
        return {title: list(_rows(book, title, upload)) for title in SHEETS}, upload
    finally:
        book.close()


def read_plan_upload(
    file: IO[bytes], size: int, *, numbering: str = "", organisation: Organisation | None = None
) -> PlanUpload:
    """The goals, action plans, actions and projects of a filled-in template as unsaved records,
    each checked by the models' rules; or per-cell errors. ``numbering`` forces a scheme (empty:
    detect it). Verantwoordelijken are linked to the people and diensten of ``organisation``, the
    plan's (default: of the organisation in scope). Raises UploadRefused for a file refused as a whole."""
    rows, upload = parsed(_parse, file, size)
    upload.numbering = numbering or _detect_numbering(rows[ACTIONS])
    upload.numbering_detected = not numbering
    plan = Plan(numbering=upload.numbering)
    entities = _read_entities(upload, plan, rows[ENTITIES])
    goals = _read_goals(upload, plan, rows[GOALS])
    action_plans = _read_action_plans(upload, plan, rows[ACTION_PLANS], goals)
    _read_actions(upload, rows[ACTIONS], action_plans, entities, plan)
    _read_projects(upload, plan, rows[PROJECTS], action_plans)
    # The platform beheerder acts in all organisations: the plan's own is the one its names may name.
    with scope(organisation=organisation.pk) if organisation else nullcontext():
        _link_responsibles(upload)
    return upload


def _link_responsibles(upload: PlanUpload) -> None:
    """Link each verantwoordelijke (projectleider) given by name or e-mail to the user or dienst it
    names; list the others in the preview, kept as text. Two queries."""
    items = [*upload.action_plans, *upload.actions, *upload.projects]
    if not items:
        return
    for name, ambiguous in link_records(items, Directory.load()):
        upload.warnings.append((AMBIGUOUS_RESPONSIBLE if ambiguous else UNKNOWN_RESPONSIBLE) % {"name": name})


def _parent(upload, sheet, row, values, column, known: dict, refused: set, plural_sheet: str):
    """The parent a row names (by its normal form), or None; a parent that was refused counts the
    row under it instead of refusing it again."""
    number = values[column]
    if not number:
        return None, True
    key = natural_sort_key(number)
    if key in known:
        return known[key], True
    if key in refused:
        upload.under_refused[sheet] += 1
        return None, False
    message = _("%(number)s staat niet op het tabblad %(sheet)s.") % {"number": number, "sheet": plural_sheet}
    _refuse(upload, sheet, row, column, message)
    return None, False


def _read_goals(upload: PlanUpload, plan: Plan, rows) -> tuple[dict, set]:
    known, refused, seen = {}, set(), {}
    for row, values in rows:
        goal = Goal(
            plan=plan,
            number=values["Nummer"],
            title=values["Titel"],
            domain=values["Domein"],
            description=values["Omschrijving"],
            external_code=values["Code digitale rapportering"],
        )
        if _valid(upload, GOALS, row, goal, seen):
            upload.goals.append(goal)
            known[natural_sort_key(goal.number)] = goal
        else:
            refused.add(natural_sort_key(values["Nummer"]))
    return known, refused


def _read_action_plans(upload: PlanUpload, plan: Plan, rows, goals: tuple[dict, set]) -> tuple[dict, set]:
    known, refused, seen = {}, set(), {}
    for row, values in rows:
        goal, ok = _parent(upload, ACTION_PLANS, row, values, "Doelstelling", *goals, GOALS)
        start, end, timing = parse_timing(values["Timing"])
        status = _status(upload, ACTION_PLANS, row, values)
        priority = _priority(upload, ACTION_PLANS, row, values)
        try:
            budget = parse_amount(values["Budget"])
        except ValueError:
            message = _("“%(value)s” is geen bedrag. Schrijf het als 1.250.000 of 1250000,50.")
            _refuse(upload, ACTION_PLANS, row, "Budget", message % {"value": values["Budget"]})
            ok, budget = False, None
        action_plan = ActionPlan(
            plan=plan,
            goal=goal,
            number=values["Nummer"],
            title=values["Titel"],
            responsible=values["Verantwoordelijke"],
            start_year=start,
            end_year=end,
            timing=timing,
            political_contact=values["Politiek aanspreekpunt"],
            partners=values["Partners"],
            points_of_attention=values["Aandachtspunten"],
            budget=budget,
            status=status or Status.NOT_STARTED,
            explanation=values["Toelichting"],
            priority=bool(priority),
            external_code=values["Code digitale rapportering"],
        )
        if _valid(upload, ACTION_PLANS, row, action_plan, seen) and ok and status and priority is not None:
            upload.action_plans.append(action_plan)
            known[natural_sort_key(action_plan.number)] = action_plan
        else:
            refused.add(natural_sort_key(values["Nummer"]))
    return known, refused


def _read_actions(
    upload: PlanUpload, rows, action_plans: tuple[dict, set], entities: dict, plan: Plan
) -> None:
    seen: dict[str, dict] = {}
    policy_fields = _policy_fields([values["Beleidsveld"] for _row, values in rows])
    for row, values in rows:
        if not values["Actieplan"]:
            _refuse(upload, ACTIONS, row, "Actieplan", _("Is leeg; vul het nummer van het actieplan in."))
            continue
        action_plan, ok = _parent(upload, ACTIONS, row, values, "Actieplan", *action_plans, ACTION_PLANS)
        if action_plan is None:
            continue
        start, end, timing = parse_timing(values["Timing"])
        status = _status(upload, ACTIONS, row, values)
        priority = _priority(upload, ACTIONS, row, values)
        policy_field, known_field = _policy_field(upload, row, values["Beleidsveld"], policy_fields)
        entity, known_entity = _entity(upload, row, values["Entiteit"], entities, plan)
        action = Action(
            action_plan=action_plan,
            number=values["Nummer"],
            title=values["Titel"],
            responsible=values["Verantwoordelijke"],
            start_year=start,
            end_year=end,
            timing=timing,
            status=status or Status.NOT_STARTED,
            explanation=values["Toelichting"],
            priority=bool(priority),
            policy_field=policy_field,
            entity=entity,
            external_code=values["Code digitale rapportering"],
        )
        siblings = seen.setdefault(natural_sort_key(action_plan.number), {})
        valid = _valid(upload, ACTIONS, row, action, siblings)
        if valid and ok and status and priority is not None and known_field and known_entity:
            upload.actions.append(action)


def _priority(upload: PlanUpload, sheet: str, row: int, values: dict) -> bool | None:
    text = values.get("Prioritair", "")
    priority = parse_yes_no(text)
    if priority is None:
        _refuse(upload, sheet, row, "Prioritair", NOT_YES_OR_NO % {"value": text})
    return priority


def _code_forms(code: str) -> list[str]:
    """A beleidsveld code as typed, and as four digits: a number cell turns 0900 into 900."""
    return [code, code.zfill(4)] if code.isdigit() else [code]


def _policy_fields(codes: list[str]) -> dict[str, PolicyField]:
    """The beleidsvelden the file names, by code: one query."""
    wanted = {form for code in codes if code for form in _code_forms(code)}
    return {field.code: field for field in PolicyField.objects.filter(code__in=wanted)} if wanted else {}


def _policy_field(upload: PlanUpload, row: int, code: str, known: dict) -> tuple[PolicyField | None, bool]:
    if not code:
        return None, True
    for form in _code_forms(code):
        if form in known:
            return known[form], True
    _refuse(upload, ACTIONS, row, "Beleidsveld", UNKNOWN_POLICY_FIELD % {"value": code})
    return None, False


def _read_entities(upload: PlanUpload, plan: Plan, rows) -> dict[str, Entity]:
    """The Entiteiten tab: each entity by its code and by its name (case-insensitive)."""
    known: dict[str, Entity] = {}
    seen: dict[str, int] = {}
    for row, values in rows:
        entity = Entity(plan=plan, code=values["Code"], name=values["Naam"] or values["Code"])
        try:
            changes.validate(entity, exclude=["plan"])
        except ValidationError as error:
            header = {"code": "Code", "name": "Naam"}
            for name, messages in error.message_dict.items():
                for message in messages:
                    _refuse(upload, ENTITIES, row, header.get(name, "Code"), message)
            continue
        key = entity.code.casefold()
        if key in seen:
            message = _("%(number)s staat ook al op rij %(row)d.") % {"number": entity.code, "row": seen[key]}
            _refuse(upload, ENTITIES, row, "Code", message)
            continue
        seen[key] = row
        upload.entities.append(entity)
        known[key] = entity
        known.setdefault(entity.name.casefold(), entity)
    return known


def _entity(upload: PlanUpload, row: int, text: str, known: dict, plan: Plan) -> tuple[Entity | None, bool]:
    """The entity an actie names, by code or name; a code not on the Entiteiten tab is a new entity,
    listed in the preview."""
    if not text:
        return None, True
    if text.casefold() in known:
        return known[text.casefold()], True
    max_length = Entity._meta.get_field("code").max_length
    if len(text) > max_length:
        _refuse(upload, ACTIONS, row, "Entiteit", ENTITY_CODE_TOO_LONG % {"value": text, "max": max_length})
        return None, False
    entity = Entity(plan=plan, code=text, name=text)
    known[text.casefold()] = entity
    upload.entities.append(entity)
    upload.new_entities.append(entity)
    upload.warnings.append(NEW_ENTITY % {"code": text})
    return entity, True


def _read_projects(upload: PlanUpload, plan: Plan, rows, action_plans: tuple[dict, set]) -> None:
    known, _refused = action_plans
    seen = {}
    for row, values in rows:
        links, ok = [], True
        for number in filter(None, (part.strip() for part in re.split(r"[,;\n]", values["Actieplannen"]))):
            if natural_sort_key(number) in known:
                links.append(known[natural_sort_key(number)])
            else:
                message = _("Actieplan %(number)s staat niet (foutloos) op het tabblad Actieplannen.")
                _refuse(upload, PROJECTS, row, "Actieplannen", message % {"number": number})
                ok = False
        status = _status(upload, PROJECTS, row, values)
        project = Project(
            plan=plan,
            name=values["Naam"],
            project_leader=values["Projectleider"],
            status=status or Status.NOT_STARTED,
            explanation=values["Toelichting"],
        )
        if _valid(upload, PROJECTS, row, project, seen) and ok and status:
            upload.links[len(upload.projects)] = links
            upload.projects.append(project)


@transaction.atomic
def create_plan(
    upload: PlanUpload, *, organisation, details: dict, filename: str, by: AbstractBaseUser | None
) -> Plan:
    """Create the plan of ``organisation`` and all its rows in bulk, with history, or nothing."""
    if not upload.ok:
        raise ValidationError(_("Het bestand heeft nog fouten; er werd niets aangemaakt."))
    reason = f"import {filename}"
    plan = changes.save(
        Plan(**details, organisation=organisation, numbering=upload.numbering), by=by, reason=reason
    )
    for record in [*upload.entities, *upload.goals, *upload.action_plans, *upload.projects]:
        record.plan = plan
    # Parents first: each record then takes its saved parent's id.
    changes.create_many(upload.entities, by=by, reason=reason)
    changes.create_many(upload.goals, by=by, reason=reason)
    changes.create_many(upload.action_plans, by=by, reason=reason)
    changes.create_many(upload.actions, by=by, reason=reason)
    links = [{"action_plans": upload.links.get(index, [])} for index in range(len(upload.projects))]
    changes.create_many(upload.projects, by=by, reason=reason, links=links)
    return plan
