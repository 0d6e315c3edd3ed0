"""Detailing (stap 4): each retained actieplan in acties and projecten over the years, with a task
split and ramingen per year, category and budget code, the sum against the envelope. Thin: the rules
are in drafting/drafts.py and drafting/envelopes.py; a refusal there becomes a message here."""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.changes import Conflict
from drafting import drafts, envelopes
from drafting.forms import EstimateForm, ItemForm
from drafting.models import DraftAmount, DraftItem, ItemKind, Proposal, ProposalKind, Standing
from drafting.views.common import add_refusal, context, draft_for_cel, draft_for_readers
from plans.models import Direction
from plans.money import euro


def _action_plan(draft, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("chapter", "goal", "political_contact"),
        pk=pk,
        draft=draft,
        kind=ProposalKind.ACTION_PLAN,
        standing=Standing.RETAINED,
    )


@require_safe
def detailing(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_for_readers(request, draft_id)
    rows = envelopes.detailed(draft)
    counts = {
        row["proposal_id"]: row
        for row in DraftItem.objects.filter(proposal__draft=draft)
        .values("proposal_id")
        .annotate(
            actions=Count("pk", filter=Q(kind=ItemKind.ACTION, removed=False)),
            projects=Count("pk", filter=Q(kind=ItemKind.PROJECT, removed=False)),
        )
        .order_by()
    }
    lines = [
        {
            "row": row,
            "envelope": euro(row.envelope, cents=False),
            "estimates": euro(row.estimates),
            "actions": counts.get(row.proposal.pk, {}).get("actions", 0),
            "projects": counts.get(row.proposal.pk, {}).get("projects", 0),
        }
        for row in rows
    ]
    return render(request, "drafting/detailing.html", context(request, draft, lines=lines))


def _page(
    request: HttpRequest,
    draft,
    proposal: Proposal,
    *,
    item_form: ItemForm | None = None,
    estimate_forms: dict | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    items = list(
        DraftItem.objects.filter(proposal=proposal).select_related("policy_field").order_by("position", "pk")
    )
    amounts = defaultdict(list)
    for amount in DraftAmount.objects.filter(item__proposal=proposal).order_by(
        "year", "category", "direction", "budget_code"
    ):
        amounts[amount.item_id].append(amount)
    estimate_forms = estimate_forms or {}
    for item in items:
        item.estimates = amounts[item.pk]
        item.total = sum(
            (a.amount if a.direction == Direction.EXPENSE else -a.amount for a in item.estimates), 0
        )
        item.estimate_form = estimate_forms.get(item.pk) or EstimateForm(
            prefix_id=f"raming-{item.pk}", initial={"year": draft.start_year}
        )
    row = next((each for each in envelopes.detailed(draft) if each.proposal.pk == proposal.pk), None)
    return render(
        request,
        "drafting/detailing_action_plan.html",
        context(
            request,
            draft,
            proposal=proposal,
            items=items,
            row=row,
            envelope=euro(row.envelope, cents=False) if row else "",
            estimates=euro(row.estimates) if row else "",
            item_form=item_form
            or ItemForm(initial={"start_year": draft.start_year, "end_year": draft.end_year}),
            errors=errors or [],
        ),
        status=status,
    )


def _unshown(draft, form: forms.Form) -> list[str]:
    """An adopted draft's page shows no forms: their refusal goes above the page."""
    return [message for errors in form.errors.values() for message in errors] if draft.is_adopted else []


@require_safe
def action_plan(request: HttpRequest, draft_id: int, pk: int) -> HttpResponse:
    draft = draft_for_readers(request, draft_id)
    return _page(request, draft, _action_plan(draft, pk))


def _back(draft, proposal: Proposal, anchor: str = "") -> str:
    return reverse("drafting:detailing_action_plan", args=[draft.pk, proposal.pk]) + anchor


@require_POST
def add_item(request: HttpRequest, draft_id: int, pk: int) -> HttpResponse:
    draft = draft_for_cel(request, draft_id)
    proposal = _action_plan(draft, pk)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            item = drafts.add_item(proposal, by=request.user, **form.values())
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("%(item)s is toegevoegd.") % {"item": capfirst(str(item))})
            return redirect(_back(draft, proposal, f"#item-{item.pk}"))
    return _page(request, draft, proposal, item_form=form, errors=_unshown(draft, form), status=422)


def _item(draft, item_pk: int) -> DraftItem:
    return get_object_or_404(
        DraftItem.objects.select_related("proposal__draft", "policy_field"),
        pk=item_pk,
        proposal__draft=draft,
        proposal__standing=Standing.RETAINED,
    )


def edit_item(request: HttpRequest, draft_id: int, item_pk: int) -> HttpResponse:
    """The form of one actie or project (GET), saved with the copy the editor saw (POST)."""
    draft = (
        draft_for_cel(request, draft_id) if request.method == "POST" else draft_for_readers(request, draft_id)
    )
    item = _item(draft, item_pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    initial = {
        "version": item.version,
        "kind": item.kind,
        "number": item.number,
        "title": item.title,
        "start_year": item.start_year,
        "end_year": item.end_year,
        "task_city": item.task_city,
        "task_partners": item.task_partners,
        "task_citizens": item.task_citizens,
        "policy_field": item.policy_field,
    }
    form = ItemForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                drafts.edit_item(item, form.values(), by=request.user, version=form.cleaned_data["version"])
            except Conflict as conflict:
                form.add_error(None, conflict.message())
                status = 409
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("%(item)s is bijgewerkt.") % {"item": capfirst(str(item))})
                return redirect(_back(draft, item.proposal, f"#item-{item.pk}"))
    return render(
        request,
        "drafting/detailing_item.html",
        context(request, draft, item=item, proposal=item.proposal, form=form),
        status=status,
    )


@require_POST
def remove_item(request: HttpRequest, draft_id: int, item_pk: int) -> HttpResponse:
    """Schrappen: the item stays, marked geschrapt, with its history (never a delete)."""
    draft = draft_for_cel(request, draft_id)
    item = _item(draft, item_pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:  # a copy the form did not say: nothing is struck blindly
        messages.error(request, _("Laad de pagina opnieuw en schrap dan opnieuw."))
        return redirect(_back(draft, item.proposal, f"#item-{item.pk}"))
    try:
        drafts.edit_item(item, {"removed": True}, by=request.user, version=version)
    except Conflict as conflict:
        messages.error(request, conflict.message())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(item)s is geschrapt.") % {"item": capfirst(str(item))})
    return redirect(_back(draft, item.proposal, f"#item-{item.pk}"))


@require_POST
def set_estimate(request: HttpRequest, draft_id: int, item_pk: int) -> HttpResponse:
    """A raming of one year, category and budget code; 0 takes it back."""
    draft = draft_for_cel(request, draft_id)
    item = _item(draft, item_pk)
    form = EstimateForm(request.POST, prefix_id=f"raming-{item.pk}")
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            drafts.set_estimate(
                item,
                year=data["year"],
                category=data["category"],
                direction=data["direction"],
                budget_code=data["budget_code"],
                amount=data["amount"],
                by=request.user,
                version=data["version"],
            )
        except Conflict as conflict:
            form.add_error(None, conflict.message())
            status = 409
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(
                request,
                _("Raming %(year)s van %(item)s is opgeslagen.") % {"year": data["year"], "item": item},
            )
            return redirect(_back(draft, item.proposal, f"#item-{item.pk}"))
    return _page(
        request,
        draft,
        item.proposal,
        estimate_forms={item.pk: form},
        errors=_unshown(draft, form),
        status=status,
    )


urlpatterns = [
    path("<int:draft_id>/uitwerking/", detailing, name="detailing"),
    path("<int:draft_id>/uitwerking/<int:pk>/", action_plan, name="detailing_action_plan"),
    path("<int:draft_id>/uitwerking/<int:pk>/nieuw/", add_item, name="detailing_add_item"),
    path("<int:draft_id>/uitwerking/actie/<int:item_pk>/", edit_item, name="detailing_item"),
    path("<int:draft_id>/uitwerking/actie/<int:item_pk>/schrappen/", remove_item, name="detailing_remove"),
    path("<int:draft_id>/uitwerking/actie/<int:item_pk>/raming/", set_estimate, name="detailing_estimate"),
]
