"""An indicator's history as people read it: its definition's changes, and its targets' and values'
saves, newest first, with who, when and why (three queries for the rows, whatever their number)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from core.people import person
from indicators import kinds
from indicators.models import Indicator, Target, Value
from plans.timeline import FieldChange, item_timeline


@dataclass
class Entry:
    when: datetime
    user: str
    what: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def indicator_history(indicator: Indicator) -> list[Entry]:
    entries = [
        Entry(
            entry.when,
            entry.user,
            _("indicator %(kind)s") % {"kind": entry.kind},
            entry.reason,
            entry.changes,
        )
        for entry in item_timeline(indicator)
    ]
    for record in Target.history.filter(indicator_id=indicator.pk).select_related("history_user"):
        what = _("streefwaarde %(year)s: %(value)s") % {
            "year": record.year,
            "value": kinds.display(indicator, record.value),
        }
        entries.append(
            Entry(record.history_date, person(record.history_user), what, record.history_change_reason or "")
        )
    for record in Value.history.filter(indicator_id=indicator.pk).select_related("history_user"):
        what = _("waarde op %(date)s: %(value)s") % {
            "date": record.date.strftime("%d/%m/%Y"),
            "value": kinds.display(indicator, record.value),
        }
        if record.note:
            what += f" ({record.note})"
        entries.append(
            Entry(record.history_date, person(record.history_user), what, record.history_change_reason or "")
        )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
