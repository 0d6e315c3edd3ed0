"""Two versions of a plan compared: what the newer version changed, item by item, in plan order.

``compare`` reads the two snapshots (``versions/snapshots.of``: one query each) and returns the rows
of the comparison: the goals (for the filter), one change row per item and kind of change, and the
money rows (the ramingen per year and E/I/F, old, new and the difference, per actie and summed bottom
up per actieplan, goal and plan, each total from its own parts, ``plans/money.Figures``). Versions
never change, so ``comparison`` computes the rows once and keeps them (``Comparison``, keyed by the
code's version); a large compare is computed by a task (``request``) while a page follows it, and
every page after reads the stored rows.

The rows are plain JSON: every page, the workbook and the gewijzigde strategische nota read them
without touching the snapshots again.
"""

import functools
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _
from django_scopes import scope, scopes_disabled
from django_tasks import task

from core import background, changes, progress
from core.code_version import code_version
from plans.models import Category, Direction, LifeCycle
from plans.money import Figures, euro
from plans.timeline import is_rewrite, word_diff
from versions import snapshots
from versions.models import ADOPTED_STATES, Comparison, ItemKind, PlanVersion, VersionItem

log = logging.getLogger(__name__)

DIFFERENT_PLANS = _(
    "Deze versies horen bij verschillende plannen. Kies twee versies van hetzelfde plan om ze te vergelijken."
)
NOT_ADOPTED = _(
    "%(version)s is nog een ontwerp: een versie krijgt haar inhoud pas als de raad ze vaststelt. "
    "Kies een vastgestelde of vervangen versie."
)
FAILED = _("Het vergelijken liep mis. Er is niets veranderd; probeer het opnieuw.")

# A compare of more items than this (both versions together) is computed by a task, never in a request.
SMALL = 3000
CHANGES_PER_PAGE = 50

# The kinds of change, in the order an item's changes are listed.
ADDED, STRUCK, MERGED, REWORDED, PRIORITY, MOVED, OWNER, MONEY, TARGETS = (
    "toegevoegd",
    "geschrapt",
    "gebundeld",
    "geherformuleerd",
    "prioriteit",
    "verplaatst",
    "eigenaar",
    "ramingen",
    "streefwaarden",
)
CHANGE_LABELS = {
    ADDED: _("toegevoegd"),
    STRUCK: _("geschrapt"),
    MERGED: _("gebundeld"),
    REWORDED: _("geherformuleerd"),
    PRIORITY: _("prioriteit gewijzigd"),
    MOVED: _("verplaatst"),
    OWNER: _("eigenaar gewijzigd"),
    MONEY: _("ramingen gewijzigd"),
    TARGETS: _("streefwaarden gewijzigd"),
}
CHANGE_ORDER = list(CHANGE_LABELS)
KIND_LABELS = dict(ItemKind.choices)
MARKED, DERIVED = "aangeduid", "afgeleid"
PLAN_LEVEL = "plan"
CATEGORIES = list(Category.values)  # E, I, F
CATEGORY_LABELS = dict(Category.choices)
ZERO = Decimal("0.00")
ACTIVE = LifeCycle.ACTIVE
PROGRESS_STEP = _("Versies worden vergeleken")


def check_comparable(older: PlanVersion, newer: PlanVersion) -> None:
    """Refused (ValidationError, in Dutch) for versions of two plans, or a version still in ontwerp
    (it has no snapshot yet)."""
    if older.plan_id != newer.plan_id:
        raise ValidationError(DIFFERENT_PLANS, code="different_plans")
    for version in (older, newer):
        if version.state not in ADOPTED_STATES:
            raise ValidationError(NOT_ADOPTED, code="draft", params={"version": version.name})


def in_order(first: PlanVersion, second: PlanVersion) -> tuple[PlanVersion, PlanVersion]:
    """The two versions as older and newer (by number), whichever was named first."""
    return (first, second) if first.number <= second.number else (second, first)


# ---------------------------------------------------------------------------------------------------
# computing the rows


def _label(item: VersionItem | None) -> str:
    if item is None:
        return ""
    return f"{item.number} {item.title}".strip() if item.number else item.title


def _amount(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def _over_years(per_year: dict[int, Figures]) -> Figures:
    total = Figures()
    for figures in per_year.values():
        total += figures
    return total


def _money_cells(old: dict[int, Figures], new: dict[int, Figures]) -> dict:
    """Per year (and "totaal") per category: [uitgaven oud, nieuw, ontvangsten oud, nieuw], only where
    something differs."""
    cells: dict[str, dict[str, list[str]]] = {}
    years = sorted(set(old) | set(new))
    for year, before, after in [
        *((str(y), old.get(y, Figures()), new.get(y, Figures())) for y in years),
        ("totaal", _over_years(old), _over_years(new)),
    ]:
        for category in CATEGORIES:
            values = [
                before.get(category, Direction.EXPENSE),
                after.get(category, Direction.EXPENSE),
                before.get(category, Direction.RECEIPT),
                after.get(category, Direction.RECEIPT),
            ]
            if values[0] != values[1] or values[2] != values[3]:
                cells.setdefault(year, {})[category] = [_amount(v) for v in values]
    return cells


class _Sums:
    """Per year figures summed bottom up: per actie, actieplan, goal and the plan, each from its parts."""

    def __init__(self) -> None:
        self.by: dict[tuple[str, int | None], dict[int, Figures]] = defaultdict(lambda: defaultdict(Figures))

    def add(self, level: str, key: int | None, per_year: dict[int, Figures]) -> None:
        sums = self.by[level, key]
        for year, figures in per_year.items():
            sums[year] += figures

    def of(self, level: str, key: int | None) -> dict[int, Figures]:
        return dict(self.by.get((level, key), {}))


def _money_sums(snapshot: snapshots.Snapshot) -> tuple[_Sums, dict[int, dict[int, Figures]]]:
    # Every actie's ramingen, struck ones too, as the finance pages (plans/finances.py, the plan as of a
    # date) count them: a raming stays in the plan until the finance package takes it out.
    sums, per_action = _Sums(), {}
    for action in snapshot.items(ItemKind.ACTION):
        figures = snapshots.figures(action)
        per_action[action.item_id] = figures
        action_plan = snapshot.get(ItemKind.ACTION_PLAN, action.parent_id)
        goal_id = action_plan.parent_id if action_plan else None
        sums.add(ItemKind.ACTION_PLAN, action.parent_id, figures)
        sums.add(ItemKind.GOAL, goal_id, figures)
        sums.add(PLAN_LEVEL, None, figures)
    return sums, per_action


def _active(item: VersionItem | None) -> bool:
    """In the plan: active (a goal has no life cycle of its own: it is in the plan while it is there)."""
    return item is not None and item.life_cycle in (ACTIVE, "")


@dataclass
class _Pair:
    kind: str
    item_id: int
    old: VersionItem | None
    new: VersionItem | None

    @property
    def shown(self) -> VersionItem:
        return self.new or self.old  # type: ignore[return-value]


class _Comparer:
    def __init__(self, older: snapshots.Snapshot, newer: snapshots.Snapshot) -> None:
        self.older, self.newer = older, newer
        self.rows: list[dict] = []

    # where an item stands in the plan, in the newer version where it is there -----------------
    def _in(self, kind: str, item_id: int | None) -> VersionItem | None:
        return self.newer.get(kind, item_id) or self.older.get(kind, item_id)

    def goal_of(self, pair: _Pair) -> int | None:
        item = pair.shown
        if pair.kind == ItemKind.GOAL:
            return item.item_id
        if pair.kind == ItemKind.ACTION_PLAN:
            return item.parent_id
        if pair.kind == ItemKind.ACTION:
            action_plan = self._in(ItemKind.ACTION_PLAN, item.parent_id)
            return action_plan.parent_id if action_plan else None
        return None

    def order(self, pair: _Pair) -> list:
        item = pair.shown

        def goal_key(goal_id: int | None) -> str:
            goal = self._in(ItemKind.GOAL, goal_id)
            return goal.sort_key if goal else "~"

        if pair.kind == ItemKind.GOAL:
            return [0, item.sort_key, "", "", item.item_id]
        if pair.kind == ItemKind.ACTION_PLAN:
            return [0, goal_key(item.parent_id), item.sort_key, "", item.item_id]
        if pair.kind == ItemKind.ACTION:
            action_plan = self._in(ItemKind.ACTION_PLAN, item.parent_id)
            return [
                0,
                goal_key(action_plan.parent_id if action_plan else None),
                action_plan.sort_key if action_plan else "~",
                item.sort_key,
                item.item_id,
            ]
        return [1 if pair.kind == ItemKind.PROJECT else 2, item.sort_key, "", "", item.item_id]

    def priority(self, pair: _Pair) -> bool:
        if pair.new is not None:
            return self.newer.is_priority(pair.new)
        return self.older.is_priority(pair.old)  # type: ignore[arg-type]

    # the rows --------------------------------------------------------------------------------
    def row(self, pair: _Pair, change: str, **details) -> None:
        item = pair.shown
        self.rows.append(
            {
                "t": "change",
                "change": change,
                "kind": str(pair.kind),
                "item_id": pair.item_id,
                "number": item.number,
                "title": item.title,
                "goal_id": self.goal_of(pair),
                "priority": self.priority(pair),
                "order": [*self.order(pair), CHANGE_ORDER.index(change)],
                **details,
            }
        )

    def pairs(self, kind: str) -> list[_Pair]:
        ids = [item.item_id for item in self.newer.items(kind)]
        seen = set(ids)
        ids += [item.item_id for item in self.older.items(kind) if item.item_id not in seen]
        return [_Pair(kind, i, self.older.get(kind, i), self.newer.get(kind, i)) for i in ids]

    def compare_items(self) -> None:
        every = [pair for kind in snapshots.KIND_ORDER for pair in self.pairs(kind)]
        progress.step(str(PROGRESS_STEP), len(every))
        for number, pair in enumerate(every, start=1):
            self.compare_pair(pair)
            if number % 500 == 0:
                progress.advance(500)

    def compare_pair(self, pair: _Pair) -> None:
        old, new = pair.old, pair.new
        was, is_ = _active(old), _active(new)
        if not was and not is_:
            return
        if not was:
            self.row(pair, ADDED)
            return
        if not is_:
            if new is not None and new.life_cycle == LifeCycle.MERGED:
                into = self.newer.get(pair.kind, new.data.get("merged_into"))
                self.row(pair, MERGED, into=_label(into))
            else:
                self.row(pair, STRUCK, absent=new is None)
            return
        assert old is not None and new is not None
        if old.title != new.title:
            self.row(
                pair,
                REWORDED,
                old=old.title,
                new=new.title,
                diff=[[segment.op, segment.text] for segment in word_diff(old.title, new.title)],
                side_by_side=is_rewrite(old.title, new.title),
            )
        if pair.kind in (ItemKind.GOAL, ItemKind.ACTION_PLAN, ItemKind.ACTION):
            before, after = self.older.is_priority(old), self.newer.is_priority(new)
            if before != after or old.priority != new.priority:
                how = MARKED if old.priority != new.priority else DERIVED
                self.row(pair, PRIORITY, old=before, new=after, how=how, marked=[old.priority, new.priority])
        if pair.kind in (ItemKind.ACTION_PLAN, ItemKind.ACTION) and old.parent_id != new.parent_id:
            parent_kind = ItemKind.GOAL if pair.kind == ItemKind.ACTION_PLAN else ItemKind.ACTION_PLAN
            self.row(
                pair,
                MOVED,
                old=_label(self._in(parent_kind, old.parent_id)),
                new=_label(self._in(parent_kind, new.parent_id)),
                parent_kind=parent_kind,
            )
        if old.owner != new.owner:
            self.row(pair, OWNER, old=old.owner, new=new.owner)
        if pair.kind == ItemKind.ACTION and old.money != new.money:
            cells = _money_cells(snapshots.figures(old), snapshots.figures(new))
            if cells:
                self.row(pair, MONEY, money=cells)
        if pair.kind == ItemKind.INDICATOR:
            before_targets, after_targets = old.data.get("targets", {}), new.data.get("targets", {})
            years = sorted(set(before_targets) | set(after_targets))
            changed = [
                [year, before_targets.get(year, ""), after_targets.get(year, "")]
                for year in years
                if before_targets.get(year) != after_targets.get(year)
            ]
            if changed:
                self.row(pair, TARGETS, years=changed, unit=new.data.get("unit", ""))

    def money_rows(self) -> None:
        """The ramingen old and new, per actie (those that differ) and summed per actieplan, goal and
        plan: each level sums its own version's acties, so each total is the sum of its parts."""
        old_sums, old_actions = _money_sums(self.older)
        new_sums, new_actions = _money_sums(self.newer)
        levels = [(ItemKind.ACTION, sorted(set(old_actions) | set(new_actions)))]
        for level in (ItemKind.ACTION_PLAN, ItemKind.GOAL):
            keys = {key for (lvl, key) in old_sums.by if lvl == level}
            keys |= {key for (lvl, key) in new_sums.by if lvl == level}
            levels.append((level, sorted(keys, key=lambda k: (k is None, k or 0))))
        for level, keys in levels:
            for key in keys:
                if level == ItemKind.ACTION:
                    old, new = old_actions.get(key, {}), new_actions.get(key, {})
                else:
                    old, new = old_sums.of(level, key), new_sums.of(level, key)
                cells = _money_cells(old, new)
                if not cells:
                    continue
                pair = _Pair(level, key, self.older.get(level, key), self.newer.get(level, key))
                if pair.shown is None:  # acties without a goal: summed under "zonder doelstelling"
                    self.rows.append(self._money_row(level, key, "", _now("Zonder doelstelling"), cells))
                    continue
                self.rows.append(
                    {
                        **self._money_row(level, key, pair.shown.number, pair.shown.title, cells),
                        "goal_id": self.goal_of(pair),
                        "priority": self.priority(pair),
                        "order": self.order(pair),
                    }
                )
        cells = _money_cells(old_sums.of(PLAN_LEVEL, None), new_sums.of(PLAN_LEVEL, None))
        self.rows.append(
            {**self._money_row(PLAN_LEVEL, None, "", _now("Het hele plan"), cells), "order": [9]}
        )

    def _money_row(self, level: str, key, number: str, title: str, cells: dict) -> dict:
        return {
            "t": "money",
            "level": level,
            "item_id": key,
            "number": number,
            "title": title,
            "goal_id": key if level == ItemKind.GOAL else None,
            "priority": False,
            "order": [0, "~", "", "", 0],
            "money": cells,
        }

    def goal_rows(self) -> None:
        for pair in self.pairs(ItemKind.GOAL):
            if _active(pair.new) or _active(pair.old):
                self.rows.append(
                    {
                        "t": "goal",
                        "item_id": pair.item_id,
                        "number": pair.shown.number,
                        "title": pair.shown.title,
                        "order": self.order(pair),
                    }
                )


def compare(older: PlanVersion, newer: PlanVersion) -> list[dict]:
    """The comparison's rows (not stored): goals, changes in plan order, then the money rows. Refused
    for versions of different plans or a version in ontwerp (``check_comparable``)."""
    check_comparable(older, newer)
    older, newer = in_order(older, newer)
    return compare_snapshots(snapshots.of(older), snapshots.of(newer))


def compare_snapshots(older: snapshots.Snapshot, newer: snapshots.Snapshot) -> list[dict]:
    """The rows of two snapshots compared, the older first (an aanpassing's preview compares the
    version in force with what the aanpassing would make of it)."""
    comparer = _Comparer(older, newer)
    comparer.goal_rows()
    comparer.compare_items()
    comparer.money_rows()
    # Plan order: a goal before its actieplannen, an actieplan before its acties (their sort keys
    # extend their parent's with what follows an empty one); the plan's money last.
    rank = {"goal": 0, "change": 1, "money": 2}
    comparer.rows.sort(key=lambda row: (rank[row["t"]], [str(p) for p in row["order"]]))
    return comparer.rows


# ---------------------------------------------------------------------------------------------------
# stored once


@functools.cache
def _code_version() -> str:
    return code_version(settings.BASE_DIR)


def key() -> str:
    return _code_version()


def stored(older: PlanVersion, newer: PlanVersion) -> Comparison | None:
    older, newer = in_order(older, newer)
    # Its rows are read when they are used: a page that shows what it rendered of them before needs none.
    return Comparison.objects.filter(older=older, newer=newer, key=key()).defer("rows").first()


def is_large(older: PlanVersion, newer: PlanVersion) -> bool:
    """Whether the two versions hold more items than a request may compare (one query)."""
    return VersionItem.objects.filter(version__in=[older.pk, newer.pk]).count() > SMALL


def comparison(older: PlanVersion, newer: PlanVersion) -> Comparison:
    """The stored comparison, computed and kept when it is not there yet (a version never changes)."""
    check_comparable(older, newer)
    older, newer = in_order(older, newer)
    found = stored(older, newer)
    if found is not None:
        return found
    rows = compare(older, newer)
    try:
        with transaction.atomic():
            return changes.save(
                Comparison(older=older, newer=newer, key=key(), rows=rows),
                by=None,
                reason="vergelijking van versies",
            )
    except (IntegrityError, ValidationError):  # computed at the same moment elsewhere: that one stands
        found = stored(older, newer)
        if found is None:
            raise
        return found


# The large compare: a task on the queue, followed by its page through the ``progress`` cache.
WAITING, DONE = background.WAITING, "done"
MARK_SECONDS = int(background.STALE_AFTER.total_seconds())


def _mark(older: PlanVersion, newer: PlanVersion) -> str:
    return f"vergelijking:{older.pk}:{newer.pk}:{key()}"


def request(older: PlanVersion, newer: PlanVersion, *, again: bool = False) -> tuple[Comparison | None, str]:
    """The stored comparison and DONE; or, when it is not stored yet, None and the state of its
    computing: a small compare is computed now, a large one by a task (asked once; ``again`` after it
    failed). Refused like ``compare``."""
    check_comparable(older, newer)
    older, newer = in_order(older, newer)
    found = stored(older, newer)
    if found is not None:
        return found, DONE
    if not is_large(older, newer):
        return comparison(older, newer), DONE
    marks, mark = caches[progress.CACHE], _mark(older, newer)
    if again and marks.get(mark) == background.FAILED:
        marks.delete(mark)
    if marks.add(mark, WAITING, MARK_SECONDS):
        try:
            compare_versions.enqueue(older.pk, newer.pk)
        except Exception:  # not queued: the next request asks again instead of waiting for nothing
            marks.delete(mark)
            raise
        found = stored(older, newer)  # made already where tasks run at once
        if found is not None:
            return found, DONE
    return None, marks.get(mark) or WAITING


def progress_of(older: PlanVersion, newer: PlanVersion):
    """How far the task is (core/progress.Progress), or None."""
    older, newer = in_order(older, newer)
    return caches[progress.CACHE].get(_mark(older, newer) + ":voortgang")


@task(queue_name=background.OUTPUTS_QUEUE)
def compare_versions(older_id: int, newer_id: int) -> str:
    """The task: compare and keep. A failure is marked (its page offers to try again), not retried."""
    with scopes_disabled():
        versions = {
            v.pk: v for v in PlanVersion.objects.select_related("plan").filter(pk__in=[older_id, newer_id])
        }
    if len(versions) < len({older_id, newer_id}):
        return "gone"
    older, newer = versions[older_id], versions[newer_id]
    marks, mark = caches[progress.CACHE], _mark(older, newer)
    with (
        scope(organisation=older.plan.organisation_id),
        translation.override(settings.LANGUAGE_CODE),
        progress.followed(mark + ":voortgang"),
    ):
        try:
            comparison(older, newer)
        except Exception:
            log.exception("%s en %s konden niet worden vergeleken", older, newer)
            marks.set(mark, background.FAILED, MARK_SECONDS)
            raise
    marks.delete(mark)
    return DONE


# ---------------------------------------------------------------------------------------------------
# reading the stored rows


@dataclass(frozen=True)
class Filters:
    goal: int | None = None
    change: str = ""
    priority_only: bool = False

    @property
    def any(self) -> bool:
        return bool(self.goal or self.change or self.priority_only)

    def keeps(self, row: dict) -> bool:
        if self.goal and row.get("goal_id") != self.goal:
            return False
        if self.change and row.get("change") != self.change:
            return False
        return not (self.priority_only and not row.get("priority"))


def goals(rows: list[dict]) -> list[dict]:
    return [row for row in rows if row["t"] == "goal"]


def changes_of(rows: list[dict], filters: Filters | None = None) -> list[dict]:
    filters = filters or Filters()
    return [row for row in rows if row["t"] == "change" and filters.keeps(row)]


def money_of(rows: list[dict], filters: Filters | None = None) -> list[dict]:
    """The money rows; with a goal filter, that goal's rows and the plan's total; prioritair only: the
    prioritaire items' rows and the plan's total."""
    filters = filters or Filters()
    kept = []
    for row in rows:
        if row["t"] != "money":
            continue
        if row["level"] == PLAN_LEVEL:
            kept.append(row)
            continue
        if filters.goal and row.get("goal_id") != filters.goal:
            continue
        if filters.priority_only and not row.get("priority"):
            continue
        kept.append(row)
    return kept


def counts(rows: list[dict]) -> dict[str, int]:
    """How many changes of each kind."""
    found: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["t"] == "change":
            found[row["change"]] += 1
    return {change: found[change] for change in CHANGE_ORDER if found[change]}


# ---------------------------------------------------------------------------------------------------
# in words: the same sentence on the page's summary, in the workbook, in Word and in the PDF


def signed_euro(value: Decimal) -> str:
    """A difference with its sign always written: + € 1.000,00, − € 500,00, € 0,00."""
    if value > 0:
        return "+ " + euro(value)
    if value < 0:
        return "− " + euro(-value)
    return euro(value)


def money_lines(cells: dict) -> list[dict]:
    """The money cells as lines: year (or "totaal"), category, uitgaven old/new/difference and
    ontvangsten old/new/difference, as Decimals."""
    lines = []
    for year, categories in cells.items():
        for category in CATEGORIES:
            if category not in categories:
                continue
            exp_old, exp_new, rec_old, rec_new = (Decimal(v) for v in categories[category])
            lines.append(
                {
                    "year": year,
                    "is_total": year == "totaal",
                    "category": category,
                    "category_label": str(CATEGORY_LABELS[category]),
                    "expenses": (exp_old, exp_new, exp_new - exp_old),
                    "receipts": (rec_old, rec_new, rec_new - rec_old),
                    # as shown: old, new and the signed difference of uitgaven, then of ontvangsten
                    "shown": (
                        euro(exp_old),
                        euro(exp_new),
                        signed_euro(exp_new - exp_old),
                        euro(rec_old),
                        euro(rec_new),
                        signed_euro(rec_new - rec_old),
                    ),
                }
            )
    return lines


def _yes_no(value: bool) -> str:
    return _now("prioritair") if value else _now("niet prioritair")


def _ended(sentence: str) -> str:
    """A sentence ending in a title ends with the title's own full stop, not with two."""
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def describe(row: dict) -> str:
    """What changed, in one Dutch sentence or a few lines."""
    change = row["change"]
    if change == ADDED:
        return _now("Nieuw in deze versie.")
    if change == STRUCK:
        if row.get("absent"):
            return _now("Geschrapt: niet meer in deze versie.")
        return _now("Geschrapt.")
    if change == MERGED:
        if row.get("into"):
            return _ended(_now("Gebundeld in %(into)s") % {"into": row["into"]})
        return _now("Gebundeld.")
    if change == REWORDED:
        return _now("Was: %(old)s\nWordt: %(new)s") % {"old": row["old"], "new": row["new"]}
    if change == PRIORITY:
        how = _now("aangeduid") if row["how"] == MARKED else _now("afgeleid")
        return _now("Was %(old)s, wordt %(new)s (%(how)s).") % {
            "old": _yes_no(row["old"]),
            "new": _yes_no(row["new"]),
            "how": how,
        }
    if change == MOVED:
        return _ended(
            _now("Verplaatst van %(old)s naar %(new)s") % {"old": row["old"] or "—", "new": row["new"] or "—"}
        )
    if change == OWNER:
        return _now("Eigenaar was %(old)s, wordt %(new)s.") % {
            "old": row["old"] or _now("niemand"),
            "new": row["new"] or _now("niemand"),
        }
    if change == MONEY:
        lines = []
        for line in money_lines(row["money"]):
            if line["is_total"]:
                continue
            for label, (old, new, difference) in (
                (_now("uitgaven"), line["expenses"]),
                (_now("ontvangsten"), line["receipts"]),
            ):
                if difference:
                    lines.append(
                        _now("%(year)s %(category)s %(what)s: %(old)s → %(new)s (%(difference)s)")
                        % {
                            "year": line["year"],
                            "category": line["category_label"],
                            "what": label,
                            "old": euro(old),
                            "new": euro(new),
                            "difference": signed_euro(difference),
                        }
                    )
        return "\n".join(lines)
    if change == TARGETS:
        return "\n".join(
            _now("%(year)s: %(old)s → %(new)s") % {"year": year, "old": old or "—", "new": new or "—"}
            for year, old, new in row["years"]
        )
    return ""


def change_label(row: dict) -> str:
    return str(CHANGE_LABELS[row["change"]])


def money_heading(row: dict) -> str:
    """A money row's name: "Actieplan 2 We renoveren …", or "Het hele plan", "Zonder doelstelling"."""
    if not row["number"]:
        return row["title"]
    return f"{kind_label(row).capitalize()} {row['number']} {row['title']}"


def kind_label(row: dict) -> str:
    if row.get("level") == PLAN_LEVEL:
        return _now("plan")
    return str(KIND_LABELS.get(row.get("kind") or row.get("level"), ""))
