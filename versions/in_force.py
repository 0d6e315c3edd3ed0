"""Which version of a plan was in force: today, or on a date (the ``?op=`` of every plan page)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from versions.models import ADOPTED_STATES, PlanVersion, VersionState

NO_VERSION = _("%(plan)s heeft nog geen vastgestelde versie. Er is enkel het plan zoals het nu is.")
BEFORE_FIRST = _(
    "Op %(date)s was er nog geen versie van %(plan)s van kracht: de eerste (%(first)s) werd vastgesteld "
    "op %(first_date)s. Kies een latere datum."
)
DATE_UNREADABLE = _("“%(value)s” is geen datum. Schrijf de datum als jjjj-mm-dd, bv. 2027-03-01.")


def adopted(plan: Plan):
    """The versions the raad adopted, oldest first (the one in force last)."""
    return PlanVersion.objects.filter(plan=plan, state__in=ADOPTED_STATES).order_by("number")


def current(plan: Plan) -> PlanVersion | None:
    """The version in force now: the last one adopted."""
    return adopted(plan).filter(state=VersionState.ADOPTED).order_by("-number").first()


def in_draft(plan: Plan) -> PlanVersion | None:
    """The aanpassing being drafted, if any: at most one per plan."""
    return PlanVersion.objects.filter(plan=plan, state=VersionState.DRAFT).order_by("number").first()


def on(plan: Plan, date: datetime.date) -> PlanVersion:
    """The version in force on ``date``: the last one adopted by the raad on or before it. A date before
    the first version is refused."""
    versions = list(adopted(plan).exclude(council_date=None))
    if not versions:
        raise ValidationError(NO_VERSION, code="no_version", params={"plan": plan.name})
    in_force = [version for version in versions if version.council_date <= date]
    if not in_force:
        first = min(versions, key=lambda version: (version.council_date, version.number))
        raise ValidationError(
            BEFORE_FIRST,
            code="before_first",
            params={
                "date": formats.date_format(date),
                "plan": plan.name,
                "first": first.name,
                "first_date": formats.date_format(first.council_date),
            },
        )
    return max(in_force, key=lambda version: (version.council_date, version.number))


def parse_date(value: str) -> datetime.date:
    """The ``?op=`` of a page: an ISO date (2027-03-01), else a Dutch refusal."""
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(DATE_UNREADABLE, code="date_unreadable", params={"value": value[:40]}) from None
