from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.keeping import keep_forever


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicatoren")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        keep_forever(*[self.get_model(name) for name in ("Indicator", "Target", "Value")])
