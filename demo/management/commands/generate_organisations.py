import os
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from core.roles import CEL, MANAGEMENT_TEAM
from demo.synthetic_organisations import generate_organisations, plan_slug
from organisations.models import Organisation


class Command(BaseCommand):
    help = _(
        "Maakt veel synthetische organisaties, elk met een eigen plan, lezers (raad) en redacteurs "
        "(strategische cel), voor de belastingstest over organisaties heen. Het wachtwoord van de "
        "gebruikers komt uit SYNTHETIC_PASSWORD (zonder: geen aanmelding mogelijk)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--first", type=int, default=1, help=_("Nummer van de eerste organisatie."))
        parser.add_argument("--count", type=int, default=300)
        parser.add_argument("--actions", type=int, default=1_000, help=_("Acties per plan."))
        parser.add_argument("--actionplans", type=int, default=50, help=_("Actieplannen per plan."))
        parser.add_argument("--rounds", type=int, default=2, help=_("Afgesloten rapporteringen per plan."))
        parser.add_argument("--readers", type=int, default=1, help=_("Lezers (raad) per organisatie."))
        parser.add_argument("--editors", type=int, default=1, help=_("Redacteurs (cel) per organisatie."))

    @scopes_disabled()  # a command works across organisations
    def handle(self, *args, first, count, actions, actionplans, rounds, readers, editors, **options) -> None:
        numbers = range(first, first + count)
        if actionplans < 1 or actions < actionplans:
            raise CommandError(_("Geef minstens één actieplan en minstens evenveel acties als actieplannen."))
        taken = Organisation.objects.filter(slug__in=[plan_slug(n) for n in numbers]).first()
        if taken is not None:
            raise CommandError(
                _("Organisatie “%(name)s” bestaat al. Kies een ander --first.") % {"name": taken.name}
            )
        users = {}
        for username, role in (("synth-cel", CEL), ("synth-mt", MANAGEMENT_TEAM)):
            users[role], _created = get_user_model().objects.get_or_create(username=username)
        started = time.monotonic()

        def progress(number: int) -> None:
            done = number - first + 1
            if done % 10 == 0 or done == count:
                self.stdout.write(f"{done}/{count} organisaties, {time.monotonic() - started:.0f} s")
                self.stdout.flush()

        generate_organisations(
            numbers=numbers,
            actions=actions,
            action_plans=actionplans,
            rounds=rounds,
            readers=readers,
            editors=editors,
            password=os.environ.get("SYNTHETIC_PASSWORD"),
            by=users[CEL],
            reviewer=users[MANAGEMENT_TEAM],
            progress=progress,
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d organisaties gemaakt in %(seconds).1f s.")
                % {"count": count, "seconds": time.monotonic() - started}
            )
        )
