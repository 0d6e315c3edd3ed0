from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.no_delete import keep_forever


class DraftingConfig(AppConfig):
    """Opmaak meerjarenplan: drafting the next plan from the bestuursakkoord to the raad's adoption."""

    name = "drafting"
    verbose_name = _("Opmaak meerjarenplan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        keep_forever(*self.get_models())
        from drafting.adoption import plan_origin
        from plans import page_parts

        page_parts.register(plan_origin=plan_origin)
