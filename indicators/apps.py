from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.no_delete import keep_forever


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicatoren")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        keep_forever(*[self.get_model(name) for name in ("Indicator", "Target", "Value")])
        # Models are ready only here: what the indicators add to plans' pages.
        from indicators.importer import register_values
        from indicators.items import action_plan_context
        from indicators.lines import add_to_overview, items_with_track
        from plans import page_parts

        page_parts.register(
            items_on_track=items_with_track,
            overview_lines=add_to_overview,
            action_plan_context=action_plan_context,
        )
        register_values()
