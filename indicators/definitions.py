"""Defining an indicator: its fields and the items it measures, in one write through ``core/changes.py``."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core import changes
from indicators import access
from indicators.links import Links
from indicators.models import Indicator

ONLY_CEL = _("Enkel de strategische cel definieert indicatoren.")


@transaction.atomic
def save_indicator(
    indicator: Indicator, links: Links, *, by: AbstractBaseUser, version: int | None = None
) -> Indicator:
    """Save ``indicator`` (new, or edited on the copy of ``version``: a copy someone saved since is
    refused with ``changes.Conflict``) and set the items it measures: one history row for the fields
    and the links (``m2m_fields``), with ``by`` and the reason."""
    if not access.may_define(by):
        raise PermissionDenied(ONLY_CEL)
    new = indicator.pk is None
    reason = "indicator aangemaakt" if new else "indicator gewijzigd"
    return changes.save(
        indicator,
        by=by,
        reason=reason,
        version=None if new else version,
        links={"goals": links.goals, "action_plans": links.action_plans, "actions": links.actions},
    )
