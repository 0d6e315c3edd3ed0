"""What every version page shares: the plan and the version the user may read."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from versions import access
from versions.models import PlanVersion


def plan_for(request: HttpRequest, slug: str) -> Plan:
    if not access.may_read(request.user):
        raise PermissionDenied(_("U hebt geen toegang tot de versies van dit plan."))
    return get_object_or_404(Plan, slug=slug)


def version_for(request: HttpRequest, slug: str, number: int) -> PlanVersion:
    plan = plan_for(request, slug)
    return get_object_or_404(PlanVersion.objects.select_related("plan", "based_on"), plan=plan, number=number)


def check_keeper(request: HttpRequest) -> None:
    if not access.may_keep(request.user):
        raise PermissionDenied(access.ONLY_CEL)
