"""send_reminders: the reminder e-mails due today, for cron or a systemd timer (see docs/operations.md).
With ``--queue`` it only enqueues them, and a task worker sends them.

Exit codes: 0 done (also when nothing was due), 1 the mail server refused one or more e-mails (they
are recorded on the round's page; the others were sent), 2 a wrong argument.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scopes_disabled

from notifications.reminders import send_reminders, send_reminders_task

REFUSED_EXIT_CODE = 1


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("Ongeldige datum “%(text)s”: schrijf ze als JJJJ-MM-DD, bv. 2026-06-30.") % {"text": text},
            returncode=2,
        ) from None


class Command(BaseCommand):
    help = _(
        "Verstuurt de herinneringen van de open rapporteringen: één e-mail per eigenaar met zijn open "
        "items, bij de opening, vóór en na de deadline. Een tweede keer op dezelfde dag verstuurt niets "
        "nieuws."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help=_("de dag waarvoor (JJJJ-MM-DD; standaard vandaag)"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("toon wie welke herinnering zou krijgen, zonder iets te versturen"),
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help=_("zet het versturen in de wachtrij: een worker (manage.py db_worker) verstuurt ze"),
        )

    @scopes_disabled()  # a command works across organisations; it names its plan itself
    def handle(self, *args, date: str | None, dry_run: bool, queue: bool, **options) -> None:
        day = _date(date) if date else None
        if queue and not dry_run:
            send_reminders_task.enqueue(day.isoformat() if day else None)
            self.stdout.write(
                self.style.SUCCESS(_("De herinneringen staan in de wachtrij; een worker verstuurt ze."))
            )
            return
        done = send_reminders(day, dry_run=dry_run)
        for reminder, sent in done:
            params = {
                "round": reminder.round.name,
                "who": reminder.recipient.get_username(),
                "address": reminder.recipient.email,
                "reason": reminder.reason.label,
                "items": ngettext("%(count)s open item", "%(count)s open items", len(reminder.items))
                % {"count": len(reminder.items)},
            }
            if sent is None:
                line = _("zou krijgen: %(who)s <%(address)s> · %(round)s · %(reason)s · %(items)s")
            elif sent.delivered:
                line = _("verstuurd: %(who)s <%(address)s> · %(round)s · %(reason)s · %(items)s")
            else:
                line = _("geweigerd: %(who)s <%(address)s> · %(round)s · %(reason)s · %(error)s")
                params["error"] = sent.error
            self.stdout.write(line % params)
        refused = [sent for _reminder, sent in done if sent is not None and not sent.delivered]
        count = len(done) - len(refused)
        if dry_run:
            summary = ngettext(
                "Proefdraai: %(count)s herinnering zou verstuurd worden; er is niets verstuurd.",
                "Proefdraai: %(count)s herinneringen zouden verstuurd worden; er is niets verstuurd.",
                count,
            )
        elif not done:
            summary = _("Geen herinneringen te versturen vandaag.")
        else:
            summary = ngettext(
                "%(count)s herinnering verstuurd.", "%(count)s herinneringen verstuurd.", count
            )
        self.stdout.write(self.style.SUCCESS(summary % {"count": count}))
        if refused:
            raise CommandError(
                ngettext(
                    "De mailserver weigerde %(count)s e-mail; zie de pagina van de rapportering.",
                    "De mailserver weigerde %(count)s e-mails; zie de pagina van de rapportering.",
                    len(refused),
                )
                % {"count": len(refused)},
                returncode=REFUSED_EXIT_CODE,
            )
