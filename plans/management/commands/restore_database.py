from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_scopes import scopes_disabled

from plans.backup import BackupError, files_archive, restore, restore_files


class Command(BaseCommand):
    help = "Zet een back-up terug: vervangt de hele inhoud van de databank."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="niet om bevestiging vragen")

    @scopes_disabled()  # a command works across organisations; it names its plan itself
    def handle(self, *args, file: str, yes: bool, **options):
        name = connection.settings_dict["NAME"]
        if (
            not yes
            and input(f"De databank {name} wordt volledig vervangen door {file}. Doorgaan? [j/N] ") != "j"
        ):
            raise CommandError("Afgebroken: er is niets gewijzigd.")
        connection.close()
        try:
            restore(Path(file), connection.settings_dict, connection.vendor)
            files = files_archive(Path(file))
            if files.exists():
                restore_files(files, settings.OUTPUT_ROOT)
        except BackupError as error:
            raise CommandError(f"Terugzetten mislukt: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"{file} is teruggezet in {name}."))
        if not files.exists():
            self.stdout.write(
                f"Geen bewaarde uitvoer naast de back-up ({files.name}): de uitvoer van de afgesloten "
                "rapporteringen wordt opnieuw aangemaakt bij de eerste download."
            )
