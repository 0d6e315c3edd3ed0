"""django-axes under Dutch names: its login records show in the admin as "Aanmeldingen".

Axes' field and model names are marked for translation and translated in locale/; only its app
name and the records' one-line descriptions are plain English in its code, so they are set here.
The app keeps its label "axes": no migration changes.
"""

from axes.apps import AppConfig as AxesConfig
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y H:i:s") if moment else "—"


def _attempt(record) -> str:
    return gettext("Aanmeldpoging van %(user)s vanaf %(address)s, laatst op %(when)s") % {
        "user": record.username,
        "address": record.ip_address,
        "when": _when(record.attempt_time),
    }


def _access(record) -> str:
    return gettext("Aanmelding van %(user)s op %(when)s") % {
        "user": record.username,
        "when": _when(record.attempt_time),
    }


def _failure(record) -> str:
    text = gettext("Mislukte aanmelding van %(user)s vanaf %(address)s op %(when)s") % {
        "user": record.username,
        "address": record.ip_address,
        "when": _when(record.attempt_time),
    }
    return text + (gettext(" (geblokkeerd)") if record.locked_out else "")


class LoginRecordsConfig(AxesConfig):
    verbose_name = _("Aanmeldingen")

    def ready(self) -> None:
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _attempt
        AccessLog.__str__ = _access
        AccessFailureLog.__str__ = _failure
