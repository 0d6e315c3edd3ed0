"""The next legislature: a new draft that starts from the plan in force (issue 32, item 5).

The source is what the raad adopted, the snapshot of the version in force
(``versions.in_force.current``, ``versions.snapshots``), not the live edits made after it. The cel
picks which goals, actieplannen and acties carry over; a struck or merged item is not offered. Each
carried goal and actieplan becomes a proposal of the new draft, on the agenda of its subject's first
step like any new proposal, and each carried actie a ``DraftItem`` of its actieplan, its years
clipped to the new period (ramingen are not carried: they belong to the old period's years). Each
keeps the link to the item it continues (``Proposal.continues_goal`` / ``continues_action_plan``,
``DraftItem.continues_action``); adoption (``drafting/adoption.py``) writes it to the new plan's
``continues``. A refusal raises ValidationError or PermissionDenied and changes nothing.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core import changes
from drafting import access, drafts, steps
from drafting.models import Draft, DraftItem, ItemKind, Proposal, ProposalKind
from plans.models import Action, ActionPlan, Goal, LifeCycle, Plan
from versions import in_force
from versions.models import ItemKind as VersionKind
from versions.models import PlanVersion, VersionItem

NO_VERSION = _(
    "%(plan)s heeft geen versie in werking: er is niets vastgesteld om over te nemen. Leg eerst de "
    "startversie vast op de pagina Versies van het plan."
)
PERIOD_OVERLAPS = _(
    "De nieuwe periode (%(period)s) volgt niet op die van %(plan)s (%(old)s). Kies een startjaar na "
    "%(end)s, bv. %(next)s."
)
END_BEFORE_START = _("Het eindjaar (%(end)s) ligt vóór het startjaar (%(start)s). Pas een van beide aan.")
NOTHING_PICKED = _("Kies minstens één doelstelling, actieplan of actie om over te nemen.")
ACTION_WITHOUT_PLAN = _(
    "De actie %(action)s wordt enkel overgenomen met haar actieplan %(action_plan)s. Vink het actieplan "
    "ook aan, of laat de actie weg."
)
NOT_OFFERED = _(
    "%(item)s kan niet overgenomen worden: het staat niet (meer actief) in de versie in werking. "
    "Kies opnieuw uit de lijst."
)
CARRIED = _("overgenomen uit %(version)s van %(plan)s")
GONE = (LifeCycle.REMOVED, LifeCycle.MERGED)  # not offered (a goal's row has no life cycle: it stays)


def offered(version: PlanVersion, kind: str):
    """The version's rows of one kind that may carry over: not struck, not merged."""
    return VersionItem.objects.filter(version=version, kind=kind).exclude(life_cycle__in=GONE)


def source(plan: Plan) -> PlanVersion:
    """The version in force, whose snapshot is what carries over; refused when the plan has none."""
    version = in_force.current(plan)
    if version is None:
        raise ValidationError(NO_VERSION, code="no_version", params={"plan": plan.name})
    return version


def check_period(plan: Plan, start_year: int, end_year: int) -> None:
    """The new period follows the plan's: it starts after the plan's last year."""
    if end_year < start_year:
        raise ValidationError(
            {"end_year": ValidationError(END_BEFORE_START % {"start": start_year, "end": end_year})},
            code="end_before_start",
        )
    if start_year <= plan.end_year:
        params = {
            "period": f"{start_year}–{end_year}",
            "plan": plan.name,
            "old": f"{plan.start_year}–{plan.end_year}",
            "end": plan.end_year,
            "next": plan.end_year + 1,
        }
        raise ValidationError({"start_year": ValidationError(PERIOD_OVERLAPS % params, code="overlaps")})


def clip(start: int | None, end: int | None, first: int, last: int) -> tuple[int, int]:
    """An actie's years within the new period; an actie that ended before it runs the whole period."""
    start, end = max(start or first, first), min(end or last, last)
    return (first, last) if end < start or start > last else (start, end)


# What is offered: the active goals, actieplannen and acties of the version, read from its rows.


@dataclass
class OfferedActionPlan:
    item: VersionItem
    actions: list[VersionItem] = field(default_factory=list)


@dataclass
class OfferedGoal:
    item: VersionItem | None  # None: the actieplannen that hang under no goal
    action_plans: list[OfferedActionPlan] = field(default_factory=list)

    @property
    def key(self) -> int:
        return self.item.item_id if self.item else 0


def _rows(version: PlanVersion, kind: str, **filters) -> list[VersionItem]:
    return list(
        offered(version, kind)
        .filter(**filters)
        .only("kind", "item_id", "parent_id", "sort_key", "number", "title", "data", "life_cycle")
        .order_by("sort_key", "item_id")
    )


def goals(version: PlanVersion) -> list[VersionItem]:
    """The active goals of the version, in plan order (one query)."""
    return _rows(version, VersionKind.GOAL)


def counts(version: PlanVersion) -> dict[int, int]:
    """Per goal's live id (0: no goal), how many active actieplannen it holds (one query)."""
    found: dict[int, int] = defaultdict(int)
    for parent in offered(version, VersionKind.ACTION_PLAN).values_list("parent_id", flat=True):
        found[parent or 0] += 1
    return dict(found)


def offered_goal(version: PlanVersion, goal_id: int) -> OfferedGoal | None:
    """One goal (0: no goal) with its active actieplannen and their active acties: three queries."""
    goal = None
    if goal_id:
        goal = next(iter(_rows(version, VersionKind.GOAL, item_id=goal_id)), None)
        if goal is None:
            return None
    action_plans = _rows(version, VersionKind.ACTION_PLAN, parent_id=goal_id or None)
    actions: dict[int, list[VersionItem]] = defaultdict(list)
    for action in _rows(version, VersionKind.ACTION, parent_id__in=[ap.item_id for ap in action_plans]):
        actions[action.parent_id].append(action)
    return OfferedGoal(goal, [OfferedActionPlan(ap, actions[ap.item_id]) for ap in action_plans])


def all_of_goal(version: PlanVersion, goal_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """The active actieplannen and acties under these goals (0: under no goal): what a picked goal
    brings pre-ticked. Two queries."""
    ids = set(goal_ids)
    parents = [gid for gid in ids if gid]
    action_plans = set(
        offered(version, VersionKind.ACTION_PLAN)
        .filter(parent_id__in=parents)
        .values_list("item_id", flat=True)
    )
    if 0 in ids:
        action_plans |= set(
            offered(version, VersionKind.ACTION_PLAN).filter(parent_id=None).values_list("item_id", flat=True)
        )
    actions = set(
        offered(version, VersionKind.ACTION)
        .filter(parent_id__in=action_plans)
        .values_list("item_id", flat=True)
    )
    return action_plans, actions


@dataclass
class Selection:
    """The live ids of what the cel picked."""

    goals: set[int] = field(default_factory=set)
    action_plans: set[int] = field(default_factory=set)
    actions: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.goals or self.action_plans or self.actions)

    def as_data(self) -> dict[str, list[int]]:
        return {
            "goals": sorted(self.goals),
            "action_plans": sorted(self.action_plans),
            "actions": sorted(self.actions),
        }

    @classmethod
    def from_data(cls, data: dict | None) -> "Selection":
        data = data or {}
        return cls(
            set(data.get("goals", [])), set(data.get("action_plans", [])), set(data.get("actions", []))
        )


@dataclass
class Picked:
    """The picked rows of the version, checked: goals, actieplannen and acties in plan order."""

    goals: list[VersionItem]
    action_plans: list[VersionItem]
    actions: list[VersionItem]


def check_selection(version: PlanVersion, selection: Selection) -> Picked:
    """Refuse nothing picked, an item not offered (struck, merged, not in the version) and an actie
    without its actieplan; one query."""
    if not selection:
        raise ValidationError(NOTHING_PICKED, code="nothing_picked")
    wanted = {
        VersionKind.GOAL: selection.goals,
        VersionKind.ACTION_PLAN: selection.action_plans,
        VersionKind.ACTION: selection.actions,
    }
    rows = VersionItem.objects.filter(version=version, kind__in=list(wanted)).order_by("sort_key", "item_id")
    rows = rows.filter(item_id__in=sorted(selection.goals | selection.action_plans | selection.actions)).only(
        "kind", "item_id", "parent_id", "sort_key", "number", "title", "data", "life_cycle"
    )
    found: dict[str, list[VersionItem]] = defaultdict(list)
    numbers: dict[tuple[str, int], str] = {}
    for row in rows:
        numbers[row.kind, row.item_id] = row.number or row.title
        if row.item_id in wanted[row.kind] and row.life_cycle not in GONE:
            found[row.kind].append(row)
    for kind, ids in wanted.items():
        missing = ids - {row.item_id for row in found[kind]}
        if missing:
            label = {VersionKind.GOAL: _("doelstelling"), VersionKind.ACTION_PLAN: _("actieplan")}.get(
                kind, _("actie")
            )
            # By its number as the version holds it (struck there); one the version never held has none.
            named = numbers.get((kind, min(missing)))
            item = f"{label} {named}" if named else _("Een gekozen %(kind)s") % {"kind": label}
            raise ValidationError(NOT_OFFERED % {"item": capfirst(item)}, code="not_offered")
    for action in found[VersionKind.ACTION]:
        if action.parent_id not in selection.action_plans:
            plan_row = VersionItem.objects.filter(
                version=version, kind=VersionKind.ACTION_PLAN, item_id=action.parent_id
            ).first()
            raise ValidationError(
                ACTION_WITHOUT_PLAN
                % {"action": action.number, "action_plan": plan_row.number if plan_row else "—"},
                code="action_without_plan",
            )
    return Picked(found[VersionKind.GOAL], found[VersionKind.ACTION_PLAN], found[VersionKind.ACTION])


def check_may(by: AbstractBaseUser | None) -> None:
    if by is not None and not access.may_draft(by):
        raise PermissionDenied(access.ONLY_CEL)


@transaction.atomic
def carry_over(
    plan: Plan,
    *,
    name: str,
    start_year: int,
    end_year: int,
    agreement: str,
    selection: Selection,
    by: AbstractBaseUser | None,
    authority: str = "",
) -> Draft:
    """A new draft for the next period, holding the picked items of the plan's version in force, each
    with its link to the item it continues. Refused: not the cel, no version in force, a period that
    does not follow the plan's, nothing picked, an actie without its actieplan."""
    check_may(by)
    version = source(plan)
    check_period(plan, start_year, end_year)
    picked = check_selection(version, selection)
    draft = drafts.start(
        plan.organisation,
        by=by,
        name=name.strip(),
        authority=(authority or plan.authority).strip(),
        start_year=start_year,
        end_year=end_year,
        agreement=agreement.strip(),
    )
    reason = str(CARRIED % {"version": version.name, "plan": plan.name})
    goal_step = steps.first_step(draft, steps.SUBJECT_OF_KIND[ProposalKind.GOAL])
    plan_step = steps.first_step(draft, steps.SUBJECT_OF_KIND[ProposalKind.ACTION_PLAN])
    # Carried goals enter the first step at once: they come from the adopted plan, not from new
    # actieplannen (the rule of steps.propose that a goal waits for a retained actieplan).
    written_goals = changes.create_many(
        [
            Proposal(
                draft=draft,
                kind=ProposalKind.GOAL,
                step=goal_step,
                position=position,
                title=row.title,
                description=row.data.get("description", "")[:4000],
                continues_goal_id=row.item_id,
                created_by=by,
            )
            for position, row in enumerate(picked.goals, start=1)
        ],
        by=by,
        reason=reason,
    )
    goal_of = {row.item_id: written for row, written in zip(picked.goals, written_goals, strict=True)}
    departments = dict(
        ActionPlan.objects.filter(pk__in=[row.item_id for row in picked.action_plans]).values_list(
            "pk", "department_id"
        )
    )
    written_plans = changes.create_many(
        [
            Proposal(
                draft=draft,
                kind=ProposalKind.ACTION_PLAN,
                step=plan_step,
                position=position,
                title=row.title,
                partners=row.data.get("partners", "")[:4000],
                points_of_attention=row.data.get("points_of_attention", "")[:4000],
                department_id=departments.get(row.item_id),
                goal=goal_of.get(row.parent_id),  # the framework's link, to the carried goal
                continues_action_plan_id=row.item_id,
                created_by=by,
            )
            for position, row in enumerate(picked.action_plans, start=1)
        ],
        by=by,
        reason=reason,
    )
    plan_of = {row.item_id: written for row, written in zip(picked.action_plans, written_plans, strict=True)}
    for written in written_plans:
        written.draft = draft
    positions: dict[int, int] = defaultdict(int)
    items = []
    for row in picked.actions:
        positions[row.parent_id] += 1
        first, last = clip(row.data.get("start_year"), row.data.get("end_year"), start_year, end_year)
        items.append(
            DraftItem(
                proposal=plan_of[row.parent_id],
                kind=ItemKind.ACTION,
                position=positions[row.parent_id],
                title=row.title,
                start_year=first,
                end_year=last,
                continues_action_id=row.item_id,
            )
        )
    changes.create_many(items, by=by, reason=reason)
    return draft


# "vervolg van MJP 2026–2031, actieplan 2.1": every reference names its plan.


def reference(item: Goal | ActionPlan | Action) -> str:
    """An item of a plan named with its plan, its kind and its number."""
    if isinstance(item, Action):
        plan, kind = item.action_plan.plan, _("actie")
    elif isinstance(item, ActionPlan):
        plan, kind = item.plan, _("actieplan")
    else:
        plan, kind = item.plan, _("doelstelling")
    return f"{plan.name}, {kind} {item.number}".strip()


def continued(proposal_or_item: Proposal | DraftItem) -> Goal | ActionPlan | Action | None:
    """What a draft's proposal or actie continues, with its plan (no query when selected along)."""
    if isinstance(proposal_or_item, DraftItem):
        return proposal_or_item.continues_action
    return proposal_or_item.continues_goal or proposal_or_item.continues_action_plan
