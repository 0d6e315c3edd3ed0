"""What ``export_rapportering`` and ``export_verslag`` share: find the plan's round, check that the
file asked for is an output the command writes, render it (``rendering.render_output``, as the web
does) and write it; a refusal writes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from outputs.models import OutputKind
from plans.models import Plan
from reporting import rendering
from rounds.models import ReportingRound

UNKNOWN_FORMAT = gettext_lazy("Onbekend formaat “%(suffix)s”: geef een bestand dat eindigt op %(suffixes)s.")
NO_PLAN = gettext_lazy("Geen plan met korte naam “%(slug)s”.")
NO_ROUND = gettext_lazy("Geen rapportering gevonden voor %(plan)s.")
NO_ENTITIES = gettext_lazy(
    "%(round)s is geen opvolgingsrapportering of doelstellingenrealisatie: ze wordt niet per entiteit "
    "gemaakt."
)
UNKNOWN_ENTITY = gettext_lazy("%(round)s kent geen entiteit “%(entity)s”; wel: %(entities)s.")


class RoundOutputCommand(BaseCommand):
    """Writes one of ``kinds`` of a round to the file given, its format read from the file's name."""

    kinds: tuple[OutputKind, ...]
    output_help: str

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--plan", required=True, help=_("korte naam van het plan, bv. turnhout-2014-2019")
        )
        parser.add_argument("--round", type=int, help=_("nummer van de rapportering (standaard: de laatste)"))
        parser.add_argument(
            "--entiteit",
            default="",
            help=_("alleen deze entiteit (een opvolgingsrapportering of doelstellingenrealisatie)"),
        )
        parser.add_argument("-o", "--output", required=True, type=Path, help=self.output_help)

    @scopes_disabled()  # a command works across organisations; it names its plan itself
    def handle(self, *args, plan: str, round: int | None, entiteit: str, output: Path, **options) -> None:
        kind = self._kind(output)
        chosen = self._round(plan, round)
        entity = self._entity(chosen, entiteit)
        output.write_bytes(rendering.render_output(chosen, kind, entity))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(round)s: %(what)s geschreven naar %(file)s.")
                % {"what": kind.label, "round": chosen, "file": output}
            )
        )

    def _kind(self, output: Path) -> OutputKind:
        kind = rendering.kind_of_file(output)
        if kind not in self.kinds:
            suffixes = _(" of ").join(f".{kind}" for kind in self.kinds)
            given = output.suffix or output.name
            raise CommandError(UNKNOWN_FORMAT % {"suffix": given, "suffixes": suffixes})
        return kind

    def _round(self, slug: str, pk: int | None) -> ReportingRound:
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(NO_PLAN % {"slug": slug})
        rounds = ReportingRound.objects.filter(plan=plan).select_related("plan").order_by("-date", "-pk")
        chosen = rounds.filter(pk=pk).first() if pk else rounds.first()
        if chosen is None:
            raise CommandError(NO_ROUND % {"plan": plan})
        return chosen

    def _entity(self, round: ReportingRound, asked: str) -> str:
        if not asked:
            return ""
        if rendering.entity_for(round, asked) != asked:
            raise CommandError(NO_ENTITIES % {"round": round})
        known = rendering.entities_of(round)
        if asked not in known:
            raise CommandError(
                UNKNOWN_ENTITY % {"round": round, "entity": asked, "entities": ", ".join(known) or "—"}
            )
        return asked
