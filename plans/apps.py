from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.no_delete import keep_forever

KEPT_MODELS = ("Plan", "Goal", "ActionPlan", "Action", "Project", "ChangeProposal", "Department", "Comment")


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Strategisch plan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from plans import (
            access_log,  # noqa: F401  (connects the login signals)
            owners,  # noqa: F401  (adds the per-item rules)
        )

        keep_forever(*[self.get_model(name) for name in KEPT_MODELS])
