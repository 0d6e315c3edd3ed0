from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from core.admin_base import VersionCheckedForm
from organisations.admin_scoping import KeepEverythingAdmin
from plans import proposals
from plans.editing import check_on_hold
from plans.lifecycle import remove_items
from plans.models import (
    Action,
    ActionPlan,
    Amount,
    ChangeProposal,
    Department,
    Entity,
    Goal,
    Plan,
    PolicyField,
    Project,
)
from plans.money import euro
from plans.projects import check_links
from plans.proposal_sentences import phrase

admin.site.site_header = _("Beheer")
admin.site.site_title = _("Strategisch plan")
admin.site.index_title = _("Beheer van het strategisch plan")

ONLY_BY_PROPOSAL = _("Wijzigt enkel door een doorgevoerd wijzigingsvoorstel.")
PROPOSAL_ONLY_FIELDS = {"title", "life_cycle", "life_cycle_date", "merged_into"}
REMOVED_VIA_ADMIN = _("geschrapt via beheer")


class PlanItemForm(VersionCheckedForm):
    """An actieplan, actie or project: the wording and life cycle of existing actieplannen and acties
    change only by change proposals, and putting an item on hold needs a toelichting."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and isinstance(self.instance, ActionPlan | Action):
            for name in PROPOSAL_ONLY_FIELDS & set(self.fields):
                self.fields[name].disabled = True
                self.fields[name].help_text = ONLY_BY_PROPOSAL

    def clean(self) -> dict:
        cleaned = super().clean()
        if "status" in cleaned:
            self._check_on_hold(cleaned)
        return cleaned

    def _check_on_hold(self, cleaned: dict) -> None:
        """Putting an item on hold needs a toelichting, here as on the status pages."""
        try:
            check_on_hold(
                status=cleaned["status"],
                explanation=cleaned.get("explanation", self.instance.explanation) or "",
                previous_status=self.instance.status if self.instance.pk else None,
            )
        except ValidationError as error:
            self.add_error("explanation" if "explanation" in self.fields else "status", error.messages)


@admin.action(
    description=_("Geselecteerde items schrappen (stand in het plan, niet verwijderen)"),
    permissions=["change"],
)
def remove_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    try:
        changed = remove_items(
            queryset, on=timezone.localdate(), reason=str(REMOVED_VIA_ADMIN), by=request.user
        )
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return
    modeladmin.message_user(
        request,
        ngettext("%(count)d item geschrapt.", "%(count)d items geschrapt.", len(changed))
        % {"count": len(changed)},
        messages.SUCCESS,
    )


@admin.register(Plan)
class PlanAdmin(KeepEverythingAdmin):
    form = VersionCheckedForm
    list_display = ["name", "authority", "organisation", "start_year", "end_year", "slug"]
    search_fields = ["name", "authority"]
    prepopulated_fields = {"slug": ["authority", "name"]}


@admin.register(Goal)
class GoalAdmin(KeepEverythingAdmin):
    form = VersionCheckedForm
    list_display = ["number_in_order", "title", "plan"]
    list_filter = ["plan"]
    search_fields = ["^number", "title"]
    ordering = ["plan", "sort_key"]

    @admin.display(description=_("nummer"), ordering="sort_key")
    def number_in_order(self, goal: Goal) -> str:
        return goal.number


class ActionInline(admin.TabularInline):
    model = Action
    form = PlanItemForm
    fk_name = "action_plan"
    fields = [
        "number",
        "title",
        "status",
        "responsible",
        "start_year",
        "end_year",
        "timing",
        "life_cycle",
    ]
    readonly_fields = ["life_cycle"]
    ordering = ["sort_key"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(KeepEverythingAdmin):
    form = PlanItemForm
    list_display = ["number_in_order", "title", "status", "priority", "life_cycle", "goal", "plan"]
    list_display_links = ["number_in_order", "title"]
    list_editable = ["status"]
    list_filter = ["plan", "goal", "status", "priority", "life_cycle"]
    list_select_related = ["plan", "goal"]
    search_fields = ["^number", "title"]
    ordering = ["plan", "sort_key"]
    inlines = [ActionInline]
    fieldsets = [
        (None, {"fields": ["plan", "goal", "number", "title", "status", "explanation", "loaded_version"]}),
        (_("BBC 2020"), {"fields": ["priority", "external_code"]}),
        (
            _("Uitwerking"),
            {
                "fields": [
                    "points_of_attention",
                    "responsible",
                    "owner",
                    "department",
                    "political_contact",
                    "partners",
                    "budget",
                ]
            },
        ),
        (_("Stand in het plan"), {"fields": ["life_cycle", "life_cycle_date"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("nummer"), ordering="sort_key")
    def number_in_order(self, action_plan: ActionPlan) -> str:
        return action_plan.number


@admin.register(Action)
class ActionAdmin(KeepEverythingAdmin):
    form = PlanItemForm
    list_display = ["number_in_order", "title", "status", "priority", "life_cycle", "responsible", "plan"]
    list_display_links = ["number_in_order", "title"]
    list_editable = ["status"]
    list_filter = ["action_plan__plan", "action_plan__goal", "status", "priority", "entity", "life_cycle"]
    list_select_related = ["action_plan__plan"]
    search_fields = ["^number", "title"]
    ordering = ["action_plan__plan", "sort_key"]
    autocomplete_fields = ["action_plan", "merged_into"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "action_plan",
                    "number",
                    "title",
                    "status",
                    "explanation",
                    "responsible",
                    "owner",
                    "department",
                    "loaded_version",
                ]
            },
        ),
        (_("Timing"), {"fields": ["start_year", "end_year", "timing"]}),
        (_("BBC 2020"), {"fields": ["priority", "entity", "policy_field", "external_code"]}),
        (
            _("Stand in het plan"),
            {"fields": ["life_cycle", "life_cycle_date", "merged_into"], "classes": ["collapse"]},
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """An actie's entity is one of its plan's entities (the model's clean() checks it too)."""
        if db_field.name == "entity":
            kwargs["queryset"] = entities_offered(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("nummer"), ordering="sort_key")
    def number_in_order(self, action: Action) -> str:
        return action.number

    @admin.display(description=_("plan"), ordering="action_plan__plan")
    def plan(self, action: Action) -> Plan:
        return action.action_plan.plan


class ProjectForm(PlanItemForm):
    class Meta:
        model = Project
        fields = [
            "plan",
            "name",
            "project_leader",
            "owner",
            "department",
            "status",
            "explanation",
            "action_plans",
            "actions",
            "life_cycle",
            "life_cycle_date",
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("plan") is not None:
            try:
                check_links(
                    cleaned["plan"],
                    action_plans=cleaned.get("action_plans") or [],
                    actions=(cleaned.get("actions") or Action.objects.none()).select_related("action_plan"),
                )
            except ValidationError as error:
                self._update_errors(error)
        return cleaned


@admin.register(Project)
class ProjectAdmin(KeepEverythingAdmin):
    form = ProjectForm
    list_display = ["name", "project_leader", "status", "life_cycle", "plan"]
    list_editable = ["status"]
    list_filter = ["plan", "status", "life_cycle"]
    list_select_related = ["plan"]
    search_fields = ["name", "project_leader"]
    autocomplete_fields = ["action_plans", "actions"]
    actions = [remove_selected]


@admin.action(
    description=_("Geselecteerde voorstellen indienen bij het managementteam"), permissions=["change"]
)
def submit_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    done = ngettext_lazy("%(count)d voorstel ingediend.", "%(count)d voorstellen ingediend.", "count")
    _take_step(modeladmin, request, queryset, proposals.submit, done)


@admin.action(description=_("Geselecteerde voorstellen intrekken"), permissions=["change"])
def withdraw_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    done = ngettext_lazy("%(count)d voorstel ingetrokken.", "%(count)d voorstellen ingetrokken.", "count")
    _take_step(modeladmin, request, queryset, proposals.withdraw, done)


def _take_step(modeladmin, request, queryset, step, done_message) -> None:
    """All selected proposals, or none: the first refusal is shown and nothing changes."""
    try:
        with transaction.atomic():
            for proposal in queryset:
                step(proposal, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        modeladmin.message_user(request, text, messages.ERROR)
        return
    modeladmin.message_user(request, done_message % {"count": queryset.count()}, messages.SUCCESS)


@admin.register(ChangeProposal)
class ChangeProposalAdmin(KeepEverythingAdmin):
    """Proposals are written and decided on the pages; here they are listed, read and followed."""

    list_display = ["__str__", "in_words", "kind", "state", "created_by", "council_decision_date"]
    list_filter = ["plan", "kind", "state"]
    search_fields = ["action_plan__number", "new_title", "motivation"]
    list_select_related = ["action_plan", "merge_into", "created_by"]
    actions = [submit_selected, withdraw_selected]
    readonly_fields = [
        "plan",
        "kind",
        "action_plan",
        "target_actions",
        "merge_into",
        "new_action_number",
        "new_title",
        "motivation",
        "round",
        "state",
        "created_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "remark",
        "council_decision_date",
        "applied_by",
        "applied_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("actions")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        """Every field is read-only here: a posted form changes nothing and writes no history."""

    @admin.display(description=_("voorstel"))
    def in_words(self, proposal: ChangeProposal) -> str:
        return phrase(proposal)

    @admin.display(description=_("acties"))
    def target_actions(self, proposal: ChangeProposal) -> str:
        return ", ".join(action.number for action in proposal.actions.all()) or "—"


@admin.register(PolicyField)
class PolicyFieldAdmin(KeepEverythingAdmin):
    """The beleidsveld list; the whole list is imported on its own page (Beleidsvelden)."""

    form = VersionCheckedForm
    fields = ["code", "name", "loaded_version"]
    list_display = ["code", "name"]
    search_fields = ["^code", "name"]


@admin.register(Department)
class DepartmentAdmin(KeepEverythingAdmin):
    """Diensten: a name, a head and members, who all own the items the dienst owns."""

    form = VersionCheckedForm
    fields = ["name", "head", "members", "loaded_version"]
    list_display = ["name", "head", "member_count"]
    list_select_related = ["head"]
    search_fields = ["name"]
    # Plain labelled selects: filter_horizontal and the autocomplete widget both fail axe here.

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members", distinct=True))

    @admin.display(description=_("leden"), ordering="member_count")
    def member_count(self, department: Department) -> int:
        return department.member_count


# --- BBC 2020: an actie's entities, and the bedragen ---------------------------------------------------


def entities_offered(request: HttpRequest) -> QuerySet:
    """The entities an actie's form may offer: those of the plan of the actie being edited (all, on
    a new actie, whose plan the form does not know yet)."""
    object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
    entities = Entity.objects.select_related("plan")
    if object_id and str(object_id).isdigit():
        plan_id = Action.objects.filter(pk=object_id).values_list("action_plan__plan_id", flat=True).first()
        if plan_id is not None:
            return entities.filter(plan_id=plan_id)
    return entities


@admin.register(Entity)
class EntityAdmin(KeepEverythingAdmin):
    form = VersionCheckedForm
    fields = ["plan", "code", "name", "loaded_version"]
    list_display = ["code", "name", "plan"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["^code", "name"]


@admin.register(Amount)
class AmountAdmin(KeepEverythingAdmin):
    form = VersionCheckedForm
    list_display = ["action", "kind", "year", "category", "direction", "euro", "source"]
    list_filter = ["kind", "year", "category", "direction", "action__action_plan__plan"]
    list_select_related = ["action"]
    search_fields = ["^action__number", "source"]
    autocomplete_fields = ["action"]
    fields = ["action", "kind", "year", "category", "direction", "amount", "source", "loaded_version"]

    @admin.display(description=_("bedrag"), ordering="amount")
    def euro(self, amount: Amount) -> str:
        return euro(amount.amount)


from plans import admin_accounts  # noqa: E402, F401  (users, groups and login records: no delete either)
