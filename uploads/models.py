"""Uploaded files on their way in: kept from the upload to the user's confirmation and the apply."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import scoped_manager
from plans.models import Plan


class UploadState(models.TextChoices):
    READING = "reading", _("wordt gelezen")
    PREVIEWED = "previewed", _("voorbeeld klaar")
    APPLYING = "applying", _("wordt ingelezen")
    APPLIED = "applied", _("ingelezen")
    REFUSED = "refused", _("geweigerd")
    FAILED = "failed", _("mislukt")


RUNNING = (UploadState.READING, UploadState.APPLYING)


class PendingImport(models.Model):
    """An uploaded file between its upload and its apply (kept in the database so that a task worker
    can read it and any app process can show it); removed once seen applied, or after a day."""

    # None: an upload for the whole platform (the beleidsvelden list), seen only by the platform beheerder.
    organisation = models.ForeignKey(
        "organisations.Organisation", models.CASCADE, related_name="+", null=True
    )
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="+", null=True)  # None: a new plan
    kind = models.CharField(max_length=40)  # the importer (``uploads.flow.IMPORTERS``)
    details = models.JSONField(default=dict)  # what the importer needs beside the file
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=UploadState, default=UploadState.READING)
    preview = models.TextField(blank=True)  # the preview as the task rendered it (HTML)
    ready = models.BooleanField(default=False)  # the preview may be confirmed
    confirm_label = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)  # why it was refused, or what was applied
    next_url = models.CharField(max_length=300, blank=True)  # where the user goes once applied

    objects = scoped_manager("organisation")

    class Meta:
        db_table = "reporting_pendingimport"  # kept from before the move to uploads
        verbose_name = _("opgeladen bestand in afwachting")
        verbose_name_plural = _("opgeladen bestanden in afwachting")

    def __str__(self) -> str:
        return self.filename
