from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scopes_disabled

from core import progress
from plans.models import Plan
from reporting.round_trip import ImportOutcome, ImportRefused, import_rapportering
from uploads.reading import UploadRefused


class Command(BaseCommand):
    help = _(
        "Leest een ingevulde rapportering (.xlsx) in: status en toelichting van actieplannen, acties en "
        "projecten. Met --dry-run enkel het voorbeeld; anders alles of niets. Afsluitcode 0: ingelezen "
        "(of een voorbeeld zonder fouten); 1: geweigerd, er werd niets gewijzigd."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--plan", required=True, help=_("korte naam van het plan"))
        parser.add_argument("--dry-run", action="store_true", help=_("enkel tonen wat er zou veranderen"))
        parser.add_argument("--user", help=_("gebruikersnaam die in de historiek komt"))
        progress.add_command_option(parser)

    @scopes_disabled()  # a command works across organisations; it names its plan itself
    def handle(
        self,
        *args,
        file: Path,
        plan: str,
        dry_run: bool,
        user: str | None,
        **options,
    ) -> None:
        found = Plan.objects.filter(slug=plan).first()
        if found is None:
            raise CommandError(_("Geen plan met korte naam “%(slug)s”.") % {"slug": plan})
        by = get_user_model().objects.filter(username=user).first() if user else None
        if user and by is None:
            raise CommandError(_("Geen gebruiker “%(user)s”.") % {"user": user})
        if not file.is_file():
            raise CommandError(_("Bestand %(file)s niet gevonden.") % {"file": file})
        try:
            terminal = progress.of_command(self, options)
            with file.open("rb") as data, progress.followed(terminal=terminal):
                outcome = import_rapportering(
                    data, size=file.stat().st_size, filename=file.name, plan=found, user=by, dry_run=dry_run
                )
        except UploadRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        except ImportRefused as refused:
            self._report(refused.outcome)
            raise CommandError(
                _("Niets ingelezen: verbeter de fouten hierboven en probeer opnieuw.")
            ) from refused
        self._report(outcome)
        if outcome.applied:
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "%(count)d item bijgewerkt.", "%(count)d items bijgewerkt.", len(outcome.changed)
                    )
                    % {"count": len(outcome.changed)}
                )
            )
            return
        self.stdout.write(_("Voorbeeld: er is nog niets gewijzigd."))
        if not outcome.ok:  # exit code 1, as for a refused import: a script must not go on as if all is well
            raise CommandError(
                ngettext(
                    "Het voorbeeld weigert %(count)d rij: zo zou niets ingelezen worden.",
                    "Het voorbeeld weigert %(count)d rijen: zo zou niets ingelezen worden.",
                    outcome.refused_count,
                )
                % {"count": outcome.refused_count}
            )

    def _report(self, outcome: ImportOutcome) -> None:
        for error in outcome.errors:
            self.stdout.write(self.style.ERROR(error))
        for row in outcome.rows:
            if row.outcome == "changed":
                changes = "; ".join(f"{name}: {old or '—'} → {new or '—'}" for name, old, new in row.changes)
                self.stdout.write(f"{row.sheet} {row.row} {row.label}: {changes}")
            elif row.outcome == "error":
                self.stdout.write(
                    self.style.ERROR(f"{row.sheet} {row.row} {row.label}: {' '.join(row.messages)}")
                )
            for note in row.notes:
                self.stdout.write(self.style.WARNING(f"{row.sheet} {row.row} {row.label}: {note}"))
