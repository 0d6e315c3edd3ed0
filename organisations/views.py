from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from organisations.middleware import SESSION_KEY
from organisations.models import Organisation


@require_POST
def choose(request: HttpRequest) -> HttpResponse:
    """Act in another of the user's organisations from now on (its plans, its roles)."""
    wanted = request.POST.get("organisation", "")
    if request.user.is_superuser and wanted == "":  # the platform beheerder: all organisations again
        request.session.pop(SESSION_KEY, None)
        return redirect("plans:home")
    try:
        wanted = int(wanted)
    except ValueError:
        raise Http404 from None
    if request.user.is_superuser:
        allowed = set(Organisation.objects.values_list("pk", flat=True))
    else:
        allowed = {membership.organisation_id for membership in getattr(request, "memberships", [])}
    if wanted not in allowed:
        raise Http404
    request.session[SESSION_KEY] = wanted
    return redirect("plans:home")
