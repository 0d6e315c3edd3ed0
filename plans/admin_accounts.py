"""Users, roles and login records in the admin, without hard deletes.

A deleted user would take the name off every history row they wrote; a beheerder deactivates an
account instead ("actief" off). Role groups come from ``plans/roles.py``. Login records are audit:
only a lockout (an access attempt) may be removed, which is how a beheerder unlocks someone.
"""

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User


class NoDelete:
    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # also removes the "delete selected" action


class KeptUserAdmin(NoDelete, UserAdmin):
    pass


class KeptGroupAdmin(NoDelete, GroupAdmin):
    pass


class KeptAccessLogAdmin(NoDelete, AccessLogAdmin):
    pass


class KeptAccessFailureLogAdmin(NoDelete, AccessFailureLogAdmin):
    pass


for model, model_admin in [
    (User, KeptUserAdmin),
    (Group, KeptGroupAdmin),
    (AccessLog, KeptAccessLogAdmin),
    (AccessFailureLog, KeptAccessFailureLogAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
