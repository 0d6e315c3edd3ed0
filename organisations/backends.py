from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from organisations.membership import current_role


class MembershipBackend(ModelBackend):
    """Django's model permissions, with the role groups read from the user's membership in the
    organisation they act in, not from ``user.groups``: a cel member of one organisation is
    nobody in another."""

    def _get_group_permissions(self, user_obj):
        role = current_role(user_obj)
        if role is None:
            return Permission.objects.none()
        return Permission.objects.filter(group__name=role)
