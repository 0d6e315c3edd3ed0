"""A round's to-do: Mijn acties for the eigenaar, "klaar" per item, and completion for the cel."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from plans.items import item_in_plan
from plans.models import Status
from plans.rows import status_rows
from rounds.models import ReportingRound, UpdateState
from rounds.todo import Entry, completion, mark_ready, my_rounds, reopen


@require_safe
@permission_required("plans.view_plan", raise_exception=True)
def my_items(request: HttpRequest) -> HttpResponse:
    """Mijn acties: the items the user owns in every open round, what is still open first."""
    rounds = my_rounds(request.user)
    for my_round in rounds:
        rows = status_rows(my_round.plan, [entry.item for entry in my_round.entries], user=request.user)
        for entry, row in zip(my_round.entries, rows, strict=True):
            entry.row = row
    return render(request, "reporting/my_items.html", {"my_rounds": rounds, "status_choices": Status.choices})


@require_POST
@vary_on_headers("HX-Request")
def item_ready(request: HttpRequest, slug: str, pk: int, kind: str, item_pk: int) -> HttpResponse:
    """Mark one item klaar voor deze rapportering (or, with ``klaar=nee``, open again)."""
    round = get_object_or_404(ReportingRound.objects.select_related("plan"), plan__slug=slug, pk=pk)
    item = item_in_plan(round.plan, kind, item_pk)
    ready = request.POST.get("klaar", "ja") != "nee"
    htmx = request.headers.get("HX-Request") == "true"
    try:
        update = (mark_ready if ready else reopen)(round, item, by=request.user)
    except ValidationError as error:
        if htmx:
            entry = Entry(item, kind, UpdateState.OPEN, "")
            context = {"round": round, "plan": round.plan, "entry": entry, "errors": error.messages}
            return render(request, "reporting/_todo_state.html", context)
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:my_items")
    entry = Entry(item, kind, update.state, update.message)
    if htmx:
        mine = next((mine for mine in my_rounds(request.user) if mine.round.pk == round.pk), None)
        context = {
            "round": round,
            "plan": round.plan,
            "entry": entry,
            "just_changed": True,
            "changed_round": mine,
        }
        return render(request, "reporting/_todo_state.html", context)
    if ready:
        messages.success(request, _("%(item)s is klaar voor deze rapportering.") % {"item": item})
    else:
        messages.success(request, _("%(item)s staat opnieuw open.") % {"item": item})
    return redirect("reporting:my_items")


@require_safe
def round_completion(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """For the cel: per dienst and per person, how much is klaar and what is still missing."""
    if not request.user.has_perm("rounds.change_reportinground"):
        raise PermissionDenied
    round = get_object_or_404(ReportingRound.objects.select_related("plan"), plan__slug=slug, pk=pk)
    context = {"plan": round.plan, "round": round, "completion": completion(round)}
    return render(request, "reporting/completion.html", context)
