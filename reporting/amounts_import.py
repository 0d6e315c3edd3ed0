"""Money in from the finance package: an Excel or CSV file of ramingen or realisaties per actie.

Columns (header row, any case, Dutch synonyms): actie (its code in the finance package or its
number), jaar, categorie (E/I/F or the words), uitgave/ontvangst (U/O or the words), bedrag.

- ``read_amounts`` reads and checks every line, sums the lines of the same actie, year, category and
  direction, and compares the sums with the plan's amounts: the preview. Nothing is written.
- ``apply_amounts`` writes the preview, all or nothing, through ``core/changes.py``; the history
  reason and each amount's ``source`` name the file.

The file sets each (actie, jaar, categorie, richting) it holds to the file's sum; amounts it does
not hold stay as they are. Importing the same file twice changes nothing the second time.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import changes
from core.numbering import natural_sort_key
from plans.models import Action, Amount, AmountKind, Category, Direction, Plan
from plans.money import KEYS, Figures, euro
from uploads.reading import UploadRefused
from uploads.tables import FORMULA, Column, LineError, read_table

MAX_LINES = 200_000
MAX_ERRORS_SHOWN = 200
MAX_CHANGES_SHOWN = 500
MAX_ABS_AMOUNT = Decimal("10") ** 13  # Amount.amount: 15 digits, 2 of them decimals
CENT = Decimal("0.01")

ACTION, YEAR, CATEGORY, DIRECTION, AMOUNT = "actie", "jaar", "categorie", "uitgave/ontvangst", "bedrag"
COLUMNS = [
    # No bare "code" or "soort": a finance package's file may hold a beleidsveld code or the kind too.
    Column(ACTION, ("actiecode", "code actie", "actienummer", "nummer actie", "actie (code of nummer)")),
    Column(YEAR, ("boekjaar", "jaartal", "budgetjaar")),
    Column(CATEGORY, ("cat", "E/I/F", "budgetcategorie")),
    Column(
        DIRECTION,
        ("uitgave of ontvangst", "uitgaven/ontvangsten", "U/O", "richting", "uitgave-ontvangst"),
    ),
    Column(AMOUNT, ("bedrag (EUR)", "bedrag in euro", "euro", "EUR", "bedrag (€)")),
]
CATEGORY_WORDS = {
    "e": Category.OPERATING,
    "exploitatie": Category.OPERATING,
    "i": Category.INVESTMENT,
    "investering": Category.INVESTMENT,
    "investeringen": Category.INVESTMENT,
    "f": Category.FINANCING,
    "financiering": Category.FINANCING,
}
DIRECTION_WORDS = {
    "u": Direction.EXPENSE,
    "uitgave": Direction.EXPENSE,
    "uitgaven": Direction.EXPENSE,
    "o": Direction.RECEIPT,
    "ontvangst": Direction.RECEIPT,
    "ontvangsten": Direction.RECEIPT,
}

UNKNOWN_ACTION = gettext_lazy(
    "Geen actie met code of nummer “%(value)s” in dit plan. Gebruik de code uit het financiële pakket "
    "(bv. AC000012) of het nummer van de actie, zoals het plan ze kent."
)
AMBIGUOUS_ACTION = gettext_lazy(
    "Het nummer “%(value)s” hoort bij meer dan één actie van dit plan. Gebruik de code van de actie."
)
NO_YEAR = gettext_lazy("“%(value)s” is geen jaartal. Vul een jaar in, bv. 2026.")
YEAR_OUTSIDE = gettext_lazy(
    "Het jaar %(year)s valt buiten het plan (%(period)s). Kies een jaar van het plan."
)
UNKNOWN_CATEGORY = gettext_lazy(
    "Onbekende categorie “%(value)s”. Gebruik E, I of F (exploitatie, investeringen, financiering)."
)
UNKNOWN_DIRECTION = gettext_lazy("Onbekend: “%(value)s”. Gebruik U of O (uitgave of ontvangst).")
NOT_AN_AMOUNT = gettext_lazy("“%(value)s” is geen bedrag. Schrijf een bedrag in euro, bv. 1.234,56 of -500.")
AMBIGUOUS_AMOUNT = gettext_lazy(
    "Het bedrag “%(value)s” kan op twee manieren gelezen worden. Schrijf het zoals in Vlaanderen: "
    "punt voor de duizendtallen, komma voor de centen (bv. 1.234,56)."
)
TOO_MANY_DECIMALS = gettext_lazy(
    "Het bedrag “%(value)s” heeft meer dan 2 cijfers na de komma. Rond het af op de cent."
)
TOO_LARGE = gettext_lazy("Het bedrag “%(value)s” is te groot. Controleer het bedrag.")
MISSING = gettext_lazy("Deze cel is leeg. Vul ze in, of maak de hele regel leeg.")
NO_LINES = gettext_lazy(
    "Het bestand heeft een kopregel, maar geen enkele regel met een bedrag. Vul de bedragen in."
)
SUMMED = gettext_lazy(
    "%(count)d lijnen voor actie %(action)s, %(year)s, %(category)s %(direction)s samengeteld"
)
REASON = gettext_lazy("bedragen geïmporteerd uit %(file)s")


class AmountsRefused(Exception):
    """Applying was refused: the upload has errors (``upload.errors``); nothing was written."""

    def __init__(self, upload: "AmountUpload"):
        super().__init__("amounts import refused")
        self.upload = upload


Key = tuple[int, int, str, str]  # (action id, year, category, direction)


@dataclass
class AmountChange:
    """One figure the file sets: its actie, year, category and direction, from ``old`` to ``new``."""

    action: str  # the actie as the file and the plan know it: "AC000012 (10.2)"
    action_sort: str
    year: int
    category: str
    direction: str
    old: Decimal | None
    new: Decimal
    lines: int

    @property
    def label(self) -> str:
        return f"{Category(self.category).label} {Direction(self.direction).label}"

    @property
    def old_euro(self) -> str:
        return euro(self.old) if self.old is not None else "—"

    @property
    def new_euro(self) -> str:
        return euro(self.new)


@dataclass
class AmountUpload:
    """What a file would do (the preview), or did (``applied``)."""

    filename: str
    plan: Plan
    kind: str
    errors: list[LineError] = field(default_factory=list)
    line_count: int = 0
    sums: dict[Key, Decimal] = field(default_factory=dict)
    line_counts: dict[Key, int] = field(default_factory=dict)
    new: list[AmountChange] = field(default_factory=list)
    changed: list[AmountChange] = field(default_factory=list)
    unchanged: int = 0
    untouched: int = 0  # the plan's amounts of this kind that the file does not mention
    summed: list[str] = field(default_factory=list)
    applied: bool = False
    actions: "ActionIndex | None" = field(default=None, repr=False)  # the plan's acties as read

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def shown_errors(self) -> list[str]:
        return [str(error) for error in self.errors[:MAX_ERRORS_SHOWN]]

    @property
    def kind_label(self) -> str:
        return AmountKind(self.kind).label

    @property
    def writes(self) -> int:
        return len(self.new) + len(self.changed)

    @property
    def summary(self) -> str:
        """The preview in a few words: lines, new, changed, unchanged, and what the file leaves alone."""
        lines = ngettext("%(count)d regel", "%(count)d regels", self.line_count) % {"count": self.line_count}
        untouched = ngettext(
            "%(count)d bedrag van het plan staat niet in het bestand en blijft zoals het is.",
            "%(count)d bedragen van het plan staan niet in het bestand en blijven zoals ze zijn.",
            self.untouched,
        ) % {"count": self.untouched}
        counts = _("nieuw: %(new)d, gewijzigd: %(changed)d, ongewijzigd: %(unchanged)d.") % {
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
        }
        return f"{self.filename} ({self.kind_label}), {lines}; {counts} {untouched}"

    def shown_changes(self, limit: int = MAX_CHANGES_SHOWN) -> list[AmountChange]:
        """The first new and changed figures, in the plan's order, for the preview page."""
        return [change for _action, figures in self.by_action() for change in figures][:limit]

    @property
    def hidden_changes(self) -> int:
        return max(0, self.writes - MAX_CHANGES_SHOWN)

    def by_action(self) -> list[tuple[str, list[AmountChange]]]:
        """The new and changed figures per actie, in the plan's order."""
        grouped: dict[str, list[AmountChange]] = defaultdict(list)
        for change in sorted(
            [*self.new, *self.changed], key=lambda c: (c.action_sort, c.year, c.category, c.direction)
        ):
            grouped[change.action].append(change)
        return list(grouped.items())


def parse_amount(value: Any) -> Decimal:
    """An amount as a finance package or a person writes it: 1.234,56 · € 1 234 · -500 · 1234.56;
    a number cell as it is. Raises ValueError with the Dutch reason."""
    if isinstance(value, bool):
        raise ValueError(NOT_AN_AMOUNT % {"value": value})
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest text that is this float: what was typed
    else:
        amount = _parse_text(str(value))
    if amount != amount.quantize(CENT):
        raise ValueError(TOO_MANY_DECIMALS % {"value": value})
    if abs(amount) >= MAX_ABS_AMOUNT:
        raise ValueError(TOO_LARGE % {"value": value})
    return amount.quantize(CENT)


_SPACES = re.compile(r"[\s\u00a0\u202f']")
_GROUPED = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$|^[1-9]\d{0,2}(,\d{3})+$")


def _parse_text(text: str) -> Decimal:
    original = text
    text = _SPACES.sub("", text.replace("€", "").replace("EUR", "").replace("eur", ""))
    sign = ""
    if text[:1] in "-+−":
        sign, text = ("-" if text[0] != "+" else ""), text[1:]
    elif text[-1:] == "-":  # 500- as some bookkeeping exports write it
        sign, text = "-", text[:-1]
    if not text or not re.fullmatch(r"[\d.,]+", text) or not text[0].isdigit() or not text[-1].isdigit():
        raise ValueError(NOT_AN_AMOUNT % {"value": original.strip()})
    if "." in text and "," in text:
        decimal_mark = "," if text.rindex(",") > text.rindex(".") else "."
        whole, _sep, cents = text.rpartition(decimal_mark)
        if not _GROUPED.match(whole) and not whole.isdigit():
            raise ValueError(AMBIGUOUS_AMOUNT % {"value": original.strip()})
        number = whole.replace(".", "").replace(",", "") + "." + cents
    elif text.count(",") == 1:
        number = text.replace(",", ".")  # 1234,56: the decimal comma (so 12,345 has three decimals)
    elif text.count(".") == 1 and not _GROUPED.match(text):
        number = text  # 1234.56 or 12.5: a decimal point, no group of three after it
    elif _GROUPED.match(text):
        number = text.replace(".", "").replace(",", "")  # 1.234 or 1.234.567: thousands (Flemish)
        if "," in text:
            raise ValueError(AMBIGUOUS_AMOUNT % {"value": original.strip()})
    elif text.isdigit():
        number = text
    else:
        raise ValueError(NOT_AN_AMOUNT % {"value": original.strip()})
    try:
        return Decimal(sign + number)
    except InvalidOperation as error:
        raise ValueError(NOT_AN_AMOUNT % {"value": original.strip()}) from error


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _year(value: Any, plan: Plan) -> int:
    text = _text(value)
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(NO_YEAR % {"value": text})
    year = int(text)
    if not plan.start_year <= year <= plan.end_year:
        raise ValueError(YEAR_OUTSIDE % {"year": year, "period": plan.period})
    return year


class ActionIndex:
    """The plan's acties by code and by number (one query), with their actieplan and plan loaded
    so that validating an amount costs no query."""

    def __init__(self, plan: Plan):
        self.by_id: dict[int, Action] = {}
        self.by_code: dict[str, int] = {}
        self.by_number: dict[str, list[int]] = defaultdict(list)
        for action in Action.objects.in_plan(plan).select_related("action_plan__plan"):
            self.by_id[action.pk] = action
            if action.external_code:
                self.by_code[action.external_code.strip().upper()] = action.pk
            self.by_number[action.sort_key].append(action.pk)

    def find(self, value: Any) -> int:
        text = _text(value)
        if text.upper() in self.by_code:
            return self.by_code[text.upper()]
        found = self.by_number.get(natural_sort_key(text), []) if text else []
        if len(found) > 1:
            raise ValueError(AMBIGUOUS_ACTION % {"value": text})
        if not found:
            raise ValueError(UNKNOWN_ACTION % {"value": text})
        return found[0]

    def label(self, action_id: int) -> str:
        action = self.by_id[action_id]
        return f"{action.external_code} ({action.number})" if action.external_code else action.number


def _read_line(values: dict[str, Any], plan: Plan, actions: ActionIndex) -> tuple[Key, Decimal, list]:
    """One line's key and amount, or the errors of its cells (column name, message)."""
    errors, parsed = [], {}
    readers = {
        ACTION: actions.find,
        YEAR: lambda value: _year(value, plan),
        CATEGORY: lambda value: _choice(value, CATEGORY_WORDS, UNKNOWN_CATEGORY),
        DIRECTION: lambda value: _choice(value, DIRECTION_WORDS, UNKNOWN_DIRECTION),
        AMOUNT: parse_amount,
    }
    for name, reader in readers.items():
        value = values[name]
        if value is None or _text(value) == "":
            errors.append((name, str(MISSING)))
            continue
        try:
            parsed[name] = reader(value)
        except ValueError as error:
            errors.append((name, str(error)))
    if errors:
        return None, None, errors
    return (parsed[ACTION], parsed[YEAR], parsed[CATEGORY], parsed[DIRECTION]), parsed[AMOUNT], []


def _choice(value: Any, words: dict[str, str], unknown) -> str:
    text = _text(value)
    try:
        return words[text.lower().rstrip(".")]
    except KeyError:
        raise ValueError(unknown % {"value": text}) from None


def read_amounts(file: IO[bytes], size: int, *, filename: str, plan: Plan, kind: str) -> AmountUpload:
    """Read and check every line of the upload, sum them per actie, year, category and direction,
    and compare with the plan's amounts of ``kind``: the preview. Writes nothing.

    Raises UploadRefused when the file as a whole is refused (empty, unreadable, wrong columns);
    refusals of single cells are in ``errors``, each with its tab, line and column."""
    kind = AmountKind(kind)
    upload = AmountUpload(filename=filename, plan=plan, kind=kind)
    actions = upload.actions = ActionIndex(plan)
    sums: dict[Key, Decimal] = defaultdict(Decimal)
    counts: dict[Key, int] = defaultdict(int)
    for line in read_table(file, size, filename=filename, columns=COLUMNS, max_rows=MAX_LINES):
        upload.line_count += 1
        for name in line.formulas:
            upload.errors.append(LineError(line.sheet, line.number, name, str(FORMULA)))
        if line.formulas:
            continue
        key, amount, errors = _read_line(line.values, plan, actions)
        upload.errors += [LineError(line.sheet, line.number, name, message) for name, message in errors]
        if key is not None:
            sums[key] += amount
            counts[key] += 1
    if upload.line_count == 0:
        raise UploadRefused(str(NO_LINES))
    upload.sums, upload.line_counts = dict(sums), dict(counts)
    upload.summed = [
        str(
            SUMMED
            % {
                "count": count,
                "action": actions.label(key[0]),
                "year": key[1],
                "category": Category(key[2]).label,
                "direction": Direction(key[3]).label,
            }
        )
        for key, count in sorted(counts.items(), key=lambda item: _order(actions, item[0]))
        if count > 1
    ]
    _compare(upload, actions, _existing(plan, kind))
    return upload


def _order(actions: ActionIndex, key: Key) -> tuple:
    return (actions.by_id[key[0]].sort_key, key[1], key[2], key[3])


class Existing(NamedTuple):
    pk: int
    amount: Decimal


def _existing(plan: Plan, kind: str, *, lock: bool = False) -> dict[Key, Existing]:
    """The plan's amounts of ``kind`` by key: their id and amount only (one query, light on memory
    for the hundreds of thousands of ramingen of a large plan)."""
    amounts = Amount.objects.filter(action__action_plan__plan=plan, kind=kind).order_by()
    if lock:
        amounts = amounts.select_for_update()
    rows = amounts.values_list("action_id", "year", "category", "direction", "pk", "amount")
    return {(a, y, c, d): Existing(pk, amount) for a, y, c, d, pk, amount in rows}


def _compare(upload: AmountUpload, actions: ActionIndex, existing: dict[Key, Existing]) -> None:
    """Fill the preview: new, changed and unchanged figures, and how many the file leaves alone."""
    upload.new, upload.changed, upload.unchanged = [], [], 0
    for key, total in upload.sums.items():
        current = existing.get(key)
        if (current is None and total == 0) or (current is not None and current.amount == total):
            upload.unchanged += 1
            continue
        action = actions.by_id[key[0]]
        change = AmountChange(
            actions.label(key[0]),
            action.sort_key,
            key[1],
            key[2],
            key[3],
            None if current is None else current.amount,
            total,
            upload.line_counts.get(key, 1),
        )
        (upload.new if current is None else upload.changed).append(change)
    upload.untouched = sum(1 for key in existing if key not in upload.sums)


def apply_amounts(upload: AmountUpload, *, by: AbstractBaseUser | None) -> AmountUpload:
    """Write the upload's figures, all or nothing, in one transaction: new amounts created, changed
    ones updated, each with a history row by ``by`` naming the file. The plan's current amounts are
    compared again under a lock, so what is written is what the file says now. Raises AmountsRefused
    (nothing written) when the upload has errors."""
    if not upload.ok:
        raise AmountsRefused(upload)
    reason = str(REASON % {"file": upload.filename})
    source = upload.filename[: Amount._meta.get_field("source").max_length]
    with transaction.atomic():
        actions = upload.actions or ActionIndex(upload.plan)  # acties are never deleted
        existing = _existing(upload.plan, upload.kind, lock=True)
        _compare(upload, actions, existing)
        created, changed = [], {}
        for key, total in upload.sums.items():
            current = existing.get(key)
            if current is None:
                if total != 0:
                    action_id, year, category, direction = key
                    created.append(
                        Amount(
                            action=actions.by_id[action_id],
                            kind=upload.kind,
                            year=year,
                            category=category,
                            direction=direction,
                            amount=total,
                            source=source,
                        )
                    )
            elif current.amount != total:
                changed[current.pk] = total
        updated = list(Amount.objects.in_bulk(list(changed)).values())  # batched by the database's limits
        for amount in updated:
            amount.amount, amount.source = changed[amount.pk], source
        changes.create_many(created, by=by, reason=reason)
        changes.update_many(updated, ["amount", "source"], by=by, reason=reason)
    upload.applied = True
    return upload


def import_amounts(
    path: str | Path, *, plan: Plan, kind: str, by: AbstractBaseUser | None, dry_run: bool = False
) -> AmountUpload:
    """Read a file from disk and, unless ``dry_run``, apply it (the command and the demo loader).
    Raises UploadRefused or AmountsRefused; nothing is written then."""
    path = Path(path)
    with path.open("rb") as file:
        upload = read_amounts(file, path.stat().st_size, filename=path.name, plan=plan, kind=kind)
    if dry_run:
        return upload
    return apply_amounts(upload, by=by)


def by_year(plan: Plan, kind: str) -> list[tuple[int, Figures]]:
    """The plan's figures of ``kind`` per year of the plan (one query), for the import page."""
    figures = {year: Figures() for year in range(plan.start_year, plan.end_year + 1)}
    rows = (
        Amount.objects.filter(action__action_plan__plan=plan, kind=kind)
        .values("year", "category", "direction")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        figures.setdefault(row["year"], Figures()).add(row["category"], row["direction"], row["total"])
    return sorted(figures.items())


def headers() -> Iterable[str]:
    """The column heads of the figures per year: E uitgaven, E ontvangsten, …"""
    return [f"{Category(c).label} {Direction(d).label}" for c, d in KEYS]
