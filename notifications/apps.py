from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The e-mails the product sends: reminders, questions for more, mentions."""

    name = "notifications"
    verbose_name = _("Meldingen")
    default_auto_field = "django.db.models.BigAutoField"
