from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisaties")
    default_auto_field = "django.db.models.BigAutoField"


class BeheerAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, with Beheer's site: entered by role per organisation."""

    default = False  # named in INSTALLED_APPS; OrganisationsConfig stays this module's default
    default_site = "organisations.beheer.BeheerSite"
