from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.no_delete import keep_forever


class VersionsConfig(AppConfig):
    """Versies van een plan: the adopted meerjarenplan and each aanpassing (issue 32 builds on it)."""

    name = "versions"
    verbose_name = _("Versies van een plan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        keep_forever(self.get_model("PlanVersion"))
        # The plan as of a date on plans' pages (?op=), and the versions on an item's timeline.
        from plans import page_parts
        from versions.as_of import markers
        from versions.views.as_of import part

        page_parts.register(as_of=part, item_versions=markers)
