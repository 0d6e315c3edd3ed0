"""Every error of the API as problem details (RFC 9457): ``type``, ``title``, ``status``, ``detail`` and
``instance``, in Dutch, as ``application/problem+json``; never an HTML page, never a trace.

``exception_handler`` is DRF's ``EXCEPTION_HANDLER`` (config/settings.py): views raise ``BadRequest``
(with the parameters at fault), ``NotFound`` or let DRF raise its own (405, 406, 429); anything else is
logged and answered with a 500 problem.
"""

import json
import logging
import math

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers

from core.site import absolute

logger = logging.getLogger("opendata.api")

CONTENT_TYPE = "application/problem+json"
DOCS = "/api/v1/"

# The kinds of problem: the part of ``type`` after the documentation page's address, and their title.
KINDS = {
    400: ("ongeldige-vraag", gettext_lazy("Ongeldige vraag")),
    404: ("niet-gevonden", gettext_lazy("Niet gevonden")),
    405: ("methode-niet-toegestaan", gettext_lazy("Methode niet toegestaan")),
    406: ("formaat-niet-beschikbaar", gettext_lazy("Formaat niet beschikbaar")),
    429: ("te-veel-vragen", gettext_lazy("Te veel vragen")),
    500: ("serverfout", gettext_lazy("Serverfout")),
}


def problem_type(status: int) -> str:
    return absolute(f"{DOCS}#{KINDS.get(status, KINDS[500])[0]}")


class BadRequest(exceptions.APIException):
    """A query parameter the API refuses: ``parameters`` says which and why."""

    status_code = 400

    def __init__(self, detail: str, parameters: list[dict] | None = None):
        super().__init__(detail)
        self.parameters = parameters or []


class NotFound(exceptions.NotFound):
    pass


def problem(request, status: int, detail: str, *, parameters: list[dict] | None = None, headers=None):
    """The problem details response."""

    body = {
        "type": problem_type(status),
        "title": str(KINDS.get(status, KINDS[500])[1]),
        "status": status,
        "detail": detail,
        "instance": request.path if request is not None else "",
    }
    if parameters:
        body["parameters"] = parameters
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=f"{CONTENT_TYPE}; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    response["Access-Control-Allow-Origin"] = "*"  # a script on another site may read why, too
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def exception_handler(exc, context):
    """DRF's exception handler: every exception as problem details."""
    request = context.get("request")
    if isinstance(exc, BadRequest):
        return problem(request, 400, str(exc.detail), parameters=exc.parameters)
    if isinstance(exc, Http404 | exceptions.NotFound):
        detail = exc.detail if isinstance(exc, exceptions.NotFound) else ""
        if not detail or isinstance(exc, Http404):
            detail = _("Dit adres bestaat niet in de API. Begin bij %(start)s.") % {"start": absolute(DOCS)}
        return problem(request, 404, str(detail))
    if isinstance(exc, exceptions.MethodNotAllowed):
        return problem(
            request,
            405,
            _("De API is alleen om te lezen: gebruik GET (of HEAD). %(method)s is niet toegestaan.")
            % {"method": request.method if request is not None else ""},
            headers={"Allow": "GET, HEAD"},
        )
    if isinstance(exc, exceptions.NotAcceptable):
        return problem(request, 406, _("De API antwoordt alleen in JSON: vraag application/json."))
    if isinstance(exc, exceptions.Throttled):
        wait = max(1, math.ceil(exc.wait or 1))
        return problem(
            request,
            429,
            _("U stelde te veel vragen na elkaar. Probeer opnieuw over %(seconds)s seconden.")
            % {"seconds": wait},
            headers={"Retry-After": str(wait)},
        )
    if isinstance(exc, exceptions.APIException):  # another of DRF's own (e.g. a parse error)
        status = exc.status_code if exc.status_code in KINDS else 400
        return problem(request, status, str(exc.detail))
    logger.error("API: unexpected error at %s", getattr(request, "path", "?"), exc_info=exc)
    return problem(request, 500, _("Er liep iets mis aan onze kant. Probeer het later opnieuw."))


class ParameterSerializer(serializers.Serializer):
    naam = serializers.CharField(help_text=gettext_lazy("De naam van de queryparameter."))
    reden = serializers.CharField(help_text=gettext_lazy("Waarom de waarde niet aanvaard wordt."))


class ProblemSerializer(serializers.Serializer):
    """Problem details (RFC 9457): the schema of every error answer."""

    type = serializers.URLField(help_text=gettext_lazy("Het soort probleem: een adres in deze documentatie."))
    title = serializers.CharField(help_text=gettext_lazy("Het soort probleem in woorden."))
    status = serializers.IntegerField(help_text=gettext_lazy("De HTTP-statuscode."))
    detail = serializers.CharField(help_text=gettext_lazy("Wat er mis is en wat u kunt doen."))
    instance = serializers.CharField(help_text=gettext_lazy("Het gevraagde pad."))
    parameters = ParameterSerializer(
        many=True, required=False, help_text=gettext_lazy("Bij 400: de parameters die niet aanvaard worden.")
    )
