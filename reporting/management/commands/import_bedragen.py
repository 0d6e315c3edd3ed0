from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scopes_disabled

from core import progress
from plans.models import AmountKind, Plan
from reporting.amounts_import import MAX_ERRORS_SHOWN, AmountsRefused, AmountUpload, import_amounts
from uploads.reading import UploadRefused


class Command(BaseCommand):
    help = _(
        "Leest bedragen in uit het financiële pakket (.xlsx of .csv): ramingen of realisaties per actie, "
        "jaar, categorie en uitgave/ontvangst. Met --dry-run enkel het voorbeeld; anders alles of niets. "
        "Afsluitcode 0: ingelezen (of een voorbeeld zonder fouten); 1: geweigerd, er werd niets gewijzigd."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--plan", required=True, help=_("korte naam van het plan"))
        parser.add_argument(
            "--soort", required=True, choices=AmountKind.values, help=_("raming of realisatie")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("enkel tonen wat er zou veranderen"))
        parser.add_argument("--user", help=_("gebruikersnaam die in de historiek komt"))
        progress.add_command_option(parser)

    @scopes_disabled()  # a command works across organisations; it names its plan itself
    def handle(
        self,
        *args,
        file: Path,
        plan: str,
        soort: str,
        dry_run: bool,
        user: str | None,
        **options,
    ):
        found = Plan.objects.filter(slug=plan).first()
        if found is None:
            raise CommandError(_("Geen plan met korte naam “%(slug)s”.") % {"slug": plan})
        by = get_user_model().objects.filter(username=user).first() if user else None
        if user and by is None:
            raise CommandError(_("Geen gebruiker “%(user)s”.") % {"user": user})
        if not file.is_file():
            raise CommandError(_("Bestand %(file)s niet gevonden.") % {"file": file})
        try:
            with progress.followed(terminal=progress.of_command(self, options)):
                upload = import_amounts(file, plan=found, kind=soort, by=by, dry_run=dry_run)
        except UploadRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        except AmountsRefused as refused:
            self._report(refused.upload)
            raise CommandError(
                _("Niets ingelezen: verbeter de fouten hierboven en probeer opnieuw.")
            ) from refused
        self._report(upload)
        if upload.applied:
            self.stdout.write(self.style.SUCCESS(_("Ingelezen.")))
        else:
            self.stdout.write(_("Voorbeeld: er is nog niets gewijzigd."))
            if not upload.ok:
                raise CommandError(_("Het voorbeeld heeft fouten: zo zou niets ingelezen worden."))

    def _report(self, upload: AmountUpload) -> None:
        for error in upload.shown_errors:
            self.stdout.write(self.style.ERROR(error))
        if (hidden := upload.error_count - MAX_ERRORS_SHOWN) > 0:
            self.stdout.write(
                self.style.ERROR(
                    ngettext("… en nog %(count)d fout.", "… en nog %(count)d fouten.", hidden)
                    % {"count": hidden}
                )
            )
        for line in upload.summed:
            self.stdout.write(line)
        for action, figures in upload.by_action():
            for change in figures:
                self.stdout.write(
                    _("Actie %(action)s, %(year)s, %(label)s: %(old)s → %(new)s")
                    % {
                        "action": action,
                        "year": change.year,
                        "label": change.label,
                        "old": change.old_euro,
                        "new": change.new_euro,
                    }
                )
        self.stdout.write(upload.summary)
