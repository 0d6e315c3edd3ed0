from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo (the seed's plan, its round and proposals, a fictitious BBC plan, the demo users) and the
    generated large plans and organisations for benchmarks and load tests: data, never a rule."""

    name = "demo"
    verbose_name = _("Demo")
    default_auto_field = "django.db.models.BigAutoField"
