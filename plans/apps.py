from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Strategisch plan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from plans import access_log  # noqa: F401  (connects the login signals)
