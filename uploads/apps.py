from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    """Uploaded files: bounded reading, and the file kept between its preview and its confirmation."""

    name = "uploads"
    verbose_name = _("Opgeladen bestanden")
    default_auto_field = "django.db.models.BigAutoField"
