"""Choices as scenarios (stap 2): spread an actieplan over later years, lower its envelope, or
postpone it past the plan. Each scenario shows its effect on every year before anyone decides;
applying it writes the envelopes it computed, with the scenario as the history's reason.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import changes
from drafting import access, envelopes
from drafting.envelopes import ZERO, Check, Envelopes
from drafting.models import (
    ChangeKind,
    Draft,
    Proposal,
    ProposalKind,
    Scenario,
    ScenarioChange,
    ScenarioState,
    Standing,
)
from drafting.steps import check_drafting

NOT_OPEN = _("Dit scenario is al %(state)s. Maak een nieuw scenario voor een andere keuze.")
NAME_MISSING = _("Geef het scenario een naam, bv. Zwembad later.")
SPREAD_YEARS = _(
    "Spreiden vraagt een eerste en een laatste jaar binnen %(period)s, het laatste niet vóór het eerste."
)
LOWER_PERCENT = _("Verlagen vraagt een percentage van 1 tot 100.")
NOT_RETAINED = _("%(proposal)s is geen weerhouden actieplan: een scenario werkt met weerhouden actieplannen.")
KIND_UNKNOWN = _("Kies spreiden, verlagen of uitstellen.")


def _check_open(scenario: Scenario) -> None:
    check_drafting(scenario.draft)
    if scenario.state != ScenarioState.OPEN:
        raise ValidationError(NOT_OPEN % {"state": scenario.get_state_display()}, code="not_open")


def _check_cel(by) -> None:
    if by is not None and not access.may_draft(by):
        raise PermissionDenied(access.ONLY_CEL)


def start(draft: Draft, *, name: str, note: str = "", by: AbstractBaseUser | None) -> Scenario:
    check_drafting(draft)
    _check_cel(by)
    if not name.strip():
        raise ValidationError({"name": ValidationError(NAME_MISSING, code="name_missing")})
    return changes.save(
        Scenario(draft=draft, name=name.strip(), note=note, created_by=by),
        by=by,
        reason=str(_("scenario opgesteld")),
    )


def add_change(
    scenario: Scenario,
    proposal: Proposal,
    kind: str,
    *,
    by: AbstractBaseUser | None,
    first_year: int | None = None,
    last_year: int | None = None,
    percent: int | None = None,
) -> ScenarioChange:
    _check_open(scenario)
    _check_cel(by)
    draft = scenario.draft
    proposal = Proposal.objects.get(pk=proposal.pk)  # as it stands now
    if (
        proposal.draft_id != draft.pk
        or proposal.kind != ProposalKind.ACTION_PLAN
        or proposal.standing != Standing.RETAINED
    ):
        raise ValidationError(NOT_RETAINED % {"proposal": proposal}, code="not_retained")
    if kind not in ChangeKind.values:
        raise ValidationError({"kind": ValidationError(KIND_UNKNOWN, code="kind_unknown")})
    change = ScenarioChange(scenario=scenario, proposal=proposal, kind=kind)
    if kind == ChangeKind.SPREAD:
        if not (first_year and last_year and draft.start_year <= first_year <= last_year <= draft.end_year):
            raise ValidationError(SPREAD_YEARS % {"period": draft.period}, code="spread_years")
        change.first_year, change.last_year = first_year, last_year
    elif kind == ChangeKind.LOWER:
        if not (percent and 1 <= percent <= 100):
            raise ValidationError({"percent": ValidationError(LOWER_PERCENT, code="percent")})
        change.percent = percent
    return changes.save(
        change, by=by, reason=str(_("keuze toegevoegd aan %(scenario)s") % {"scenario": scenario})
    )


def _spread(total: Decimal, years: list[int]) -> dict[int, Decimal]:
    share = (total / len(years)).to_integral_value(rounding="ROUND_FLOOR")
    spread = {year: share for year in years}
    spread[years[-1]] += total - share * len(years)  # the rest in the last year: the sum stays
    return spread


def changed_envelopes(
    per_year: Mapping[int, tuple[Decimal, Decimal]], change: ScenarioChange
) -> dict[int, tuple[Decimal, Decimal]]:
    """One actieplan's envelopes after one change."""
    if change.kind == ChangeKind.POSTPONE:
        return {}
    if change.kind == ChangeKind.LOWER:
        keep = Decimal(100 - change.percent) / 100
        return {
            year: (
                (op * keep).quantize(Decimal(1), ROUND_HALF_UP),
                (inv * keep).quantize(Decimal(1), ROUND_HALF_UP),
            )
            for year, (op, inv) in per_year.items()
        }
    years = list(range(change.first_year, change.last_year + 1))
    operating = _spread(sum((op for op, _inv in per_year.values()), ZERO), years)
    investment = _spread(sum((inv for _op, inv in per_year.values()), ZERO), years)
    return {year: (operating[year], investment[year]) for year in years}


@dataclass
class Effect:
    scenario: Scenario
    before: Check
    after: Check
    envelopes: Envelopes  # the retained actieplannen's envelopes as the scenario makes them
    postponed: Decimal  # what leaves the plan's period

    def rows(self):
        """(year, before, after) per year of the plan."""
        return list(zip(self.before.years, self.after.years, strict=True))


def effect(scenario: Scenario) -> Effect:
    draft = scenario.draft
    stored = envelopes.retained_envelopes(draft)
    after = {pk: dict(per_year) for pk, per_year in stored.items()}
    postponed = ZERO
    for change in scenario.changes.order_by("pk"):
        current = after.get(change.proposal_id, {})
        if change.kind == ChangeKind.POSTPONE:
            postponed += sum((op + inv for op, inv in current.values()), ZERO)
        after[change.proposal_id] = changed_envelopes(current, change)
    return Effect(scenario, envelopes.check(draft, stored), envelopes.check(draft, after), after, postponed)


@transaction.atomic
def apply(scenario: Scenario, *, by: AbstractBaseUser | None) -> Scenario:
    """Decide for the scenario: write the envelopes it computed, every year of every changed actieplan."""
    _check_open(scenario)
    _check_cel(by)
    result = effect(scenario)
    reason = str(_("scenario “%(scenario)s” toegepast") % {"scenario": scenario})
    draft = scenario.draft
    changed = {change.proposal_id for change in scenario.changes.all()}
    proposals = {p.pk: p for p in Proposal.objects.filter(pk__in=changed)}
    for pk in sorted(changed):
        per_year = result.envelopes.get(pk, {})
        for year in draft.years:
            operating, investment = per_year.get(year, (ZERO, ZERO))
            envelopes.set_envelope(
                proposals[pk], year, operating=operating, investment=investment, by=by, reason=reason
            )
    scenario.state = ScenarioState.APPLIED
    return changes.save(scenario, by=by, reason=reason)


def drop(scenario: Scenario, *, by: AbstractBaseUser | None) -> Scenario:
    _check_open(scenario)
    _check_cel(by)
    scenario.state = ScenarioState.DROPPED
    return changes.save(scenario, by=by, reason=str(_("scenario verworpen")))
