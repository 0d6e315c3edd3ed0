from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from plans.models import Plan
from reporting.models import ReportingRound
from reporting.rounds import round_rows
from reporting.workbook import build_workbook


class Command(BaseCommand):
    help = _(
        "Schrijft de Excel van een rapportering: tabbladen Projecten, Acties, Samenvatting en "
        "Wijzigingsvoorstellen."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--plan", required=True, help=_("korte naam van het plan, bv. turnhout-2014-2019")
        )
        parser.add_argument("--round", type=int, help=_("nummer van de rapportering (standaard: de laatste)"))
        parser.add_argument(
            "-o", "--output", required=True, type=Path, help=_("het .xlsx-bestand om te schrijven")
        )

    @scopes_disabled()  # a command works across organisations; it names its plan itself
    def handle(self, *args, plan: str, round: int | None, output: Path, **options) -> None:
        found = Plan.objects.filter(slug=plan).first()
        if found is None:
            raise CommandError(_("Geen plan met korte naam “%(slug)s”.") % {"slug": plan})
        rounds = ReportingRound.objects.filter(plan=found).order_by("-date", "-pk")
        chosen = rounds.filter(pk=round).first() if round else rounds.first()
        if chosen is None:
            raise CommandError(_("Geen rapportering gevonden voor %(plan)s.") % {"plan": found})
        with output.open("wb") as file:
            build_workbook(round_rows(chosen), file)
        self.stdout.write(
            self.style.SUCCESS(_("%(round)s geschreven naar %(file)s.") % {"round": chosen, "file": output})
        )
