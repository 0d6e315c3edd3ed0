"""The wizard that starts the next legislature's draft from the plan in force (drafting/carry_over.py):
step 1 the plan, the name and the period; step 2 the goals, then per goal its actieplannen and acties;
step 3 the summary and the new draft. What the cel picks is kept in the session until the draft is
made; nothing is written before step 3. Thin: the rules are in drafting/carry_over.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from drafting import access, carry_over, carry_over_task
from drafting.carry_over import Selection
from drafting.views.common import add_refusal
from plans.models import Plan
from versions import in_force
from versions.models import ItemKind as VersionKind
from versions.models import PlanVersion, VersionItem, VersionState

SESSION_KEY = "drafting_carry_over"
READERS_ONLY = gettext_lazy("Het vervolg van een plan is voor de strategische cel en het managementteam.")


class StartForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=gettext_lazy("plan in werking"),
        queryset=Plan.objects.none(),
        error_messages={"required": gettext_lazy("Kies het plan waaruit het nieuwe ontwerp vertrekt.")},
    )
    name = forms.CharField(
        label=gettext_lazy("naam van het nieuwe ontwerp"),
        max_length=200,
        error_messages={"required": gettext_lazy("Geef het ontwerp een naam, bv. Meerjarenplan 2032–2037.")},
    )
    start_year = forms.IntegerField(
        label=gettext_lazy("startjaar"),
        min_value=2000,
        max_value=2100,
        error_messages={"required": gettext_lazy("Geef het eerste jaar van de nieuwe periode.")},
    )
    end_year = forms.IntegerField(
        label=gettext_lazy("eindjaar"),
        min_value=2000,
        max_value=2100,
        error_messages={"required": gettext_lazy("Geef het laatste jaar van de nieuwe periode.")},
    )
    agreement = forms.CharField(
        label=gettext_lazy("bestuursakkoord"),
        max_length=200,
        help_text=gettext_lazy("De titel van het nieuwe akkoord, bv. Bestuursakkoord 2031–2036."),
        error_messages={"required": gettext_lazy("Geef de titel van het bestuursakkoord.")},
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda plan: (
            f"{plan.name} ({plan.start_year}–{plan.end_year})"
        )

    def clean(self):
        data = super().clean()
        plan = data.get("plan")
        if plan is not None:
            try:
                carry_over.source(plan)
            except ValidationError as error:
                self.add_error("plan", error)
                return data
            if data.get("start_year") and data.get("end_year"):
                try:
                    carry_over.check_period(plan, data["start_year"], data["end_year"])
                except ValidationError as error:
                    add_refusal(self, error)
        return data


def _check_readers(request: HttpRequest) -> None:
    if not access.may_read_all(request.user):
        raise PermissionDenied(READERS_ONLY)


def _check_cel(request: HttpRequest) -> None:
    if not access.may_draft(request.user):
        raise PermissionDenied(access.ONLY_CEL)


def _state(request: HttpRequest, slug: str) -> dict:
    """The wizard as far as the cel got, for this plan ({} when it was started for another)."""
    state = request.session.get(SESSION_KEY) or {}
    return state if state.get("plan") == slug else {}


def _save_state(request: HttpRequest, state: dict) -> None:
    request.session[SESSION_KEY] = state


def _plan_and_version(request: HttpRequest, slug: str) -> tuple[Plan, PlanVersion | None]:
    _check_readers(request)
    plan = get_object_or_404(Plan, slug=slug)
    return plan, in_force.current(plan)


def _plans():
    return Plan.objects.order_by("-start_year", "name")


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Step 1: the plan in force, the new draft's name and its period."""
    _check_readers(request)
    may_draft = access.may_draft(request.user)
    plans = _plans()
    in_force_ids = set(
        PlanVersion.objects.filter(plan__in=plans, state=VersionState.ADOPTED).values_list(
            "plan_id", flat=True
        )
    )
    form = None
    if may_draft:
        initial = {}
        chosen = next((plan for plan in plans if plan.slug == request.GET.get("plan")), None)
        if chosen is not None:
            first, last = chosen.end_year + 1, chosen.end_year + 1 + (chosen.end_year - chosen.start_year)
            initial = {
                "plan": chosen,
                "name": f"Meerjarenplan {first}–{last}",
                "start_year": first,
                "end_year": last,
            }
        form = StartForm(request.POST if request.method == "POST" else None, plans=plans, initial=initial)
    if request.method == "POST":
        _check_cel(request)
        if form.is_valid():  # the draft belongs to the plan's organisation
            data = form.cleaned_data
            previous = _state(request, data["plan"].slug)
            _save_state(
                request,
                {
                    "plan": data["plan"].slug,
                    "name": data["name"].strip(),
                    "start_year": data["start_year"],
                    "end_year": data["end_year"],
                    "agreement": data["agreement"].strip(),
                    "selection": previous.get("selection", {}),
                },
            )
            return redirect("drafting:carry_over_goals", data["plan"].slug)
    status = 422 if form is not None and form.is_bound else 200
    return render(
        request,
        "drafting/carry_over_start.html",
        {"form": form, "plans": plans, "in_force_ids": in_force_ids, "may_draft": may_draft},
        status=status,
    )


def _goal_rows(version: PlanVersion, selection: Selection) -> list[dict]:
    """Per goal (and the actieplannen under none) how many actieplannen it offers and how many are
    picked; two queries whatever the size."""
    offered: dict[int, list[int]] = {}
    for item_id, parent_id in (
        carry_over.offered(version, VersionKind.ACTION_PLAN).values_list("item_id", "parent_id").order_by()
    ):
        offered.setdefault(parent_id or 0, []).append(item_id)
    rows = [
        {
            "key": goal.item_id,
            "goal": goal,
            "offered": len(offered.get(goal.item_id, [])),
            "picked": sum(1 for ap in offered.get(goal.item_id, []) if ap in selection.action_plans),
            "checked": goal.item_id in selection.goals,
        }
        for goal in carry_over.goals(version)
    ]
    if offered.get(0):
        rows.append(
            {
                "key": 0,
                "goal": None,
                "offered": len(offered[0]),
                "picked": sum(1 for ap in offered[0] if ap in selection.action_plans),
                "checked": False,
            }
        )
    return rows


def _no_version(request: HttpRequest, plan: Plan) -> HttpResponse:
    messages.error(request, str(carry_over.NO_VERSION % {"plan": plan.name}))
    return redirect("drafting:carry_over")


@require_http_methods(["GET", "HEAD", "POST"])
def goals(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 2: the goals of the version in force; a goal picked brings its actieplannen and acties."""
    plan, version = _plan_and_version(request, slug)
    if request.method == "POST":
        _check_cel(request)
    if version is None:
        return _no_version(request, plan)
    state = _state(request, slug)
    selection = Selection.from_data(state.get("selection"))
    if request.method == "POST":
        if not state:
            messages.error(request, _("Begin bij stap 1: kies het plan, de naam en de periode."))
            return redirect("drafting:carry_over")
        offered_goals = {goal.item_id for goal in carry_over.goals(version)}
        picked = {int(value) for value in request.POST.getlist("goal") if value.isdigit()} & offered_goals
        added, dropped = picked - selection.goals, selection.goals - picked
        if added:
            action_plans, actions = carry_over.all_of_goal(version, added)
            selection.action_plans |= action_plans
            selection.actions |= actions
        if dropped:
            action_plans, actions = carry_over.all_of_goal(version, dropped)
            selection.action_plans -= action_plans
            selection.actions -= actions
        selection.goals = picked
        state["selection"] = selection.as_data()
        _save_state(request, state)
        if "confirm" in request.POST:
            return redirect("drafting:carry_over_confirm", slug)
        messages.success(
            request,
            _("De keuze is bewaard. Kies per doelstelling welke actieplannen en acties meegaan."),
        )
        return redirect("drafting:carry_over_goals", slug)
    return render(
        request,
        "drafting/carry_over_goals.html",
        {
            "plan": plan,
            "version": version,
            "state": state,
            "rows": _goal_rows(version, selection),
            "selection": selection,
            "may_draft": access.may_draft(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def goal(request: HttpRequest, slug: str, goal_id: int) -> HttpResponse:
    """Step 2, one goal: its actieplannen and their acties, to tick or untick."""
    plan, version = _plan_and_version(request, slug)
    if request.method == "POST":
        _check_cel(request)
    if version is None:
        return _no_version(request, plan)
    offered = carry_over.offered_goal(version, goal_id)
    if offered is None:
        raise Http404(_("Deze doelstelling staat niet in de versie in werking."))
    state = _state(request, slug)
    selection = Selection.from_data(state.get("selection"))
    error, status = None, 200
    if request.method == "POST":
        if not state:
            messages.error(request, _("Begin bij stap 1: kies het plan, de naam en de periode."))
            return redirect("drafting:carry_over")
        here_plans = {ap.item.item_id: ap for ap in offered.action_plans}
        here_actions = {action.item_id: action for ap in offered.action_plans for action in ap.actions}
        posted_plans = {int(v) for v in request.POST.getlist("action_plan") if v.isdigit()}
        posted_actions = {int(v) for v in request.POST.getlist("action") if v.isdigit()}
        alone = sorted(
            (
                here_actions[a]
                for a in posted_actions & set(here_actions)
                if here_actions[a].parent_id not in posted_plans
            ),
            key=lambda action: action.sort_key,
        )
        if (posted_plans - set(here_plans)) or (posted_actions - set(here_actions)):
            error, status = _("Kies enkel uit de actieplannen en acties van deze doelstelling."), 422
        elif alone:
            parent = here_plans[alone[0].parent_id].item
            error = carry_over.ACTION_WITHOUT_PLAN % {"action": alone[0].number, "action_plan": parent.number}
            status = 422
        else:
            selection.action_plans = (selection.action_plans - set(here_plans)) | posted_plans
            selection.actions = (selection.actions - set(here_actions)) | posted_actions
            state["selection"] = selection.as_data()
            _save_state(request, state)
            messages.success(request, _("De keuze voor deze doelstelling is bewaard."))
            if "confirm" in request.POST:
                return redirect("drafting:carry_over_confirm", slug)
            return redirect("drafting:carry_over_goals", slug)
        # shown again as posted, with the refusal
        selection.action_plans = (selection.action_plans - set(here_plans)) | posted_plans
        selection.actions = (selection.actions - set(here_actions)) | posted_actions
    return render(
        request,
        "drafting/carry_over_goal.html",
        {
            "plan": plan,
            "version": version,
            "state": state,
            "offered": offered,
            "selection": selection,
            "error": error,
            "may_draft": access.may_draft(request.user),
        },
        status=status,
    )


def _picked_rows(version: PlanVersion, selection: Selection) -> list[VersionItem]:
    """The picked goals and actieplannen, in plan order, for the summary (one query)."""
    return list(
        carry_over.offered(version, VersionKind.GOAL).filter(item_id__in=sorted(selection.goals))
        | carry_over.offered(version, VersionKind.ACTION_PLAN).filter(
            item_id__in=sorted(selection.action_plans)
        )
    )


def _followed(request: HttpRequest, plan: Plan, token: str) -> HttpResponse:
    """Where the task stands: the new draft once made (at once where tasks run at once), its page that
    follows it meanwhile, or the reason it could not be made."""
    found = carry_over_task.state(token)
    if found["state"] == carry_over_task.DONE:
        messages.success(
            request,
            _(
                "Het ontwerp is gestart met wat overgenomen werd uit %(plan)s: de voorstellen staan op de "
                "agenda van de eerste stap. Voeg het akkoord toe."
            )
            % {"plan": plan.name},
        )
        if request.headers.get("HX-Request"):  # the page following the task: open the draft
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("drafting:draft", args=[found["draft"]])
            return response
        return redirect("drafting:draft", found["draft"])
    if request.method == "POST":
        return redirect("drafting:carry_over_progress", plan.slug, token)
    page = {"plan": plan, "token": token, "found": found, "failed": found["state"] == carry_over_task.FAILED}
    return render(request, "drafting/carry_over_progress.html", page, status=422 if page["failed"] else 202)


@require_safe
def progress(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The page that follows the task making the draft (reloads itself; a link without script)."""
    _check_cel(request)
    plan = get_object_or_404(Plan, slug=slug)
    return _followed(request, plan, token)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 3: what carries over, and the new draft."""
    plan, version = _plan_and_version(request, slug)
    if request.method == "POST":
        _check_cel(request)
    state = _state(request, slug)
    if version is None:
        return _no_version(request, plan)
    if not state:
        messages.error(request, _("Begin bij stap 1: kies het plan, de naam en de periode."))
        return redirect("drafting:carry_over")
    selection = Selection.from_data(state.get("selection"))
    errors, status = [], 200
    if request.method == "POST":
        try:
            token = carry_over_task.request(
                plan,
                name=state["name"],
                start_year=state["start_year"],
                end_year=state["end_year"],
                agreement=state["agreement"],
                selection=selection,
                by=request.user,
            )
        except ValidationError as error:
            errors, status = error.messages, 422
        else:
            request.session.pop(SESSION_KEY, None)
            return _followed(request, plan, token)
    else:
        try:
            carry_over.check_selection(version, selection)
        except ValidationError as error:
            errors = error.messages
    rows = _picked_rows(version, selection)
    return render(
        request,
        "drafting/carry_over_confirm.html",
        {
            "plan": plan,
            "version": version,
            "state": state,
            "selection": selection,
            "goals": [row for row in rows if row.kind == VersionKind.GOAL],
            "action_plans": [row for row in rows if row.kind == VersionKind.ACTION_PLAN],
            "errors": errors,
            "may_draft": access.may_draft(request.user),
        },
        status=status,
    )


urlpatterns = [
    path("vervolg/", start, name="carry_over"),
    path("vervolg/<slug:slug>/", goals, name="carry_over_goals"),
    path("vervolg/<slug:slug>/doelstelling/<int:goal_id>/", goal, name="carry_over_goal"),
    path("vervolg/<slug:slug>/bevestigen/", confirm, name="carry_over_confirm"),
    path("vervolg/<slug:slug>/wordt-aangemaakt/<str:token>/", progress, name="carry_over_progress"),
]
