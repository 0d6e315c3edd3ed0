"""Draft pages of the reality check (stap 2): the envelopes per retained actieplan and year against the
beschikbare ruimte, and the scenarios that weigh a choice before anyone decides. Thin: the rules are in
drafting/envelopes.py and drafting/scenarios.py."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from core.changes import Conflict
from drafting import access, envelopes, room_chart, scenarios
from drafting.models import (
    ChangeKind,
    Draft,
    Envelope,
    Proposal,
    ProposalKind,
    Room,
    Scenario,
    ScenarioState,
    Standing,
)
from drafting.views.common import context, draft_for_cel, draft_for_readers

SAVED_ROW = _("De enveloppes van %(proposal)s zijn bewaard.")
SAVED_ROOM = _("De beschikbare ruimte is bewaard.")
NOTHING_CHANGED = _("Niets gewijzigd.")
CONFLICT = _(
    "%(item)s werd intussen gewijzigd door %(who)s. Er is niets bewaard: herlaad de pagina, bekijk hun "
    "bedragen en vul de uwe opnieuw in."
)


def plain(amount: Decimal | None) -> str:
    """An amount as typed in a field: 1.250.000 (no euro sign)."""
    return "" if amount is None else envelopes.euro(amount).removeprefix("€ ")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _version(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# ----- the envelope page -----


ROWS_PER_PAGE = 10  # actieplannen per page of envelopes: the check above always counts them all


def _rows(draft: Draft, page_number) -> tuple[list[dict], dict, Page]:
    """One page of retained actieplannen with their years' figures as typed and their versions, and
    every retained actieplan's envelopes as plain figures for the check (three queries)."""
    found: dict[int, dict[int, tuple]] = {}
    figures: dict[int, dict[int, tuple[Decimal, Decimal]]] = {}
    for proposal_id, year, operating, investment, version in Envelope.objects.filter(
        proposal__draft=draft, proposal__kind=ProposalKind.ACTION_PLAN, proposal__standing=Standing.RETAINED
    ).values_list("proposal_id", "year", "operating", "investment", "version"):
        found.setdefault(proposal_id, {})[year] = (operating, investment, version)
        figures.setdefault(proposal_id, {})[year] = (operating, investment)
    proposals = (
        Proposal.objects.filter(draft=draft, kind=ProposalKind.ACTION_PLAN, standing=Standing.RETAINED)
        .select_related("chapter")
        .order_by("position", "pk")
    )
    page = Paginator(proposals, ROWS_PER_PAGE).get_page(page_number)
    rows = [_row(draft, proposal, found.get(proposal.pk, {})) for proposal in page]
    return rows, figures, page


def _row(draft: Draft, proposal: Proposal, per_year: dict[int, tuple]) -> dict:
    years = []
    for year in draft.years:
        operating, investment, version = per_year.get(year, (None, None, 0))
        years.append(
            {"year": year, "operating": plain(operating), "investment": plain(investment), "version": version}
        )
    return {"proposal": proposal, "years": years}


def _rooms(draft: Draft) -> list[dict]:
    stored = {room.year: room for room in Room.objects.filter(draft=draft)}
    return [
        {
            "year": year,
            "available": plain(stored[year].available) if year in stored else "",
            "margin": plain(stored[year].self_financing_margin) if year in stored else "",
            "version": stored[year].version if year in stored else 0,
        }
        for year in draft.years
    ]


def _check_context(draft: Draft, figures) -> dict:
    result = envelopes.check(draft, figures)
    names = {chapter.pk: chapter.name for chapter in result.chapters if chapter is not None}
    by_chapter = [
        {
            "name": names.get(chapter.pk) if chapter is not None else _("Zonder hoofdstuk"),
            "amounts": [
                envelopes.euro(y.by_chapter.get(chapter.pk if chapter else None, 0)) for y in result.years
            ],
        }
        for chapter in result.chapters
    ]
    return {
        "check": result,
        "by_chapter": by_chapter,
        "totals": _totals(result),
        "chart": room_chart.chart(result),
    }


def _cells(values, over=()) -> list[dict]:
    over = list(over) or [False] * len(values)
    return [{"text": text, "over": is_over} for text, is_over in zip(values, over, strict=True)]


def _totals(result: envelopes.Check) -> list[dict]:
    """The check's lines under the chapters: totals, room, difference, autofinancieringsmarge."""
    years = result.years
    amount = envelopes.euro
    return [
        {"label": _("Exploitatie"), "cells": _cells([amount(y.operating) for y in years])},
        {"label": _("Investeringen"), "cells": _cells([amount(y.investment) for y in years])},
        {"label": _("Totaal enveloppes"), "cells": _cells([amount(y.total) for y in years]), "strong": True},
        {
            "label": _("Beschikbare ruimte"),
            "cells": _cells([amount(y.room) if y.room is not None else _("niet ingevuld") for y in years]),
        },
        {
            "label": _("Verschil (ruimte min enveloppes)"),
            "cells": _cells([amount(y.left) for y in years], [y.over for y in years]),
        },
        {
            "label": _("Autofinancieringsmarge vóór de enveloppes"),
            "cells": _cells([amount(y.margin_before) for y in years]),
        },
        {
            "label": _("Autofinancieringsmarge na de enveloppes"),
            "cells": _cells([amount(y.margin_after) for y in years]),
        },
    ]


@require_safe
def envelope_page(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_for_readers(request, draft_id)
    rows, figures, page = _rows(draft, request.GET.get("pagina"))
    return render(
        request,
        "drafting/envelopes.html",
        context(request, draft, rows=rows, page=page, rooms=_rooms(draft), **_check_context(draft, figures)),
    )


def _row_edits(request: HttpRequest, draft: Draft) -> dict:
    """The years whose figures the editor changed: what they typed and the version they saw."""
    edits = {}
    for year in draft.years:
        operating = request.POST.get(f"operating_{year}", "").strip()
        investment = request.POST.get(f"investment_{year}", "").strip()
        seen = (
            request.POST.get(f"seen_operating_{year}", ""),
            request.POST.get(f"seen_investment_{year}", ""),
        )
        if (operating, investment) == seen:
            continue
        edits[year] = (operating or "0", investment or "0", _version(request.POST.get(f"version_{year}")))
    return edits


@require_POST
def save_envelope(request: HttpRequest, draft_id: int, pk: int) -> HttpResponse:
    """One actieplan's envelopes of every year: in place (htmx) or as a plain form."""
    draft = draft_for_cel(request, draft_id)
    proposal = get_object_or_404(Proposal, pk=pk, draft=draft, kind=ProposalKind.ACTION_PLAN)
    edits = _row_edits(request, draft)
    state, errors, status = "unchanged", [], 200
    try:
        if edits:
            envelopes.set_envelopes(proposal, edits, by=request.user)
            state = "saved"
    except Conflict as conflict:
        state, status = "conflict", 409
        errors = [CONFLICT % {"item": conflict.current, "who": conflict.who()}]
    except ValidationError as error:
        state, status, errors = "invalid", 422, error.messages
    if not _is_htmx(request):
        if state == "saved":
            messages.success(request, SAVED_ROW % {"proposal": proposal})
        elif state == "unchanged":
            messages.info(request, NOTHING_CHANGED)
        else:
            messages.error(request, " ".join(errors))
        return redirect(reverse("drafting:envelopes", args=[draft.pk]) + f"#ap-{proposal.pk}")
    if (
        state == "unchanged"
    ):  # a second save of the same row (leaving a field, then Bewaren): keep the first's word
        return HttpResponse(status=204)
    versions = dict(Envelope.objects.filter(proposal=proposal).values_list("year", "version"))
    years = [
        {
            "year": year,
            "seen_operating": request.POST.get(f"operating_{year}", "").strip(),
            "seen_investment": request.POST.get(f"investment_{year}", "").strip(),
            "version": versions.get(year, 0),
        }
        for year in draft.years
    ]
    return render(
        request,
        "drafting/_envelope_state.html",
        {"proposal": proposal, "years": years, "state": state, "errors": errors},
        status=status,
    )


@require_POST
def save_room(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_for_cel(request, draft_id)
    edits = {}
    for year in draft.years:
        available = request.POST.get(f"available_{year}", "").strip()
        margin = request.POST.get(f"margin_{year}", "").strip()
        seen = (request.POST.get(f"seen_available_{year}", ""), request.POST.get(f"seen_margin_{year}", ""))
        if (available, margin) != seen:
            edits[year] = (available, margin, _version(request.POST.get(f"version_{year}")))
    try:
        if edits:
            envelopes.set_rooms(draft, edits, by=request.user)
    except Conflict as conflict:
        messages.error(request, CONFLICT % {"item": conflict.current, "who": conflict.who()})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, SAVED_ROOM if edits else NOTHING_CHANGED)
    return redirect(reverse("drafting:envelopes", args=[draft.pk]) + "#ruimte")


# ----- scenarios -----


@require_safe
def scenario_list(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_for_readers(request, draft_id)
    found = (
        Scenario.objects.filter(draft=draft)
        .annotate(choices=Count("changes"))
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
    return render(request, "drafting/scenarios.html", context(request, draft, scenarios=found, posted={}))


@require_POST
def start_scenario(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_for_cel(request, draft_id)
    name, note = request.POST.get("name", ""), request.POST.get("note", "")
    try:
        scenario = scenarios.start(draft, name=name, note=note, by=request.user)
    except ValidationError as error:
        found = (
            Scenario.objects.filter(draft=draft).annotate(choices=Count("changes")).order_by("-created_at")
        )
        return render(
            request,
            "drafting/scenarios.html",
            context(
                request,
                draft,
                scenarios=found,
                errors=error.messages,
                posted={"name": name, "note": note},
            ),
            status=422,
        )
    messages.success(
        request, _("Scenario “%(name)s” is opgesteld. Voeg er keuzes aan toe.") % {"name": scenario}
    )
    return redirect("drafting:scenario", draft.pk, scenario.pk)


def _scenario(draft: Draft, pk: int) -> Scenario:
    return get_object_or_404(Scenario.objects.select_related("draft", "created_by"), pk=pk, draft=draft)


def _effect_rows(result: scenarios.Effect) -> list[dict]:
    rows = []
    for before, after in result.rows():
        rows.append(
            {
                "year": before.year,
                "before": envelopes.euro(before.total),
                "after": envelopes.euro(after.total),
                "change": envelopes.euro(after.total - before.total),
                "room": envelopes.euro(after.room) if after.room is not None else _("niet ingevuld"),
                "left": envelopes.euro(after.left) if after.left is not None else "",
                "over_before": before.over,
                "over": after.over,
            }
        )
    return rows


def _scenario_page(request, draft, scenario, *, errors=(), posted=None, status=200) -> HttpResponse:
    result = scenarios.effect(scenario)
    choices = scenario.changes.select_related("proposal").order_by("pk")
    action_plans = Proposal.objects.filter(
        draft=draft, kind=ProposalKind.ACTION_PLAN, standing=Standing.RETAINED
    ).order_by("position", "pk")
    return render(
        request,
        "drafting/scenario.html",
        context(
            request,
            draft,
            scenario=scenario,
            choices=choices,
            action_plans=action_plans,
            kinds=ChangeKind.choices,
            effect=result,
            effect_rows=_effect_rows(result),
            postponed=envelopes.euro(result.postponed),
            is_open=scenario.state == ScenarioState.OPEN,
            errors=list(errors),
            posted=posted or {},
        ),
        status=status,
    )


@require_safe
def scenario_page(request: HttpRequest, draft_id: int, pk: int) -> HttpResponse:
    draft = draft_for_readers(request, draft_id)
    return _scenario_page(request, draft, _scenario(draft, pk))


def _year(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def add_change(request: HttpRequest, draft_id: int, pk: int) -> HttpResponse:
    draft = draft_for_cel(request, draft_id)
    scenario = _scenario(draft, pk)
    posted = {
        name: request.POST.get(name, "")
        for name in ("proposal", "kind", "first_year", "last_year", "percent")
    }
    proposal = Proposal.objects.filter(pk=_year(posted["proposal"]) or 0, draft=draft).first()
    try:
        if proposal is None:
            raise ValidationError(_("Kies een weerhouden actieplan."))
        scenarios.add_change(
            scenario,
            proposal,
            posted["kind"],
            by=request.user,
            first_year=_year(posted["first_year"]),
            last_year=_year(posted["last_year"]),
            percent=_year(posted["percent"]),
        )
    except ValidationError as error:
        return _scenario_page(request, draft, scenario, errors=error.messages, posted=posted, status=422)
    messages.success(request, _("De keuze is toegevoegd. Hieronder ziet u het effect op elk jaar."))
    return redirect(reverse("drafting:scenario", args=[draft.pk, scenario.pk]) + "#effect")


def _decide(request: HttpRequest, draft_id: int, pk: int, what: str) -> HttpResponse:
    """Apply or drop: a confirmation page (GET), then the decision (POST)."""
    draft = (
        draft_for_cel(request, draft_id) if request.method == "POST" else draft_for_readers(request, draft_id)
    )
    scenario = _scenario(draft, pk)
    if request.method == "POST":
        try:
            if what == "apply":
                scenarios.apply(scenario, by=request.user)
                messages.success(
                    request,
                    _("Scenario “%(name)s” is toegepast: de enveloppes zijn bijgewerkt.")
                    % {"name": scenario},
                )
            else:
                scenarios.drop(scenario, by=request.user)
                messages.success(request, _("Scenario “%(name)s” is verworpen.") % {"name": scenario})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except Conflict as conflict:
            messages.error(request, CONFLICT % {"item": conflict.current, "who": conflict.who()})
        return redirect("drafting:scenario", draft.pk, scenario.pk)
    if not access.may_draft(request.user):
        raise PermissionDenied(access.ONLY_CEL)
    return render(
        request,
        "drafting/scenario_confirm.html",
        context(
            request, draft, scenario=scenario, what=what, effect_rows=_effect_rows(scenarios.effect(scenario))
        ),
    )


def apply_scenario(request: HttpRequest, draft_id: int, pk: int) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    return _decide(request, draft_id, pk, "apply")


def drop_scenario(request: HttpRequest, draft_id: int, pk: int) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    return _decide(request, draft_id, pk, "drop")


urlpatterns = [
    path("<int:draft_id>/enveloppes/", envelope_page, name="envelopes"),
    path("<int:draft_id>/enveloppes/<int:pk>/", save_envelope, name="save_envelope"),
    path("<int:draft_id>/enveloppes/ruimte/", save_room, name="save_room"),
    path("<int:draft_id>/scenarios/", scenario_list, name="scenarios"),
    path("<int:draft_id>/scenarios/nieuw/", start_scenario, name="start_scenario"),
    path("<int:draft_id>/scenarios/<int:pk>/", scenario_page, name="scenario"),
    path("<int:draft_id>/scenarios/<int:pk>/keuze/", add_change, name="scenario_change"),
    path("<int:draft_id>/scenarios/<int:pk>/toepassen/", apply_scenario, name="scenario_apply"),
    path("<int:draft_id>/scenarios/<int:pk>/verwerpen/", drop_scenario, name="scenario_drop"),
]
