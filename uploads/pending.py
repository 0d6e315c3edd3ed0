"""Uploads kept from their upload to their apply: one per user, at most a day."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from plans.models import Plan
from uploads.models import PendingImport, UploadState

KEEP_FOR = datetime.timedelta(days=1)


def fresh() -> QuerySet:
    """The uploads that can still be shown and confirmed."""
    return PendingImport.objects.filter(created_at__gte=timezone.now() - KEEP_FOR)


def keep(
    *,
    kind: str,
    user,
    filename: str,
    data: bytes,
    plan: Plan | None = None,
    details=None,
    organisation=None,
) -> PendingImport:
    """Keep an upload for its reading and confirmation, in the plan's organisation (or
    ``organisation`` for a new plan). The user's earlier upload, and every upload older than a day,
    is dropped with its copy of the file: a user works on one upload at a time (one being applied
    is left to finish)."""
    drop_stale(user=user)
    return PendingImport.objects.create(
        kind=kind,
        organisation=plan.organisation if plan else organisation,
        plan=plan,
        details=details or {},
        user=user,
        filename=filename,
        data=data,
    )


def drop_stale(*, user=None) -> int:
    """Remove the uploads older than a day (and ``user``'s own, if given); returns how many."""
    stale = Q(created_at__lt=timezone.now() - KEEP_FOR)
    if user is not None:
        stale |= Q(user=user) & ~Q(state=UploadState.APPLYING)
    deleted, _ = PendingImport.objects.filter(stale).delete()
    return deleted
