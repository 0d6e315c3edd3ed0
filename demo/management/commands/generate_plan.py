import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from core.roles import CEL, MANAGEMENT_TEAM
from demo.synthetic import generate_plan
from plans.models import Plan


class Command(BaseCommand):
    help = _(
        "Maakt een groot synthetisch plan voor benchmarks, met historiek, rapporteringen en voorstellen."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--slug", default="groot")
        parser.add_argument("--goals", type=int, default=20)
        parser.add_argument("--actionplans", type=int, default=500)
        parser.add_argument("--actions", type=int, default=10_000)
        parser.add_argument("--projects", type=int, default=1_000)
        parser.add_argument("--rounds", type=int, default=10)
        parser.add_argument(
            "--indicators", type=int, default=2_000, help=_("Aantal indicatoren, elk met 10 waarden.")
        )

    @scopes_disabled()  # a command works across organisations; it names its plan itself
    def handle(
        self, *args, slug, goals, actionplans, actions, projects, rounds, indicators, **options
    ) -> None:
        if Plan.objects.filter(slug=slug).exists():
            raise CommandError(
                _("Er bestaat al een plan “%(slug)s”. Kies een andere --slug.") % {"slug": slug}
            )
        if actionplans < 1 or actions < actionplans:
            raise CommandError(_("Geef minstens één actieplan en minstens evenveel acties als actieplannen."))
        users = {}
        for username, role in (("synth-cel", CEL), ("synth-mt", MANAGEMENT_TEAM)):
            users[role], _created = get_user_model().objects.get_or_create(username=username)
        started = time.monotonic()
        generate_plan(
            slug=slug,
            goals=goals,
            action_plans=actionplans,
            actions=actions,
            projects=projects,
            rounds=rounds,
            indicators=indicators,
            by=users[CEL],
            reviewer=users[MANAGEMENT_TEAM],
            progress=self._progress,
        )
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                _("Plan “%(slug)s” gemaakt in %(seconds).1f s.")
                % {"slug": slug, "seconds": time.monotonic() - started}
            )
        )

    def _progress(self, step: str, fraction: float) -> None:
        bar = "#" * int(fraction * 30)
        self.stdout.write(f"\r{step:<16} [{bar:<30}] {fraction:>4.0%}", ending="" if fraction < 1 else "\n")
        self.stdout.flush()
