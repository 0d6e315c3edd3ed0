"""The outputs of a round: the house style they are made in, the stored files, the jobs that make them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import background
from core.scoping import scoped_manager
from rounds.models import ReportingRound


class HouseStyle(models.Model):
    """The municipality's Word template for the verslag, as the beheerder uploaded it. The newest one
    is in use; earlier ones stay as its history."""

    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    data = models.BinaryField(_("inhoud"))
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgeladen door"),
    )
    uploaded_at = models.DateTimeField(_("opgeladen op"))
    objects = scoped_manager("organisation")
    history = HistoricalRecords(
        table_name="reporting_historicalhousestyle",
        verbose_name=_("historiek van huisstijl"),
        excluded_fields=["data"],
    )

    class Meta:
        db_table = "reporting_housestyle"  # kept from before the move to outputs
        verbose_name = _("huisstijl")
        verbose_name_plural = _("huisstijlen")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class OutputKind(models.TextChoices):
    WORKBOOK = "xlsx", _("werkboek")
    DOCX = "docx", _("verslag in Word")
    PDF = "pdf", _("verslag in PDF")


class StoredOutput(models.Model):
    """A rendered output of a round, kept as a file in the ``outputs`` storage: a closed round's for
    good (``fingerprint`` empty), an open round's until the plan changes (``fingerprint``: the
    history ids it was rendered at). Derived from the round's rows, so it may be made again."""

    round = models.ForeignKey(ReportingRound, models.PROTECT, related_name="outputs")
    kind = models.CharField(max_length=5, choices=OutputKind.choices)
    entity = models.CharField(max_length=200, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    name = models.CharField(max_length=300)  # the file's name in the storage
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()

    objects = scoped_manager("round__plan__organisation")

    class Meta:
        db_table = "reporting_storedoutput"  # kept from before the move to outputs
        verbose_name = _("bewaarde uitvoer")
        verbose_name_plural = _("bewaarde uitvoer")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "entity", "fingerprint"], name="one_stored_output_per_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.get_kind_display()} {self.entity}".strip()


class ExportState(models.TextChoices):
    WAITING = background.WAITING, _("wacht op zijn beurt")
    RUNNING = background.RUNNING, _("wordt aangemaakt")
    DONE = "done", _("klaar")
    FAILED = background.FAILED, _("mislukt")


class ExportJob(models.Model):
    """A download that could not be made at once: made in the background, its page polls it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(ReportingRound, models.PROTECT, related_name="export_jobs")
    kind = models.CharField(max_length=5, choices=OutputKind.choices)
    entity = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=ExportState.choices, default=ExportState.WAITING)
    output = models.ForeignKey(StoredOutput, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)  # when a worker took it
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager("round__plan__organisation")

    class Meta:
        db_table = "reporting_exportjob"  # kept from before the move to outputs
        verbose_name = _("aangevraagde uitvoer")
        verbose_name_plural = _("aangevraagde uitvoer")

    def __str__(self) -> str:
        return f"{self.round}: {self.get_kind_display()} ({self.get_state_display()})"
