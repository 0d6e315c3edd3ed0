"""Log lines for who logged in, who failed, and who was refused: never a password.

Lockouts are logged by the lockout view (``locked_out``), refusals (403) by ``permission_denied``.
"""

import logging

from axes.helpers import get_client_username
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import render

from plans.owners import NotYourItem

log = logging.getLogger("security")


def client_address(request) -> str:
    if request is None:
        return "-"
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "-")


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs) -> None:
    log.info("login user=%s address=%s", user.get_username(), client_address(request))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs) -> None:
    log.info("logout user=%s address=%s", user.get_username() if user else "-", client_address(request))


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password in ``credentials``; only the name is logged.
    log.warning("login failed user=%s address=%s", credentials.get("username", "-"), client_address(request))


def locked_out(request, credentials, *args, **kwargs) -> HttpResponse:
    """django-axes' answer while a user and address are locked out: logged, in Dutch, status 429."""
    username = get_client_username(request, credentials) or request.POST.get("username") or "-"
    log.warning("lockout user=%s address=%s", username, client_address(request))
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def permission_denied(request, exception=None) -> HttpResponse:
    """The 403 page; each refusal is logged with who asked for what."""
    user = request.user.get_username() if getattr(request, "user", None) else "-"
    log.warning(
        "refused user=%s method=%s path=%s address=%s",
        user or "anonymous",
        request.method,
        request.path,
        client_address(request),
    )
    # A refusal that says why (an eigenaar and another's item) shows its Dutch reason.
    reason = str(exception) if isinstance(exception, NotYourItem) else ""
    return render(request, "403.html", {"reason": reason}, status=403)
