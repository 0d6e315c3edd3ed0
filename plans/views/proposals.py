"""The change-proposal pages: the cel drafts and follows, the MT reviews, the raad's decision is applied.

Thin: every rule is in ``plans/proposals.py``; a refusal there becomes a message here.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, OuterRef, Prefetch, Subquery, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from core.changes import Conflict
from plans import amendments, decision_hooks, proposals
from plans.forms import DecisionForm, ProposalForm, ReviewForm, rounds_of
from plans.models import (
    OPEN_STATES,
    Action,
    ActionPlan,
    ChangeProposal,
    LifeCycle,
    Plan,
    ProposalKind,
    ProposalState,
)
from plans.proposal_sentences import effects, phrase
from plans.timeline import is_rewrite, word_diff

STATE_ORDER = [
    ProposalState.DRAFT,
    ProposalState.SUBMITTED,
    ProposalState.APPROVED,
    ProposalState.ENDORSED,
    ProposalState.APPLIED,
    ProposalState.REJECTED,
    ProposalState.WITHDRAWN,
]
SIMPLE_STEPS = {"submit": proposals.submit, "withdraw": proposals.withdraw}
CHOOSE_DECISION = gettext_lazy("Kies goedkeuren of afwijzen.")
AMENDMENT_NOT_EDITABLE = gettext_lazy(
    "Een voorstel van een aanpassing (toevoegen, ramingen, prioriteit) wordt niet bewerkt: trek het in en "
    "stel een nieuw op."
)


def _proposals(plan: Plan):
    """The plan's proposals with everything a card shows, in a fixed number of queries."""
    active_actions = (
        Action.objects.filter(action_plan=OuterRef("action_plan"), life_cycle=LifeCycle.ACTIVE)
        .order_by()
        .values("action_plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    created = Action.objects.filter(  # the new actie a carried-out bundeling made
        action_plan=OuterRef("action_plan"), number=OuterRef("new_action_number")
    ).values("pk")[:1]
    return (
        ChangeProposal.objects.in_plan(plan)
        .select_related(
            "action_plan",
            "merge_into",
            "round",
            "goal",
            "plan_version",
            "created_by",
            "submitted_by",
            "decided_by",
            "endorsed_by",
            "applied_by",
        )
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("sort_key")))
        .annotate(
            active_actions=Coalesce(Subquery(active_actions), 0),
            created_action=Case(
                When(state=ProposalState.APPLIED, new_action_number__gt="", then=Subquery(created)),
                default=None,
            ),
        )
        .order_by("action_plan__sort_key", "pk")
    )


def _card(proposal: ChangeProposal, user) -> dict:
    """What a page shows of one proposal: its phrase, the items it names (number and title), the
    wording before and after, and its buttons."""
    actions = list(proposal.actions.all())
    current = None
    if proposal.kind == ProposalKind.REWORD:
        current = (actions[0] if actions else proposal.action_plan).title
    elif proposal.kind == ProposalKind.MERGE and proposal.merge_into:
        current = proposal.merge_into.title
    new = proposal.new_title
    items = [("actie", action) for action in actions] or (
        [("actieplan", proposal.action_plan)] if proposal.action_plan else []
    )
    amendment = proposal.kind in amendments.KINDS
    return {
        "proposal": proposal,
        "phrase": phrase(proposal, actions),
        # toevoegen, ramingen, prioriteit: what it proposes in full, on every page that shows it
        "amendment_lines": effects(proposal, actions) if amendment else [],
        "editable": not amendment,
        # What it will change, while that is still to come; afterwards the items and their timelines say it.
        "effects": effects(proposal, actions) if proposal.state in OPEN_STATES else [],
        "items": items if proposal.kind in (ProposalKind.REMOVE, ProposalKind.MERGE) else [],
        "current": current,
        "diff": word_diff(current or "", new) if new else [],
        "side_by_side": bool(new) and is_rewrite(current or "", new),
        "steps": proposals.allowed_steps(proposal, user),
    }


def _refusal_text(error: ValidationError | PermissionDenied) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@require_safe
@permission_required("plans.view_changeproposal", raise_exception=True)
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    cards = [_card(p, request.user) for p in _proposals(plan)]
    groups = [
        (ProposalState(state).label, [c for c in cards if c["proposal"].state == state])
        for state in STATE_ORDER
    ]
    return render(request, "plans/proposals.html", {"plan": plan, "groups": [g for g in groups if g[1]]})


def _step_of(record) -> tuple:
    return record.state, record.history_change_reason, record.history_user_id


@require_safe
@permission_required("plans.view_changeproposal", raise_exception=True)
def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One proposal with its motivering, remark and course: where a proposal number links to."""
    plan = get_object_or_404(Plan, slug=slug)
    proposal = get_object_or_404(_proposals(plan), pk=pk)
    records = list(proposal.history.select_related("history_user").order_by("history_date", "history_id"))
    course = [  # one line per step: saving a proposal's actions writes a second record of the same step
        record
        for record, previous in zip(records, [None, *records], strict=False)
        if previous is None or _step_of(record) != _step_of(previous)
    ]
    context = {"plan": plan, "card": _card(proposal, request.user), "course": course}
    return render(request, "plans/proposal.html", context)


def _proposal_form_page(request, plan, action_plan, form, proposal=None) -> HttpResponse:
    context = {"plan": plan, "action_plan": action_plan, "form": form, "proposal": proposal}
    return render(request, "plans/proposal_form.html", context)


@permission_required("plans.add_changeproposal", raise_exception=True)
def draft(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    action_plan = get_object_or_404(ActionPlan.objects.in_plan(plan), number=number)
    initial = {
        "new_action_number": proposals.free_action_number(action_plan),
        "round": rounds_of(plan).filter(closed_at=None).first(),  # the open round, if any
    }
    in_draft = decision_hooks.aanpassing_in_draft(plan)
    form = ProposalForm(request.POST or None, action_plan=action_plan, initial=initial, aanpassing=in_draft)
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "in_aanpassing")}
            if form.cleaned_data.get("in_aanpassing"):
                data["plan_version"] = in_draft
            proposal = proposals.draft_proposal(plan=plan, action_plan=action_plan, by=request.user, **data)
            if "submit" in request.POST:
                proposals.submit(proposal, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(proposal)s is opgeslagen: %(phrase)s")
                % {"proposal": capfirst(str(proposal)), "phrase": phrase(proposal)},
            )
            return redirect("plans:proposals", slug=plan.slug)
    return _proposal_form_page(request, plan, action_plan, form)


@permission_required("plans.change_changeproposal", raise_exception=True)
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    proposal = get_object_or_404(ChangeProposal.objects.in_plan(plan), pk=pk)
    if proposal.kind in amendments.KINDS:
        messages.error(request, AMENDMENT_NOT_EDITABLE)
        return redirect("plans:proposal", slug=plan.slug, pk=proposal.pk)
    initial = {
        "kind": proposal.kind,
        "actions": proposal.actions.all(),
        "merge_into": proposal.merge_into,
        "new_action_number": proposal.new_action_number,
        "new_title": proposal.new_title,
        "motivation": proposal.motivation,
        "round": proposal.round,
        "version": proposal.version,
    }
    form = ProposalForm(
        request.POST or None, action_plan=proposal.action_plan, initial=initial, fixed_kind=True
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
        try:
            proposals.edit_proposal(proposal, by=request.user, **data)
            if "submit" in request.POST:
                proposals.submit(proposal, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        except Conflict as conflict:
            form.add_error(None, conflict.message())
        else:
            messages.success(
                request, _("%(proposal)s is bijgewerkt.") % {"proposal": capfirst(str(proposal))}
            )
            return redirect("plans:proposals", slug=plan.slug)
    return _proposal_form_page(request, plan, proposal.action_plan, form, proposal)


@require_POST
def take_step(request: HttpRequest, slug: str, pk: int, step: str) -> HttpResponse:
    """Indienen or intrekken, from the list of proposals."""
    plan = get_object_or_404(Plan, slug=slug)
    proposal = get_object_or_404(ChangeProposal.objects.in_plan(plan), pk=pk)
    if step not in SIMPLE_STEPS:
        raise PermissionDenied
    try:
        done = SIMPLE_STEPS[step](proposal, by=request.user)
    except ValidationError as error:
        messages.error(request, _refusal_text(error))
    else:
        messages.success(
            request,
            _("%(proposal)s is nu %(state)s.")
            % {"proposal": capfirst(str(done)), "state": done.get_state_display()},
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("plans:proposals", slug=plan.slug)


def _to_review(plan: Plan) -> int:
    return ChangeProposal.objects.in_plan(plan).filter(state=ProposalState.SUBMITTED).count()


@require_safe
@permission_required("plans.view_changeproposal", raise_exception=True)
def review(request: HttpRequest, slug: str) -> HttpResponse:
    """The MT's page: submitted proposals grouped by actieplan, each with its wording and a decision."""
    plan = get_object_or_404(Plan, slug=slug)
    cards = [
        _card(proposal, request.user) for proposal in _proposals(plan).filter(state=ProposalState.SUBMITTED)
    ]
    groups: dict[ActionPlan, list[dict]] = {}
    for card in cards:
        groups.setdefault(card["proposal"].action_plan, []).append(card)
    context = {"plan": plan, "groups": groups.items(), "remaining": len(cards)}
    return render(request, "plans/review.html", context)


def _decide(proposal: ChangeProposal, form: ReviewForm, *, by) -> ChangeProposal:
    if not form.is_valid():
        if "decision" in form.errors:
            raise ValidationError(CHOOSE_DECISION, code="no_decision")
        raise ValidationError([error for errors in form.errors.values() for error in errors])
    data = form.cleaned_data
    if data["decision"] == "approve":
        return proposals.approve(proposal, by=by, remark=data["remark"], new_title=data["new_title"])
    return proposals.reject(proposal, by=by, remark=data["remark"])


@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Goedkeuren or afwijzen. With htmx the card is swapped in place with the outcome beside it and
    the count of what remains (a refusal: 409 if someone decided first, else 422); without, the
    review page again with a message."""
    plan = get_object_or_404(Plan, slug=slug)
    proposal = get_object_or_404(ChangeProposal.objects.in_plan(plan), pk=pk)
    if not request.user.has_perm("plans.review_changeproposal"):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    try:
        done = _decide(proposal, form, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        ok, text = False, f"{capfirst(str(proposal))}: {_refusal_text(error)}"
        status = 409 if getattr(error, "code", None) == "wrong_state" else 422
    else:
        ok, status = True, 200
        text = capfirst(
            _("%(proposal)s is %(state)s.") % {"proposal": done, "state": done.get_state_display()}
        )
    if not request.headers.get("HX-Request"):
        (messages.success if ok else messages.error)(request, text)
        return redirect("plans:review", slug=plan.slug)
    card = _card(get_object_or_404(_proposals(plan), pk=pk), request.user)
    feedback = {"ok": ok, "text": text}
    context = {
        "plan": plan,
        "card": card,
        "feedback": feedback,
        "entered": request.POST,
        "remaining": _to_review(plan),
    }
    return render(request, "plans/_review_card.html", context, status=status)


@permission_required("plans.view_changeproposal", raise_exception=True)
def council_decision(request: HttpRequest, slug: str) -> HttpResponse:
    """Apply all approved proposals of one raad decision at once, after seeing what each changes."""
    plan = get_object_or_404(Plan, slug=slug)
    form = DecisionForm(request.POST or None, plan=plan, initial={"proposals": _approved_ids(plan)})
    if request.method == "POST":
        if not request.user.has_perm("plans.apply_changeproposal"):
            raise PermissionDenied
        if form.is_valid():
            try:
                applied = proposals.apply_decision(
                    list(form.cleaned_data["proposals"]),
                    by=request.user,
                    decision_date=form.cleaned_data["decision_date"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d voorstel doorgevoerd.", "%(count)d voorstellen doorgevoerd.", len(applied)
                    )
                    % {"count": len(applied)},
                )
                return redirect("plans:proposals", slug=plan.slug)
    # An aanpassing's proposals are adopted with it (versions), not one by one here.
    approved = _proposals(plan).filter(state=ProposalState.APPROVED, plan_version=None)
    cards = [_card(p, request.user) for p in approved]
    return render(request, "plans/decision.html", {"plan": plan, "form": form, "cards": cards})


def _approved_ids(plan: Plan) -> list[int]:
    return list(
        ChangeProposal.objects.in_plan(plan)
        .filter(state=ProposalState.APPROVED, plan_version=None)
        .values_list("pk", flat=True)
    )


# For the pages of an aanpassing (versions/views/aanpassing.py): the same cards, in the same queries.
annotated_proposals = _proposals
card_of = _card
