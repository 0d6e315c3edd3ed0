"""The base of every model admin: an edit refused on an outdated copy, history on every edit, saves
through the one write path (``core/changes.py``), and no hard delete. The organisation's part is
added on top in ``organisations/admin_scoping.py``."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseNotAllowed
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from core import changes
from core.models import Versioned

VERSION_MISSING = _("Het formulier is onvolledig: herlaad de pagina en voer uw wijziging opnieuw in.")
EMPTY = "—"
ROW_FIELD_LABEL = _("%(field)s van %(item)s")


class VersionCheckedForm(forms.ModelForm):
    """Refuses a save made on a copy of the record that someone else has saved since it was opened."""

    loaded_version = forms.IntegerField(
        label=_("versie bij het openen"),
        widget=forms.HiddenInput,
        required=False,
        error_messages={"required": VERSION_MISSING},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
            self.fields["loaded_version"].required = True  # an edit must say which version it changes

    def clean(self) -> dict:
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            try:
                changes.check_unchanged(self.instance, loaded)
            except changes.Conflict as conflict:
                error = ValidationError(conflict.message(), code="stale")
                self.add_error("status" if "status" in self.fields else None, error)
        return cleaned

    def validate_unique(self) -> None:
        """Numbers are unique by their normal form ("SD 1" is "SD1"): the sort key, which the form
        does not show, is derived and checked too."""
        changes.derive(self.instance)
        exclude = self._get_validation_exclusions() - {"sort_key"}
        if getattr(self.instance, "organisation_id", None) is not None:
            exclude -= {"organisation"}  # set by Beheer, not shown: names are unique per organisation
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)

    def loaded(self) -> int | None:
        """The version this form was opened on (None for a new record)."""
        return self.cleaned_data.get("loaded_version") if self.instance.pk else None


def _loaded(form) -> int | None:
    return form.loaded() if isinstance(form, VersionCheckedForm) else None


def _links(form) -> dict[str, QuerySet]:
    """The many-to-many fields the form edits, with the records chosen in each."""
    fields = form._meta.model._meta.many_to_many
    return {field.name: form.cleaned_data[field.name] for field in fields if field.name in form.cleaned_data}


def labelled_per_row(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """The list's editable fields have no label of their own (only the column head): name each one
    after its row for screen readers, "Status van actie 10.2"."""

    class LabelledPerRow(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk:
                for field in self.fields.values():
                    if not field.widget.is_hidden:
                        field.widget.attrs["aria-label"] = ROW_FIELD_LABEL % {
                            "field": capfirst(field.label),
                            "item": self.instance,
                        }

    return LabelledPerRow


class LabelledChanges(HistoricalRecordContextHelper):
    """Show a change of a choice field by its Dutch labels ("niet gestart → loopt"), not its codes,
    and an empty value as a dash."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or (isinstance(value, DeletedObject) and value.pk is None):
            return EMPTY  # not simple-history's "None" or "Deleted gebruiker (pk=None)"
        if field.choices and not field.many_to_many:
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class NotFoundOutsideQueryset:
    """An object the admin's queryset does not hold (or none at all) is not found: 404, like on the
    pages, not the admin's redirect that would tell it exists."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def in_scope_or_404(self, request, object_id) -> None:
        """For views that do not load the object through ``get_queryset`` (simple-history's)."""
        try:
            pk = self.model._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404 from None
        if not self.get_queryset(request).filter(pk=pk).exists():
            raise Http404


class HistoryKeepingAdmin(NotFoundOutsideQueryset, SimpleHistoryAdmin):
    """History on every edit, and no hard delete: records leave by their life cycle or state."""

    # simple-history's own version page names the history model in English.
    object_history_form_template = "admin/history_form.html"

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """The list of versions prints a save without a reason as a dash, not as "None"."""
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            if record.history_change_reason is None:
                record.history_change_reason = EMPTY

    def history_view(self, request, object_id, extra_context=None):
        """Simple-history would fall back to history rows outside the admin's queryset."""
        self.in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def get_changelist_form(self, request, **kwargs):
        if issubclass(self.form, VersionCheckedForm):
            kwargs.setdefault("form", self.form)
        return labelled_per_row(super().get_changelist_form(request, **kwargs))

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledChanges(self.model, historical_record)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        """Through the one write path, with the form's links (many-to-many) in the same history row
        and version; a copy someone saved since it was opened is refused again under the row's lock,
        so two saves at once cannot both pass the form's check."""
        changes.save(obj, by=request.user, version=_loaded(form), links=_links(form))

    def save_related(self, request, form, formsets, change) -> None:
        """The form's own links were written by ``save_model``; the inlines remain."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change) -> None:
        forms = {id(inline.instance): inline for inline in formset.forms}
        for obj in formset.save(commit=False):
            if isinstance(obj, Versioned):
                changes.save(obj, by=request.user, version=_loaded(forms.get(id(obj))))
            else:  # a line of a round's version table: history, but no version
                obj.save()
        formset.save_m2m()

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An old version can be read, never posted back: simple-history's revert would skip the
        version check and the proposal rules (SIMPLE_HISTORY_REVERT_DISABLED only hides its button)."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        self.in_scope_or_404(request, object_id)  # simple-history reads the history table unscoped
        return super().history_form_view(request, object_id, version_id, extra_context)
