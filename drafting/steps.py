"""The decision steps of a draft, as data: each step a meeting, its agenda, and the decisions.

A proposal goes through the steps of its subject in order (seed 004: voorzet Strategie & Beleid →
aftoetsen managementteam → … → definitief afkloppen op het college). At each step the meeting
decides akkoord, aangepast (both: on to the next step; after the last one it is weerhouden),
uitgesteld (it stays on this step's agenda) or niet akkoord (niet weerhouden, kept with its trail).
A proposal never skips a step. A refusal raises ValidationError or PermissionDenied and changes
nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import changes
from drafting import access
from drafting.models import (
    Decider,
    Decision,
    Draft,
    Outcome,
    Proposal,
    ProposalKind,
    Standing,
    Step,
    Subject,
)

DEFAULT_STEPS: dict[str, list[tuple[str, str]]] = {
    Subject.ACTION_PLANS: [
        ("Voorzet Strategie & Beleid", Decider.CEL),
        ("Aftoetsen managementteam", Decider.MANAGEMENT_TEAM),
        ("Bespreking conclaaf", Decider.CEL),
        ("Verwerken input conclaaf met managers", Decider.CEL),
        ("Feedback clusters", Decider.CEL),
        ("Definitief afkloppen op het college (CBS)", Decider.CEL),
    ],
    Subject.GOALS: [
        ("Voorstel Strategie & Beleid", Decider.CEL),
        ("Aftoetsen managementteam", Decider.MANAGEMENT_TEAM),
        ("Aftoetsen clusters", Decider.CEL),
        ("Beslissen op het college (CBS)", Decider.CEL),
    ],
}
SUBJECT_OF_KIND = {ProposalKind.ACTION_PLAN: Subject.ACTION_PLANS, ProposalKind.GOAL: Subject.GOALS}

ADOPTED = _("Dit ontwerp is al vastgesteld door de raad. Wijzig het plan nu met wijzigingsvoorstellen.")
NO_STEPS = _("Dit ontwerp heeft geen stappen voor %(subject)s. Voeg eerst een stap toe.")
OUT_OF_ORDER = _(
    "%(proposal)s staat op de agenda van “%(current)s”, niet van “%(step)s”. Een voorstel slaat geen "
    "stap over: beslis het eerst in “%(current)s”."
)
ALREADY_DONE = _("%(proposal)s is al %(standing)s: er valt niets meer over te beslissen.")
AMENDED_WITHOUT_REMARK = _("Zeg in de opmerking wat er aangepast werd.")
OUTCOME_UNKNOWN = _("Kies akkoord, niet akkoord, aangepast of uitgesteld.")
NOT_YOUR_STEP = _("De beslissingen van “%(step)s” noteert %(decider)s.")
GOALS_TOO_EARLY = _(
    "Doelstellingen worden voorgesteld vanuit de weerhouden actieplannen (stap 3). Er is nog geen "
    "actieplan weerhouden: beslis eerst over de actieplannen."
)
STEP_REMOVED = _("Deze stap werd geschrapt. Kies een stap van het huidige verloop.")
STEP_IN_USE = _("In “%(step)s” %(why)s: de stap blijft in het spoor. Hernoem ze als de naam niet meer klopt.")
DECIDED_THERE = _("werd al beslist")
ON_ITS_AGENDA = _("staan nog voorstellen op de agenda")
STEP_BEFORE_DECIDED = _(
    "Voeg een nieuwe stap toe na “%(step)s”: tot daar werd al beslist of wachten voorstellen, en geen "
    "voorstel mag een stap overslaan."
)
STEP_NAME_MISSING = _("Geef de stap een naam, bv. Aftoetsen managementteam.")


def check_drafting(draft: Draft) -> None:
    if draft.is_adopted:
        raise ValidationError(ADOPTED, code="adopted")


def steps_of(draft: Draft, subject: str) -> QuerySet[Step]:
    """The current steps of one subject, in order (a removed step stays only in the trail)."""
    return Step.objects.filter(draft=draft, subject=subject, removed=False).order_by("position")


def add_default_steps(draft: Draft, *, by: AbstractBaseUser | None) -> list[Step]:
    steps = [
        Step(draft=draft, subject=subject, position=position, name=name, decider=decider)
        for subject, named in DEFAULT_STEPS.items()
        for position, (name, decider) in enumerate(named, start=1)
    ]
    return changes.create_many(steps, by=by, reason=str(_("stappen van seed 004 (standaard)")))


def first_step(draft: Draft, subject: str) -> Step:
    step = steps_of(draft, subject).first()
    if step is None:
        raise ValidationError(NO_STEPS % {"subject": Subject(subject).label}, code="no_steps")
    return step


def next_step(step: Step) -> Step | None:
    return steps_of(step.draft, step.subject).filter(position__gt=step.position).first()


def agenda(step: Step) -> QuerySet[Proposal]:
    """The proposals still to decide at this meeting."""
    return Proposal.objects.filter(step=step, standing=Standing.UNDER_WAY).order_by("position", "pk")


@transaction.atomic
def propose(
    draft: Draft,
    *,
    kind: str,
    by: AbstractBaseUser | None,
    ambitions: Iterable = (),
    reason: str = "",
    **fields,
) -> Proposal:
    """A new actieplan or goal proposal, on the agenda of its subject's first step."""
    check_drafting(draft)
    if by is not None and not access.may_draft(by):
        raise PermissionDenied(access.ONLY_CEL)
    if (
        kind == ProposalKind.GOAL
        and not Proposal.objects.filter(
            draft=draft, kind=ProposalKind.ACTION_PLAN, standing=Standing.RETAINED
        ).exists()
    ):
        raise ValidationError(GOALS_TOO_EARLY, code="goals_too_early")
    last = Proposal.objects.filter(draft=draft, kind=kind).aggregate(last=Max("position"))["last"] or 0
    proposal = Proposal(
        draft=draft,
        kind=kind,
        step=first_step(draft, SUBJECT_OF_KIND[kind]),
        position=last + 1,
        created_by=by,
        **fields,
    )
    return changes.save(
        proposal, by=by, reason=reason or str(_("voorgesteld")), links={"ambitions": list(ambitions)}
    )


@dataclass(frozen=True)
class Decided:
    proposal: Proposal
    decision: Decision


def _check_decision(proposal: Proposal, step: Step, outcome: str, remark: str, by) -> None:
    check_drafting(proposal.draft)
    if outcome not in Outcome.values:
        raise ValidationError(OUTCOME_UNKNOWN, code="outcome_unknown")
    if by is not None and not access.may_decide(by, step):
        raise PermissionDenied(NOT_YOUR_STEP % {"step": step.name, "decider": step.get_decider_display()})
    if proposal.standing != Standing.UNDER_WAY:
        raise ValidationError(
            ALREADY_DONE % {"proposal": proposal, "standing": proposal.get_standing_display()}, code="done"
        )
    if proposal.step_id != step.pk:
        current = proposal.step.name if proposal.step_id else "—"
        raise ValidationError(
            OUT_OF_ORDER % {"proposal": proposal, "current": current, "step": step.name}, code="out_of_order"
        )
    if outcome == Outcome.AMENDED and not remark.strip():
        raise ValidationError(
            {"remark": ValidationError(AMENDED_WITHOUT_REMARK, code="amended_without_remark")}
        )


@transaction.atomic
def decide(
    proposal: Proposal,
    step: Step,
    outcome: str,
    *,
    by: AbstractBaseUser | None,
    remark: str = "",
    version: int | None = None,
) -> Decided:
    """Record what ``step``'s meeting decided on ``proposal``; ``version`` is the copy the decider saw."""
    current = changes.locked(proposal)
    if version is not None:
        changes.check_unchanged(current, version)
    _check_decision(current, step, outcome, remark, by)
    reason = str(_("%(step)s: %(outcome)s") % {"step": step.name, "outcome": Outcome(outcome).label})
    decision = changes.save(
        Decision(proposal=current, step=step, outcome=outcome, remark=remark.strip(), decided_by=by),
        by=by,
        reason=reason,
    )
    if outcome == Outcome.REFUSED:
        current.standing = Standing.NOT_RETAINED
    elif outcome in (Outcome.AGREED, Outcome.AMENDED):
        following = next_step(step)
        current.step = following
        if following is None:
            current.standing = Standing.RETAINED
    if outcome != Outcome.POSTPONED:
        changes.save(current, by=by, reason=reason)
    return Decided(current, decision)


def trail(proposal: Proposal) -> QuerySet[Decision]:
    return proposal.decisions.select_related("step", "decided_by").order_by("decided_at", "pk")


# The steps themselves: rename, add, remove, date.


@transaction.atomic
def add_step(
    draft: Draft, subject: str, *, name: str, decider: str, after: Step | None, by: AbstractBaseUser | None
) -> Step:
    """A new step after ``after`` (None: first), never before a step someone was decided in."""
    check_drafting(draft)
    if not name.strip():
        raise ValidationError({"name": ValidationError(STEP_NAME_MISSING, code="name_missing")})
    position = after.position + 1 if after else 1
    last_used = (  # a proposal decided in or waiting on a step must not find a new step behind it
        Step.objects.filter(draft=draft, subject=subject)
        .filter(Q(decisions__isnull=False) | Q(proposals__standing=Standing.UNDER_WAY))
        .order_by("-position")
        .first()
    )
    if last_used is not None and position <= last_used.position:
        raise ValidationError(STEP_BEFORE_DECIDED % {"step": last_used.name}, code="before_decided")
    reason = str(_("stap toegevoegd"))
    later = list(
        Step.objects.filter(draft=draft, subject=subject, position__gte=position).order_by("-position")
    )
    for step in later:  # from the last, so no two steps share a place on the way
        step.position += 1
        changes.save(step, by=by, reason=reason)
    step = Step(draft=draft, subject=subject, position=position, name=name.strip(), decider=decider)
    return changes.save(step, by=by, reason=reason)


@transaction.atomic
def remove_step(step: Step, *, by: AbstractBaseUser | None) -> Step:
    """Take a step out of the course; refused once anything was decided in it or waits on it."""
    check_drafting(step.draft)
    why = None
    if step.decisions.exists():
        why = DECIDED_THERE
    elif agenda(step).exists():
        why = ON_ITS_AGENDA
    if why:
        raise ValidationError(STEP_IN_USE % {"step": step.name, "why": why}, code="step_in_use")
    step.removed = True
    return changes.save(step, by=by, reason=str(_("stap geschrapt")))


def rename_step(
    step: Step, *, name: str, meeting_date, decider: str, by: AbstractBaseUser | None, version: int | None
) -> Step:
    check_drafting(step.draft)
    if not name.strip():
        raise ValidationError({"name": ValidationError(STEP_NAME_MISSING, code="name_missing")})
    values = {"name": name.strip(), "meeting_date": meeting_date, "decider": decider}
    return changes.update(step, values, by=by, reason=str(_("stap aangepast")), version=version).record
