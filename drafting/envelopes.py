"""The reality check (stap 2): each retained actieplan's envelope per year against the room.

Finance enters per year the beschikbare ruimte (what the envelopes may take while the budgettair
resultaat stays ≥ 0) and, where known, the autofinancieringsmarge before the envelopes (BBC 2020:
≥ 0 in the last year of the plan; exploitatie lowers it, investeringen do not). ``check`` sums the
envelopes per year and chapter and says in words which year goes over. Scenarios
(``drafting/scenarios.py``) pass their own envelopes to see the effect before anyone decides.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from core import changes
from drafting import access
from drafting.models import Chapter, Draft, DraftAmount, Envelope, Proposal, ProposalKind, Room, Standing
from drafting.steps import check_drafting
from plans.models import Direction
from plans.money import euro as _euro
from reporting.amounts_import import parse_amount

NOT_AN_AMOUNT = _("“%(value)s” is geen bedrag. Schrijf een bedrag in euro, bv. 250.000.")
NEGATIVE = _("Een enveloppe is nooit negatief (%(value)s). Schrijf 0 voor een jaar zonder middelen.")
NOT_WHOLE = _("Enveloppes zijn grootordes: schrijf een bedrag in hele euro, zonder cent (%(value)s).")
YEAR_OUTSIDE = _("Het jaar %(year)s valt buiten de planperiode (%(period)s). Kies een jaar van het plan.")
NOT_AN_ACTION_PLAN = _("Enkel een actieplan krijgt een enveloppe.")
NOT_RETAINED = _("%(proposal)s is niet weerhouden: het krijgt geen enveloppe meer.")
OVER_ROOM = _(
    "%(year)s gaat %(over)s over de beschikbare ruimte: de enveloppes vragen %(total)s, de ruimte is "
    "%(room)s."
)
NO_ROOM = _("Voor %(year)s is de beschikbare ruimte nog niet ingevuld.")
NEGATIVE_MARGIN = _(
    "De autofinancieringsmarge van %(year)s, het laatste jaar van het plan, wordt %(margin)s: ze moet "
    "minstens 0 zijn. Verlaag de exploitatie-enveloppes van dat jaar met %(short)s."
)
ZERO = Decimal(0)


def euro(amount: Decimal | None) -> str:
    """Envelopes and room are orders of magnitude: whole euros."""
    return _euro(amount, cents=False)


def parse_euro(value, *, negative_allowed: bool = False) -> Decimal:
    """An amount in whole euros as people write it (250.000 · € 1 250 000 · 1250000). ValueError with
    the Dutch reason."""
    text = str(value).strip()
    try:
        amount = parse_amount(text or "x")
    except ValueError:
        raise ValueError(NOT_AN_AMOUNT % {"value": text}) from None
    if amount < 0 and not negative_allowed:
        raise ValueError(NEGATIVE % {"value": text})
    if amount != amount.to_integral_value():
        raise ValueError(NOT_WHOLE % {"value": text})
    return amount.quantize(Decimal(1))


def _check_year(draft: Draft, year: int) -> None:
    if not draft.start_year <= year <= draft.end_year:
        raise ValidationError(YEAR_OUTSIDE % {"year": year, "period": draft.period}, code="year_outside")


@transaction.atomic
def set_envelope(
    proposal: Proposal,
    year: int,
    *,
    operating,
    investment,
    by: AbstractBaseUser | None,
    version: int | None = None,
    reason: str = "",
) -> Envelope:
    """Set an actieplan's envelope of one year (text as typed, or a number). ``version``: the copy of
    that year's envelope the editor saw (None when there was none)."""
    proposal = Proposal.objects.select_related("draft").get(pk=proposal.pk)  # as it stands now
    draft = proposal.draft
    check_drafting(draft)
    if by is not None and not access.may_draft(by):
        raise PermissionDenied(access.ONLY_CEL)
    if proposal.kind != ProposalKind.ACTION_PLAN:
        raise ValidationError(NOT_AN_ACTION_PLAN, code="not_an_action_plan")
    if proposal.standing == Standing.NOT_RETAINED:
        raise ValidationError(NOT_RETAINED % {"proposal": proposal}, code="not_retained")
    _check_year(draft, year)
    errors = {}
    values = {}
    for name, value in (("operating", operating), ("investment", investment)):
        try:
            values[name] = parse_euro(value)
        except ValueError as error:
            errors[name] = ValidationError(str(error), code="amount")
    if errors:
        raise ValidationError(errors)
    reason = reason or str(_("enveloppe %(year)s") % {"year": year})
    envelope = Envelope.objects.filter(proposal=proposal, year=year).first()
    if envelope is None:
        return changes.save(Envelope(proposal=proposal, year=year, **values), by=by, reason=reason)
    version = envelope.version if version is None else version  # None: a write that saw no copy (a scenario)
    return changes.update(envelope, values, by=by, reason=reason, version=version).record


@transaction.atomic
def set_room(
    draft: Draft,
    year: int,
    *,
    available,
    self_financing_margin,
    by: AbstractBaseUser | None,
    version: int | None = None,
) -> Room:
    """Finance's figures of one year; the autofinancieringsmarge may be left empty."""
    check_drafting(draft)
    if by is not None and not access.may_draft(by):
        raise PermissionDenied(access.ONLY_CEL)
    _check_year(draft, year)
    errors, values = {}, {}
    for name, value in (("available", available), ("self_financing_margin", self_financing_margin)):
        if name == "self_financing_margin" and (value is None or str(value).strip() == ""):
            values[name] = None
            continue
        try:
            values[name] = parse_euro(value, negative_allowed=True)
        except ValueError as error:
            errors[name] = ValidationError(str(error), code="amount")
    if errors:
        raise ValidationError(errors)
    reason = str(_("beschikbare ruimte %(year)s") % {"year": year})
    room = Room.objects.filter(draft=draft, year=year).first()
    if room is None:
        return changes.save(Room(draft=draft, year=year, **values), by=by, reason=reason)
    version = room.version if version is None else version
    return changes.update(room, values, by=by, reason=reason, version=version).record


# Envelopes as plain figures: {proposal id: {year: (exploitatie, investeringen)}}
Envelopes = Mapping[int, Mapping[int, tuple[Decimal, Decimal]]]


def retained_envelopes(draft: Draft) -> dict[int, dict[int, tuple[Decimal, Decimal]]]:
    """The envelopes of the retained actieplannen, in one query."""
    found: dict[int, dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    rows = Envelope.objects.filter(
        proposal__draft=draft, proposal__kind=ProposalKind.ACTION_PLAN, proposal__standing=Standing.RETAINED
    ).values_list("proposal_id", "year", "operating", "investment")
    for proposal_id, year, operating, investment in rows:
        found[proposal_id][year] = (operating, investment)
    return found


@dataclass
class Year:
    year: int
    by_chapter: dict[int | None, Decimal] = field(default_factory=dict)
    operating: Decimal = ZERO
    investment: Decimal = ZERO
    room: Decimal | None = None
    margin_before: Decimal | None = None  # autofinancieringsmarge before the envelopes

    @property
    def total(self) -> Decimal:
        return self.operating + self.investment

    @property
    def left(self) -> Decimal | None:
        return None if self.room is None else self.room - self.total

    @property
    def over(self) -> bool:
        return self.left is not None and self.left < 0

    @property
    def margin_after(self) -> Decimal | None:
        return None if self.margin_before is None else self.margin_before - self.operating


@dataclass
class Check:
    draft: Draft
    chapters: list[Chapter | None]  # None: the actieplannen without a chapter
    years: list[Year]
    warnings: list[str]

    @property
    def years_over(self) -> list[Year]:
        return [year for year in self.years if year.over]

    @property
    def total(self) -> Decimal:
        return sum((year.total for year in self.years), ZERO)


def check(draft: Draft, envelopes: Envelopes | None = None) -> Check:
    """Per year and chapter, the retained actieplannen's envelopes against the room (``envelopes``:
    a scenario's instead of the stored ones). Three queries whatever the size."""
    if envelopes is None:
        envelopes = retained_envelopes(draft)
    chapter_of = dict(
        Proposal.objects.filter(draft=draft, kind=ProposalKind.ACTION_PLAN).values_list("pk", "chapter_id")
    )
    years = {year: Year(year) for year in draft.years}
    for room in Room.objects.filter(draft=draft):
        if room.year in years:
            years[room.year].room = room.available
            years[room.year].margin_before = room.self_financing_margin
    used_chapters: set[int | None] = set()
    for proposal_id, per_year in envelopes.items():
        chapter_id = chapter_of.get(proposal_id)
        for year, (operating, investment) in per_year.items():
            if year not in years:
                continue
            row = years[year]
            row.operating += operating
            row.investment += investment
            row.by_chapter[chapter_id] = row.by_chapter.get(chapter_id, ZERO) + operating + investment
            used_chapters.add(chapter_id)
    chapters: list[Chapter | None] = list(Chapter.objects.filter(draft=draft).order_by("position", "pk"))
    if None in used_chapters:
        chapters.append(None)
    return Check(draft, chapters, list(years.values()), _warnings(draft, list(years.values())))


def _warnings(draft: Draft, years: list[Year]) -> list[str]:
    warnings = []
    for row in years:
        if row.room is None:
            if row.total:
                warnings.append(str(NO_ROOM % {"year": row.year}))
        elif row.over:
            warnings.append(
                str(
                    OVER_ROOM
                    % {
                        "year": row.year,
                        "over": euro(-row.left),
                        "total": euro(row.total),
                        "room": euro(row.room),
                    }
                )
            )
    last = years[-1] if years else None
    if last is not None and last.margin_after is not None and last.margin_after < 0:
        warnings.append(
            str(
                NEGATIVE_MARGIN
                % {"year": last.year, "margin": euro(last.margin_after), "short": euro(-last.margin_after)}
            )
        )
    return warnings


@dataclass(frozen=True)
class Detailed:
    """An actieplan's envelope (all years) against the ramingen of its acties and projecten."""

    proposal: Proposal
    envelope: Decimal
    estimates: Decimal

    @property
    def difference(self) -> Decimal:
        return self.estimates - self.envelope

    @property
    def named(self) -> str:
        if self.difference > 0:
            return str(_("%(amount)s boven de enveloppe") % {"amount": _euro(self.difference)})
        if self.difference < 0:
            return str(_("%(amount)s onder de enveloppe") % {"amount": _euro(-self.difference)})
        return str(_("gelijk aan de enveloppe"))


def detailed(draft: Draft) -> list[Detailed]:
    """Each retained actieplan's envelope against its ramingen (net: uitgaven minus ontvangsten), in
    three queries."""
    proposals = list(
        Proposal.objects.filter(
            draft=draft, kind=ProposalKind.ACTION_PLAN, standing=Standing.RETAINED
        ).order_by("position", "pk")
    )
    envelope = {
        row["proposal_id"]: (row["operating"] or ZERO) + (row["investment"] or ZERO)
        for row in Envelope.objects.filter(proposal__in=proposals)
        .values("proposal_id")
        .annotate(operating=Sum("operating"), investment=Sum("investment"))
        .order_by()
    }
    estimates: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = (
        DraftAmount.objects.filter(item__proposal__in=proposals, item__removed=False)
        .values("item__proposal_id", "direction")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        sign = 1 if row["direction"] == Direction.EXPENSE else -1
        estimates[row["item__proposal_id"]] += sign * row["total"]
    return [Detailed(p, envelope.get(p.pk, ZERO), estimates[p.pk]) for p in proposals]


# One row of the envelope page: {year: (exploitatie, investeringen, version seen)}, version 0 when the
# editor saw no envelope of that year.
RowEdits = Mapping[int, tuple[object, object, int | None]]
YEAR_PREFIX = _("%(year)s: %(message)s")


def _every_year(edits: Mapping[int, tuple], write) -> list:
    """``write(year, *values)`` for each year of ``edits``: all of them, or none, each refused year
    named in the one ValidationError (a Conflict of any year saves nothing either)."""
    saved, errors = [], []
    for year, values in sorted(edits.items()):
        try:
            with transaction.atomic():
                saved.append(write(year, *values))
        except ValidationError as error:
            errors += [str(YEAR_PREFIX % {"year": year, "message": message}) for message in error.messages]
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def set_envelopes(proposal: Proposal, edits: RowEdits, *, by: AbstractBaseUser | None) -> list[Envelope]:
    """An actieplan's envelopes of several years at once (the envelope page's row)."""
    return _every_year(
        edits,
        lambda year, operating, investment, version: set_envelope(
            proposal, year, operating=operating, investment=investment, by=by, version=version
        ),
    )


# The room form: {year: (beschikbare ruimte, autofinancieringsmarge, version seen)}.
RoomEdits = Mapping[int, tuple[object, object, int | None]]


@transaction.atomic
def set_rooms(draft: Draft, edits: RoomEdits, *, by: AbstractBaseUser | None) -> list[Room]:
    """Finance's figures of several years at once."""
    return _every_year(
        edits,
        lambda year, available, margin, version: set_room(
            draft, year, available=available, self_financing_margin=margin, by=by, version=version
        ),
    )
