"""Users, roles and login records in the admin, without hard deletes.

A deleted user would take the name off every history row they wrote; a beheerder deactivates an
account instead ("actief" off). Role groups come from ``core/roles.py``. Login records are audit:
only a lockout (an access attempt) may be removed, which is how a beheerder unlocks someone.

Django stores permission names in English ("Can add user"); the permission lists show them in
Dutch instead ("Strategisch plan | actie | toevoegen").
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.roles import MEMBER_ROLE_CHOICES
from organisations.admin_scoping import InOrganisation, acting_in
from organisations.membership import add_member

PERMISSION_ACTIONS = {
    "add": _("toevoegen"),
    "change": _("wijzigen"),
    "delete": _("verwijderen"),
    "view": _("bekijken"),
}


def model_name(model) -> str:
    """The model's Dutch name; simple-history's record of a many-to-many link has none of its own."""
    try:
        owner = model._meta.get_field("history").related_model
    except FieldDoesNotExist:
        return str(model._meta.verbose_name)
    field = owner.instance_type._meta.get_field(model.__name__.split("_", 1)[1])
    return f"{owner._meta.verbose_name}: {field.verbose_name}"


def permission_label(permission: Permission) -> str:
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:
        return str(permission)
    action, _sep, model_codename = permission.codename.partition("_")
    default = action in PERMISSION_ACTIONS and model_codename == model._meta.model_name
    name = PERMISSION_ACTIONS[action] if default else permission.name
    app = model._meta.app_config.verbose_name
    return f"{app} | {model_name(model)} | {name}"


class NoDelete:
    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # also removes the "delete selected" action


class DutchPermissions:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if db_field.name == "user_permissions" or db_field.name == "permissions":
            field.label_from_instance = permission_label
        return field


class MemberCreationForm(AdminUserCreationForm):
    """A new user of the organisation the beheerder acts in, with their role there."""

    role = forms.ChoiceField(label=_("rol"), choices=MEMBER_ROLE_CHOICES)

    class Meta(AdminUserCreationForm.Meta):
        fields = ["username", "first_name", "last_name", "email"]


class KeptUserAdmin(NoDelete, DutchPermissions, InOrganisation, UserAdmin):
    """The platform beheerder sees every user. An organisation's beheerder sees only its members (no
    superusers), adds members with a role, and never grants staff, superuser or permission rights:
    rights come from the role (Lidmaatschappen)."""

    member_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email")}),
        (_("Toegang"), {"fields": ("is_active",)}),
    )
    member_add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                )
            },
        ),
    )

    def get_queryset(self, request):
        users = super().get_queryset(request)
        organisation = acting_in(request)
        if organisation is None:
            return users
        return users.filter(memberships__organisation=organisation, is_superuser=False).distinct()

    def get_fieldsets(self, request, obj=None):
        if acting_in(request) is None:
            return super().get_fieldsets(request, obj)
        return self.member_add_fieldsets if obj is None else self.member_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and acting_in(request) is not None:
            kwargs["form"] = MemberCreationForm
        return super().get_form(request, obj, **kwargs)

    def get_list_filter(self, request):
        return super().get_list_filter(request) if acting_in(request) is None else ["is_active"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        organisation = acting_in(request)
        if not change and organisation is not None:
            add_member(obj, organisation, form.cleaned_data["role"], by=request.user)


class KeptGroupAdmin(NoDelete, DutchPermissions, GroupAdmin):
    pass


class DutchAccessAttemptAdmin(AccessAttemptAdmin):
    """Axes' own admin writes "3 Attempt Remaining" and an untranslatable clean-up message."""

    @admin.display(description=_("stand"))
    def status(self, obj: AccessAttempt) -> str:
        left = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if left <= 0:
            return _("geblokkeerd")
        return ngettext("nog %(count)d poging", "nog %(count)d pogingen", left) % {"count": left}

    @admin.action(description=_("Verlopen pogingen opruimen"))
    def cleanup_expired_attempts(self, request, queryset) -> None:
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext("%(count)d verlopen poging opgeruimd.", "%(count)d verlopen pogingen opgeruimd.", count)
            % {"count": count},
        )


class KeptAccessLogAdmin(NoDelete, AccessLogAdmin):
    pass


class KeptAccessFailureLogAdmin(NoDelete, AccessFailureLogAdmin):
    pass


for model, model_admin in [
    (User, KeptUserAdmin),
    (AccessAttempt, DutchAccessAttemptAdmin),
    (Group, KeptGroupAdmin),
    (AccessLog, KeptAccessLogAdmin),
    (AccessFailureLog, KeptAccessFailureLogAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
