"""Adopting a version: the raad's decision that puts it in force, replaces the one before and takes the
snapshot of the strategic nota (``versions/snapshots.py``).

Every raad decision that changes a plan passes here: the drafted plan's version 1 (drafting/adoption.py),
each aanpassing, and the Turnhout practice of a raad decision that applies change proposals one by
one. A refusal raises ValidationError and changes nothing.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core import changes, clock
from plans.models import Plan
from versions import in_force, snapshots
from versions.models import PlanVersion, VersionState

DATE_MISSING = _("Geef de datum van de raadsbeslissing die deze versie vaststelt.")
DATE_BEFORE_PREVIOUS = _(
    "De raad stelde %(previous)s vast op %(previous_date)s. Een nieuwe versie kan niet vroeger "
    "vastgesteld zijn: kies een datum vanaf %(previous_date)s."
)
OTHER_IN_DRAFT = _(
    "Voor %(plan)s is %(version)s nog in ontwerp. Stel die aanpassing eerst vast (of zet ze stop) "
    "voor de raad een andere versie vaststelt."
)
NOT_IN_DRAFT = _(
    "%(version)s is al %(state)s. Een versie wordt nooit gewijzigd, enkel vervangen door de volgende."
)
DATE_IN_FUTURE = _(
    "De datum van de raadsbeslissing ligt in de toekomst. Noteer de vaststelling op of na de dag waarop "
    "de raad besliste."
)
NAME_MISSING = _("Geef de versie een naam, bv. AMJP 2027-1.")


def next_number(plan: Plan) -> int:
    return (PlanVersion.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0) + 1


def _check(version: PlanVersion, council_date: datetime.date | None) -> None:
    if not version.name.strip():
        raise ValidationError({"name": ValidationError(NAME_MISSING, code="name_missing")})
    if council_date is None:
        raise ValidationError({"council_date": ValidationError(DATE_MISSING, code="date_missing")})
    if council_date > clock.now().date():
        raise ValidationError({"council_date": ValidationError(DATE_IN_FUTURE, code="date_in_future")})
    other = in_force.in_draft(version.plan)
    if other is not None and other.pk != version.pk:
        raise ValidationError(
            OTHER_IN_DRAFT, code="other_in_draft", params={"plan": version.plan.name, "version": other.name}
        )
    previous = in_force.current(version.plan)
    if previous is not None and previous.council_date and council_date < previous.council_date:
        raise ValidationError(
            {
                "council_date": ValidationError(
                    DATE_BEFORE_PREVIOUS,
                    code="date_before_previous",
                    params={
                        "previous": previous.name,
                        "previous_date": formats.date_format(previous.council_date),
                    },
                )
            }
        )


@transaction.atomic
def adopt(
    version: PlanVersion,
    *,
    council_date: datetime.date | None,
    by: AbstractBaseUser | None,
    reason: str = "",
    published_on: datetime.date | None = None,
) -> PlanVersion:
    """Put ``version`` (new, or an aanpassing in ontwerp) in force on ``council_date``: the version in
    force until then becomes vervangen, and the snapshot is taken of the plan as it stands now, so
    write the version's changes to the plan first, in the same transaction."""
    if not version._state.adding:
        version = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if version.state != VersionState.DRAFT:
            raise ValidationError(
                NOT_IN_DRAFT,
                code="not_in_draft",
                params={"version": version.name, "state": version.get_state_display()},
            )
    _check(version, council_date)
    reason = reason or str(
        _("vastgesteld door de raad op %(date)s") % {"date": council_date.strftime("%d/%m/%Y")}
    )
    previous = in_force.current(version.plan)
    if previous is not None:
        previous.state = VersionState.REPLACED
        changes.save(previous, by=by, reason=reason)
    if version._state.adding:
        version.number = version.number or next_number(version.plan)
        version.created_by = version.created_by or by
    version.state = VersionState.ADOPTED
    version.council_date = council_date
    version.published_on = published_on or version.published_on
    version = changes.save(version, by=by, reason=reason)
    snapshots.take(version)
    return version


def record(
    plan: Plan,
    *,
    name: str,
    council_date: datetime.date | None,
    by: AbstractBaseUser | None,
    note: str = "",
    reason: str = "",
) -> PlanVersion:
    """A raad decision recorded as the plan's next version (a drafted plan's first, or the Turnhout
    practice's decision on change proposals)."""
    version = PlanVersion(plan=plan, name=name.strip(), note=note, state=VersionState.DRAFT)
    return adopt(version, council_date=council_date, by=by, reason=reason)


PUBLISHED_ALREADY = _("%(version)s werd al gepubliceerd op %(date)s. Een versie wordt nooit gewijzigd.")
PUBLISHED_NOT_ADOPTED = _(
    "%(version)s is nog niet vastgesteld. Publiceer een versie nadat de raad ze vaststelde."
)
PUBLISHED_BEFORE_ADOPTION = _(
    "De publicatie kan niet vóór de raadsbeslissing van %(date)s liggen. Kies een datum vanaf die dag."
)
PUBLISHED_MISSING = _("Geef de datum waarop de versie gepubliceerd werd.")


@transaction.atomic
def publish(version: PlanVersion, *, on: datetime.date | None, by: AbstractBaseUser | None) -> PlanVersion:
    """Record when an adopted version was published (the one thing recorded after its adoption)."""
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    params = {"version": version.name}
    if on is None:
        raise ValidationError({"published_on": ValidationError(PUBLISHED_MISSING, code="missing")})
    if version.state == VersionState.DRAFT:
        raise ValidationError(PUBLISHED_NOT_ADOPTED, code="not_adopted", params=params)
    if version.published_on is not None:
        raise ValidationError(
            PUBLISHED_ALREADY,
            code="published_already",
            params={**params, "date": formats.date_format(version.published_on)},
        )
    if version.council_date and on < version.council_date:
        raise ValidationError(
            {
                "published_on": ValidationError(
                    PUBLISHED_BEFORE_ADOPTION,
                    code="before_adoption",
                    params={"date": formats.date_format(version.council_date)},
                )
            }
        )
    version.published_on = on
    return changes.save(version, by=by, reason=str(_("gepubliceerd")))
