from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.keeping import keep_forever


class ReportingConfig(AppConfig):
    """Rapportering: rounds, the Excel workbook, the narrative report (built on ``plans``)."""

    name = "reporting"
    verbose_name = _("Rapportering")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A round's frozen rows are what the raad received: never removed either.
        keep_forever(
            *[
                self.get_model(name)
                for name in ("ReportingRound", "RoundVersion", "FrozenItem", "FrozenProposal")
            ]
        )
