"""django-import-export resources for the round trip: status and toelichting of existing items only.

Each resource looks its rows up in one query (CachedInstanceLoader) within one plan, refuses rows
for items the plan does not have, rows an eigenaar changed on items they do not own, an item put on
hold without a toelichting, skips unchanged rows (no history for them), and writes the
changed items in batches with their history (import-export's own bulk writes would skip
django-simple-history), each record with the uploading user and the file as reason.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from core import changes, progress
from plans import owners
from plans.editing import check_on_hold
from plans.models import Action, ActionPlan, ItemKind, Plan, Project
from reporting.columns import KEY, SEEN, STATUS_LABELS, UNKNOWN_STATUS, parse_status
from reporting.controle_token import FIELDS, normalised, parse_token

SEEN_MISSING = _(
    "De verborgen controlekolom van deze rij is leeg, gewijzigd of beschadigd, dus is niet na te gaan wat "
    "er sinds de export veranderde. Exporteer de rapportering opnieuw en vul die in."
)
NOT_YOUR_ROW = _(
    "U kan enkel uw eigen items bijwerken, en deze rij hoort bij een andere eigenaar. Zet de rij terug "
    "zoals ze was (of laat ze weg) en laad het bestand opnieuw op."
)
CHANGED_SINCE_EXPORT = _(
    "Deze waarde werd na de export in de toepassing gewijzigd (nu “%(current)s”). Neem die waarde over in "
    "de Excel, of exporteer opnieuw en vul de nieuwe Excel in."
)


def _shown(instance, name: str) -> str:
    """A field's current value as the workbook writes it."""
    value = getattr(instance, name)
    return STATUS_LABELS.get(value, value) if name == "status" else value


def _as_stored(name: str, value) -> str:
    """A cell as the plan would store it: a status by its code ("Loopt " → in_progress), text trimmed."""
    return (parse_status(value) or normalised(value)) if name == "status" else normalised(value)


class StatusWidget(widgets.Widget):
    """The status as the workbook writes it ("on hold"), stored as its code."""

    def clean(self, value, row=None, **kwargs) -> str:
        status = parse_status(value)
        if status is None:
            raise ValueError(UNKNOWN_STATUS % {"value": str(value or "").strip()})
        return status

    def render(self, value, obj=None, **kwargs) -> str:
        return STATUS_LABELS.get(value, value)


class StatusResource(resources.ModelResource):
    missing_message = _("%(key)s bestaat niet in dit plan. Een import wijzigt enkel bestaande items.")

    key = fields.Field(attribute="number", column_name=KEY, readonly=True)
    status = fields.Field(attribute="status", column_name="status", widget=StatusWidget())
    explanation = fields.Field(
        attribute="explanation", column_name="explanation", widget=widgets.CharWidget(allow_blank=True)
    )

    def __init__(self, *, plan: Plan, reason: str, user=None, **kwargs):
        super().__init__(**kwargs)
        self.plan, self.reason, self.user = plan, reason, user

    class Meta:
        fields = (KEY, *FIELDS)
        import_id_fields = (KEY,)
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        use_bulk = True
        batch_size = 500

    def init_instance(self, row=None):
        raise ValidationError(self.missing_message % {"key": row.get("key")})

    def import_instance(self, instance, row, **kwargs) -> None:
        """Take from the row only what the user changed since the export, and refuse a change to a
        field someone else changed in the meantime (``changes.check_unchanged``, with what the
        exported row showed as what the editor saw: see ``reporting/controle_token.py``)."""
        exported = parse_token(row.get(SEEN))
        if exported is None:
            raise ValidationError(SEEN_MISSING)
        in_file = {name: _as_stored(name, row[name]) for name in FIELDS}
        edits = {name: value for name, value in in_file.items() if not exported[name].matches(value)}
        if edits and self.user is not None and not owners.may_edit_status(self.user, instance):
            raise ValidationError(NOT_YOUR_ROW, code="not_your_item")
        try:
            changes.check_unchanged(instance, None, {name: exported[name] for name in edits}, wanted=edits)
        except changes.Conflict as conflict:
            raise ValidationError(
                {name: CHANGED_SINCE_EXPORT % {"current": _shown(instance, name)} for name in conflict.fields}
            ) from conflict
        if "status" in edits:
            check_on_hold(
                status=edits["status"],
                explanation=edits.get("explanation", instance.explanation),
                previous_status=instance.status,
            )
        left_alone = {name: _shown(instance, name) for name in FIELDS if name not in edits}
        super().import_instance(instance, {**row, **left_alone}, **kwargs)

    def after_import_row(self, row, row_result, **kwargs) -> None:
        progress.advance()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None) -> None:
        if self.update_instances and (using_transactions or not dry_run):
            try:
                changes.update_many(
                    self.update_instances, FIELDS, by=self.user, reason=self.reason, batch_size=batch_size
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()


class ActionStatusResource(StatusResource):
    missing_message = _("Actie %(key)s bestaat niet in dit plan. Een import wijzigt enkel bestaande acties.")

    class Meta(StatusResource.Meta):
        model = Action

    def get_queryset(self) -> QuerySet:
        # With its actieplan: the eigenaar of an actie without one of its own (owners.owns).
        return Action.objects.in_plan(self.plan).select_related("action_plan")


class ActionPlanStatusResource(StatusResource):
    missing_message = _(
        "Actieplan %(key)s bestaat niet in dit plan. Een import wijzigt enkel bestaande actieplannen."
    )

    class Meta(StatusResource.Meta):
        model = ActionPlan

    def get_queryset(self) -> QuerySet:
        return ActionPlan.objects.in_plan(self.plan)


class ProjectStatusResource(StatusResource):
    key = fields.Field(attribute="name", column_name=KEY, readonly=True)
    missing_message = _(
        "Project “%(key)s” bestaat niet in dit plan. Een import wijzigt enkel bestaande projecten."
    )

    class Meta(StatusResource.Meta):
        model = Project

    def get_queryset(self) -> QuerySet:
        return Project.objects.in_plan(self.plan)


RESOURCES = {
    ItemKind.ACTION_PLAN: ActionPlanStatusResource,
    ItemKind.ACTION: ActionStatusResource,
    ItemKind.PROJECT: ProjectStatusResource,
}
