"""The indicator pages: the list, one indicator with its chart and values in place, the definition
form and the history. Thin: the rules live in ``indicators/…``."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.changes import Conflict
from indicators import access, charts, series, values
from indicators.definitions import save_indicator
from indicators.forms import IndicatorFilterForm, IndicatorForm, TargetForm, ValueForm
from indicators.history import indicator_history
from indicators.links import links_text
from indicators.listing import indicator_list
from indicators.models import Indicator, Kind, Value
from indicators.value_rows import value_rows
from plans import page_parts
from plans.features import Feature, plan_using
from plans.models import Action, ActionPlan, Goal, Plan
from rounds.models import ReportingRound, RoundState

VIEW = "indicators.view_indicator"


@require_safe
@permission_required(VIEW, raise_exception=True)
def indicator_list_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_using(slug, Feature.INDICATORS)
    if (as_of := page_parts.as_of(request, plan, "indicators")) is not None:
        return as_of
    form = IndicatorFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    listing = indicator_list(
        plan,
        words=filters.get("q", ""),
        kind=filters.get("soort", ""),
        track=filters.get("koers", ""),
        with_unfollowed=bool(filters.get("alle")),
        page_number=request.GET.get("pagina"),
    )
    asked = {name: request.GET.getlist(name) for name in form.fields if name in request.GET}
    context = {
        "plan": plan,
        "form": form,
        "listing": listing,
        "filters": urlencode(asked, doseq=True),
        "may_define": access.may_define(request.user),
    }
    return render(request, "indicators/list.html", context)


def _indicator(plan: Plan, pk: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("plan"), plan=plan, pk=pk)


def _figures(request: HttpRequest, indicator: Indicator, *, row_state: dict | None = None) -> dict:
    """What the chart, the values and the targets of one indicator show (a fixed number of queries)."""
    (the_series,) = series.live(Indicator.objects.filter(pk=indicator.pk))
    open_rounds = list(
        ReportingRound.objects.filter(plan_id=indicator.plan_id, state=RoundState.OPEN).order_by("date", "pk")
    )
    rows = value_rows(the_series, open_rounds, date_of=values.round_date)
    row_state = dict(row_state or {})
    for row in rows:
        for name, value in row_state.pop(row.key, {}).items():
            setattr(row, name, value)
    target_state = row_state.pop("target", {})
    # A message for a row the page no longer shows (a round closed meanwhile) goes under the add form.
    add_state = {name: value for state in row_state.values() for name, value in state.items()}
    plan = indicator.plan
    return {
        "indicator": indicator,
        "series": the_series,
        "chart": charts.chart(the_series),
        "rows": rows,
        "add_state": add_state,
        "may_enter": access.may_enter_values(request.user, indicator),
        "may_define": access.may_define(request.user),
        "years": [
            (year, the_series.display(the_series.targets.get(year), unit=False), the_series.targets.get(year))
            for year in range(plan.start_year, plan.end_year + 1)
        ],
        "target_state": target_state,
        "kind_choices": {"yes_no": Kind.YES_NO, "steps": Kind.STEPS},
    }


@require_safe
@permission_required(VIEW, raise_exception=True)
def indicator_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = plan_using(slug, Feature.INDICATORS)
    indicator = _indicator(plan, pk)
    if (as_of := page_parts.as_of(request, plan, "indicator", pk=indicator.pk)) is not None:
        return as_of
    return render(request, "indicators/detail.html", {"plan": plan, **_figures(request, indicator)})


def _answer(request, plan, indicator, row_state: dict, status: int) -> HttpResponse:
    """The chart, values and targets again (htmx), or the whole page without htmx."""
    context = {"plan": plan, **_figures(request, indicator, row_state=row_state)}
    if request.headers.get("HX-Request"):
        return render(request, "indicators/_figures.html", {**context, "swapped": True}, status=status)
    if status == 200:
        return redirect("indicators:detail", slug=plan.slug, pk=indicator.pk)
    return render(request, "indicators/detail.html", context, status=status)


@require_POST
def save_value(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Save one value in place (htmx): for an open round, an existing dated value or a new date."""
    plan = plan_using(slug, Feature.INDICATORS)
    indicator = _indicator(plan, pk)
    if not access.may_enter_values(request.user, indicator):
        raise PermissionDenied(values.NOT_YOURS)
    form = ValueForm(request.POST)
    key = "add"
    if not form.is_valid():
        errors = [message for messages_ in form.errors.values() for message in messages_]
        return _answer(request, plan, indicator, {key: {"errors": errors}}, 422)
    data = form.cleaned_data
    round, date = None, data["date"]
    if data["round"]:
        round = get_object_or_404(ReportingRound, plan=plan, pk=data["round"])
        key = f"round-{round.pk}"
    elif data["value_id"]:
        value = get_object_or_404(Value, indicator=indicator, pk=data["value_id"])
        date, key = value.date, f"value-{value.pk}"
    typed = {"raw": data["value"], "note": data["note"]}
    try:
        saved = values.record_value(
            indicator,
            data["value"],
            by=request.user,
            round=round,
            date=date,
            note=data["note"],
            version=data["version"],
        )
    except Conflict as conflict:
        return _answer(
            request,
            plan,
            indicator,
            {key: {**typed, "state": "conflict", "message": conflict.message()}},
            409,
        )
    except ValidationError as error:
        return _answer(request, plan, indicator, {key: {**typed, "errors": error.messages}}, 422)
    saved_key = key if key != "add" else f"value-{saved.pk}"
    if round is not None:
        saved_key = f"round-{round.pk}"
    return _answer(request, plan, indicator, {saved_key: {"state": "saved"}}, 200)


@require_POST
def save_target(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Set the target of one year (the cel)."""
    plan = plan_using(slug, Feature.INDICATORS)
    indicator = _indicator(plan, pk)
    if not access.may_define(request.user):
        raise PermissionDenied
    form = TargetForm(request.POST)
    if not form.is_valid():
        errors = [message for messages_ in form.errors.values() for message in messages_]
        return _answer(request, plan, indicator, {"target": {"errors": errors}}, 422)
    year = form.cleaned_data["year"]
    try:
        values.set_target(indicator, year, form.cleaned_data["value"], by=request.user)
    except ValidationError as error:
        state = {"errors": error.messages, "year": year, "raw": form.cleaned_data["value"]}
        return _answer(request, plan, indicator, {"target": state}, 422)
    return _answer(request, plan, indicator, {"target": {"state": "saved", "year": year}}, 200)


def _initial_links(request: HttpRequest, plan: Plan) -> str:
    """ "Indicator toevoegen" from an item's page (?doelstelling=, ?actieplan=, ?actie=): that item."""
    for name, items in (
        ("doelstelling", Goal.objects.filter(plan=plan)),
        ("actieplan", ActionPlan.objects.in_plan(plan)),
        ("actie", Action.objects.in_plan(plan)),
    ):
        pk = request.GET.get(name, "")
        item = items.filter(pk=pk).first() if pk.isdigit() else None
        if item is not None:
            return links_text(
                *[[item] if model is type(item) else [] for model in (Goal, ActionPlan, Action)]
            )
    return ""


@require_http_methods(["GET", "HEAD", "POST"])
def indicator_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Create or edit an indicator (the cel and the beheerder)."""
    plan = plan_using(slug, Feature.INDICATORS)
    if not access.may_define(request.user):
        raise PermissionDenied
    indicator = _indicator(plan, pk) if pk else Indicator(plan=plan)
    if request.method == "POST":
        form = IndicatorForm(request.POST, instance=indicator, plan=plan)
        if form.is_valid():
            try:
                saved = save_indicator(
                    form.save(commit=False),
                    form.links_found,
                    by=request.user,
                    version=form.cleaned_data.get("loaded_version"),
                )
            except Conflict as conflict:
                form.add_error(None, conflict.message())
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Indicator “%(name)s” bewaard.") % {"name": saved.name})
                return redirect("indicators:detail", slug=plan.slug, pk=saved.pk)
    else:
        initial = {} if indicator.pk else {"links": _initial_links(request, plan)}
        form = IndicatorForm(instance=indicator, plan=plan, initial=initial)
    return render(request, "indicators/form.html", {"plan": plan, "form": form, "indicator": indicator})


@require_safe
@permission_required(VIEW, raise_exception=True)
def history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = plan_using(slug, Feature.INDICATORS)
    indicator = _indicator(plan, pk)
    context = {"plan": plan, "indicator": indicator, "entries": indicator_history(indicator)}
    return render(request, "indicators/history.html", context)
