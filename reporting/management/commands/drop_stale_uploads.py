from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scopes_disabled

from uploads.pending import drop_stale


class Command(BaseCommand):
    help = _(
        "Verwijdert opgeladen bestanden waarvan de voorvertoning ouder is dan een dag en nooit bevestigd "
        "werd. Draai dit dagelijks (cron of systemd-timer)."
    )

    @scopes_disabled()  # a command works across organisations; it names its plan itself
    def handle(self, *args, **options) -> None:
        count = drop_stale()
        self.stdout.write(
            ngettext(
                "%(count)d verlopen opgeladen bestand verwijderd.",
                "%(count)d verlopen opgeladen bestanden verwijderd.",
                count,
            )
            % {"count": count}
        )
