"""The tables of an edition's open data: one row per item, one per amount, one per indicator value.

Each column is declared once (its key, its Dutch header and how it reads a row) and read by every
writer: the CSV files use the keys as headers, the workbook the headers, the JSON the keys as names.
Everything is read through ``publicsite/editions.py`` (only what is public), in a fixed number of
queries whatever the plan's size.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.site import absolute
from opendata.addresses import public_paths
from plans.models import Category, Direction
from publicsite import editions
from publicsite.editions import Edition, PublicItem
from versions.models import ItemKind

KINDS = (
    ItemKind.GOAL,
    ItemKind.ACTION_PLAN,
    ItemKind.ACTION,
    ItemKind.PROJECT,
    ItemKind.INDICATOR,
)  # plan order
CATEGORY_LABELS = dict(Category.choices)
DIRECTIONS = (Direction.EXPENSE.value, Direction.RECEIPT.value)  # the order of a money cell's pair


def address_code(item: PublicItem, seen: Counter) -> str:
    """What names the item in its address: its code, or where a free numbering repeats it within the
    version (acties numbered per actieplan), ``<kind>-<id>`` as for an item without a number (the
    public site finds an item by either)."""
    return item.code if seen[item.code] == 1 else f"{item.kind}-{item.id}"


@dataclass
class Entry:
    """One public item with what its row adds: its parent's code, its goal's beleidsdomein, the codes
    it is linked to (a project, an indicator) and its address."""

    item: PublicItem
    parent_code: str = ""
    domain: str = ""
    linked: str = ""
    uri: str = ""


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header and the JSON name
    label: str  # the workbook's header (Dutch)
    value: Callable  # row → value
    kind: str = "text"  # text, integer or number (numbers get the decimal comma in CSV)
    width: int = 14  # in the workbook


def _yes_no(value: bool) -> str:
    return _("ja") if value else _("nee")


ITEM_COLUMNS = (
    Column("soort", "Soort", lambda e: e.item.kind, width=12),
    Column("code", "Code", lambda e: e.item.code, width=10),
    Column("bovenliggende_code", "Bovenliggende code", lambda e: e.parent_code, width=10),
    Column("titel", "Titel", lambda e: e.item.title, width=50),
    Column("status", "Statuscode", lambda e: e.item.status, width=12),
    Column("status_label", "Status", lambda e: e.item.status_label if e.item.status else "", width=14),
    Column(
        "levensloop", "Levensloop", lambda e: e.item.life_cycle_label if e.item.life_cycle else "", width=11
    ),
    Column("prioritair", "Prioritair", lambda e: _yes_no(e.item.priority), width=10),
    Column("toelichting", "Toelichting (laatste rapportering)", lambda e: e.item.explanation, width=50),
    Column("beschrijving", "Beschrijving", lambda e: e.item.description, width=40),
    Column("beginjaar", "Beginjaar", lambda e: e.item.start_year, "integer", width=9),
    Column("eindjaar", "Eindjaar", lambda e: e.item.end_year, "integer", width=9),
    Column("entiteit", "Entiteit", lambda e: e.item.entity, width=16),
    Column("beleidsveld", "Beleidsveld", lambda e: e.item.policy_field, width=24),
    Column("beleidsdomein", "Beleidsdomein", lambda e: e.domain, width=18),
    Column("externe_code", "Externe code", lambda e: e.item.external_code, width=12),
    Column("gekoppeld_aan", "Gekoppeld aan", lambda e: e.linked, width=16),
    Column("uri", "Adres (URI)", lambda e: e.uri, width=60),
)
# What each kind's tab in the workbook shows (the CSV holds every column for every kind).
KIND_COLUMNS = {
    ItemKind.GOAL: ("code", "bovenliggende_code", "titel", "beschrijving", "beleidsdomein", "externe_code"),
    ItemKind.ACTION_PLAN: (
        "code",
        "bovenliggende_code",
        "titel",
        "status",
        "status_label",
        "levensloop",
        "prioritair",
        "toelichting",
        "beginjaar",
        "eindjaar",
        "beleidsdomein",
        "externe_code",
    ),
    ItemKind.ACTION: (
        "code",
        "bovenliggende_code",
        "titel",
        "status",
        "status_label",
        "levensloop",
        "prioritair",
        "toelichting",
        "beginjaar",
        "eindjaar",
        "entiteit",
        "beleidsveld",
        "beleidsdomein",
        "externe_code",
    ),
    ItemKind.PROJECT: (
        "code",
        "titel",
        "status",
        "status_label",
        "levensloop",
        "toelichting",
        "gekoppeld_aan",
    ),
    ItemKind.INDICATOR: ("code", "titel", "levensloop", "beschrijving", "gekoppeld_aan"),
}


@dataclass
class AmountRow:
    action: str  # the actie's code
    action_plan: str
    year: int
    category: str
    direction: str
    estimate: Decimal | None
    actual: Decimal | None


AMOUNT_COLUMNS = (
    Column("actie", "Actie", lambda r: r.action, width=10),
    Column("actieplan", "Actieplan", lambda r: r.action_plan, width=10),
    Column("jaar", "Jaar", lambda r: r.year, "integer", width=8),
    Column("categorie", "Categorie", lambda r: r.category, width=10),
    Column("categorie_label", "Categorie (naam)", lambda r: str(CATEGORY_LABELS[r.category]), width=16),
    Column("richting", "Uitgave of ontvangst", lambda r: r.direction, width=12),
    Column("raming", "Raming (euro)", lambda r: r.estimate, "number", width=14),
    Column("realisatie", "Realisatie (euro)", lambda r: r.actual, "number", width=14),
)


@dataclass
class AmountPair:
    """An actie's money in one year and category, uitgaven and ontvangsten side by side: the workbook's
    Bedragen tab (half the rows of the CSV's, as a financial reader lays them out)."""

    action: str
    action_plan: str
    year: int
    category: str
    cells: dict = field(default_factory=dict)  # (direction, "estimate"/"actual") → amount


def _pair_value(direction: str, source: str):
    return lambda pair: pair.cells.get((direction, source))


AMOUNT_PAIR_COLUMNS = (
    Column("actie", "Actie", lambda r: r.action, width=10),
    Column("actieplan", "Actieplan", lambda r: r.action_plan, width=10),
    Column("jaar", "Jaar", lambda r: r.year, "integer", width=8),
    Column("categorie", "Categorie", lambda r: r.category, width=10),
    Column(
        "raming_uitgave", "Raming uitgaven (euro)", _pair_value("uitgave", "estimate"), "number", width=16
    ),
    Column(
        "raming_ontvangst",
        "Raming ontvangsten (euro)",
        _pair_value("ontvangst", "estimate"),
        "number",
        width=16,
    ),
    Column(
        "realisatie_uitgave",
        "Realisatie uitgaven (euro)",
        _pair_value("uitgave", "actual"),
        "number",
        width=16,
    ),
    Column(
        "realisatie_ontvangst",
        "Realisatie ontvangsten (euro)",
        _pair_value("ontvangst", "actual"),
        "number",
        width=16,
    ),
)


@dataclass
class IndicatorRow:
    code: str
    name: str
    unit: str
    what: str  # basiswaarde, streefwaarde or meting
    date: datetime.date | None
    year: int
    value: Decimal

    def __post_init__(self):
        self.value = Decimal(self.value).normalize()  # 35, not 35,000000 (values are stored with 6 decimals)


INDICATOR_COLUMNS = (
    Column("indicator", "Indicator", lambda r: r.code, width=14),
    Column("naam", "Naam", lambda r: r.name, width=40),
    Column("eenheid", "Eenheid", lambda r: r.unit, width=10),
    Column("soort_waarde", "Soort waarde", lambda r: r.what, width=13),
    Column("datum", "Datum", lambda r: r.date.isoformat() if r.date else "", width=11),
    Column("jaar", "Jaar", lambda r: r.year, "integer", width=8),
    Column("waarde", "Waarde", lambda r: r.value, "number", width=12),
)


@dataclass
class Table:
    name: str  # file name without extension (CSV in the ZIP) and JSON member
    title: str  # the workbook's tab
    columns: tuple[Column, ...]
    rows: list


@dataclass
class PlanTables:
    edition: Edition
    entries: list[Entry] = field(default_factory=list)  # every item, in plan order per kind
    amounts: list[AmountRow] = field(default_factory=list)
    values: list[IndicatorRow] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.item.kind == kind]

    @property
    def items(self) -> Table:
        return Table("items", "Items", ITEM_COLUMNS, self.entries)

    @property
    def amount_table(self) -> Table:
        return Table("bedragen", "Bedragen", AMOUNT_COLUMNS, self.amounts)

    @property
    def value_table(self) -> Table:
        return Table("indicatorwaarden", "Indicatorwaarden", INDICATOR_COLUMNS, self.values)

    @property
    def amount_pair_table(self) -> Table:
        pairs: list[AmountPair] = []
        for row in self.amounts:  # in order of actie, year and category
            last = pairs[-1] if pairs else None
            if last is None or (last.action, last.year, last.category) != (
                row.action,
                row.year,
                row.category,
            ):
                last = AmountPair(row.action, row.action_plan, row.year, row.category)
                pairs.append(last)
            last.cells[(row.direction, "estimate")] = row.estimate
            last.cells[(row.direction, "actual")] = row.actual
        return Table("bedragen", "Bedragen", AMOUNT_PAIR_COLUMNS, pairs)


def _decimal(text: str) -> Decimal | None:
    value = Decimal(text)
    return value if value else None


def plan_tables(edition: Edition) -> PlanTables:
    """The edition's tables, in a fixed number of queries (two per kind, the realisaties, the
    indicators)."""
    found: dict[str, list[PublicItem]] = {kind: editions.every_item(edition, kind) for kind in KINDS}
    code_of = {(kind, item.id): item.code for kind, listed in found.items() for item in listed}
    goals = {item.id: item for item in found[ItemKind.GOAL]}

    def goal_chain(goal_id: int | None) -> list[PublicItem]:
        chain, seen = [], set()
        while goal_id in goals and goal_id not in seen:
            seen.add(goal_id)
            chain.append(goals[goal_id])
            goal_id = goals[goal_id].parent_id
        return chain  # the goal itself first, the strategische doelstelling last

    def domain_of(goal_id: int | None) -> str:
        return next((goal.domain for goal in goal_chain(goal_id) if goal.domain), "")

    action_plan_goal = {item.id: item.parent_id for item in found[ItemKind.ACTION_PLAN]}
    tables = PlanTables(edition)
    for kind in KINDS:
        seen = Counter(item.code for item in found[kind])
        page_of = public_paths(edition, kind)
        for item in found[kind]:
            entry = Entry(item, uri=absolute(page_of(address_code(item, seen), item.id)))
            if kind == ItemKind.GOAL:
                entry.parent_code = code_of.get((kind, item.parent_id), "")
                entry.domain = domain_of(item.id)
            elif kind == ItemKind.ACTION_PLAN:
                entry.parent_code = code_of.get((ItemKind.GOAL, item.parent_id), "")
                entry.domain = domain_of(item.parent_id)
            elif kind == ItemKind.ACTION:
                entry.parent_code = code_of.get((ItemKind.ACTION_PLAN, item.parent_id), "")
                entry.domain = domain_of(action_plan_goal.get(item.parent_id))
            else:
                linked = [
                    code_of[(linked_kind, linked_id)]
                    for linked_kind, name in (
                        (ItemKind.ACTION_PLAN, "action_plans"),
                        (ItemKind.ACTION, "actions"),
                    )
                    for linked_id in item.data.get(name, [])
                    if (linked_kind, linked_id) in code_of
                ]
                entry.linked = ", ".join(linked)
            tables.entries.append(entry)

    actions = found[ItemKind.ACTION]
    realised = editions.every_realisation(edition)
    for action in actions:
        cells: dict[tuple[str, str], dict[str, list[str]]] = {}
        for source, money in (("estimate", action.money), ("actual", realised.get(action.id, {}))):
            for year, categories in money.items():
                for category, pair in categories.items():
                    cells.setdefault((year, category), {})[source] = pair
        action_plan = code_of.get((ItemKind.ACTION_PLAN, action.parent_id), "")
        for year, category in sorted(cells, key=lambda key: (int(key[0]), key[1])):
            cell = cells[(year, category)]
            for position, direction in enumerate(DIRECTIONS):
                estimate = _decimal(cell["estimate"][position]) if "estimate" in cell else None
                actual = _decimal(cell["actual"][position]) if "actual" in cell else None
                if estimate is None and actual is None:
                    continue
                tables.amounts.append(
                    AmountRow(action.code, action_plan, int(year), category, direction, estimate, actual)
                )

    for series in editions.indicators(edition):
        code = code_of.get((ItemKind.INDICATOR, series.id), f"{ItemKind.INDICATOR}-{series.id}")
        if series.baseline is not None:
            tables.values.append(
                IndicatorRow(
                    code,
                    series.name,
                    series.unit,
                    "basiswaarde",
                    series.baseline.date,
                    series.baseline.date.year,
                    series.baseline.value,
                )
            )
        for year, value in sorted(series.targets.items()):
            tables.values.append(
                IndicatorRow(code, series.name, series.unit, "streefwaarde", None, year, value)
            )
        for point in series.points:  # a value's note is left out: it is written for the raad
            tables.values.append(
                IndicatorRow(
                    code, series.name, series.unit, "meting", point.date, point.date.year, point.value
                )
            )
    return tables
