"""The status stylesheet (``plans/status_css.py``), for everyone, the login page included."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from plans.status_css import stylesheet

YEAR = 365 * 24 * 60 * 60


@login_not_required
@require_GET
@cache_control(public=True, max_age=YEAR, immutable=True)
def status_stylesheet(request: HttpRequest) -> HttpResponse:
    return HttpResponse(stylesheet(), content_type="text/css; charset=utf-8")
