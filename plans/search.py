"""Search in one plan: goals, action plans, actions, projects and indicators, by number, by words in
their title or toelichting (an indicator's name or omschrijving), and by verantwoordelijke (a
project's projectleider). Struck and merged items are
found too, and say so.

- A number finds its item first, then the numbers under it: ``120`` finds actieplan 120 and
  actions 120.2, 120.10…; ``SD1`` finds "SD 1" (numbers compare in their normal form).
- Words: on PostgreSQL, full-text search with the Dutch configuration (``woningen`` finds
  ``woning``; a word also finds the words it begins), served by GIN indexes; SQLite, the embedded
  default, gets a plain fallback: each word as a piece of text (``hulp`` finds ``zelfhulp``).
- Hits come in natural order (10.2 before 10.10), at most ``MAX_HITS`` per kind, with the total.
- One query per kind, whatever the size of the plan.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.numbering import natural_sort_key
from plans.models import Action, ActionPlan, Goal, LifeCycle, Plan, PlanItem, Project
from plans.owners import ACTION_OWNER_FIELDS, OWNER_FIELDS

MAX_HITS = 50
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
SEARCH_CONFIG = "dutch"
EXCERPT_BEFORE = 60
EXCERPT_LENGTH = 220

_LETTERS = re.compile(r"[^\W\d_]{3,}")  # words of letters only: safe in a raw tsquery

# A marked piece of text: (text, is it a match). Templates wrap the matches in <mark>, escaped.
Segment = tuple[str, bool]


@dataclass(frozen=True)
class Kind:
    """How one kind of item is searched and shown."""

    key: str
    label: str
    number_field: str | None
    title_field: str
    text_field: str
    responsible_field: str | None
    order: tuple

    def count_label(self, count: int) -> str:
        return COUNT_LABELS[self.key](count) % {"count": count}


GOAL = Kind("doelstelling", _("Doelstellingen"), "number", "title", "description", None, ("sort_key",))
ACTION_PLAN = Kind(
    "actieplan", _("Actieplannen"), "number", "title", "explanation", "responsible", ("sort_key",)
)
ACTION = Kind(
    "actie",
    _("Acties"),
    "number",
    "title",
    "explanation",
    "responsible",
    ("action_plan__sort_key", "sort_key"),
)
PROJECT = Kind("project", _("Projecten"), None, "name", "explanation", "project_leader", (Lower("name"),))
INDICATOR = Kind("indicator", _("Indicatoren"), None, "name", "description", None, (Lower("name"),))
KINDS = (GOAL, ACTION_PLAN, ACTION, PROJECT, INDICATOR)

COUNT_LABELS = {
    "doelstelling": lambda n: ngettext("%(count)d doelstelling", "%(count)d doelstellingen", n),
    "actieplan": lambda n: ngettext("%(count)d actieplan", "%(count)d actieplannen", n),
    "actie": lambda n: ngettext("%(count)d actie", "%(count)d acties", n),
    "project": lambda n: ngettext("%(count)d project", "%(count)d projecten", n),
    "indicator": lambda n: ngettext("%(count)d indicator", "%(count)d indicatoren", n),
}


@dataclass
class Hit:
    """One item found, with its fields cut into marked segments."""

    item: Goal | PlanItem
    number: list[Segment]
    title: list[Segment]
    responsible: list[Segment]
    excerpt: list[Segment]
    life_cycle: str = ""


@dataclass
class Group:
    kind: Kind
    hits: list[Hit] = field(default_factory=list)
    total: int = 0

    @property
    def capped(self) -> bool:
        return self.total > len(self.hits)

    @property
    def count_label(self) -> str:
        return self.kind.count_label(self.total)


@dataclass
class Results:
    query: str
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def clean_query(query: str) -> str:
    """The query as searched: single spaces, at most ``MAX_QUERY_LENGTH`` characters."""
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def search(plan: Plan, query: str, *, limit: int = MAX_HITS) -> Results:
    """The items of ``plan`` that match ``query``, grouped by kind (only kinds with hits), each
    group in natural order with an exact number first. One query per kind."""
    query = clean_query(query)
    words = query.split()[:MAX_WORDS]
    if not words:
        return Results(query, [])
    groups = []
    for kind in KINDS:
        rows = list(_matching(kind, plan, query, words)[:limit])
        if rows:
            hits = [_hit(kind, row, words) for row in rows]
            groups.append(Group(kind, hits, total=rows[0].search_total))
    return Results(query, groups)


def _base(kind: Kind, plan: Plan) -> QuerySet:
    if kind is GOAL:
        return Goal.objects.filter(plan=plan)
    if kind is INDICATOR:
        # Defined in the indicators app, which builds on plans: named here, not imported.
        return (
            apps.get_model("indicators", "Indicator").objects.filter(plan=plan).select_related(*OWNER_FIELDS)
        )
    if kind is ACTION:
        return Action.objects.in_plan(plan).select_related("merged_into", *ACTION_OWNER_FIELDS)
    return (
        {ACTION_PLAN: ActionPlan, PROJECT: Project}[kind].objects.in_plan(plan).select_related(*OWNER_FIELDS)
    )


def _matching(kind: Kind, plan: Plan, query: str, words: list[str]) -> QuerySet:
    queryset = _base(kind, plan)
    fields = [name for name in (kind.title_field, kind.text_field, kind.responsible_field) if name]
    if connection.vendor == "postgresql":
        queryset = with_search_vector(queryset, fields)
        condition = Q(search_vector=_full_text_query(query))
    else:
        condition = _every_word(fields, words)
    first = Value(1)
    if kind.number_field:
        key = natural_sort_key(query)
        condition |= Q(sort_key=key) | Q(sort_key__startswith=f"{key}.")
        first = Case(When(sort_key=key, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        queryset.filter(condition)
        .annotate(search_total=Window(Count("pk")))
        .order_by(first, *kind.order, "pk")
    )


def with_search_vector(queryset: QuerySet, fields: list[str]) -> QuerySet:
    """PostgreSQL: the item's words in the Dutch configuration, as the GIN indexes of migration 0010
    hold them (the same expression, so the index serves the match)."""
    return queryset.alias(search_vector=SearchVector(*fields, config=SEARCH_CONFIG))


def _full_text_query(query: str) -> SearchQuery:
    """PostgreSQL: the query as typed, in Dutch word forms (quotes, ``or`` and ``-woord`` work as
    in a search engine), or its words as the beginnings of words (``onthaal`` finds
    ``onthaalbalie``). The beginnings are not stemmed: a stem is no beginning of a longer word."""
    typed = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    prefixes = _LETTERS.findall(query)[:MAX_WORDS]
    if not prefixes:
        return typed
    raw = " & ".join(f"{word}:*" for word in prefixes)
    return typed | SearchQuery(raw, config="simple", search_type="raw")


def _every_word(fields: list[str], words: list[str]) -> Q:
    """The plain search every database can do: each word somewhere in the item's text."""
    condition = Q()
    for word in words:
        condition &= Q.create([(f"{name}__icontains", word) for name in fields], connector=Q.OR)
    return condition


def _hit(kind: Kind, item, words: list[str]) -> Hit:
    pattern = _pattern(words)
    text = getattr(item, kind.text_field)
    title = mark(getattr(item, kind.title_field), pattern)
    number = mark(getattr(item, kind.number_field), pattern) if kind.number_field else []
    responsible = mark(getattr(item, kind.responsible_field), pattern) if kind.responsible_field else []
    excerpt = _excerpt(text, pattern)
    if not excerpt and not any(marked for _text, marked in [*title, *number, *responsible]):
        excerpt = [(_shorten(text), False)] if text else []  # found by a Dutch word form: show the start
    return Hit(item, number, title, responsible, excerpt, life_cycle=_life_cycle(item))


def _life_cycle(item) -> str:
    state = getattr(item, "life_cycle", LifeCycle.ACTIVE)
    if state == LifeCycle.MERGED and item.merged_into_id:
        return _("gebundeld in %(number)s") % {"number": item.merged_into.number}
    return "" if state == LifeCycle.ACTIVE else str(LifeCycle(state).label)


_SUFFIXES = ("en", "'s", "s", "e")


def _stem(word: str) -> str:
    """A rough Dutch stem, only to mark the words full-text search found: woningen → woning."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _pattern(words: list[str]) -> re.Pattern:
    """Whole words that contain a searched word, or start with its stem."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        parts.append(rf"\w*{re.escape(word)}\w*")
        if (stem := _stem(word.casefold())) != word.casefold():
            parts.append(rf"\b{re.escape(stem)}\w*")
    return re.compile("|".join(parts), re.IGNORECASE)


def mark(text: str, pattern: re.Pattern) -> list[Segment]:
    """``text`` cut into segments, the matches of ``pattern`` marked."""
    segments: list[Segment] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() == match.end():
            continue
        if match.start() > position:
            segments.append((text[position : match.start()], False))
        segments.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        segments.append((text[position:], False))
    return segments


def _excerpt(text: str, pattern: re.Pattern) -> list[Segment]:
    """The part of a long text around its first match, marked; nothing when it does not match."""
    match = pattern.search(text)
    if not match:
        return []
    start = max(0, match.start() - EXCERPT_BEFORE)
    if start:
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else start
    end = start + EXCERPT_LENGTH
    piece = text[start:end]
    segments = mark(piece, pattern)
    if start:
        segments.insert(0, ("…", False))
    if end < len(text):
        segments.append(("…", False))
    return segments


def _shorten(text: str) -> str:
    return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH].rstrip() + "…"
