"""Beheer of organisations (the platform beheerder only) and of memberships (an organisation's beheerder)."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin_base import VersionCheckedForm
from organisations import founding
from organisations.admin_scoping import KeepEverythingAdmin, acting_in
from organisations.models import Membership, Organisation

FOUNDING_FIELDS = ["user", "username", "first_name", "last_name", "email"]


class FoundingForm(forms.ModelForm):
    """A new organisation and its first beheerder: an existing user, or a new account."""

    user = forms.ModelChoiceField(
        get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        label=_("bestaande gebruiker"),
        help_text=_("Laat leeg om hieronder een nieuwe gebruiker aan te maken."),
    )
    username = forms.CharField(label=_("nieuwe gebruikersnaam"), max_length=150, required=False)
    first_name = forms.CharField(label=_("voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("achternaam"), max_length=150, required=False)
    email = forms.EmailField(label=_("e-mailadres"), required=False)

    class Meta:
        model = Organisation
        fields = ["name", "slug"]

    def clean(self) -> dict:
        cleaned = super().clean()
        try:
            founding.check_first_beheerder(user=cleaned.get("user"), username=cleaned.get("username", ""))
            if cleaned.get("username"):
                founding.new_user(**{name: cleaned.get(name, "") for name in FOUNDING_FIELDS[1:]})
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def validate_unique(self) -> None:
        """Unique over the whole installation, with a message that says what to do."""
        try:
            founding.check_names(name=self.instance.name, slug=self.instance.slug)
        except ValidationError as error:
            self.add_error(None, error)


@admin.register(Organisation)
class OrganisationAdmin(KeepEverythingAdmin):
    """Only the platform beheerder founds and renames organisations; none is ever deleted."""

    form = VersionCheckedForm
    fields = ["name", "slug", "loaded_version"]
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    add_fieldsets = [
        (None, {"fields": ["name", "slug"]}),
        (
            _("Eerste beheerder"),
            {
                "fields": FOUNDING_FIELDS,
                "description": _(
                    "Kies een bestaande gebruiker, of geef de gegevens van een nieuwe gebruiker. Die wordt "
                    "beheerder van de nieuwe organisatie; stel daarna het wachtwoord in bij Gebruikers."
                ),
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = FoundingForm
            kwargs["fields"] = ["name", "slug", *FOUNDING_FIELDS]
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        founded = founding.create_organisation(
            name=obj.name, slug=obj.slug, by=request.user, **{name: data[name] for name in FOUNDING_FIELDS}
        )
        obj.pk = founded.pk  # the admin goes on with the record as founded
        obj.refresh_from_db()
        obj._state.adding = False

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Membership)
class MembershipAdmin(KeepEverythingAdmin):
    """Who is a member, with which role; ending a membership is turning "actief" off. New members of an
    organisation are added under Gebruikers (with their role)."""

    form = VersionCheckedForm
    fields = ["user", "role", "active", "loaded_version"]
    list_display = ["user", "role", "active", "organisation"]
    list_filter = ["role", "active"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if acting_in(request) is None else [name for name in shown if name != "organisation"]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        return [*filters, "organisation"] if acting_in(request) is None else filters

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "user"] if obj is not None else readonly

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser
