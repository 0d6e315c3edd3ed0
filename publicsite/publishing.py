"""Switching a plan's public website on or off, and the contact its pages name: the beheerder's writes.

Publishing needs an adopted version: the public site shows versions only, never the live plan.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import changes
from organisations.models import Organisation
from plans.models import Plan
from publicsite.models import Publication, PublicProfile
from versions.models import ADOPTED_STATES, PlanVersion

NO_VERSION = gettext_lazy(
    "%(plan)s heeft nog geen vastgestelde versie: de publieke website toont enkel wat de raad vaststelde. "
    "Registreer eerst de startversie op de pagina Versies."
)


@transaction.atomic
def switch(plan: Plan, *, on: bool, by, version: int | None = None) -> Publication:
    """Turn the plan's publication on or off. ``version``: the publication's version the beheerder saw
    (an outdated copy is refused, see core/changes.py)."""
    if on and not PlanVersion.objects.filter(plan=plan, state__in=ADOPTED_STATES).exists():
        raise ValidationError(NO_VERSION % {"plan": plan.name}, code="no_version")
    publication = Publication.objects.filter(plan=plan).first()
    if publication is None:
        return changes.save(
            Publication(plan=plan, enabled=on, changed_by=by), by=by, reason=_("publieke website")
        )
    reason = _("publieke website aangezet") if on else _("publieke website uitgezet")
    return changes.update(
        publication, {"enabled": on, "changed_by": by}, by=by, reason=reason, version=version
    ).record


@transaction.atomic
def set_contact(organisation: Organisation, *, email: str, phone: str, by, version: int | None = None):
    profile = PublicProfile.objects.filter(organisation=organisation).first()
    values = {"contact_email": email.strip(), "contact_phone": phone.strip()}
    if profile is None:
        return changes.save(PublicProfile(organisation=organisation, **values), by=by, reason=_("contact"))
    return changes.update(profile, values, by=by, reason=_("contact"), version=version).record
