"""A round's to-do: every active item of the plan with its eigenaar and where it stands (open, klaar,
aanvulling gevraagd), what each eigenaar still has to do, and how far each dienst and person is.

Who owns an item is decided by ``plans.owners`` (a person, a dienst, or for an actie without an
eigenaar of its own, its actieplan's). An item without an ``ItemUpdate`` row in the round is open.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import changes, clock
from core.people import person
from plans import owners
from plans.items import kind_of, with_last_change
from plans.models import Action, ActionPlan, Department, ItemKind, Plan, PlanItem, Project
from plans.projects import with_links
from rounds.models import ItemUpdate, ReportingRound, RoundState, UpdateState

LISTED = 10  # open items listed per dienst or person on the completion page; the rest as a count

NOT_YOURS = _("U bent geen eigenaar van %(item)s: enkel de eigenaar of de strategische cel meldt het klaar.")
ROUND_CLOSED = _("%(round)s is afgesloten: u kunt niets meer klaar melden. Vraag de strategische cel.")
NOT_IN_ROUND = _("%(item)s hoort niet bij %(round)s: het is geen actief item van dat plan.")


@dataclass(frozen=True)
class TodoItem:
    """One actieplan, actie or project in a round's to-do, with its (possibly inherited) eigenaar."""

    kind: str
    item_id: int
    number: str  # "" for a project
    title: str
    action_plan_number: str  # the actieplan's number for an actieplan or actie, "" for a project
    status: str
    owner_id: int | None
    department_id: int | None
    inherited: bool  # an actie owned through its actieplan
    state: str = UpdateState.OPEN
    message: str = ""

    @property
    def has_owner(self) -> bool:
        return self.owner_id is not None or self.department_id is not None

    @property
    def is_ready(self) -> bool:
        return self.state == UpdateState.READY

    @property
    def label(self) -> str:
        if self.kind == ItemKind.ACTION_PLAN:
            return str(_("actieplan %(number)s") % {"number": self.number})
        if self.kind == ItemKind.ACTION:
            return str(_("actie %(number)s") % {"number": self.number})
        return str(_("project %(name)s") % {"name": self.title})


@dataclass
class Progress:
    """How far one dienst or person is: their items, klaar or not."""

    name: str
    items: list[TodoItem] = field(default_factory=list)
    department: Department | None = None
    user: AbstractBaseUser | None = None

    @property
    def total(self) -> int:
        return len(self.items)

    @cached_property
    def ready(self) -> int:
        return sum(1 for item in self.items if item.is_ready)

    @property
    def percent(self) -> int:
        return round(100 * self.ready / self.total) if self.total else 100

    @cached_property
    def open_items(self) -> list[TodoItem]:
        return [item for item in self.items if not item.is_ready]

    @property
    def open_listed(self) -> list[TodoItem]:
        """The first open items, as a page lists them (a dienst can hold hundreds)."""
        return self.open_items[:LISTED]

    @property
    def open_unlisted(self) -> int:
        return max(0, len(self.open_items) - LISTED)

    @property
    def bar(self) -> str:
        """The percentage as ten blocks of text, so it reads without colour and prints."""
        filled = self.percent // 10
        return "█" * filled + "░" * (10 - filled)


@dataclass
class Completion:
    round: ReportingRound
    departments: list[Progress]
    people: list[Progress]
    overall: Progress  # every item with an eigenaar
    without_owner: list[TodoItem]


def round_items(round: ReportingRound) -> list[TodoItem]:
    """The to-do of ``round``: every active actieplan, actie and project of its plan, in plan order,
    with its eigenaar and its state in the round. Four queries, whatever the size of the plan."""
    updates = {
        (kind, item_id): (state, message)
        for kind, item_id, state, message in ItemUpdate.objects.filter(round=round).values_list(
            "kind", "item_id", "state", "message"
        )
    }

    def todo(kind, pk, number, title, ap_number, status, owner_id, department_id, inherited=False):
        state, message = updates.get((kind, pk), (UpdateState.OPEN, ""))
        return TodoItem(
            kind, pk, number, title, ap_number, status, owner_id, department_id, inherited, state, message
        )

    plan = round.plan_id
    items = [
        todo(ItemKind.ACTION_PLAN, pk, number, title, number, status, owner_id, department_id)
        for pk, number, title, status, owner_id, department_id in ActionPlan.objects.filter(plan_id=plan)
        .active()
        .order_by("sort_key")
        .values_list("pk", "number", "title", "status", "owner_id", "department_id")
    ]
    for pk, number, title, status, owner_id, department_id, ap_number, ap_owner, ap_department in (
        Action.objects.filter(action_plan__plan_id=plan)
        .active()
        .order_by("action_plan__sort_key", "sort_key")
        .values_list(
            "pk",
            "number",
            "title",
            "status",
            "owner_id",
            "department_id",
            "action_plan__number",
            "action_plan__owner_id",
            "action_plan__department_id",
        )
    ):
        own = owner_id is not None or department_id is not None
        items.append(
            todo(
                ItemKind.ACTION,
                pk,
                number,
                title,
                ap_number,
                status,
                owner_id if own else ap_owner,
                department_id if own else ap_department,
                inherited=not own and (ap_owner is not None or ap_department is not None),
            )
        )
    items += [
        todo(ItemKind.PROJECT, pk, "", name, "", status, owner_id, department_id)
        for pk, name, status, owner_id, department_id in Project.objects.filter(plan_id=plan)
        .active()
        .order_by("name")
        .values_list("pk", "name", "status", "owner_id", "department_id")
    ]
    return items


def completion(round: ReportingRound) -> Completion:
    """Per dienst and per person: their items in the round, how many are klaar, and what is still
    open. An item owned by a dienst counts for the dienst and for each of its members and its head;
    a person's items are what they own directly or through a dienst. Items without an eigenaar are
    listed apart. Seven queries, whatever the size of the plan or the number of people."""
    items = round_items(round)
    owned = [item for item in items if item.has_owner]
    by_department: dict[int, list[TodoItem]] = defaultdict(list)
    by_owner: dict[int, list[TodoItem]] = defaultdict(list)
    for item in owned:
        if item.department_id is not None:
            by_department[item.department_id].append(item)
        else:
            by_owner[item.owner_id].append(item)
    departments = list(
        Department.objects.filter(pk__in=by_department).select_related("head").prefetch_related("members")
    )
    people_items: dict[int, list[TodoItem]] = defaultdict(list)
    for user_id, own_items in by_owner.items():
        people_items[user_id].extend(own_items)
    users = {}
    for department in departments:
        team = [*department.members.all(), *([department.head] if department.head else [])]
        for user in {user.pk: user for user in team}.values():
            users[user.pk] = user
            people_items[user.pk].extend(by_department[department.pk])
    missing = set(by_owner) - set(users)
    users |= {user.pk: user for user in get_user_model().objects.filter(pk__in=missing)}
    order = {id(item): position for position, item in enumerate(items)}
    people = [
        Progress(person(users[user_id]), sorted(own, key=lambda item: order[id(item)]), user=users[user_id])
        for user_id, own in people_items.items()
    ]
    return Completion(
        round=round,
        departments=[Progress(d.name, by_department[d.pk], department=d) for d in departments],
        people=sorted(people, key=lambda progress: progress.name.lower()),
        overall=Progress(str(_("alle items met een eigenaar")), owned),
        without_owner=[item for item in items if not item.has_owner],
    )


def open_items(round: ReportingRound) -> list[TodoItem]:
    """The items with an eigenaar not yet marked klaar: what closing the round asks to confirm."""
    return [item for item in round_items(round) if item.has_owner and not item.is_ready]


def _plan_id(item: PlanItem) -> int:
    return item.action_plan.plan_id if isinstance(item, Action) else item.plan_id


@transaction.atomic
def _set_state(round: ReportingRound, item: PlanItem, state: str, *, by, reason: str) -> ItemUpdate:
    if not owners.may_edit_status(by, item):
        raise PermissionDenied(NOT_YOURS % {"item": item})
    current = ReportingRound.objects.select_for_update().get(pk=round.pk)
    if current.is_closed:
        raise ValidationError(ROUND_CLOSED, code="round_closed", params={"round": current})
    if _plan_id(item) != current.plan_id or not item.is_active:
        raise ValidationError(NOT_IN_ROUND, code="not_in_round", params={"item": item, "round": current})
    kind = kind_of(item)
    update = ItemUpdate.objects.filter(round=current, kind=kind, item_id=item.pk).first()
    if update is None:
        return changes.save(
            ItemUpdate(round=current, kind=kind, item_id=item.pk, state=state), by=by, reason=reason
        )
    if update.state == state:
        return update
    return changes.update(update, {"state": state}, by=by, reason=reason, version=update.version).record


def mark_ready(round: ReportingRound, item: PlanItem, *, by: AbstractBaseUser) -> ItemUpdate:
    """The eigenaar (or the cel) says ``item`` is klaar voor deze rapportering. Refused for anyone
    who may not edit the item's status (PermissionDenied) and once the round is closed
    (ValidationError). Marking an item that is klaar already changes nothing."""
    return _set_state(round, item, UpdateState.READY, by=by, reason="klaar gemeld")


def reopen(round: ReportingRound, item: PlanItem, *, by: AbstractBaseUser) -> ItemUpdate:
    """Undo a "klaar": the item is open again in the round (same rules as ``mark_ready``)."""
    return _set_state(round, item, UpdateState.OPEN, by=by, reason="toch nog niet klaar")


@dataclass
class Entry:
    """One of the eigenaar's items on Mijn acties, with its state in the round."""

    item: PlanItem
    kind: str
    state: str
    message: str

    @property
    def is_ready(self) -> bool:
        return self.state == UpdateState.READY

    @property
    def more_asked(self) -> bool:
        return self.state == UpdateState.MORE_ASKED


@dataclass
class MyRound:
    round: ReportingRound
    plan: Plan
    entries: list[Entry]
    today: datetime.date

    @property
    def days_left(self) -> int | None:
        return None if self.round.deadline is None else (self.round.deadline - self.today).days

    @property
    def open_count(self) -> int:
        return sum(1 for entry in self.entries if not entry.is_ready)


def my_rounds(user: AbstractBaseUser) -> list[MyRound]:
    """The open rounds with the items ``user`` owns in them (directly, through a dienst, or an actie
    through its actieplan): what is still open first, then what is klaar, each in plan order.
    Six queries per open round, whatever the number of items."""
    today = timezone.localdate(clock.now())
    result = []
    rounds = (
        ReportingRound.objects.filter(state=RoundState.OPEN).select_related("plan").order_by("plan__name")
    )
    for round in rounds:
        plan = round.plan
        action_plans = (
            with_last_change(
                ActionPlan.objects.in_plan(plan).active().filter(owners.owned_filter(ActionPlan, user))
            )
            .select_related(*owners.OWNER_FIELDS)
            .order_by("sort_key")
        )
        actions = (
            with_last_change(Action.objects.in_plan(plan).active().filter(owners.owned_filter(Action, user)))
            .select_related("action_plan", *owners.ACTION_OWNER_FIELDS)
            .order_by("action_plan__sort_key", "sort_key")
        )
        projects = with_links(
            Project.objects.in_plan(plan)
            .active()
            .filter(owners.owned_filter(Project, user))
            .select_related(*owners.OWNER_FIELDS)
        )
        items = [*action_plans, *actions, *projects]
        if not items:
            continue
        updates = {
            (kind, item_id): (state, message)
            for kind, item_id, state, message in ItemUpdate.objects.filter(round=round).values_list(
                "kind", "item_id", "state", "message"
            )
        }
        entries = []
        for item in items:
            kind = kind_of(item)
            state, message = updates.get((kind, item.pk), (UpdateState.OPEN, ""))
            entries.append(Entry(item, kind, state, message))
        entries.sort(key=lambda entry: entry.is_ready)  # stable: plan order within open and klaar
        result.append(MyRound(round, plan, entries, today))
    return result
