from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.no_delete import keep_forever


class RoundsConfig(AppConfig):
    """Rapporteringen: the rounds of a plan, their versions and updates, and what a closed round froze."""

    name = "rounds"
    verbose_name = _("Rapporteringen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A round's frozen rows are what the raad received: never removed either.
        keep_forever(
            *[
                self.get_model(name)
                for name in ("ReportingRound", "RoundVersion", "FrozenItem", "FrozenProposal")
            ]
        )
