"""Organisations: one installation serves many besturen, each seeing only its own plans.

A user is a member of one or more organisations, with one role in each. The platform beheerder (a
superuser) stands above them: creates organisations and their first beheerder, and sees all.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Versioned
from core.roles import MEMBER_ROLE_CHOICES
from core.scoping import scoped_manager


class Organisation(Versioned):
    name = models.CharField(_("naam"), max_length=200, unique=True, help_text=_("Bv. OCMW Turnhout."))
    slug = models.SlugField(
        _("korte naam"), max_length=80, unique=True, help_text=_("Uniek, voor adressen, bv. ocmw-turnhout.")
    )
    objects = scoped_manager("pk")
    history = HistoricalRecords(verbose_name=_("historiek van organisatie"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(Versioned):
    """A user's role in one organisation. Ending it (active off) keeps who did what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="memberships", verbose_name=_("gebruiker")
    )
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="memberships", verbose_name=_("organisatie")
    )
    role = models.CharField(_("rol"), max_length=40, choices=MEMBER_ROLE_CHOICES)
    active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Zet uit om iemand de toegang tot de organisatie te ontnemen."),
    )
    objects = scoped_manager("organisation")
    history = HistoricalRecords(verbose_name=_("historiek van lidmaatschap"), excluded_fields=["version"])

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="one_membership_per_organisation",
                violation_error_message=_(
                    "Deze gebruiker is al lid van deze organisatie. Pas de rol van dat lidmaatschap aan."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
