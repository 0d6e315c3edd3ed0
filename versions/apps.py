from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.no_delete import keep_forever


class VersionsConfig(AppConfig):
    """Versies van een plan: the adopted meerjarenplan and each aanpassing (issue 32 builds on it)."""

    name = "versions"
    verbose_name = _("Versies van een plan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        keep_forever(
            self.get_model("PlanVersion"), self.get_model("VersionItem"), self.get_model("Comparison")
        )
        from plans import decision_hooks, page_parts
        from versions import aanpassing, in_force
        from versions.as_of import markers
        from versions.views.as_of import part

        # The plan as of a date on plans' pages (?op=), and the versions on an item's timeline.
        page_parts.register(as_of=part, item_versions=markers)
        # The Turnhout practice's raad decision becomes a numbered version; new proposals may join
        # the aanpassing in ontwerp (plans/decision_hooks.py).
        decision_hooks.register(
            record_decision=aanpassing.record_council_decision, aanpassing_in_draft=in_force.in_draft
        )
