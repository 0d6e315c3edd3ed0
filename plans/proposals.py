"""The change-proposal workflow: draft, edit, submit, withdraw, approve, reject, apply.

ontwerp → ingediend → goedgekeurd or afgewezen → doorgevoerd; the cel may withdraw (ingetrokken)
a proposal not yet decided. Every step checks who takes it and whether the proposal still fits
the plan; applying is one transaction in which every change carries the proposal as its
history reason. A refusal raises ValidationError (or PermissionDenied) and changes nothing.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core import changes, clock
from core.numbering import natural_sort_key, next_child
from plans import amendments, decision_hooks
from plans.lifecycle import merge_actions, remove_items
from plans.models import (
    Action,
    ActionPlan,
    ChangeProposal,
    Goal,
    ItemKind,
    Plan,
    PlanItem,
    ProposalKind,
    ProposalState,
    Status,
    validate_number,
)

CEL = _("de strategische cel")
MANAGEMENT_TEAM = _("het managementteam")
APPLIERS = _("de beheerder of de strategische cel, na de beslissing van de raad")
COLLEGE_RECORDER = _("de strategische cel, die het akkoord van het college noteert")

NOT_ALLOWED = _("U mag dit voorstel niet %(step)s: dat doet %(who)s.")
WRONG_STATE = _("%(proposal)s is %(state)s. %(Step)s kan enkel bij een voorstel dat %(allowed)s is.")
TARGET_INACTIVE = _(
    "%(item)s is al %(life_cycle)s: dit voorstel past niet meer. Trek het in of stel een nieuw voorstel op."
)
TARGET_REWORDED = _(
    "%(item)s werd geherformuleerd sinds dit voorstel werd opgesteld (nu: “%(title)s”). "
    "Trek het voorstel in en stel een nieuw op met de huidige formulering."
)
OTHER_PLAN = _("%(item)s hoort niet bij %(plan)s. Een voorstel gaat over items van één plan.")
NOT_IN_ACTION_PLAN = _(
    "%(item)s hoort niet bij actieplan %(action_plan)s. Kies enkel acties van dit actieplan."
)
ALREADY_PROPOSED = _(
    "Over %(item)s loopt al %(proposal)s (%(state)s). Wacht tot dat voorstel beslist is, of trek het in."
)
REWORD_WITHOUT_TEXT = _("Herformuleren vraagt een nieuwe formulering. Vul de nieuwe titel in.")
REWORD_ONE_TARGET = _("Herformuleer één item per voorstel: het actieplan zelf of één actie.")
REWORD_SAME_TEXT = _("De nieuwe formulering is dezelfde als de huidige. Pas ze aan.")
MERGE_TOO_FEW = _(
    "Bundelen vraagt minstens twee acties. Vink meer acties aan, of kies een bestaande actie om in "
    "te bundelen."
)
MERGE_TARGET_MISSING = _(
    "Kies de bestaande actie waarin gebundeld wordt, of geef het nummer van een nieuwe actie."
)
MERGE_TARGET_BOTH = _("Kies ofwel een bestaande actie, ofwel een nieuwe actie om in te bundelen; niet beide.")
MERGE_TARGET_IS_SOURCE = _(
    "%(item)s is de actie waarin gebundeld wordt: vink ze niet ook aan als te bundelen actie."
)
MERGE_NEW_TITLE_MISSING = _("Geef de titel van de nieuwe actie waarin gebundeld wordt.")
NEW_NUMBER_TAKEN = _(
    "Actieplan %(action_plan)s heeft al een actie %(number)s. Kies een vrij nummer, bv. %(free)s."
)
MERGE_ONLY_FIELDS = _("Enkel bij bundelen kiest u een actie om in te bundelen. Maak die velden leeg.")
MOTIVATION_MISSING = _("Schrijf een motivering: waarom stelt de cel dit voor?")
REJECT_WITHOUT_REMARK = _("Geef bij een afwijzing een opmerking: waarom, en wat de cel nu kan doen.")
OWN_PROPOSAL = _("U stelde dit voorstel zelf op. Laat een ander lid van het managementteam het beoordelen.")
DECISION_DATE_MISSING = _("Geef de datum van de raadsbeslissing.")
DECISION_DATE_FUTURE = _(
    "De datum van de raadsbeslissing ligt in de toekomst. Geef de datum waarop de raad besliste."
)
DECIDED_BY_COUNCIL = _("door wijzigingsvoorstel #%(number)s (raad van %(date)s)")
NOTHING_TO_APPLY = _("Kies minstens één goedgekeurd voorstel om door te voeren.")
APPLY_FAILED = _("%(proposal)s kan niet doorgevoerd worden: %(reason)s Er werd niets doorgevoerd.")
ONLY_IN_AANPASSING = _(
    "%(Step)s kan enkel bij een voorstel in een aanpassing van het meerjarenplan; %(proposal)s hoort "
    "bij geen aanpassing."
)
NOT_IN_AANPASSING = _(
    "%(proposal)s hoort bij %(version)s. De raad stelt het vast samen met die aanpassing, niet apart: "
    "ga naar de aanpassing."
)
VERSION_NOT_IN_DRAFT = _(
    "%(version)s is geen aanpassing in ontwerp van dit plan. Kies de aanpassing in ontwerp, of geen."
)
COLLEGE_DATE_MISSING = _("Geef de datum van het college dat akkoord ging.")
COLLEGE_DATE_FUTURE = _(
    "De datum van het college ligt in de toekomst. Geef de datum waarop het college besliste."
)
NOTHING_TO_ENDORSE = _("Kies minstens één goedgekeurd voorstel waarmee het college akkoord ging.")
ENDORSE_FAILED = _("%(proposal)s: %(reason)s Er werd niets genoteerd.")
ENDORSED_BY_COLLEGE = _("akkoord college van %(date)s")


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    allowed_from: tuple[str, ...]
    to_state: str | None  # None: the step changes the content, not the state
    permission: str
    who: str
    reason: str = ""  # in the proposal's history
    stamp: str = ""  # the fields "<stamp>_by" and "<stamp>_at" record who took the step and when
    not_by_author: bool = False  # the author may not review their own proposal
    # True: only for a proposal in an aanpassing (plan_version set); False: only for one outside; None: both
    in_aanpassing: bool | None = None


# The workflow as data: which step goes from which states to which, and who may take it.
STEPS = {
    step.name: step
    for step in [
        Step("draft", _("opstellen"), (), ProposalState.DRAFT, "plans.add_changeproposal", CEL, "opgesteld"),
        Step(
            "edit",
            _("aanpassen"),
            (ProposalState.DRAFT,),
            None,
            "plans.change_changeproposal",
            CEL,
            "aangepast",
        ),
        Step(
            "submit",
            _("indienen"),
            (ProposalState.DRAFT,),
            ProposalState.SUBMITTED,
            "plans.change_changeproposal",
            CEL,
            "ingediend",
            stamp="submitted",
        ),
        Step(
            "withdraw",
            _("intrekken"),
            (ProposalState.DRAFT, ProposalState.SUBMITTED),
            ProposalState.WITHDRAWN,
            "plans.change_changeproposal",
            CEL,
            "ingetrokken",
        ),
        Step(
            "approve",
            _("goedkeuren"),
            (ProposalState.SUBMITTED,),
            ProposalState.APPROVED,
            "plans.review_changeproposal",
            MANAGEMENT_TEAM,
            "goedgekeurd door het managementteam",
            stamp="decided",
            not_by_author=True,
        ),
        Step(
            "reject",
            _("afwijzen"),
            (ProposalState.SUBMITTED,),
            ProposalState.REJECTED,
            "plans.review_changeproposal",
            MANAGEMENT_TEAM,
            "afgewezen door het managementteam",
            stamp="decided",
            not_by_author=True,
        ),
        Step(
            "apply",
            _("doorvoeren"),
            (ProposalState.APPROVED,),
            ProposalState.APPLIED,
            "plans.apply_changeproposal",
            APPLIERS,
            stamp="applied",
            in_aanpassing=False,
        ),
        # In an aanpassing, as in drafting: after the MT, the college (the cel records the CBS's
        # decision: the college has no role), then the raad adopts the aanpassing with all of them.
        Step(
            "endorse",
            _("akkoord college noteren"),
            (ProposalState.APPROVED,),
            ProposalState.ENDORSED,
            "plans.apply_changeproposal",
            COLLEGE_RECORDER,
            "akkoord college",
            stamp="endorsed",
            in_aanpassing=True,
        ),
        Step(
            "adopt",
            _("vaststellen met de aanpassing"),
            (ProposalState.ENDORSED,),
            ProposalState.APPLIED,
            "plans.apply_changeproposal",
            APPLIERS,
            stamp="applied",
            in_aanpassing=True,
        ),
    ]
}


@dataclass
class Content:
    """What a proposal says, before or apart from its saved form (its actions are a list here)."""

    kind: str
    action_plan: ActionPlan | None  # None: a new actieplan (toevoegen)
    actions: list[Action] = field(default_factory=list)
    merge_into: Action | None = None
    new_action_number: str = ""
    new_title: str = ""
    goal: Goal | None = None  # toevoegen of an actieplan: where it goes
    details: dict = field(default_factory=dict)  # what an amendment proposes (plans/amendments.py)
    plan_version: object = None  # the aanpassing gathering it (versions.PlanVersion), or None

    @property
    def targets(self) -> list[PlanItem]:
        """The items the proposal changes: its actions, or the action plan itself (none when it adds)."""
        if self.kind == ProposalKind.ADD:
            return []
        return list(self.actions) if self.actions else [self.action_plan]

    @property
    def touched(self) -> list[PlanItem]:
        return [*self.targets, *([self.merge_into] if self.merge_into else [])]


def _content_of(proposal: ChangeProposal) -> Content:
    return Content(
        kind=proposal.kind,
        action_plan=proposal.action_plan,
        actions=sorted(proposal.actions.select_related("action_plan"), key=lambda a: a.sort_key),
        merge_into=proposal.merge_into,
        new_action_number=proposal.new_action_number,
        new_title=proposal.new_title,
        goal=proposal.goal,
        details=proposal.details,
        plan_version=proposal.plan_version,
    )


def _key(item: PlanItem) -> str:
    return f"{ItemKind.ACTION_PLAN if isinstance(item, ActionPlan) else ItemKind.ACTION}:{item.pk}"


def _may(step: Step, by: AbstractBaseUser) -> None:
    if not by.has_perm(step.permission):
        raise PermissionDenied(NOT_ALLOWED % {"step": step.label, "who": step.who})


def _is_own(step: Step, proposal: ChangeProposal, user: AbstractBaseUser) -> bool:
    """Whether this is the author reviewing their own proposal, which nobody may."""
    return step.not_by_author and proposal.created_by_id == user.pk


def allowed_steps(proposal: ChangeProposal, user: AbstractBaseUser) -> list[str]:
    """The steps ``user`` may take on ``proposal`` now, for the buttons a page shows."""
    return [
        step.name
        for step in STEPS.values()
        if proposal.state in step.allowed_from
        and _fits(step, proposal)
        and user.has_perm(step.permission)
        and not _is_own(step, proposal, user)
    ]


def _fits(step: Step, proposal: ChangeProposal) -> bool:
    """Whether the step is one for this proposal: some are only for an aanpassing's, some never."""
    return step.in_aanpassing is None or step.in_aanpassing == (proposal.plan_version_id is not None)


def _begin(proposal: ChangeProposal, step_name: str, by: AbstractBaseUser) -> ChangeProposal:
    """Lock the proposal and check that ``by`` may take this step from its current state."""
    step = STEPS[step_name]
    _may(step, by)
    if _is_own(step, proposal, by):
        raise PermissionDenied(OWN_PROPOSAL)
    locked = (
        ChangeProposal.objects.select_for_update(of=("self",))
        .select_related("action_plan", "merge_into", "goal", "plan_version")
        .get(pk=proposal.pk)
    )
    if not _fits(step, locked):
        if step.in_aanpassing:
            raise _error(
                ONLY_IN_AANPASSING,
                "only_in_aanpassing",
                Step=str(step.label).capitalize(),
                proposal=capfirst(str(locked)),
            )
        raise _error(
            NOT_IN_AANPASSING,
            "in_aanpassing",
            proposal=capfirst(str(locked)),
            version=locked.plan_version.name,
        )
    if locked.state not in step.allowed_from:
        allowed = " of ".join(str(ProposalState(state).label) for state in step.allowed_from)
        raise ValidationError(
            WRONG_STATE,
            code="wrong_state",
            params={
                "proposal": capfirst(str(locked)),
                "state": locked.get_state_display(),
                "Step": str(step.label).capitalize(),
                "allowed": allowed,
            },
        )
    return locked


def _error(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def free_action_number(action_plan: ActionPlan) -> str:
    """The next unused action number of ``action_plan``: one past its highest, e.g. 120.6 after 120.5."""
    return next_child(action_plan.number, list(action_plan.actions.values_list("number", flat=True)))


def _check_content(plan: Plan, content: Content, *, exclude_pk: int | None = None) -> None:
    """Refuse what cannot be proposed: items of another plan or no longer active, wrong shapes
    for the kind, and a target that already has an open proposal."""
    for item in [
        *([content.action_plan] if content.action_plan else []),
        *content.actions,
        *([content.merge_into] if content.merge_into else []),
    ]:
        item_plan_id = item.plan_id if isinstance(item, ActionPlan) else item.action_plan.plan_id
        if item_plan_id != plan.pk:
            raise _error(OTHER_PLAN, "other_plan", item=item, plan=plan)
    for action in content.actions:
        if content.action_plan is None or action.action_plan_id != content.action_plan.pk:
            raise _error(
                NOT_IN_ACTION_PLAN, "not_in_action_plan", item=action, action_plan=content.action_plan.number
            )
    for item in content.touched:
        if not item.is_active:
            raise _error(
                TARGET_INACTIVE, "target_inactive", item=item, life_cycle=item.get_life_cycle_display()
            )
    _check_kind(content)
    if content.kind in amendments.KINDS:
        amendments.check(plan, content, exclude_pk=exclude_pk)
    _check_no_other_open_proposal(plan, content, exclude_pk)


def _check_kind(content: Content) -> None:
    if content.kind != ProposalKind.MERGE and (content.merge_into or content.new_action_number):
        raise _error(MERGE_ONLY_FIELDS, "merge_only_fields")
    if content.kind == ProposalKind.REWORD:
        if len(content.targets) != 1:
            raise _error(REWORD_ONE_TARGET, "reword_one_target")
        if content.new_title and content.new_title.strip() == content.targets[0].title:
            raise _error(REWORD_SAME_TEXT, "reword_same_text")
    if content.kind == ProposalKind.MERGE:
        _check_merge(content)


def _check_merge(content: Content) -> None:
    if content.merge_into and content.new_action_number:
        raise _error(MERGE_TARGET_BOTH, "merge_target_both")
    if not content.merge_into and not content.new_action_number:
        raise _error(MERGE_TARGET_MISSING, "merge_target_missing")
    if content.merge_into and content.merge_into in content.actions:
        raise _error(MERGE_TARGET_IS_SOURCE, "merge_target_is_source", item=content.merge_into)
    if len(content.actions) + (1 if content.merge_into else 0) < 2:
        raise _error(MERGE_TOO_FEW, "merge_too_few")
    if content.new_action_number:
        number, action_plan = content.new_action_number, content.action_plan
        try:
            validate_number(number)
        except ValidationError as error:
            raise _error(error.message, error.code, **error.params) from error
        if numbering_error := Action(action_plan=action_plan, number=number).numbering_error(action_plan):
            raise numbering_error
        if Action.objects.filter(action_plan=action_plan, sort_key=natural_sort_key(number)).exists():
            raise _error(
                NEW_NUMBER_TAKEN,
                "new_number_taken",
                number=number,
                action_plan=action_plan.number,
                free=free_action_number(action_plan),
            )
        if not content.new_title.strip():
            raise _error(MERGE_NEW_TITLE_MISSING, "merge_new_title_missing")


def _check_no_other_open_proposal(plan: Plan, content: Content, exclude_pk: int | None) -> None:
    mine = {_key(item) for item in content.touched}
    if not mine:
        return
    open_ones = ChangeProposal.objects.in_plan(plan).open().exclude(pk=exclude_pk)
    others = open_ones.filter(action_plan__in=[i for i in content.touched if isinstance(i, ActionPlan)]) | (
        open_ones.filter(actions__in=[a for a in content.touched if isinstance(a, Action)])
    )
    if content.action_plan is not None:
        others = others | open_ones.filter(action_plan=content.action_plan)
    for other in others.distinct().select_related("action_plan", "merge_into").prefetch_related("actions"):
        other_content = Content(other.kind, other.action_plan, list(other.actions.all()), other.merge_into)
        shared = mine & {_key(item) for item in other_content.touched}
        if shared:
            item = next(i for i in content.touched if _key(i) in shared)
            raise _error(
                ALREADY_PROPOSED,
                "already_proposed",
                item=item,
                proposal=other,
                state=other.get_state_display(),
            )


def _check_still_fits(proposal: ChangeProposal, content: Content) -> None:
    """Everything ``_check_content`` checks, and that no target was reworded since it was written."""
    _check_content(proposal.plan, content, exclude_pk=proposal.pk)
    for item in content.touched:
        written = proposal.titles_when_written.get(_key(item))
        if written is not None and written != item.title:
            raise _error(TARGET_REWORDED, "target_reworded", item=item, title=item.title)
    if content.kind in amendments.KINDS:
        amendments.check_unchanged(proposal, content)


def _take(
    proposal: ChangeProposal,
    step_name: str,
    *,
    by: AbstractBaseUser,
    reason: str = "",
    actions: Sequence[Action] | None = None,
    at: datetime.datetime | None = None,
) -> ChangeProposal:
    """Finish a step: the proposal moves to the step's state, with who took it and when, and is
    saved with the step (or ``reason``) in its history; with ``actions``, its acties too."""
    step = STEPS[step_name]
    if step.to_state is not None:
        proposal.state = step.to_state
    if step.stamp:
        setattr(proposal, f"{step.stamp}_by", by)
        setattr(proposal, f"{step.stamp}_at", at or clock.now())
    links = {"actions": actions} if actions is not None else None
    return changes.save(proposal, by=by, reason=reason or step.reason, links=links)


@transaction.atomic
def draft_proposal(
    *,
    plan: Plan,
    kind: str,
    action_plan: ActionPlan | None,
    actions: Sequence[Action] = (),
    merge_into: Action | None = None,
    new_action_number: str = "",
    new_title: str = "",
    motivation: str,
    round=None,
    goal: Goal | None = None,
    details: dict | None = None,
    plan_version=None,
    by: AbstractBaseUser,
) -> ChangeProposal:
    """The cel writes a proposal (state ontwerp), to be reported in ``round`` (a ReportingRound of
    the plan, or None) or adopted with ``plan_version`` (the plan's aanpassing in ontwerp, or None).
    Refused when it cannot apply to the plan as it is. ``goal`` and ``details``: toevoegen, ramingen
    and prioriteit (plans/amendments.py), only in an aanpassing."""
    _may(STEPS["draft"], by)
    if plan_version is not None:
        in_draft = decision_hooks.aanpassing_in_draft(plan)
        if in_draft is None or in_draft.pk != plan_version.pk:
            raise _error(VERSION_NOT_IN_DRAFT, "version_not_in_draft", version=plan_version.name)
    content = Content(
        kind,
        action_plan,
        sorted(actions, key=lambda a: a.sort_key),
        merge_into,
        new_action_number.strip(),
        new_title.strip(),
        goal=goal,
        details=details or {},
        plan_version=plan_version,
    )
    _check_content(plan, content)
    if not motivation.strip():
        raise _error(MOTIVATION_MISSING, "motivation_missing")
    proposal = ChangeProposal(
        plan=plan,
        kind=kind,
        action_plan=action_plan,
        merge_into=merge_into,
        new_action_number=content.new_action_number,
        new_title=content.new_title,
        motivation=motivation.strip(),
        round=round,
        goal=goal,
        details=content.details,
        plan_version=plan_version,
        created_by=by,
        titles_when_written={_key(i): i.title for i in content.touched},
    )
    return _take(proposal, "draft", by=by, actions=content.actions)


@transaction.atomic
def edit_proposal(
    proposal: ChangeProposal,
    *,
    actions: Sequence[Action],
    merge_into: Action | None = None,
    new_action_number: str = "",
    new_title: str = "",
    motivation: str,
    round=None,
    version: int | None = None,
    by: AbstractBaseUser,
) -> ChangeProposal:
    """The cel changes a proposal still in ontwerp (its kind and actieplan stay). With ``version``
    (the one the editor opened), an edit on an outdated copy is refused (``changes.Conflict``)."""
    proposal = _begin(proposal, "edit", by)
    if version is not None:
        changes.check_unchanged(proposal, version)  # locked by _begin
    content = Content(
        proposal.kind,
        proposal.action_plan,
        sorted(actions, key=lambda a: a.sort_key),
        merge_into,
        new_action_number.strip(),
        new_title.strip(),
        goal=proposal.goal,
        details=proposal.details,
        plan_version=proposal.plan_version,
    )
    _check_content(proposal.plan, content, exclude_pk=proposal.pk)
    if not motivation.strip():
        raise _error(MOTIVATION_MISSING, "motivation_missing")
    proposal.merge_into, proposal.new_action_number = merge_into, content.new_action_number
    proposal.new_title, proposal.motivation, proposal.round = content.new_title, motivation.strip(), round
    proposal.titles_when_written = {_key(i): i.title for i in content.touched}
    return _take(proposal, "edit", by=by, actions=content.actions)


@transaction.atomic
def submit(proposal: ChangeProposal, *, by: AbstractBaseUser) -> ChangeProposal:
    """The cel submits a draft to the managementteam."""
    proposal = _begin(proposal, "submit", by)
    _check_still_fits(proposal, _content_of(proposal))
    return _take(proposal, "submit", by=by)


@transaction.atomic
def withdraw(proposal: ChangeProposal, *, by: AbstractBaseUser) -> ChangeProposal:
    """The cel withdraws a proposal the MT has not decided on yet."""
    proposal = _begin(proposal, "withdraw", by)
    return _take(proposal, "withdraw", by=by)


@transaction.atomic
def approve(
    proposal: ChangeProposal, *, by: AbstractBaseUser, remark: str = "", new_title: str | None = None
) -> ChangeProposal:
    """The MT approves, with an optional remark; for herformuleren it may give or adjust the wording."""
    proposal = _begin(proposal, "approve", by)
    if new_title is not None and new_title.strip():
        proposal.new_title = new_title.strip()
    content = _content_of(proposal)
    _check_still_fits(proposal, content)
    if proposal.kind == ProposalKind.REWORD and not proposal.new_title:
        raise _error(REWORD_WITHOUT_TEXT, "reword_without_text")
    proposal.remark = remark.strip()
    return _take(proposal, "approve", by=by)


@transaction.atomic
def reject(proposal: ChangeProposal, *, by: AbstractBaseUser, remark: str) -> ChangeProposal:
    """The MT rejects, always saying why."""
    proposal = _begin(proposal, "reject", by)
    if not remark.strip():
        raise _error(REJECT_WITHOUT_REMARK, "reject_without_remark")
    proposal.remark = remark.strip()
    return _take(proposal, "reject", by=by)


def decision_reason(proposal: ChangeProposal, decision_date: datetime.date) -> str:
    """The history reason of every change a proposal makes.

    For example "door wijzigingsvoorstel #12 (raad van 18 december 2017)".
    """
    with translation.override(settings.LANGUAGE_CODE):
        when = formats.date_format(decision_date, "j F Y")
        return DECIDED_BY_COUNCIL % {"number": proposal.pk, "date": when}


def _check_decision_date(decision_date: datetime.date | None) -> None:
    if decision_date is None:
        raise _error(DECISION_DATE_MISSING, "decision_date_missing")
    if decision_date > timezone.localdate():
        raise _error(DECISION_DATE_FUTURE, "decision_date_future")


def _reword(item: PlanItem, title: str, *, reason: str, by: AbstractBaseUser) -> None:
    item.title = title
    changes.save(item, by=by, reason=reason)


def _status_of_merged(sources: Iterable[Action]) -> str:
    statuses = {source.status for source in sources}
    return statuses.pop() if len(statuses) == 1 else Status.IN_PROGRESS


def _carry_out(proposal: ChangeProposal, content: Content, *, reason: str, on: datetime.date, by) -> None:
    if proposal.kind in amendments.KINDS:
        amendments.carry_out(proposal, content, reason=reason, by=by)
    elif proposal.kind == ProposalKind.REMOVE:
        remove_items(content.targets, on=on, reason=reason, by=by)
    elif proposal.kind == ProposalKind.REWORD:
        _reword(content.targets[0], proposal.new_title, reason=reason, by=by)
    else:
        target = content.merge_into
        if target is None:
            target = Action(
                action_plan=content.action_plan,
                number=proposal.new_action_number,
                title=proposal.new_title,
                status=_status_of_merged(content.actions),
            )
            changes.save(target, by=by, reason=reason)
        elif proposal.new_title and proposal.new_title != target.title:
            _reword(target, proposal.new_title, reason=reason, by=by)
        merge_actions(content.actions, into=target, on=on, reason=reason, by=by)


@transaction.atomic
def apply_proposal(
    proposal: ChangeProposal, *, by: AbstractBaseUser, decision_date: datetime.date | None
) -> ChangeProposal:
    """Carry out an approved proposal after the raad's decision, all of it or nothing.

    schrappen: the targets (an action plan with its actions) become geschrapt; herformuleren: the
    title changes; bundelen: the target is created or reworded and every source becomes gebundeld
    into it. Each change is in history with "door wijzigingsvoorstel #N (raad van <datum>)".
    """
    proposal = _begin(proposal, "apply", by)
    _check_decision_date(decision_date)
    content = _content_of(proposal)
    _check_still_fits(proposal, content)
    if proposal.kind == ProposalKind.REWORD and not proposal.new_title:
        raise _error(REWORD_WITHOUT_TEXT, "reword_without_text")
    reason = decision_reason(proposal, decision_date)
    _carry_out(proposal, content, reason=reason, on=decision_date, by=by)
    proposal.council_decision_date = decision_date
    return _take(proposal, "apply", by=by, reason=reason)


@transaction.atomic
def apply_decision(
    proposals: Sequence[ChangeProposal], *, by: AbstractBaseUser, decision_date: datetime.date | None
) -> list[ChangeProposal]:
    """Apply every proposal the raad decided on that date, in one transaction: if one cannot be
    applied, none is, and the message names it."""
    if not proposals:
        raise _error(NOTHING_TO_APPLY, "nothing_to_apply")
    applied = []
    for proposal in sorted(proposals, key=_plan_order):
        try:
            applied.append(apply_proposal(proposal, by=by, decision_date=decision_date))
        except ValidationError as error:
            reason = " ".join(error.messages)
            raise _error(
                APPLY_FAILED, "apply_failed", proposal=capfirst(str(proposal)), reason=reason
            ) from error
    # Every raad decision that changes the plan is a numbered version (versions/apps.py registers it).
    decision_hooks.record_decision(applied[0].plan, decision_date=decision_date, proposals=applied, by=by)
    return applied


def _plan_order(proposal: ChangeProposal) -> tuple:
    """Proposals in plan order; a new actieplan (no actieplan yet) after the rest."""
    if proposal.action_plan is None:
        return ("~", natural_sort_key(proposal.details.get("number", "")), proposal.pk)
    return (natural_sort_key(proposal.action_plan.number), "", proposal.pk)


def _check_college_date(college_date: datetime.date | None) -> None:
    if college_date is None:
        raise _error(COLLEGE_DATE_MISSING, "college_date_missing")
    if college_date > timezone.localdate():
        raise _error(COLLEGE_DATE_FUTURE, "college_date_future")


def college_reason(college_date: datetime.date) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return ENDORSED_BY_COLLEGE % {"date": formats.date_format(college_date, "j F Y")}


@transaction.atomic
def endorse(
    proposal: ChangeProposal, *, by: AbstractBaseUser, college_date: datetime.date | None
) -> ChangeProposal:
    """The cel records that the college agreed with a proposal the MT approved (only in an aanpassing)."""
    proposal = _begin(proposal, "endorse", by)
    _check_college_date(college_date)
    _check_still_fits(proposal, _content_of(proposal))
    at = timezone.make_aware(datetime.datetime.combine(college_date, datetime.time(12)))
    return _take(proposal, "endorse", by=by, reason=college_reason(college_date), at=at)


@transaction.atomic
def endorse_many(
    proposals: Sequence[ChangeProposal], *, by: AbstractBaseUser, college_date: datetime.date | None
) -> list[ChangeProposal]:
    """The college's decision on several proposals at once: all of them, or none (the message names
    the one that could not)."""
    if not proposals:
        raise _error(NOTHING_TO_ENDORSE, "nothing_to_endorse")
    done = []
    for proposal in sorted(proposals, key=_plan_order):
        try:
            done.append(endorse(proposal, by=by, college_date=college_date))
        except ValidationError as error:
            raise _error(
                ENDORSE_FAILED,
                "endorse_failed",
                proposal=capfirst(str(proposal)),
                reason=" ".join(error.messages),
            ) from error
    return done


@transaction.atomic
def adopt_in_version(
    proposal: ChangeProposal, *, by: AbstractBaseUser, decision_date: datetime.date, reason: str
) -> ChangeProposal:
    """Carry out a proposal the college agreed with, as part of its aanpassing's adoption by the raad
    (versions/aanpassing.py): refused when an item it touches changed since it was written."""
    proposal = _begin(proposal, "adopt", by)
    _check_decision_date(decision_date)
    content = _content_of(proposal)
    _check_still_fits(proposal, content)
    if proposal.kind == ProposalKind.REWORD and not proposal.new_title:
        raise _error(REWORD_WITHOUT_TEXT, "reword_without_text")
    _carry_out(proposal, content, reason=reason, on=decision_date, by=by)
    proposal.council_decision_date = decision_date
    return _take(proposal, "adopt", by=by, reason=reason)
