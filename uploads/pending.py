"""Uploads kept between their preview and the user's confirmation: one per user, at most a day."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from plans.models import Plan
from uploads.models import PendingImport

KEEP_FOR = datetime.timedelta(days=1)


def fresh() -> QuerySet:
    """The previews that can still be confirmed."""
    return PendingImport.objects.filter(created_at__gte=timezone.now() - KEEP_FOR)


def keep(
    *, user, filename: str, data: bytes, plan: Plan | None = None, plan_details=None, organisation=None
) -> PendingImport:
    """Keep an upload for its confirmation, in the plan's organisation (or ``organisation`` for a new
    plan). The user's earlier preview, and every preview older than a day, is dropped with its copy of
    the file: a user previews one upload at a time."""
    drop_stale(user=user)
    return PendingImport.objects.create(
        organisation=plan.organisation if plan else organisation,
        plan=plan,
        plan_details=plan_details or {},
        user=user,
        filename=filename,
        data=data,
    )


def drop_stale(*, user=None) -> int:
    """Remove the previews older than a day (and ``user``'s own, if given); returns how many."""
    stale = Q(created_at__lt=timezone.now() - KEEP_FOR)
    if user is not None:
        stale |= Q(user=user)
    deleted, _ = PendingImport.objects.filter(stale).delete()
    return deleted
