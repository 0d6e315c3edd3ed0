"""What a round reports, live while it is open and frozen once it is closed, and the round's life.

Both the workbook and the narrative report read ``round_rows``: an open round shows the plan as
it is now, a closed round the copy made when it was closed, so its outputs never change again.
"""

import datetime
import logging
from dataclasses import asdict, dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import changes, clock
from indicators import series as indicator_series
from outputs.models import OutputKind
from plans import features, money, priorities
from plans.models import Action, ActionPlan, Amount, ChangeProposal, ItemKind, Plan, Project
from plans.proposal_sentences import phrase
from rounds.models import FrozenAmount, FrozenItem, FrozenProposal, ReportingRound, RoundKind, RoundState

log = logging.getLogger(__name__)

CHANGE_ROUNDS = "rounds.change_reportinground"  # open, close and schedule a round: the cel and the beheerder
ALREADY_CLOSED = _("%(round)s is al afgesloten en kan niet meer veranderen. Open een nieuwe rapportering.")
TEXTS_NOT_HERE = _(
    "%(round)s is geen opvolgingsrapportering: de gewijzigde veronderstellingen en financiële risico's "
    "staan enkel in een opvolgingsrapportering. Schrijf ze daar."
)
TEXTS_CLOSED = _(
    "%(round)s is afgesloten: de teksten liggen vast. Schrijf gewijzigde veronderstellingen en risico's "
    "in een nieuwe rapportering."
)
OUTPUT_FAILED = _(
    "Het werkboek van %(round)s kon niet worden gemaakt, daarom is de rapportering niet afgesloten: "
    "ze blijft open en er is niets veranderd. Probeer het opnieuw; lukt het weer niet, meld het dan aan "
    "de beheerder."
)
KIND_NOT_USED = _(
    "%(plan)s werkt niet met %(feature)s, dus heeft een %(kind)s er niets te tonen. Kies een gewone "
    "rapportering, of laat de beheerder %(feature)s aanzetten voor dit plan in Beheer."
)
# What each BBC report shows: the opvolgingsrapportering the money, the doelstellingenrealisatie the
# prioritaire acties per status.
NEEDS = {RoundKind.FOLLOW_UP: features.Feature.MONEY, RoundKind.ANNUAL: features.Feature.PRIORITIES}
ANOTHER_OPEN = _("%(round)s is nog open. Sluit die eerst af voor u een nieuwe rapportering opent.")


@dataclass(frozen=True)
class ItemRow:
    """One actieplan, actie or project as the rapportering shows it (the fields of FrozenItem)."""

    kind: str
    item_id: int
    sort_key: str
    action_plan_number: str
    action_plan_title: str
    number: str
    title: str
    status: str
    explanation: str
    points_of_attention: str
    responsible: str
    life_cycle: str
    links: str
    goal_number: str = ""
    goal_title: str = ""
    priority: bool = False  # as derived (plans/priorities.py)
    own_priority: bool = False  # marked on the item itself
    entity: str = ""
    policy_field: str = ""
    external_code: str = ""
    explanation_internal: bool = False  # the toelichting is never on the public website


@dataclass(frozen=True)
class ProposalRow:
    proposal_id: int
    sort_key: str
    action_plan_number: str
    action_numbers: str
    kind: str
    phrase: str
    motivation: str
    state: str
    remark: str
    council_decision_date: datetime.date | None


@dataclass
class RoundRows:
    round: ReportingRound
    action_plans: list[ItemRow]
    actions: list[ItemRow]
    projects: list[ItemRow]
    proposals: list[ProposalRow]
    previous_status: dict[tuple[str, int], str] = field(default_factory=dict)

    def previous(self, row: ItemRow) -> str | None:
        return self.previous_status.get((row.kind, row.item_id))

    def proposals_of(self, action_plan_number: str) -> list[ProposalRow]:
        return [p for p in self.proposals if p.action_plan_number == action_plan_number]

    def proposals_on_action(self, number: str) -> list[ProposalRow]:
        return [p for p in self.proposals if number in p.action_numbers.split(", ")]


def live_items(plan: Plan) -> tuple[list[ItemRow], list[ItemRow], list[ItemRow]]:
    """Five queries (six with the projects' links), whatever the size of the plan."""
    derived = priorities.of_plan(plan)
    action_plans = [
        ItemRow(
            ItemKind.ACTION_PLAN,
            ap.pk,
            ap.sort_key,
            ap.number,
            ap.title,
            ap.number,
            ap.title,
            ap.status,
            ap.explanation,
            ap.points_of_attention,
            ap.responsible,
            ap.life_cycle,
            "",
            *_goal(ap.goal),
            priority=derived.action_plan(ap.pk),
            own_priority=ap.priority,
            external_code=ap.external_code,
            explanation_internal=ap.explanation_internal,
        )
        for ap in ActionPlan.objects.in_plan(plan).select_related("goal").order_by("sort_key")
    ]
    # Read as plain values: a big plan has tens of thousands of acties, and a model instance per
    # actie with its actieplan, goal, entity and beleidsveld costs more than the rest of an export.
    actions = [
        ItemRow(
            ItemKind.ACTION,
            pk,
            sort_key,
            action_plan_number,
            action_plan_title,
            number,
            title,
            status,
            explanation,
            "",
            responsible,
            life_cycle,
            "",
            goal_number or "",
            goal_title or "",
            priority=derived.marked(priority, action_plan_id),
            own_priority=priority,
            entity=entity or "",
            policy_field=f"{policy_code} {policy_name}" if policy_code else "",
            external_code=external_code,
            explanation_internal=explanation_internal,
        )
        for (
            pk,
            sort_key,
            action_plan_number,
            action_plan_title,
            number,
            title,
            status,
            explanation,
            responsible,
            life_cycle,
            goal_number,
            goal_title,
            priority,
            action_plan_id,
            entity,
            policy_code,
            policy_name,
            external_code,
            explanation_internal,
        ) in Action.objects.in_plan(plan)
        .order_by("sort_key")
        .values_list(
            "pk",
            "sort_key",
            "action_plan__number",
            "action_plan__title",
            "number",
            "title",
            "status",
            "explanation",
            "responsible",
            "life_cycle",
            "action_plan__goal__number",
            "action_plan__goal__title",
            "priority",
            "action_plan_id",
            "entity__name",
            "policy_field__code",
            "policy_field__name",
            "external_code",
            "explanation_internal",
        )
    ]
    linked = Prefetch("action_plans", queryset=ActionPlan.objects.order_by("sort_key"))
    projects = [
        ItemRow(
            ItemKind.PROJECT,
            p.pk,
            p.name.lower(),
            "",
            "",
            "",
            p.name,
            p.status,
            p.explanation,
            "",
            p.project_leader,
            p.life_cycle,
            ", ".join(ap.number for ap in p.action_plans.all()),
            explanation_internal=p.explanation_internal,
        )
        for p in Project.objects.in_plan(plan).prefetch_related(linked).order_by("name")
    ]
    return action_plans, actions, projects


def _goal(goal) -> tuple[str, str]:
    return (goal.number, goal.title) if goal else ("", "")


def _live_proposals(round: ReportingRound) -> list[ProposalRow]:
    proposals = (
        ChangeProposal.objects.filter(round=round)
        .select_related("action_plan", "merge_into", "goal")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("sort_key")))
    )
    rows = []
    for proposal in proposals:
        actions = list(proposal.actions.all())
        rows.append(
            ProposalRow(
                proposal.pk,
                # a new actieplan (toevoegen in an aanpassing) has none yet: after the rest
                proposal.action_plan.sort_key if proposal.action_plan else "~",
                proposal.action_plan.number if proposal.action_plan else "",
                ", ".join(a.number for a in actions),
                proposal.kind,
                phrase(proposal, actions),
                proposal.motivation,
                proposal.state,
                proposal.remark,
                proposal.council_decision_date,
            )
        )
    return sorted(rows, key=lambda row: (row.sort_key, row.proposal_id))


def _previous_status(round: ReportingRound) -> dict[tuple[str, int], str]:
    previous = (
        ReportingRound.objects.filter(plan_id=round.plan_id, state=RoundState.CLOSED, date__lt=round.date)
        .order_by("-date", "-pk")
        .first()
    )
    if previous is None:
        return {}
    frozen = FrozenItem.objects.filter(round=previous).values_list("kind", "item_id", "status")
    return {(kind, item_id): status for kind, item_id, status in frozen}


def round_proposals(round: ReportingRound) -> list[ProposalRow]:
    """The proposals a round reports: as frozen if it is closed, as they are now if it is open."""
    if round.is_closed:
        return [
            ProposalRow(**{name: getattr(p, name) for name in ProposalRow.__dataclass_fields__})
            for p in FrozenProposal.objects.filter(round=round)
        ]
    return _live_proposals(round)


def round_rows(round: ReportingRound) -> RoundRows:
    """The rows of a round: frozen if it is closed, the live plan if it is open."""
    if round.is_closed:
        frozen = [
            ItemRow(**{name: getattr(item, name) for name in ItemRow.__dataclass_fields__})
            for item in FrozenItem.objects.filter(round=round).order_by("kind", "sort_key", "item_id")
        ]
        by_kind = {kind: [row for row in frozen if row.kind == kind] for kind in ItemKind.values}
        proposals = round_proposals(round)
        action_plans, actions, projects = (
            by_kind[ItemKind.ACTION_PLAN],
            by_kind[ItemKind.ACTION],
            by_kind[ItemKind.PROJECT],
        )
    else:
        action_plans, actions, projects = live_items(round.plan)
        proposals = round_proposals(round)
    return RoundRows(round, action_plans, actions, projects, proposals, _previous_status(round))


def round_kinds(plan: Plan) -> list[str]:
    """The kinds of round ``plan`` may open: a gewone rapportering always, a BBC report only where the
    plan uses what it reports."""
    return [kind for kind in RoundKind.values if kind not in NEEDS or features.uses(plan, NEEDS[kind])]


@transaction.atomic
def open_round(
    *,
    plan: Plan,
    name: str,
    date: datetime.date,
    kind: str = RoundKind.STATUS,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    deadline: datetime.date | None = None,
    remind_days_before: int = 14,
    remind_days_after: int = 3,
    by: AbstractBaseUser | None = None,
) -> ReportingRound:
    """Start a rapportering of ``kind`` (a BBC report needs its period), opened today, with the
    eigenaars' ``deadline`` and the days before and after it on which they are reminded. A deadline
    before today is refused (ValidationError), nothing is created. One round of a plan is open
    at a time, whatever its kind: a round freezes the whole plan's statuses when it closes, so a
    status round and an opvolgingsrapportering open side by side would each freeze the other's
    edits. Close the one before opening the other. A BBC report is refused for a plan that does not
    use what it reports (``round_kinds``)."""
    if kind not in round_kinds(plan):
        feature = NEEDS[kind]
        raise ValidationError(
            KIND_NOT_USED,
            code="kind_not_used",
            params={"plan": plan, "feature": feature.label, "kind": RoundKind(kind).label},
        )
    still_open = ReportingRound.objects.filter(plan=plan, state=RoundState.OPEN).first()
    if still_open is not None:
        raise ValidationError(ANOTHER_OPEN, code="another_open", params={"round": still_open})
    round = ReportingRound(
        plan=plan,
        name=name.strip(),
        date=date,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        opened_on=timezone.localdate(clock.now()),
        deadline=deadline,
        remind_days_before=remind_days_before,
        remind_days_after=remind_days_after,
    )
    return changes.save(round, by=by, reason="geopend")


SCHEDULE_FIELDS = ("deadline", "remind_days_before", "remind_days_after")
SCHEDULE_CLOSED = _("%(round)s is afgesloten: de deadline en de herinneringen liggen vast.")


@transaction.atomic
def set_schedule(
    round: ReportingRound,
    *,
    deadline: datetime.date | None,
    remind_days_before: int,
    remind_days_after: int,
    version: int | None,
    by: AbstractBaseUser | None,
) -> changes.Update:
    """Change an open round's deadline and the days of its reminders, for an editor who loaded
    ``version`` (``changes.Conflict`` if someone saved the round since). A closed round is refused,
    and so is a deadline before the round's opening (ValidationError)."""
    current = ReportingRound.objects.select_for_update().get(pk=round.pk)
    if current.is_closed:
        raise ValidationError(SCHEDULE_CLOSED, code="schedule_closed", params={"round": current})
    values = {
        "deadline": deadline,
        "remind_days_before": remind_days_before,
        "remind_days_after": remind_days_after,
    }
    return changes.update(current, values, by=by, reason="deadline en herinneringen", version=version)


TEXT_FIELDS = ("changed_assumptions", "changed_financial_risks")


@transaction.atomic
def set_texts(
    round: ReportingRound, *, texts: dict[str, str], version: int | None, by: AbstractBaseUser | None
) -> changes.Update:
    """Write the round's gewijzigde veronderstellingen and gewijzigde financiële risico's, for an
    editor who loaded ``version`` of the round (``changes.Conflict`` if someone saved it since).
    Refused for a round of another kind (its report has no such texts) and for a closed round (its
    report is frozen)."""
    current = ReportingRound.objects.select_for_update().get(pk=round.pk)
    if current.kind != RoundKind.FOLLOW_UP:
        raise ValidationError(TEXTS_NOT_HERE, code="texts_not_here", params={"round": current})
    if current.is_closed:
        raise ValidationError(TEXTS_CLOSED, code="texts_closed", params={"round": current})
    values = {name: texts[name].strip() for name in TEXT_FIELDS if name in texts}
    return changes.update(current, values, by=by, reason="teksten van de rapportering", version=version)


@transaction.atomic
def close_round(round: ReportingRound, *, by: AbstractBaseUser | None = None) -> ReportingRound:
    """Freeze what the round shows: a copy of every item and proposal, written in bulk, and its
    workbook rendered from that copy and stored. If the workbook cannot be made, the round stays
    open (ValidationError) and nothing is written. Refused (PermissionDenied) to a user who may not
    change rounds; ``by=None`` is the installation itself (the demo, commands)."""
    if by is not None and not by.has_perm(CHANGE_ROUNDS):
        raise PermissionDenied
    round = ReportingRound.objects.select_for_update().get(pk=round.pk)
    if round.is_closed:
        raise ValidationError(ALREADY_CLOSED, code="already_closed", params={"round": round})
    rows = round_rows(round)
    FrozenItem.objects.bulk_create(
        [
            FrozenItem(round=round, **asdict(row))
            for row in [*rows.action_plans, *rows.actions, *rows.projects]
        ],
        batch_size=2000,
    )
    FrozenProposal.objects.bulk_create(
        [FrozenProposal(round=round, **asdict(row)) for row in rows.proposals], batch_size=2000
    )
    FrozenAmount.objects.bulk_create(
        (FrozenAmount(round=round, **values) for values in _live_amounts(round).values(*AMOUNT_FIELDS)),
        batch_size=2000,
    )
    indicator_series.freeze(round)
    round.state, round.closed_at, round.closed_by = RoundState.CLOSED, clock.now(), by
    round = changes.save(round, by=by, reason="afgesloten")
    _store_frozen_workbook(round)
    return round


def _store_frozen_workbook(round: ReportingRound) -> None:
    from reporting import stored_outputs  # it renders from this module's rows

    stored_outputs.forget_open_outputs(round)
    try:
        stored_outputs.renew(round, OutputKind.WORKBOOK)
    except Exception as error:
        log.exception("Het werkboek van %s kon niet worden gemaakt bij het afsluiten", round)
        raise ValidationError(OUTPUT_FAILED, code="output_failed", params={"round": round}) from error


AMOUNT_FIELDS = ("action_id", "kind", "year", "category", "direction", "amount")


def _live_amounts(round: ReportingRound):
    return Amount.objects.filter(action__action_plan__plan_id=round.plan_id, year=round.year).order_by()


def round_figures(round: ReportingRound, kind: str) -> dict[int, money.Figures]:
    """Per actie, its figures of ``kind`` for the round's year: frozen if the round is closed, live
    if it is open (one query)."""
    source = (
        FrozenAmount.objects.filter(round=round, year=round.year) if round.is_closed else _live_amounts(round)
    )
    result: dict[int, money.Figures] = {}
    for action_id, category, direction, amount in source.filter(kind=kind).values_list(
        "action_id", "category", "direction", "amount"
    ):
        result.setdefault(action_id, money.Figures()).add(category, direction, amount)
    return result
