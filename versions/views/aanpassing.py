"""The aanpassing's pages: start one, follow its proposals, add a proposal of each new kind, record the
college's akkoord and the raad's adoption.

Thin: the rules are in versions/aanpassing.py, plans/proposals.py and plans/amendments.py; a refusal
there becomes a message here (422 with the form again).
"""

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from plans import amendments
from plans import proposals as rules
from plans.models import (
    Action,
    ActionPlan,
    Category,
    ChangeProposal,
    Direction,
    Goal,
    Plan,
    ProposalKind,
    ProposalState,
)
from plans.views.proposals import annotated_proposals, card_of
from versions import aanpassing, access, in_force
from versions.models import PlanVersion, VersionState
from versions.views.common import check_keeper, plan_for, version_for

KIND_ORDER = [
    ProposalKind.REMOVE,
    ProposalKind.REWORD,
    ProposalKind.MERGE,
    ProposalKind.ADD,
    ProposalKind.AMOUNTS,
    ProposalKind.PRIORITY,
]
NOT_IN_DRAFT = _("%(version)s is %(state)s: er komen geen voorstellen meer bij.")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Geef een geldige datum, bv. 2027-12-16.")}
MOTIVATION = forms.CharField(
    label=_("motivering"),
    widget=forms.Textarea(attrs={"rows": 3}),
    error_messages={"required": _("Schrijf een motivering: waarom stelt de cel dit voor?")},
)


class StartForm(forms.Form):
    name = forms.CharField(
        label=_("naam van de aanpassing"),
        max_length=100,
        help_text=_("Bv. AMJP 2027-1."),
        error_messages={"required": _("Geef de aanpassing een naam, bv. AMJP 2027-1.")},
    )
    note = forms.CharField(label=_("toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ActionPlanForm(forms.Form):
    goal = forms.ModelChoiceField(
        label=_("doelstelling"),
        queryset=Goal.objects.none(),
        error_messages={"required": _("Kies de doelstelling waaronder het nieuwe actieplan komt.")},
    )
    number = forms.CharField(
        label=_("nummer"), max_length=20, help_text=_("Een vrij nummer; u mag het wijzigen.")
    )
    title = forms.CharField(label=_("titel"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("verantwoordelijke"), max_length=200, required=False)
    political_contact = forms.CharField(label=_("politiek aanspreekpunt"), max_length=200, required=False)
    motivation = MOTIVATION

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(plan=plan).order_by("sort_key")
        self.fields["goal"].label_from_instance = lambda goal: f"{goal.number} {goal.title}"


class ActionForm(forms.Form):
    action_plan = forms.ModelChoiceField(
        label=_("actieplan"),
        queryset=ActionPlan.objects.none(),
        error_messages={"required": _("Kies het actieplan waaronder de nieuwe actie komt.")},
    )
    number = forms.CharField(label=_("nummer"), max_length=20, help_text=_("Bv. 1.3: een vrij nummer."))
    title = forms.CharField(label=_("titel"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    start_year = forms.IntegerField(label=_("startjaar"), required=False)
    end_year = forms.IntegerField(label=_("eindjaar"), required=False)
    motivation = MOTIVATION

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_plan"].queryset = ActionPlan.objects.in_plan(plan).active().order_by("sort_key")
        self.fields["action_plan"].label_from_instance = lambda ap: f"{ap.number} {ap.title}"


# A plan with more acties than this has them chosen per actieplan: one list of every actie of a big plan
# (10,000) is no choice a person can make, and a page too heavy to send.
ONE_LIST_ACTIONS = 300


def _big(plan: Plan) -> bool:
    return Action.objects.in_plan(plan).active().count() > ONE_LIST_ACTIONS


def _chosen_action_plan(request: HttpRequest, plan: Plan) -> ActionPlan | None:
    number = (request.POST.get("actieplan") or request.GET.get("actieplan") or "").strip()
    return ActionPlan.objects.in_plan(plan).active().filter(number=number).first() if number else None


def _narrowing(plan: Plan, chosen: ActionPlan | None) -> dict:
    """For a big plan: the actieplannen to choose from first (the page's GET form)."""
    action_plans = ActionPlan.objects.in_plan(plan).active().order_by("sort_key").only("number", "title")
    return {"action_plans": action_plans, "chosen": chosen}


class PriorityForm(forms.Form):
    item = forms.ChoiceField(
        label=_("item"),
        error_messages={"required": _("Kies het actieplan of de actie waarvan de prioriteit wijzigt.")},
    )
    motivation = MOTIVATION

    def __init__(
        self, *args, plan: Plan, within: ActionPlan | None = None, plans_only: bool = False, **kwargs
    ):
        """Every actieplan with its acties; ``within`` one actieplan only; ``plans_only``: the
        actieplannen without their acties (a big plan, before an actieplan is chosen)."""
        super().__init__(*args, **kwargs)
        self.items: dict[str, ActionPlan | Action] = {}
        choices = []
        actions = defaultdict(list)
        action_plans = ActionPlan.objects.in_plan(plan).active().order_by("sort_key")
        if within is not None:
            action_plans = action_plans.filter(pk=within.pk)
        found = Action.objects.in_plan(plan).active().order_by("sort_key")
        if within is not None:
            found = found.filter(action_plan=within)
        for action in [] if plans_only else found:
            actions[action.action_plan_id].append(action)
        for action_plan in action_plans:
            group = []
            for item in [action_plan, *actions[action_plan.pk]]:
                key = f"{'actie' if isinstance(item, Action) else 'actieplan'}:{item.pk}"
                self.items[key] = item
                now = amendments.state_word(item.priority)
                group.append((key, f"{item} {item.title} ({gettext('nu %(state)s') % {'state': now}})"))
            choices.append((f"{action_plan}", group))
        self.fields["item"].choices = [("", gettext("— kies —")), *choices]


class AmountsForm(forms.Form):
    """The ramingen of one actie: a field per year × E/I/F × uitgave/ontvangst, in Flemish amounts."""

    motivation = MOTIVATION

    def __init__(self, *args, plan: Plan, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(range(plan.start_year, plan.end_year + 1))
        cells = amendments.cells_of(current)
        self.grid = []
        for year in self.years:
            row = []
            for category in Category.values:
                for direction in Direction.values:
                    name = f"b_{year}_{category}_{direction}"
                    amount = cells.get((year, category, direction))
                    self.fields[name] = forms.CharField(
                        label=f"{year} {Category(category).label} {Direction(direction).label}",
                        required=False,
                        initial=_flemish(amount) if amount else "",
                        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
                    )
                    row.append(name)
            self.grid.append((year, row))

    def clean(self) -> dict:
        cleaned = super().clean()
        self.new = {}
        for name in list(self.fields):
            if not name.startswith("b_"):
                continue
            _b, year, category, direction = name.split("_", 3)
            try:
                self.new[int(year), category, direction] = amendments.parse_euro(cleaned.get(name, ""))
            except ValueError as error:
                self.add_error(name, str(error))
        return cleaned

    def rows(self):
        return [(year, [self[name] for name in names]) for year, names in self.grid]


def _flemish(amount: Decimal) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return ".".join(groups) + ("," + cents if cents != "00" else "")


class CollegeForm(forms.Form):
    college_date = forms.DateField(
        label=_("datum van het college"),
        widget=DATE_INPUT,
        error_messages={"required": _("Geef de datum van het college dat akkoord ging.")} | DATE_ERRORS,
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("voorstellen waarmee het college akkoord ging"),
        queryset=ChangeProposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één goedgekeurd voorstel waarmee het college akkoord ging.")
        },
    )

    def __init__(self, *args, version: PlanVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = ChangeProposal.objects.filter(
            plan_version=version, state=ProposalState.APPROVED
        )


class AdoptForm(forms.Form):
    council_date = forms.DateField(
        label=_("datum raadsbeslissing"),
        widget=DATE_INPUT,
        error_messages={"required": _("Geef de datum van de raadsbeslissing die deze versie vaststelt.")}
        | DATE_ERRORS,
    )
    published_on = forms.DateField(
        label=_("gepubliceerd op"), widget=DATE_INPUT, required=False, error_messages=DATE_ERRORS
    )


# Pages


def _draft_for(request: HttpRequest, slug: str, number: int) -> PlanVersion:
    """The aanpassing in ontwerp, for the cel; anyone else is refused."""
    version = version_for(request, slug, number)
    check_keeper(request)
    if not request.user.has_perm("plans.add_changeproposal"):
        raise PermissionDenied(access.ONLY_CEL)
    return version


def _closed(request: HttpRequest, version: PlanVersion) -> HttpResponse | None:
    if version.state == VersionState.DRAFT:
        return None
    messages.error(request, NOT_IN_DRAFT % {"version": version.name, "state": version.get_state_display()})
    return redirect("versions:aanpassing", version.plan.slug, version.number)


@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for(request, slug)
    check_keeper(request)
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            version = aanpassing.start(
                plan, name=form.cleaned_data["name"], note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                gettext("%(name)s is gestart. Voeg er de voorstellen aan toe.") % {"name": version.name},
            )
            return redirect("versions:aanpassing", plan.slug, version.number)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("versions:list", plan.slug)


@require_safe
def detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The aanpassing's proposals by kind, with their state, who decided what and the steps each user
    may take. A fixed number of queries, however many proposals."""
    version = version_for(request, slug, number)
    plan = version.plan
    cards = [card_of(p, request.user) for p in annotated_proposals(plan).filter(plan_version=version)]
    by_kind = defaultdict(list)
    for card in cards:
        by_kind[card["proposal"].kind].append(card)
    counts = defaultdict(int)
    for card in cards:
        counts[card["proposal"].state] += 1
    keeper = access.may_keep(request.user) and request.user.has_perm("plans.add_changeproposal")
    context = {
        "plan": plan,
        "version": version,
        "groups": [(ProposalKind(kind).label, by_kind[kind]) for kind in KIND_ORDER if by_kind[kind]],
        "count": len(cards),
        "submitted": counts[ProposalState.SUBMITTED],
        "approved": counts[ProposalState.APPROVED],
        "undecided": sum(counts[state] for state in aanpassing.UNDECIDED_STATES),
        "may_review": request.user.has_perm("plans.review_changeproposal"),
        "keeper": keeper and version.state == VersionState.DRAFT,
        "here": request.path,
    }
    return render(request, "versions/aanpassing.html", context)


def _drafted(request: HttpRequest, proposal: ChangeProposal, version: PlanVersion) -> HttpResponse:
    if "submit" in request.POST:
        rules.submit(proposal, by=request.user)
    messages.success(
        request,
        gettext("%(proposal)s is opgeslagen in %(name)s.")
        % {"proposal": capfirst(str(proposal)), "name": version.name},
    )
    return redirect(
        f"{reverse('versions:aanpassing', args=[version.plan.slug, version.number])}#voorstel-{proposal.pk}"
    )


def _form_page(
    request, version, form, *, title: str, intro: str, status: int = 200, template=None, narrowing=None
) -> HttpResponse:
    context = {
        "plan": version.plan,
        "version": version,
        "form": form,
        "title": title,
        "intro": intro,
        "narrowing": narrowing,
    }
    return render(request, template or "versions/aanpassing_form.html", context, status=status)


def _proposal_form(
    request: HttpRequest, version: PlanVersion, form: forms.Form, draft, **page
) -> HttpResponse:
    """A form that proposes one change: on a valid POST ``draft(cleaned_data)`` writes the proposal (a
    refusal comes back on the form, 422), else the form's page."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                return _drafted(request, draft(form.cleaned_data), version)
            except ValidationError as error:
                form.add_error(None, error)
        status = 422
    return _form_page(request, version, form, status=status, **page)


def add_action_plan(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _draft_for(request, slug, number)
    if closed := _closed(request, version):
        return closed
    plan = version.plan
    form = ActionPlanForm(
        request.POST or None, plan=plan, initial={"number": amendments.free_action_plan_number(plan)}
    )
    return _proposal_form(
        request,
        version,
        form,
        lambda data: amendments.draft_action_plan(
            version,
            goal=data["goal"],
            number=data["number"],
            title=data["title"],
            motivation=data["motivation"],
            responsible=data["responsible"],
            political_contact=data["political_contact"],
            by=request.user,
        ),
        title=gettext("Nieuw actieplan voorstellen"),
        intro=gettext("Het actieplan komt in het plan wanneer de raad de aanpassing vaststelt."),
    )


def add_action(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _draft_for(request, slug, number)
    if closed := _closed(request, version):
        return closed
    return _proposal_form(
        request,
        version,
        ActionForm(request.POST or None, plan=version.plan),
        lambda data: amendments.draft_action(
            version,
            action_plan=data["action_plan"],
            number=data["number"],
            title=data["title"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            motivation=data["motivation"],
            by=request.user,
        ),
        title=gettext("Nieuwe actie voorstellen"),
        intro=gettext("De actie komt in het actieplan wanneer de raad de aanpassing vaststelt."),
    )


def change_priority(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _draft_for(request, slug, number)
    if closed := _closed(request, version):
        return closed
    plan = version.plan
    big, within = _big(plan), _chosen_action_plan(request, plan)
    form = PriorityForm(request.POST or None, plan=plan, within=within, plans_only=big and within is None)
    return _proposal_form(
        request,
        version,
        form,
        lambda data: amendments.draft_priority(
            version, item=form.items[data["item"]], motivation=data["motivation"], by=request.user
        ),
        title=gettext("Prioriteit wijzigen"),
        intro=gettext(
            "Kies een actieplan of actie: wie nu prioritair is, wordt het niet meer, en omgekeerd."
        ),
        narrowing=_narrowing(plan, within) if big else None,
    )


def change_amounts(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """First the actie (?actie=<id>), then its ramingen per year, E/I/F, uitgaven and ontvangsten."""
    version = _draft_for(request, slug, number)
    if closed := _closed(request, version):
        return closed
    plan = version.plan
    chosen = request.POST.get("actie") or request.GET.get("actie")
    action = None
    if chosen and chosen.isdigit():
        action = Action.objects.in_plan(plan).active().select_related("action_plan").filter(pk=chosen).first()
    context = {"plan": plan, "version": version, "action": action}
    if action is None:
        within = _chosen_action_plan(request, plan)
        if _big(plan):
            context["narrowing"] = _narrowing(plan, within)
        actions = Action.objects.in_plan(plan).active().order_by("sort_key").only("pk", "number", "title")
        if within is not None:
            actions = actions.filter(action_plan=within)
        context["actions"] = actions if within is not None or "narrowing" not in context else []
        return render(
            request,
            "versions/aanpassing_amounts.html",
            context,
            status=422 if request.method == "POST" else 200,
        )
    current = amendments.money_of(action)
    form = AmountsForm(request.POST or None, plan=plan, current=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = amendments.draft_amounts(
                    version,
                    action=action,
                    new=form.new,
                    motivation=form.cleaned_data["motivation"],
                    by=request.user,
                )
                return _drafted(request, proposal, version)
            except ValidationError as error:
                form.add_error(None, error)
        status = 422
    context["form"] = form
    return render(request, "versions/aanpassing_amounts.html", context, status=status)


def college(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The cel records the college's akkoord on approved proposals, several at once."""
    version = _draft_for(request, slug, number)
    if closed := _closed(request, version):
        return closed
    plan = version.plan
    approved = annotated_proposals(plan).filter(plan_version=version, state=ProposalState.APPROVED)
    form = CollegeForm(request.POST or None, version=version, initial={"proposals": [p.pk for p in approved]})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = rules.endorse_many(
                    list(form.cleaned_data["proposals"]),
                    by=request.user,
                    college_date=form.cleaned_data["college_date"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Akkoord college genoteerd voor %(count)d voorstel.",
                        "Akkoord college genoteerd voor %(count)d voorstellen.",
                        len(done),
                    )
                    % {"count": len(done)},
                )
                return redirect("versions:aanpassing", plan.slug, version.number)
        status = 422
    cards = [card_of(p, request.user) for p in approved]
    context = {"plan": plan, "version": version, "form": form, "cards": cards}
    return render(request, "versions/aanpassing_college.html", context, status=status)


def adopt(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The raad's adoption: its date and the publication date, after seeing what stands in the way."""
    version = _draft_for(request, slug, number)
    if closed := _closed(request, version):
        return closed
    plan = version.plan
    form = AdoptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                adopted = aanpassing.adopt(
                    version,
                    council_date=form.cleaned_data["council_date"],
                    published_on=form.cleaned_data["published_on"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    gettext("De raad stelde %(name)s vast: het is nu de versie van kracht.")
                    % {"name": adopted.name},
                )
                return redirect("versions:aanpassing", plan.slug, adopted.number)
        status = 422
    proposals = list(annotated_proposals(plan).filter(plan_version=version))
    context = {
        "plan": plan,
        "version": version,
        "form": form,
        "undecided": [card_of(p, request.user) for p in proposals if p.state in aanpassing.UNDECIDED_STATES],
        "endorsed": [card_of(p, request.user) for p in proposals if p.state == ProposalState.ENDORSED],
        "current": in_force.current(plan),
    }
    return render(request, "versions/aanpassing_adopt.html", context, status=status)


@require_POST
def stop(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The cel stops the aanpassing (with a reason); its open proposals are withdrawn."""
    version = _draft_for(request, slug, number)
    if closed := _closed(request, version):
        return closed
    try:
        aanpassing.stop(version, reason=request.POST.get("reason", ""), by=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("versions:aanpassing", version.plan.slug, version.number)
    messages.success(
        request,
        _("%(version)s is stopgezet. De voorstellen die nog open waren, zijn ingetrokken.")
        % {"version": version.name},
    )
    return redirect("versions:list", version.plan.slug)


base = "plannen/<slug:slug>/versies/<int:number>/aanpassing/"
urlpatterns = [
    path("plannen/<slug:slug>/versies/aanpassing/", start, name="aanpassing_start"),
    path(base, detail, name="aanpassing"),
    path(f"{base}actieplan/", add_action_plan, name="aanpassing_action_plan"),
    path(f"{base}actie/", add_action, name="aanpassing_action"),
    path(f"{base}ramingen/", change_amounts, name="aanpassing_amounts"),
    path(f"{base}prioriteit/", change_priority, name="aanpassing_priority"),
    path(f"{base}college/", college, name="aanpassing_college"),
    path(f"{base}vaststellen/", adopt, name="aanpassing_adopt"),
    path(f"{base}stopzetten/", stop, name="aanpassing_stop"),
]
