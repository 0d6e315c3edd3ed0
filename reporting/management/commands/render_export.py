"""render_export: make the output of one export job; started by reporting/export_jobs.py, one process per
job, at a lower CPU priority than the pages. Also usable by hand to retry a job."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django_scopes import scope, scopes_disabled

from outputs.models import ExportJob
from reporting import export_jobs, export_slots


class Command(BaseCommand):
    help = "Maak de uitvoer van één aangevraagde download (een werkboek of verslag van een rapportering)."

    def add_arguments(self, parser):
        parser.add_argument("job", help="het nummer (uuid) van de aanvraag")
        parser.add_argument("--slot-fd", type=int, help="het bestand van de plaats die de webserver al nam")

    def handle(self, *args, job: str, slot_fd: int | None, **options):
        os.nice(settings.EXPORT_NICENESS)  # the pages come first
        slot = export_slots.handed_over(slot_fd) if slot_fd is not None else None
        with scopes_disabled():  # only to learn the job's organisation
            organisation = ExportJob.objects.values_list("round__plan__organisation", flat=True).get(pk=job)
        with scope(organisation=organisation), translation.override(settings.LANGUAGE_CODE):
            export_jobs.run(job, slot)
