import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from plans.backup import BackupError, backup, backup_files, files_archive


class Command(BaseCommand):
    help = (
        "Maak een back-up van de hele databank (historiek inbegrepen) en, ernaast, van de bewaarde "
        "uitvoer van de rapporteringen."
    )

    def add_arguments(self, parser):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        parser.add_argument("file", nargs="?", default=f"backups/plan-{stamp}.backup")

    @scopes_disabled()  # a command works across organisations; it names its plan itself
    def handle(self, *args, file: str, **options):
        try:
            path = backup(Path(file))
            files = backup_files(settings.OUTPUT_ROOT, files_archive(path))
        except BackupError as error:
            raise CommandError(f"Back-up mislukt: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Back-up geschreven naar {path} en {files}"))
