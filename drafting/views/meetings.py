"""The decision steps of a draft and their meetings: the steps per subject (rename, date, who records,
add, remove), and a meeting's page where its decisions are recorded row by row, in place (htmx) or
with a plain POST. Thin: the rules are in drafting/steps.py and drafting/access.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.changes import Conflict
from drafting import access, steps
from drafting.forms import AddStepForm, DecisionForm, StepForm
from drafting.models import Decision, Draft, Outcome, Proposal, Standing, Step, Subject
from drafting.views.common import check_cel_writes, context, draft_for, draft_for_readers


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_safe
def steps_page(request: HttpRequest, draft_id: int) -> HttpResponse:
    """The steps per subject, each a meeting with its date and the size of its agenda."""
    found = draft_for_readers(request, draft_id)
    listed = (
        Step.objects.filter(draft=found, removed=False)
        .annotate(
            waiting=Count("proposals", filter=Q(proposals__standing=Standing.UNDER_WAY), distinct=True),
            decided=Count("decisions", distinct=True),
        )
        .order_by("subject", "position")
    )
    by_subject = {subject: [] for subject in Subject.values}
    for step in listed:
        step.form = StepForm(
            initial={
                "name": step.name,
                "meeting_date": step.meeting_date,
                "decider": step.decider,
                "version": step.version,
            },
            prefix=f"step-{step.pk}",
        )
        by_subject[step.subject].append(step)
    subjects = [(subject, Subject(subject).label, rows) for subject, rows in by_subject.items()]
    return render(
        request,
        "drafting/steps.html",
        context(
            request,
            found,
            subjects=subjects,
            add_form=AddStepForm(),
            may_edit=access.may_draft(request.user) and not found.is_adopted,
        ),
    )


def _step_of(found: Draft, step_id: int) -> Step:
    return get_object_or_404(Step.objects.filter(draft=found), pk=step_id)


@require_POST
def edit_step(request: HttpRequest, draft_id: int, step_id: int) -> HttpResponse:
    found = draft_for(request, draft_id)
    check_cel_writes(request, found)
    step = _step_of(found, step_id)
    form = StepForm(request.POST, prefix=f"step-{step.pk}")
    if not form.is_valid():
        errors = [error for field in form for error in field.errors] + list(form.non_field_errors())
        messages.error(
            request, _("“%(step)s” niet aangepast: %(why)s") % {"step": step, "why": " ".join(errors)}
        )
        return redirect(f"{reverse('drafting:steps', args=[found.pk])}#step-{step.pk}")
    try:
        renamed = steps.rename_step(step, by=request.user, **form.cleaned_data)
    except Conflict as conflict:
        messages.error(request, conflict.message())
    except ValidationError as error:
        messages.error(
            request, _("“%(step)s” niet aangepast: %(why)s") % {"step": step, "why": _refusal(error)}
        )
    else:
        messages.success(request, _("De stap “%(step)s” is bewaard.") % {"step": renamed})
    return redirect(f"{reverse('drafting:steps', args=[found.pk])}#step-{step.pk}")


@require_POST
def add_step(request: HttpRequest, draft_id: int, subject: str) -> HttpResponse:
    """A new step after another (``na``: a step's id; empty: first)."""
    found = draft_for(request, draft_id)
    check_cel_writes(request, found)
    if subject not in Subject.values:
        raise PermissionDenied
    after_id = request.POST.get("after", "")
    after = _step_of(found, int(after_id)) if after_id.isdigit() else None
    if after is not None and (after.subject != subject or after.removed):
        messages.error(request, steps.STEP_REMOVED)
        return redirect("drafting:steps", found.pk)
    form = AddStepForm(request.POST)
    if not form.is_valid():
        errors = [error for field in form for error in field.errors]
        messages.error(request, _("Geen stap toegevoegd: %(why)s") % {"why": " ".join(errors)})
        return redirect("drafting:steps", found.pk)
    try:
        added = steps.add_step(found, subject, after=after, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _("Geen stap toegevoegd: %(why)s") % {"why": _refusal(error)})
        return redirect("drafting:steps", found.pk)
    messages.success(request, _("De stap “%(step)s” is toegevoegd.") % {"step": added})
    return redirect(f"{reverse('drafting:steps', args=[found.pk])}#step-{added.pk}")


@require_POST
def remove_step(request: HttpRequest, draft_id: int, step_id: int) -> HttpResponse:
    found = draft_for(request, draft_id)
    check_cel_writes(request, found)
    step = _step_of(found, step_id)
    try:
        steps.remove_step(step, by=request.user)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request, _("De stap “%(step)s” is geschrapt; ze blijft in het spoor.") % {"step": step}
        )
    return redirect("drafting:steps", found.pk)


# The meeting: its agenda, decided row by row.


def _agenda(step: Step):
    return (
        steps.agenda(step)
        .select_related("political_contact", "department", "chapter")
        .annotate(envelope_total=Sum(F("envelopes__operating") + F("envelopes__investment")))
    )


def _row(request, found: Draft, step: Step, proposal: Proposal, *, may_decide: bool, **state) -> dict:
    return {
        "draft": found,
        "step": step,
        "proposal": proposal,
        "may_decide": may_decide,
        "outcome_choices": Outcome.choices,
        **state,
    }


@require_safe
def meeting(request: HttpRequest, draft_id: int, step_id: int) -> HttpResponse:
    found = draft_for_readers(request, draft_id)
    return _meeting_page(request, found, _step_of(found, step_id))


AGENDA_PER_PAGE = 25
DECIDED_SHOWN = 50


def _meeting_page(request, found: Draft, step: Step, refused: dict | None = None) -> HttpResponse:
    """The meeting's page, its agenda 25 proposals at a time; ``refused``: a row whose decision was
    refused without JavaScript, shown in its row with what was typed ({"pk": …, "form": …, "errors":
    […]}) on the page that holds it, answered with 422."""
    may_decide = access.may_decide(request.user, step) and not found.is_adopted
    agenda = _agenda(step)
    page_number = request.GET.get("pagina")
    if refused:
        ids = list(agenda.values_list("pk", flat=True))
        page_number = ids.index(refused["pk"]) // AGENDA_PER_PAGE + 1 if refused["pk"] in ids else 1
    page = Paginator(agenda, AGENDA_PER_PAGE).get_page(page_number)
    rows = []
    for proposal in page:
        state = (
            {"form": refused["form"], "errors": refused["errors"]}
            if refused and refused["pk"] == proposal.pk
            else {}
        )
        rows.append(_row(request, found, step, proposal, may_decide=may_decide, **state))
    decided = (
        Decision.objects.filter(step=step)
        .select_related("proposal", "decided_by")
        .order_by("-decided_at", "-pk")
    )
    decided_count = decided.count()
    decided = decided[:DECIDED_SHOWN]
    return render(
        request,
        "drafting/meeting.html",
        context(
            request,
            found,
            step=step,
            rows=rows,
            page=page,
            decided=decided,
            decided_count=decided_count,
            may_decide=may_decide,
            next_step=steps.next_step(step),
        ),
        status=422 if refused else 200,
    )


def _row_answer(request, row: dict, status: int = 200) -> HttpResponse:
    return render(request, "drafting/_decision_row.html", row, status=status)


@require_POST
def decide(request: HttpRequest, draft_id: int, step_id: int, pk: int) -> HttpResponse:
    """Record one decision of the meeting: in place (htmx) or with a plain POST (back to the page)."""
    found = draft_for_readers(request, draft_id)
    step = _step_of(found, step_id)
    proposal = get_object_or_404(
        Proposal.objects.filter(draft=found).annotate(
            envelope_total=Sum(F("envelopes__operating") + F("envelopes__investment"))
        ),
        pk=pk,
    )
    in_row = bool(request.headers.get("HX-Request"))
    page = f"{reverse('drafting:meeting', args=[found.pk, step.pk])}#decide-{proposal.pk}"
    form = DecisionForm(request.POST)
    row = _row(request, found, step, proposal, may_decide=True, form=form)
    if not access.may_decide(request.user, step):
        message = steps.NOT_YOUR_STEP % {"step": step.name, "decider": step.get_decider_display()}
        if not in_row:
            raise PermissionDenied(message)
        response = _row_answer(request, {**row, "may_decide": False, "errors": [message]}, status=403)
        response["X-Refused-In-Row"] = "1"
        return response
    if not form.is_valid():
        errors = [error for field in form for error in field.errors]
        if not in_row:
            return _meeting_page(request, found, step, {"pk": proposal.pk, "form": form, "errors": errors})
        return _row_answer(request, {**row, "errors": errors}, status=422)
    data = form.cleaned_data
    try:
        done = steps.decide(
            proposal, step, data["outcome"], by=request.user, remark=data["remark"], version=data["version"]
        )
    except Conflict as conflict:
        errors, status = [conflict.message()], 409
    except ValidationError as error:
        errors, status = error.messages, 422
    else:
        summary = _("%(proposal)s: %(outcome)s genoteerd.") % {
            "proposal": capfirst(str(done.proposal)),
            "outcome": done.decision.get_outcome_display(),
        }
        if not in_row:
            messages.success(request, summary)
            return redirect(page)
        return _row_answer(request, {**row, "decision": done.decision, "after": done.proposal})
    if not in_row:
        if steps.agenda(step).filter(pk=proposal.pk).exists():  # in its row, with what was typed
            return _meeting_page(request, found, step, {"pk": proposal.pk, "form": form, "errors": errors})
        messages.error(request, _("Niet genoteerd: %(why)s") % {"why": " ".join(errors)})
        return redirect(page)
    return _row_answer(request, {**row, "errors": errors}, status=status)


urlpatterns = [
    path("<int:draft_id>/stappen/", steps_page, name="steps"),
    path("<int:draft_id>/stappen/<str:subject>/toevoegen/", add_step, name="add_step"),
    path("<int:draft_id>/stappen/<int:step_id>/", meeting, name="meeting"),
    path("<int:draft_id>/stappen/<int:step_id>/aanpassen/", edit_step, name="edit_step"),
    path("<int:draft_id>/stappen/<int:step_id>/schrappen/", remove_step, name="remove_step"),
    path("<int:draft_id>/stappen/<int:step_id>/beslissen/<int:pk>/", decide, name="decide"),
]
