"""Reading a record's history (django-simple-history's rows)."""

from itertools import pairwise

from django.db import models


def last_change_of(item: models.Model, fields: list[str], *, look_back: int = 200):
    """The history record in which any of ``fields`` last got its current value (one query)."""
    records = list(
        item.history.select_related("history_user").order_by("-history_date", "-history_id")[:look_back]
    )
    for newer, older in pairwise(records):
        if any(getattr(newer, name) != getattr(older, name) for name in fields):
            return newer
    return records[-1] if records else None
