"""An upload's own page: it follows the task that reads the file, shows the preview, takes the
confirmation and follows the task that applies it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import progress
from uploads import flow
from uploads import pending as pending_uploads
from uploads.models import RUNNING, PendingImport, UploadState


def _own(request: HttpRequest, pk: int) -> PendingImport:
    """Only the one who uploaded a file sees it, in the organisation they uploaded it in. Read without
    the file itself (up to 10 MB): the page polls it every two seconds, and only the tasks read it."""
    pending = (
        pending_uploads.fresh().across_organisations().filter(pk=pk, user=request.user).defer("data").first()
    )
    acting_in = getattr(request, "organisation", None)
    if pending is None or (pending.organisation_id and acting_in and pending.organisation_id != acting_in.pk):
        raise Http404
    if not flow.importer_of(pending).may(request.user):
        raise PermissionDenied
    return pending


@require_safe
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The upload as it stands; htmx asks again every two seconds while a task works on it (204 while
    the state the page shows is still the state)."""
    pending = _own(request, pk)
    page_url = reverse("uploads:upload", args=[pending.pk])
    if pending.state == UploadState.APPLIED:
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = page_url
            return response
        messages.success(request, pending.message)
        pending.delete()  # applied and seen: the scratch copy has done its work
        return redirect(pending.next_url)
    running = pending.state in RUNNING
    done_so_far = progress.of(flow.progress_key(pending.pk)) if running else None
    seen = f"{pending.state}:{done_so_far.step}:{done_so_far.done}" if done_so_far else pending.state
    if request.headers.get("HX-Request") and request.GET.get("gezien") == seen:
        return HttpResponse(status=204)
    importer = flow.importer_of(pending)
    context = {
        "pending": pending,
        "progress": done_so_far,
        "seen": seen,
        "importer": importer,
        "states": UploadState,
        "running": running,
        "preview": flow.shown_preview(pending),
        "page_url": page_url,
        "start_url": importer.start_url(pending),
    }
    template = "uploads/_state.html" if request.headers.get("HX-Request") else "uploads/upload.html"
    return render(request, template, context)


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    pending = _own(request, pk)
    try:
        flow.confirm(pending, request.user)
    except flow.NotReady:
        messages.error(
            request, _("Dit voorbeeld kan niet (meer) bevestigd worden. Laad het bestand opnieuw op.")
        )
    return redirect("uploads:upload", pk=pending.pk)
