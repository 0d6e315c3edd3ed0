from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The kernel every other app builds on: the versioned base and the one write path, the clock,
    organisation scoping, no hard delete, the roles, how a person is named, the admin base classes.
    It imports no other app of the project."""

    name = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from core import site  # noqa: F401  (registers the system checks of SITE_URL)
