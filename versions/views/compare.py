"""Two versions compared (``versions/compare.py``): the page with its filters and money table, and the
Excel download. Both read the stored comparison; a large one not stored yet is computed by a task
while the page follows it."""

from io import BytesIO

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from plans.models import Plan
from versions import compare
from versions.compare_workbook import XLSX, build_compare_workbook
from versions.models import ADOPTED_STATES, PlanVersion, VersionState
from versions.views.common import plan_for

ONE_VERSION = _(
    "Dit plan heeft nog geen twee vastgestelde versies. Een vergelijking kan zodra de raad een aanpassing "
    "vaststelt."
)
UNKNOWN_VERSION = _("Kies twee versies van dit plan uit de lijst.")


class ChooseForm(forms.Form):
    oud = forms.TypedChoiceField(label=_("oudere versie"), coerce=int)
    nieuw = forms.TypedChoiceField(label=_("nieuwere versie"), coerce=int)

    def __init__(self, *args, versions: list[PlanVersion], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"{v.number}. {v.name}") for v in versions]
        self.fields["oud"].choices = self.fields["nieuw"].choices = choices


class FilterForm(forms.Form):
    doelstelling = forms.TypedChoiceField(
        label=_("doelstelling"), coerce=int, required=False, empty_value=None
    )
    wijziging = forms.ChoiceField(label=_("soort wijziging"), required=False)
    prioritair = forms.BooleanField(label=_("enkel prioritair"), required=False)

    def __init__(self, *args, goals: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doelstelling"].choices = [("", _("alle doelstellingen"))] + [
            (goal["item_id"], f"{goal['number']} {goal['title']}".strip()) for goal in goals
        ]
        self.fields["wijziging"].choices = [("", _("alle wijzigingen"))] + [
            (code, label) for code, label in compare.CHANGE_LABELS.items()
        ]

    def filters(self) -> compare.Filters:
        if not self.is_valid():
            return compare.Filters()
        data = self.cleaned_data
        return compare.Filters(data["doelstelling"], data["wijziging"], data["prioritair"])


def _versions(plan: Plan) -> list[PlanVersion]:
    return list(
        PlanVersion.objects.filter(plan=plan, state__in=ADOPTED_STATES)
        .select_related("plan")
        .order_by("number")
    )


def _chosen(request: HttpRequest, plan: Plan) -> tuple[ChooseForm, PlanVersion | None, PlanVersion | None]:
    """The two versions asked for; by default the version in force against the one before it."""
    versions = _versions(plan)
    by_number = {version.number: version for version in versions}
    if "oud" not in request.GET and "nieuw" not in request.GET:
        if len(versions) < 2:
            return ChooseForm(versions=versions), None, None
        in_force = next((v for v in reversed(versions) if v.state == VersionState.ADOPTED), versions[-1])
        before = [v for v in versions if v.number < in_force.number]
        older = before[-1] if before else versions[0]
        form = ChooseForm(initial={"oud": older.number, "nieuw": in_force.number}, versions=versions)
        return form, older, in_force
    form = ChooseForm(request.GET, versions=versions)
    if not form.is_valid():
        return form, None, None
    return form, by_number[form.cleaned_data["oud"]], by_number[form.cleaned_data["nieuw"]]


def _query(request: HttpRequest, *names: str) -> str:
    kept = QueryDict(mutable=True)
    for name in names:
        for value in request.GET.getlist(name):
            kept.appendlist(name, value)
    return kept.urlencode()


@require_safe
def compare_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for(request, slug)
    choose, older, newer = _chosen(request, plan)
    context = {"plan": plan, "choose": choose, "older": older, "newer": newer}
    if older is None or newer is None:
        context["refusal"] = UNKNOWN_VERSION if choose.is_bound else ONE_VERSION
        return render(request, "versions/compare.html", context, status=422 if choose.is_bound else 200)
    older, newer = compare.in_order(older, newer)
    context.update(older=older, newer=newer)
    try:
        stored, state = compare.request(older, newer, again=request.GET.get("opnieuw") == "1")
    except ValidationError as refusal:
        context["refusal"] = " ".join(refusal.messages)
        return render(request, "versions/compare.html", context, status=422)
    if stored is None:
        return _pending(request, context, older, newer, state)
    if request.headers.get("HX-Request"):  # the pending page's poll: the comparison is ready, open it
        response = HttpResponse(status=200)
        response["HX-Redirect"] = f"{request.path}?oud={older.number}&nieuw={newer.number}"
        return response
    meta = _meta(stored)
    form = FilterForm(request.GET or None, goals=meta["goals"])
    filters = form.filters()
    versions_query = _query(request, "oud", "nieuw") or f"oud={older.number}&nieuw={newer.number}"
    filters_query = _query(request, "oud", "nieuw", "doelstelling", "wijziging", "prioritair")
    context.update(
        form=form,
        filters=filters,
        counts=[(compare.CHANGE_LABELS[code], count) for code, count in meta["counts"]],
        results=_results(request, stored, filters, filters_query or versions_query),
        workbook_url=f"{reverse('versions:compare_workbook', args=[plan.slug])}?{versions_query}",
        filtered_workbook_url=(
            f"{reverse('versions:compare_workbook', args=[plan.slug])}?{filters_query}&gefilterd=1"
            if filters.any
            else ""
        ),
        annex_before=newer.number - 1 == older.number,
    )
    bad_filter = form.is_bound and not form.is_valid()
    return render(request, "versions/compare.html", context, status=422 if bad_filter else 200)


# A stored comparison never changes: what the page shows of it (its goals and counts, and each page of
# changes with the money table, per filter) is rendered once and kept, so a page reads no rows at all
# once it was shown. The cache's keys start with the code's version (config/caches.py).
KEPT_SECONDS = 7 * 24 * 3600


def _meta(stored) -> dict:
    key = f"vergelijking:{stored.pk}:{stored.key}:meta"
    meta = cache.get(key)
    if meta is None:
        meta = {"goals": compare.goals(stored.rows), "counts": list(compare.counts(stored.rows).items())}
        cache.set(key, meta, KEPT_SECONDS)
    return meta


def _results(request: HttpRequest, stored, filters: compare.Filters, pager_query: str) -> str:
    asked = request.GET.get("pagina") or "1"
    chosen = f"{filters.goal or ''}:{filters.change}:{int(filters.priority_only)}"
    key = (
        f"vergelijking:{stored.pk}:{stored.key}:{chosen}:{asked if asked.isdigit() else 'x'}:{get_language()}"
    )
    html = cache.get(key)
    if html is not None:
        return html  # a SafeString, escaped by the template when it was rendered (kept as such)
    rows = stored.rows
    found = compare.changes_of(rows, filters)
    page = Paginator(found, compare.CHANGES_PER_PAGE).get_page(asked)
    for row in page.object_list:
        row["label"] = compare.change_label(row)
        row["kind_label"] = compare.kind_label(row)
        row["text"] = compare.describe(row) if row["change"] not in (compare.REWORDED, compare.MONEY) else ""
        if row["change"] == compare.REWORDED:
            row["segments"] = [{"op": op, "text": text} for op, text in row["diff"]]
        if row["change"] == compare.MONEY:
            row["lines"] = [line for line in compare.money_lines(row["money"]) if not line["is_total"]]
    money = [
        {**row, "heading": compare.money_heading(row), "lines": compare.money_lines(row["money"])}
        for row in compare.money_of(rows, filters)
        if row["level"] == compare.PLAN_LEVEL
        or row["level"] == "doelstelling"
        or (filters.goal and row["level"] == "actieplan")
    ]
    context = {
        "filters": filters,
        "page": page,
        "total": len(found),
        "money": money,
        "pager_query": pager_query,
        "priority_mark": render_to_string("includes/_priority.html"),  # once, not once per row
    }
    html = render_to_string("versions/_compare_results.html", context, request=request)
    cache.set(key, html, KEPT_SECONDS)
    return html


def _pending(request: HttpRequest, context: dict, older, newer, state: str) -> HttpResponse:
    url = f"{request.path}?oud={older.number}&nieuw={newer.number}"
    context.update(
        state=state,
        states={"WAITING": compare.WAITING, "FAILED": "failed"},
        url=url,
        progress=compare.progress_of(older, newer),
    )
    if request.headers.get("HX-Request"):
        if request.GET.get("gezien") == state and context["progress"] is None:
            return HttpResponse(status=204)
        return render(request, "versions/_compare_pending.html", context, status=202)
    return render(request, "versions/compare_pending.html", context, status=202)


@require_safe
def compare_workbook(request: HttpRequest, slug: str) -> HttpResponse:
    """The comparison as Excel: every change (or, ``gefilterd``, those the filters keep) and the money."""
    plan = plan_for(request, slug)
    _form, older, newer = _chosen(request, plan)
    if older is None or newer is None:
        return redirect(f"{reverse('versions:compare', args=[plan.slug])}?{request.GET.urlencode()}")
    older, newer = compare.in_order(older, newer)
    try:
        stored, _state = compare.request(older, newer)
    except ValidationError:  # the page says why
        return redirect(f"{reverse('versions:compare', args=[plan.slug])}?{request.GET.urlencode()}")
    if stored is None:  # a large comparison being computed: its page follows the task
        return redirect(
            f"{reverse('versions:compare', args=[plan.slug])}?oud={older.number}&nieuw={newer.number}"
        )
    filters = compare.Filters()
    if request.GET.get("gefilterd") == "1":
        filters = FilterForm(request.GET, goals=compare.goals(stored.rows)).filters()
    output = BytesIO()
    build_compare_workbook(stored, filters, output)
    output.seek(0)
    name = f"{slugify(plan.authority)}-versie-{older.number}-tegenover-{newer.number}.xlsx"
    response = FileResponse(output, as_attachment=True, filename=name, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("plannen/<slug:slug>/versies/vergelijken/", compare_page, name="compare"),
    path("plannen/<slug:slug>/versies/vergelijken.xlsx", compare_workbook, name="compare_workbook"),
]
