"""The raad adopts the draft: it becomes the plan in force, and that is the plan's first version.

Adoption is refused while a proposal is still under way, while a retained actieplan has no goal, or
while the chosen numbering cannot be applied; the refusal lists what to do. Adopting writes the
plan, its goals, actieplannen, acties (with their ramingen) and projecten in one transaction, each
with the adoption as its history reason, and version 1 (``versions.PlanVersion``). An item carried
over from the previous plan (``drafting/carry_over.py``) keeps its link: ``continues``. The draft stays,
read-only, as the trail of how the plan was made.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from core import changes
from drafting import access, framework
from drafting.models import (
    Draft,
    DraftAmount,
    DraftItem,
    DraftState,
    Envelope,
    ItemKind,
    Proposal,
    ProposalKind,
    Standing,
)
from drafting.steps import check_drafting
from plans.models import Action, ActionPlan, Amount, AmountKind, Goal, Numbering, Plan, Project
from versions import adopting
from versions.models import PlanVersion

KEEP = "keep"  # the numbers the cel gave as they went
AUTOMATIC = "automatic"  # SD 1, OD 1.1; actieplan 1.1 under SD 1; actie 1.1.1
NUMBERINGS = {KEEP: _("de nummers van het ontwerp behouden"), AUTOMATIC: _("automatisch nummeren")}

UNDER_WAY = _("%(proposal)s is nog in behandeling (%(step)s). Beslis het eerst, of noteer niet akkoord.")
UNLINKED = _("%(proposal)s heeft geen doelstelling. Koppel het in het strategisch kader.")
NOTHING_RETAINED = _("Er is nog geen actieplan weerhouden: het ontwerp kan niet naar de raad.")
NUMBER_MISSING = _("%(item)s heeft geen nummer. Vul het in, of kies automatisch nummeren.")
NUMBER_TWICE = _(
    "Het nummer %(number)s komt twee keer voor (%(kind)s). Pas een van beide aan, of kies "
    "automatisch nummeren."
)
PROJECT_TWICE = _("Twee projecten heten “%(name)s”. Geef elk een eigen naam.")
SLUG_TAKEN = _("De korte naam “%(slug)s” is al in gebruik. Kies een andere.")
SLUG_MISSING = _("Geef het plan een korte naam voor zijn adressen, bv. turnhout-2020-2025.")
DATE_MISSING = _("Vul de datum van de raadsbeslissing in.")
NUMBERING_UNKNOWN = _("Kies: de nummers behouden of automatisch nummeren.")


def suggested_slug(draft: Draft) -> str:
    return slugify(f"{draft.organisation.name}-{draft.start_year}-{draft.end_year}")[:80]


@dataclass(frozen=True)
class Problem:
    """One thing in the way of adoption, in words, and where it is fixed: ``place`` is the draft's page
    (``proposals``, ``steps``, ``framework`` or ``detailing``) and ``proposal_id`` the actieplan or
    goal it is about, if one."""

    text: str
    place: str
    proposal_id: int | None = None


def problems(draft: Draft, numbering: str = AUTOMATIC) -> list[str]:
    """What stands between the draft and the raad, in words; empty when it may go."""
    return [problem.text for problem in located_problems(draft, numbering)]


def located_problems(draft: Draft, numbering: str = AUTOMATIC) -> list[Problem]:
    """``problems`` with, for each, the page where it is fixed."""
    found = []
    proposals = list(
        Proposal.objects.filter(draft=draft).select_related("step").order_by("kind", "position", "pk")
    )
    for proposal in proposals:
        if proposal.standing == Standing.UNDER_WAY:
            text = UNDER_WAY % {"proposal": proposal, "step": proposal.step.name if proposal.step else "—"}
            found.append(Problem(str(text), "steps", proposal.pk))
    if not any(p.kind == ProposalKind.ACTION_PLAN and p.standing == Standing.RETAINED for p in proposals):
        found.append(Problem(str(NOTHING_RETAINED), "proposals"))
    found += [
        Problem(str(UNLINKED % {"proposal": p}), "framework", p.pk)
        for p in framework.unlinked_action_plans(draft)
    ]
    items = list(_items(draft))
    names: dict[str, list[DraftItem]] = defaultdict(list)
    for item in items:
        if item.kind == ItemKind.PROJECT:
            names[item.title.strip().casefold()].append(item)
    found += [
        Problem(str(PROJECT_TWICE % {"name": name}), "detailing", same[0].proposal_id)
        for name, same in names.items()
        if len(same) > 1
    ]
    if numbering == KEEP:
        found += _numbering_problems([p for p in proposals if p.standing == Standing.RETAINED], items)
    return found


def _numbering_problems(retained: list[Proposal], items: list[DraftItem]) -> list[Problem]:
    found = []
    seen: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for proposal in retained:
        if not proposal.number:
            found.append(Problem(str(NUMBER_MISSING % {"item": proposal}), "proposals", proposal.pk))
        else:
            seen["proposals", proposal.get_kind_display(), proposal.number].append(proposal.pk)
    for item in items:
        if item.kind == ItemKind.ACTION:
            if not item.number:
                found.append(Problem(str(NUMBER_MISSING % {"item": item}), "detailing", item.proposal_id))
            else:
                kind = str(_("actie in actieplan %(ap)s") % {"ap": item.proposal_id})
                seen["detailing", kind, item.number].append(item.proposal_id)
    for (place, kind, number), where in seen.items():
        if len(where) > 1:
            found.append(Problem(str(NUMBER_TWICE % {"number": number, "kind": kind}), place, where[0]))
    return found


def _items(draft: Draft):
    return DraftItem.objects.filter(
        proposal__draft=draft,
        proposal__standing=Standing.RETAINED,
        proposal__kind=ProposalKind.ACTION_PLAN,
        removed=False,
    ).order_by("proposal__position", "proposal_id", "position", "pk")


@dataclass(frozen=True)
class Adopted:
    plan: Plan
    version: PlanVersion


@transaction.atomic
def adopt(
    draft: Draft,
    *,
    council_date: date | None,
    slug: str,
    numbering: str,
    by: AbstractBaseUser | None,
    version_name: str = "",
) -> Adopted:
    check_drafting(draft)
    if by is not None and not access.may_draft(by):
        raise PermissionDenied(access.ONLY_CEL)
    errors = {}
    if numbering not in NUMBERINGS:
        errors["numbering"] = ValidationError(NUMBERING_UNKNOWN, code="numbering")
    if council_date is None:
        errors["council_date"] = ValidationError(DATE_MISSING, code="date_missing")
    slug = slug.strip()
    if not slug:
        errors["slug"] = ValidationError(SLUG_MISSING, code="slug_missing")
    else:
        with scopes_disabled():
            if Plan.objects.filter(slug=slug).exists():
                errors["slug"] = ValidationError(SLUG_TAKEN % {"slug": slug}, code="slug_taken")
    if errors:
        raise ValidationError(errors)
    found = problems(draft, numbering)
    if found:
        raise ValidationError(found, code="not_ready")
    reason = str(_("vastgesteld door de raad op %(date)s") % {"date": council_date.strftime("%d/%m/%Y")})
    plan = changes.save(
        Plan(
            name=draft.name,
            organisation=draft.organisation,
            authority=draft.authority,
            start_year=draft.start_year,
            end_year=draft.end_year,
            slug=slug,
            numbering=Numbering.HIERARCHICAL if numbering == AUTOMATIC else Numbering.FREE,
        ),
        by=by,
        reason=reason,
    )
    _write_items(draft, plan, numbering, by=by, reason=reason)
    version = adopting.record(
        plan,
        name=version_name.strip() or f"MJP {draft.start_year}-{draft.end_year}",
        council_date=council_date,
        by=by,
        note=str(_("Vastgesteld uit het ontwerp “%(draft)s”.") % {"draft": draft.name}),
        reason=reason,
    )
    draft.state, draft.plan, draft.council_date = DraftState.ADOPTED, plan, council_date
    draft.numbering = plan.numbering
    changes.save(draft, by=by, reason=reason)
    return Adopted(plan, version)


def _goal_numbers(goals: list[Proposal], numbering: str) -> dict[int, str]:
    if numbering == KEEP:
        return {goal.pk: goal.number for goal in goals}
    ids = {goal.pk for goal in goals}
    children: dict[int | None, list[Proposal]] = defaultdict(list)
    for goal in goals:
        children[goal.goal_id if goal.goal_id in ids else None].append(goal)
    numbers: dict[int, str] = {}

    def walk(parent: int | None, prefix: str) -> None:
        for index, goal in enumerate(children[parent], start=1):
            digits = f"{prefix}.{index}" if prefix else str(index)
            numbers[goal.pk] = f"{'OD' if prefix else 'SD'} {digits}"
            walk(goal.pk, digits)

    walk(None, "")
    return numbers


def _digits(number: str) -> str:
    return number.split(" ")[-1]


def _write_items(draft: Draft, plan: Plan, numbering: str, *, by, reason: str) -> None:
    retained = (
        Proposal.objects.filter(draft=draft, standing=Standing.RETAINED)
        .select_related("political_contact", "department")
        .order_by("position", "pk")
    )
    goals = [p for p in retained if p.kind == ProposalKind.GOAL]
    action_plans = [p for p in retained if p.kind == ProposalKind.ACTION_PLAN]
    goal_numbers = _goal_numbers(goals, numbering)
    written_goals = changes.create_many(
        [
            Goal(
                plan=plan,
                number=goal_numbers[goal.pk],
                title=goal.title,
                description=goal.description,
                continues_id=goal.continues_goal_id,  # carried over: "vervolg van"
            )
            for goal in goals
        ],
        by=by,
        reason=reason,
    )
    goal_of = {goal.pk: written for goal, written in zip(goals, written_goals, strict=True)}
    items = list(_items(draft))
    items_of: dict[int, list[DraftItem]] = defaultdict(list)
    for item in items:
        items_of[item.proposal_id].append(item)
    budgets = {
        row["proposal_id"]: (row["operating"] or 0) + (row["investment"] or 0)
        for row in Envelope.objects.filter(proposal__in=action_plans)
        .values("proposal_id")
        .annotate(operating=Sum("operating"), investment=Sum("investment"))
        .order_by()
    }
    per_goal: dict[int, int] = defaultdict(int)
    numbers = {}
    for proposal in action_plans:
        if numbering == KEEP:
            numbers[proposal.pk] = proposal.number
        else:
            per_goal[proposal.goal_id] += 1
            numbers[proposal.pk] = f"{_digits(goal_numbers[proposal.goal_id])}.{per_goal[proposal.goal_id]}"
    written_plans = changes.create_many(
        [
            _action_plan(plan, p, numbers[p.pk], goal_of[p.goal_id], items_of[p.pk], budgets.get(p.pk))
            for p in action_plans
        ],
        by=by,
        reason=reason,
    )
    action_plan_of = {p.pk: written for p, written in zip(action_plans, written_plans, strict=True)}
    actions, projects = [], []
    for proposal in action_plans:
        count = 0
        for item in items_of[proposal.pk]:
            if item.kind == ItemKind.PROJECT:
                projects.append(item)
                continue
            count += 1
            number = item.number if numbering == KEEP else f"{numbers[proposal.pk]}.{count}"
            actions.append((item, number))
    written_actions = changes.create_many(
        [
            Action(
                action_plan=action_plan_of[item.proposal_id],
                number=number,
                title=item.title,
                start_year=item.start_year,
                end_year=item.end_year,
                policy_field=item.policy_field,
                continues_id=item.continues_action_id,
            )
            for item, number in actions
        ],
        by=by,
        reason=reason,
    )
    action_of = {item.pk: written for (item, _number), written in zip(actions, written_actions, strict=True)}
    sums: dict[tuple, Decimal] = defaultdict(Decimal)
    for row in DraftAmount.objects.filter(item_id__in=list(action_of)).values_list(
        "item_id", "year", "category", "direction", "amount"
    ):
        sums[row[:4]] += row[4]
    changes.create_many(
        [
            Amount(
                action=action_of[item_id],
                kind=AmountKind.ESTIMATE,
                year=year,
                category=category,
                direction=direction,
                amount=amount,
                source=str(_("ontwerp %(draft)s") % {"draft": draft.name})[:255],
            )
            for (item_id, year, category, direction), amount in sums.items()
        ],
        by=by,
        reason=reason,
    )
    changes.create_many(
        [Project(plan=plan, name=item.title[:200]) for item in projects],
        by=by,
        reason=reason,
        links=[{"action_plans": [action_plan_of[item.proposal_id]]} for item in projects],
    )


def _action_plan(
    plan: Plan, proposal: Proposal, number: str, goal: Goal, items: list[DraftItem], budget
) -> ActionPlan:
    years = [year for item in items for year in (item.start_year, item.end_year)]
    return ActionPlan(
        plan=plan,
        goal=goal,
        number=number,
        title=proposal.title,
        points_of_attention=proposal.points_of_attention,
        political_contact=proposal.political_contact.name if proposal.political_contact else "",
        partners=proposal.partners,
        department=proposal.department,
        budget=budget,
        start_year=min(years) if years else None,
        end_year=max(years) if years else None,
        continues_id=proposal.continues_action_plan_id,
    )


def plan_origin(user, plan: Plan) -> tuple[str, str] | None:
    """For the plan's overview (``plans.page_parts``): the link to the draft it was adopted from, for a
    user who may read drafts; one query."""
    if not access.may_read_all(user):
        return None
    draft_id = Draft.objects.filter(plan_id=plan.pk).values_list("pk", flat=True).first()
    if draft_id is None:
        return None
    return str(_("Hoe dit plan tot stand kwam")), reverse("drafting:draft", args=[draft_id])
