from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from organisations.membership import organisations_to_act_for
from organisations.middleware import SESSION_KEY


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
    memberships = getattr(request, "memberships", [])
    allowed = {organisation.pk for organisation in organisations_to_act_for(request.user, memberships)}
    if wanted not in allowed:
        raise Http404
    request.session[SESSION_KEY] = wanted
    return redirect("plans:home")
