"""The strategic framework, drawn after the actieplannen (stap 3), and what the akkoord still lacks.

A retained actieplan is linked to a goal; a goal may sit under another goal (a strategische
doelstelling above its beleidsdoelstellingen). A link never makes a cycle. The ambitions of the
akkoord that no actieplan answers yet are the seed's "Vergetelheden?".
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import changes
from drafting import access
from drafting.models import Ambition, Chapter, Draft, Proposal, ProposalKind, Standing
from drafting.steps import check_drafting

NOT_A_GOAL = _("%(target)s is geen doelstelling. Koppel aan een doelstelling.")
OTHER_DRAFT = _("%(target)s hoort bij een ander ontwerp.")
GOAL_NOT_RETAINED = _("%(target)s is niet weerhouden. Koppel aan een doelstelling die nog meetelt.")
ACTION_PLAN_NOT_RETAINED = _(
    "%(proposal)s is nog niet weerhouden. Koppel enkel actieplannen die het college definitief weerhield."
)
CYCLE = _(
    "%(target)s valt zelf (onrechtstreeks) onder %(proposal)s: die koppeling maakt een kring. Kies een "
    "doelstelling hoger in het kader."
)
ONLY_GOALS_AND_ACTION_PLANS = _("Enkel actieplannen en doelstellingen worden gekoppeld.")


@transaction.atomic
def link(
    proposal: Proposal, goal: Proposal | None, *, by: AbstractBaseUser | None, version: int | None = None
) -> Proposal:
    """Put an actieplan under a goal, or a goal under another goal (None: loose again)."""
    check_drafting(proposal.draft)
    if by is not None and not access.may_draft(by):
        raise PermissionDenied(access.ONLY_CEL)
    current = changes.locked(proposal)
    if version is not None:
        changes.check_unchanged(current, version)
    if goal is not None:
        goal = Proposal.objects.get(pk=goal.pk)  # as it stands now
        _check_link(current, goal)
    current.goal = goal
    return changes.save(
        current, by=by, reason=str(_("gekoppeld aan een doelstelling") if goal else _("losgekoppeld"))
    )


def _check_link(proposal: Proposal, goal: Proposal) -> None:
    params = {"proposal": proposal, "target": goal}
    if goal.draft_id != proposal.draft_id:
        raise ValidationError(OTHER_DRAFT % params, code="other_draft")
    if goal.kind != ProposalKind.GOAL:
        raise ValidationError(NOT_A_GOAL % params, code="not_a_goal")
    if goal.standing == Standing.NOT_RETAINED:
        raise ValidationError(GOAL_NOT_RETAINED % params, code="goal_not_retained")
    if proposal.kind == ProposalKind.ACTION_PLAN and proposal.standing != Standing.RETAINED:
        raise ValidationError(ACTION_PLAN_NOT_RETAINED % params, code="action_plan_not_retained")
    if proposal.kind == ProposalKind.GOAL and proposal.pk in _ancestors(goal):
        raise ValidationError(CYCLE % params, code="cycle")


def _ancestors(goal: Proposal) -> set[int]:
    """The goal and every goal above it (one query for the whole draft)."""
    parents = dict(
        Proposal.objects.filter(draft_id=goal.draft_id, kind=ProposalKind.GOAL).values_list("pk", "goal_id")
    )
    seen: set[int] = set()
    at = goal.pk
    while at is not None and at not in seen:
        seen.add(at)
        at = parents.get(at)
    return seen


def unlinked_action_plans(draft: Draft) -> QuerySet[Proposal]:
    """Retained actieplannen without a goal that still counts: the draft cannot go to the raad."""
    return (
        Proposal.objects.filter(draft=draft, kind=ProposalKind.ACTION_PLAN, standing=Standing.RETAINED)
        .filter(Q(goal__isnull=True) | Q(goal__standing=Standing.NOT_RETAINED))
        .order_by("position", "pk")
    )


@dataclass(frozen=True)
class ChapterCoverage:
    chapter: Chapter
    ambitions: list[Ambition]  # each with .answers: the number of actieplannen that answer it

    @property
    def uncovered(self) -> list[Ambition]:
        return [ambition for ambition in self.ambitions if not ambition.answers]


def coverage(draft: Draft) -> list[ChapterCoverage]:
    """Per chapter of the akkoord its ambitions, each with how many actieplannen (in behandeling or
    weerhouden; not the niet weerhouden) answer it. Two queries whatever the size."""
    counting = Q(
        proposals__kind=ProposalKind.ACTION_PLAN,
        proposals__standing__in=[Standing.UNDER_WAY, Standing.RETAINED],
    )
    ambitions = (
        Ambition.objects.filter(chapter__draft=draft)
        .annotate(answers=Count("proposals", filter=counting, distinct=True))
        .order_by("chapter__position", "chapter_id", "position", "pk")
    )
    by_chapter: dict[int, list[Ambition]] = {}
    for ambition in ambitions:
        by_chapter.setdefault(ambition.chapter_id, []).append(ambition)
    return [
        ChapterCoverage(chapter, by_chapter.get(chapter.pk, []))
        for chapter in Chapter.objects.filter(draft=draft).order_by("position", "pk")
    ]


def uncovered_ambitions(draft: Draft) -> list[Ambition]:
    return [ambition for each in coverage(draft) for ambition in each.uncovered]
