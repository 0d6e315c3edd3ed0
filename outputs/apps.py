from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutputsConfig(AppConfig):
    """The outputs of a round (workbook, verslag in Word and PDF), the house style, the stored files."""

    name = "outputs"
    verbose_name = _("Uitvoer")
    default_auto_field = "django.db.models.BigAutoField"
