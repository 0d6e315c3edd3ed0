from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Rapportering: the round pages, the imports and the outputs; their models are in rounds,
    uploads, outputs and notifications."""

    name = "reporting"
    verbose_name = _("Rapportering")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reporting.importers import register_all  # models are ready only here

        register_all()
