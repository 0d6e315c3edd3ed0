"""Entering values and targets: one function per write, through ``core/changes.py``."""

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import changes
from indicators import access, kinds
from indicators.models import Indicator, Target, Value

NOT_YOURS = _("U kan enkel waarden invullen van de indicatoren waarvoor u verantwoordelijk bent.")


def round_date(round) -> datetime.date:
    """The date a round's value is about: the end of its period, else the round's date."""
    return round.period_end or round.date


def check_may_enter(user, indicator: Indicator) -> None:
    if user is not None and not access.may_enter_values(user, indicator):
        raise PermissionDenied(NOT_YOURS)


@transaction.atomic
def record_value(
    indicator: Indicator,
    raw: Any,
    *,
    by: AbstractBaseUser | None,
    round=None,
    date: datetime.date | None = None,
    note: str = "",
    version: int | None = None,
    reason: str | None = None,
) -> Value:
    """Enter the value of ``indicator`` for ``round`` or on ``date`` (as typed: "12,5", "ja", a step's
    name), with a note. An existing value for the same round or date is updated (refused as a
    Conflict when someone saved it after the editor loaded ``version``); a value of a closed round
    is never changed. ``reason`` replaces the history's default reason (an import names its file)."""
    check_may_enter(by, indicator)
    if round is None and date is None:
        raise ValidationError({"date": [_("Kies een rapportering of vul een datum in.")]})
    number = kinds.parse(indicator, raw)
    date = date or round_date(round)
    existing = _existing(indicator, round=round, date=date)
    if existing is None:
        value = Value(indicator=indicator, round=round, date=date, value=number, note=note.strip())
        return changes.save(value, by=by, reason=reason or "waarde ingevuld")
    if existing.round_id is not None and existing.round.is_closed:
        raise ValidationError({"round": [kinds.closed_round_error(existing.round)]})
    result = changes.update(
        existing,
        {"value": number, "note": note.strip(), "date": date},
        by=by,
        reason=reason or "waarde gewijzigd",
        version=existing.version if version is None else version,
    )
    return result.record


def _existing(indicator: Indicator, *, round, date: datetime.date) -> Value | None:
    values = Value.objects.select_related("round").filter(indicator=indicator)
    if round is not None:
        found = values.filter(round=round).first()
        if found is not None:
            return found
    return values.filter(date=date).first()


@transaction.atomic
def set_target(indicator: Indicator, year: int, raw: Any, *, by: AbstractBaseUser | None) -> Target:
    """The target for ``year``: created, or changed when there is one (history either way)."""
    if by is not None and not access.may_define(by):
        raise PermissionDenied(_("Enkel de strategische cel legt streefwaarden vast."))
    number = raw if isinstance(raw, Decimal) else kinds.parse(indicator, raw)
    existing = Target.objects.filter(indicator=indicator, year=year).first()
    if existing is None:
        return changes.save(
            Target(indicator=indicator, year=year, value=number), by=by, reason="streefwaarde"
        )
    return changes.update(
        existing, {"value": number}, by=by, reason="streefwaarde gewijzigd", version=existing.version
    ).record
