"""Beheer shows, offers and saves only the organisation the user acts in.

The scoped managers already keep other organisations' rows out of every list, filter, search and
choice built on a scoped model. What they cannot cover is done here, once for every model admin:
users (``auth.User`` has no organisation: its choices are the organisation's members), the
organisation of a new record (the one the user acts in, never chosen); an object outside the scope
is not found (404, ``core/admin_base.py``).
"""

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from core.admin_base import HistoryKeepingAdmin, NotFoundOutsideQueryset
from organisations.membership import members
from organisations.models import Organisation

ORGANISATION = "organisation"


def acting_in(request: HttpRequest) -> Organisation | None:
    """The organisation the request acts in; None for the platform beheerder (who sees all)."""
    return getattr(request, "organisation", None)


def users_of(request: HttpRequest):
    """The users Beheer may offer in a choice: the organisation's members (all for the platform beheerder)."""
    organisation = acting_in(request)
    users = get_user_model().objects.all()
    return users if organisation is None else members(organisation)


class InOrganisation(NotFoundOutsideQueryset):
    """Mixed into every model admin (before ``admin.ModelAdmin``)."""

    def _belongs_to_organisation(self) -> bool:
        field = next((f for f in self.model._meta.fields if f.name == ORGANISATION), None)
        return field is not None and field.related_model is Organisation

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if not self._belongs_to_organisation():
            return fields
        if acting_in(request) is not None:
            return [name for name in fields if name != ORGANISATION]
        return fields if ORGANISATION in fields else [ORGANISATION, *fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and self._belongs_to_organisation() and acting_in(request) is None:
            readonly.append(ORGANISATION)  # a record never moves to another organisation
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        organisation = acting_in(request)
        if organisation is None or not self._belongs_to_organisation():
            return form

        class InOrganisationForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.instance.organisation_id is None:
                    self.instance.organisation = organisation

        return InOrganisationForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is get_user_model() and "queryset" not in kwargs:
            kwargs["queryset"] = users_of(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is get_user_model() and "queryset" not in kwargs:
            kwargs["queryset"] = users_of(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class KeepEverythingAdmin(InOrganisation, HistoryKeepingAdmin):
    """The base of every model admin of a kept record: history on every edit and no hard delete
    (``core/admin_base.py``), only in the organisation the user acts in."""
