from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """De publieke website: the plan as the raad adopted it and its progress as reported, for citizens."""

    name = "publicsite"
    verbose_name = _("Publieke website")
    default_auto_field = "django.db.models.BigAutoField"
