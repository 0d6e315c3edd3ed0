"""Users, roles and login records in the admin, without hard deletes.

A deleted user would take the name off every history row they wrote; a beheerder deactivates an
account instead ("actief" off). Role groups come from ``plans/roles.py``. Login records are audit:
only a lockout (an access attempt) may be removed, which is how a beheerder unlocks someone.

Django stores permission names in English ("Can add user"); the permission lists show them in
Dutch instead ("Strategisch plan | actie | toevoegen").
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


class KeptUserAdmin(NoDelete, DutchPermissions, UserAdmin):
    pass


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
