"""The public site's own 404 and 400 pages: Dutch, on the public site's layout, without the login's
menu, and never a trace.

``public_errors`` wraps each public view: a page that is not found (an unknown organisation, plan,
version or item, a version in ontwerp, an unpublished plan) or a bad filter value answers with the
public page. ``handler404`` and ``handler400`` do the same for any address under /publiek/ that no view
answers, and give the app's own pages elsewhere: ``config/urls.py`` names them (``handler404 =
"publicsite.errors.handler404"``).
"""

import functools

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from publicsite import editions

PUBLIC_PREFIX = "/publiek/"
NOT_FOUND = _(
    "Deze pagina bestaat niet (meer) op de publieke website. Misschien is het adres verkeerd, is het "
    "plan (nog) niet gepubliceerd of hoort dit item niet bij de gekozen versie van het plan."
)
BAD_REQUEST = _("De pagina kon deze zoekopdracht of filter niet lezen. Pas het adres of de zoekvelden aan.")


def not_found(request: HttpRequest, message: str = "") -> HttpResponse:
    html = loader.render_to_string(
        "publicsite/404.html",
        {"message": message or NOT_FOUND, "organisation": getattr(request, "public_organisation", None)},
        request,
    )
    return HttpResponse(html, status=404)


def bad_request(request: HttpRequest, message: str = "") -> HttpResponse:
    html = loader.render_to_string(
        "publicsite/400.html",
        {"message": message or BAD_REQUEST, "organisation": getattr(request, "public_organisation", None)},
        request,
    )
    return HttpResponse(html, status=400)


def _message(error: Exception) -> str:
    """The Dutch reason our code gave (a translated text: ``Http404(_("…"))``); Django's own English
    ones are left out."""
    reason = error.args[0] if error.args else None
    if reason is editions.NOT_FOUND:  # the general one: ours says more
        return ""
    return str(reason) if isinstance(reason, Promise) else ""


def public_errors(view):
    """The public 404 and 400 page for what ``view`` cannot show."""

    # No form of the public site posts, and no view writes: a POST gets 405 from the view (require_safe),
    # not the app's CSRF page.
    @csrf_exempt
    @login_not_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            return not_found(request, _message(error))
        except (BadRequest, SuspiciousOperation) as error:
            return bad_request(request, _message(error))

    return wrapper


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(PUBLIC_PREFIX):
        return not_found(request)
    return defaults.page_not_found(request, exception)


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(PUBLIC_PREFIX):
        return bad_request(request)
    return defaults.bad_request(request, exception)
