"""Uploaded files waiting for the user's confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import scoped_manager
from plans.models import (
    Plan,
)


class PendingImport(models.Model):
    """An uploaded workbook between its preview and the user's confirmation (kept in the database so
    that any app process can finish it); removed once applied or abandoned."""

    # None: an upload for the whole platform (the beleidsvelden list), seen only by the platform beheerder.
    organisation = models.ForeignKey(
        "organisations.Organisation", models.CASCADE, related_name="+", null=True
    )
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="+", null=True)  # None: a new plan
    plan_details = models.JSONField(default=dict)  # for a new plan: name, organisation, years, slug
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager("organisation")

    class Meta:
        db_table = "reporting_pendingimport"  # kept from before the move to uploads
        verbose_name = _("opgeladen bestand in afwachting")
        verbose_name_plural = _("opgeladen bestanden in afwachting")

    def __str__(self) -> str:
        return self.filename
