from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from plans.models import Plan
from reporting.docx_report import build_docx
from reporting.models import ReportingRound
from reporting.pdf import build_pdf
from reporting.report import build_report

UNKNOWN_FORMAT = _("Onbekend formaat “%(suffix)s”: geef een bestand dat eindigt op .pdf of .docx.")


BUILDERS = {".pdf": build_pdf, ".docx": build_docx}


class Command(BaseCommand):
    help = _(
        "Schrijft het verslag van een rapportering voor de raad; het formaat volgt uit het "
        "bestand (.pdf, .docx)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--plan", required=True, help=_("korte naam van het plan, bv. turnhout-2014-2019")
        )
        parser.add_argument("--round", type=int, help=_("nummer van de rapportering (standaard: de laatste)"))
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            type=Path,
            help=_("het bestand om te schrijven: verslag.pdf of verslag.docx"),
        )

    @scopes_disabled()  # a command works across organisations; it names its plan itself
    def handle(self, *args, plan: str, round: int | None, output: Path, **options) -> None:
        builder = BUILDERS.get(output.suffix.lower())
        if builder is None:
            raise CommandError(UNKNOWN_FORMAT % {"suffix": output.suffix or output.name})
        found = Plan.objects.filter(slug=plan).first()
        if found is None:
            raise CommandError(_("Geen plan met korte naam “%(slug)s”.") % {"slug": plan})
        rounds = ReportingRound.objects.filter(plan=found).select_related("plan").order_by("-date", "-pk")
        chosen = rounds.filter(pk=round).first() if round else rounds.first()
        if chosen is None:
            raise CommandError(_("Geen rapportering gevonden voor %(plan)s.") % {"plan": found})
        content = builder(build_report(chosen))
        output.write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(
                _("Verslag van %(round)s geschreven naar %(file)s.") % {"round": chosen, "file": output}
            )
        )
