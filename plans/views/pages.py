"""The pages of the strategische cel, the managementteam and the raad. Thin: rules live in the domain."""

import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from core.changes import Conflict
from core.roles import OWNER
from organisations.roles import group_names, is_administrator
from plans import comments, features, owners, page_parts, priorities
from plans.caching import cached_fragment
from plans.delays import mark_delays
from plans.editing import set_status
from plans.finances import action_plan_money
from plans.forms import (
    OverviewFilterForm,
    PriorityFilterForm,
    ProjectFilterForm,
    StatusForm,
    chosen_entity,
    rounds_of,
)
from plans.items import KINDS, item_in_plan, with_last_change
from plans.models import Action, ActionPlan, Entity, Plan, Status
from plans.overview import filter_action_plans, filter_status_items, overview_groups, responsibles
from plans.projects import filter_projects, leaders, linked_action_plans, with_links
from plans.rows import add_overview_rows, status_rows
from plans.struck_or_merged import mark_departures
from plans.timeline import item_timeline, with_versions

ACTION_PLANS_PER_PAGE = 20
OVERVIEW_PER_PAGE = 100
PROJECTS_PER_PAGE = 100


def can_edit(user, model) -> bool:
    return user.has_perm(f"plans.change_{model._meta.model_name}")


def _owner_only(user) -> bool:
    """An eigenaar who does not also edit the whole plan (the cel) or keep it (the beheerder)."""
    return not user.is_superuser and OWNER in group_names(user) and not can_edit(user, Action)


@require_safe
@permission_required("plans.view_plan", raise_exception=True)
def home(request: HttpRequest) -> HttpResponse:
    if _owner_only(request.user):
        return redirect("reporting:my_items")  # an eigenaar comes to update their items
    plans = list(
        Plan.objects.select_related("organisation").order_by("organisation__name", "-start_year", "name")
    )
    if len(plans) == 1 and not is_administrator(request.user):  # a beheerder may start another plan here
        return redirect("plans:overview", slug=plans[0].slug)
    return render(request, "plans/home.html", {"plans": plans})


@require_safe
@permission_required("plans.view_actionplan", raise_exception=True)
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    if (as_of := page_parts.as_of(request, plan, "overview")) is not None:
        return as_of
    entities = list(Entity.objects.filter(plan=plan).order_by("code"))
    form = OverviewFilterForm(
        request.GET or None, responsibles=responsibles(plan), entities=entities, plan=plan
    )
    filters = form.cleaned_data if form.is_valid() else {}
    with_departed = form.shows_inactive()
    action_plans = filter_action_plans(
        plan,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        responsible=filters.get("responsible", ""),
        life_cycles=form.life_cycles(),
        priority_only=bool(filters.get("priority")),
        entity=chosen_entity(form, entities),
        delayed_only=bool(filters.get("delayed")),
        linked_to=page_parts.items_on_track(plan, filters["koers"]) if filters.get("koers") else None,
    )

    page_number = request.GET.get("pagina")
    # The filters as asked, for the page links; the cached table depends on nothing else.
    asked = {name: request.GET.getlist(name) for name in form.fields if name in request.GET}

    def table() -> str:
        page = Paginator(action_plans, OVERVIEW_PER_PAGE).get_page(page_number)
        groups = overview_groups(plan, page.object_list, with_departed=with_departed)
        if features.uses(plan, features.Feature.INDICATORS):
            page_parts.add_overview_lines(groups)
        add_overview_rows(plan, [action_plan for group in groups for action_plan in group.action_plans])
        context = {"plan": plan, "groups": groups, "page": page, "filters": urlencode(asked, doseq=True)}
        return render_to_string("plans/_overview_table.html", context)

    # Vertraagd depends on the year too (plans/delays.py).
    parts = [plan.pk, sorted(asked.items()), page_number, timezone.localdate().year, features.switches(plan)]
    html = cached_fragment("overview", parts, table)
    context = {"plan": plan, "form": form, "table": html, "latest_round": rounds_of(plan).first()}
    context["origin"] = page_parts.plan_origin(request.user, plan)
    return render(request, "plans/overview.html", context)


def _status_rows(request: HttpRequest, plan: Plan, items) -> list[str]:
    return status_rows(plan, items, user=request.user)


def _edits_any(user, items) -> bool:
    """Whether the page explains how to edit: only to who may edit one of its rows (an eigenaar reading
    another's actieplan gets no instructions for fields they cannot use)."""
    return any(item.is_active and owners.may_edit_status(user, item) for item in items)


@require_safe
@permission_required("plans.view_actionplan", raise_exception=True)
def action_plan_status(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    if (as_of := page_parts.as_of(request, plan, "action_plan", number=number)) is not None:
        return as_of
    action_plans = ActionPlan.objects.in_plan(plan).select_related(*owners.OWNER_FIELDS)
    action_plan = get_object_or_404(with_last_change(action_plans), number=number)
    actions = list(
        with_last_change(action_plan.actions.select_related("merged_into__action_plan", *owners.OWNER_FIELDS))
    )
    mark_departures(plan, [action_plan, *actions])
    if features.uses(plan, features.Feature.PRIORITIES):
        priorities.mark_action_plan(action_plan, actions)
    sections = [
        {
            "action_plan": action_plan,
            "rows": _status_rows(request, plan, [action_plan, *actions]),
        }
    ]
    years, money_tables = action_plan_money(action_plan, actions)
    context = {
        "plan": plan,
        "sections": sections,
        "action_plan": action_plan,
        "status_choices": Status.choices,
        "edits_any": _edits_any(request.user, [action_plan, *actions]),
        "years": years,
        "money_tables": money_tables,
        "comment_links": comments.links([action_plan, *actions], request.user),
        **page_parts.action_plan_context(request.user, action_plan, actions),
    }
    return render(request, "plans/status.html", context)


@require_safe
@permission_required("plans.view_actionplan", raise_exception=True)
def plan_status(request: HttpRequest, slug: str) -> HttpResponse:
    """The whole plan on one page (paged by action plans), for the cel's big pass."""
    plan = get_object_or_404(Plan, slug=slug)
    # As of a date the statuses are those the version held: its overview shows them, read-only.
    if (as_of := page_parts.as_of(request, plan, "overview")) is not None:
        return as_of
    entities = list(Entity.objects.filter(plan=plan).order_by("code"))
    form = PriorityFilterForm(request.GET or None, entities=entities, plan=plan)
    priority_only = form.is_valid() and form.cleaned_data.get("priority", False)
    action_plans, actions = filter_status_items(plan, priority_only, chosen_entity(form, entities))
    action_plans = (
        with_last_change(action_plans)
        .select_related(*owners.OWNER_FIELDS)
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=with_last_change(actions).select_related(*owners.OWNER_FIELDS),
                to_attr="active_actions",
            )
        )
    )
    page = Paginator(action_plans, ACTION_PLANS_PER_PAGE).get_page(request.GET.get("pagina"))
    priorities.mark_items(plan, [item for ap in page for item in (ap, *ap.active_actions)])
    sections = [
        {
            "action_plan": ap,
            "rows": _status_rows(request, plan, [ap, *ap.active_actions]),
        }
        for ap in page
    ]
    asked = {name: request.GET.getlist(name) for name in form.fields if name in request.GET}
    context = {
        "plan": plan,
        "sections": sections,
        "page": page,
        "status_choices": Status.choices,
        "priority_form": form,
        "filters": urlencode(asked, doseq=True),
        "edits_any": _edits_any(request.user, [item for ap in page for item in (ap, *ap.active_actions)]),
    }
    return render(request, "plans/status.html", context)


@require_safe
@permission_required("plans.view_project", raise_exception=True)
def project_status(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    if (as_of := page_parts.as_of(request, plan, "overview")) is not None:  # the version's overview
        return as_of
    form = ProjectFilterForm(
        request.GET or None, action_plans=linked_action_plans(plan), leaders=leaders(plan)
    )
    pager = Paginator(filter_projects(plan, **form.filters()), PROJECTS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    projects = with_links(pager.object_list)
    mark_departures(plan, projects)
    sections = [{"action_plan": None, "rows": _status_rows(request, plan, projects)}]
    asked = {name: request.GET.getlist(name) for name in form.fields if name in request.GET}
    context = {
        "plan": plan,
        "sections": sections,
        "projects": True,
        "form": form,
        "pager": pager,
        "filters": urlencode(asked, doseq=True),
        "status_choices": Status.choices,
        "edits_any": _edits_any(request.user, projects),
    }
    return render(request, "plans/status.html", context)


@require_POST
def save_status(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """Save one row of a status page in place (htmx): status and toelichting of one item, by the cel
    or the item's eigenaar."""
    plan = get_object_or_404(Plan, slug=slug)
    item = item_in_plan(plan, kind, pk)
    context = {"plan": plan, "item": item, "kind": kind, "row_id": f"{kind}-{item.pk}"}
    try:
        owners.check_may_edit_status(request.user, item)  # before the form: a refusal says nothing of it
    except owners.NotYourItem:
        if not request.headers.get("HX-Request"):
            raise
        # An eigenaar's refusal says why: in the row (htmx, see static/js/app.js) or as the 403 page.
        context |= {"state": "refused", "message": owners.NOT_YOUR_ITEM}
        response = render(request, "plans/_save_state.html", context, status=403)
        response["X-Refused-In-Row"] = "1"
        return response
    form = StatusForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "plans/_save_state.html", {**context, "state": "invalid"}, status=422)
    try:
        edit = set_status(
            item, edits=form.edits(), seen=form.seen(), version=form.cleaned_data["version"], by=request.user
        )
    except Conflict as conflict:
        overrule = json.dumps({f"seen_{name}": value for name, value in conflict.seen_now().items()})
        context |= {
            "state": "conflict",
            "current": conflict.current,
            "other": conflict.last_change(),
            "who": conflict.who(),
            "overrule": overrule,
        }
        return render(request, "plans/_save_state.html", context, status=409)
    except ValidationError as error:
        context |= {"state": "invalid", "errors": error.messages}
        return render(request, "plans/_save_state.html", context, status=422)
    state = "saved" if edit.changed else "unchanged"
    context |= {"item": edit.record, "state": state, "merged": edit.merged, "edits": form.edits()}
    return render(request, "plans/_save_state.html", context)


@require_safe
@permission_required("plans.view_actionplan", raise_exception=True)
def timeline(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    item = item_in_plan(plan, kind, pk)
    if not request.user.has_perm(f"plans.view_{type(item)._meta.model_name}"):
        raise PermissionDenied
    if (as_of := page_parts.as_of(request, plan, "timeline", kind=kind, pk=item.pk)) is not None:
        return as_of
    mark_delays([item])
    context = {
        "plan": plan,
        "item": item,
        "kind": kind,
        "entries": with_versions(item_timeline(item), page_parts.item_versions(plan, kind, item.pk)),
        "kinds": KINDS,
        "owner_name": owners.owner_name(item),
        "may_edit": item.is_active and owners.may_edit_status(request.user, item),
    }
    return render(request, "plans/timeline.html", context)
