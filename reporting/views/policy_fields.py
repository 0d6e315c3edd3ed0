"""Beleidsvelden: the beheerder imports the list of the installation, after a preview."""

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.models import PolicyField
from reporting.forms import PolicyFieldsUploadForm
from reporting.policy_fields_import import PolicyFieldsRefused, apply_policy_fields, read_policy_fields
from uploads import pending as pending_uploads
from uploads.reading import UploadRefused

PENDING_KEY = "policy_fields"


def _platform_beheerder(user) -> None:
    """The beleidsvelden are one list for the whole installation: only the platform beheerder keeps it."""
    if not user.is_superuser:
        raise PermissionDenied


def policy_fields(request: HttpRequest) -> HttpResponse:
    """The list as it is, and an upload that previews what a new list would change."""
    _platform_beheerder(request.user)
    form = PolicyFieldsUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        data = file.read()
        try:
            upload = read_policy_fields(BytesIO(data), len(data), filename=file.name)
        except UploadRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            pending = pending_uploads.keep(
                user=request.user, filename=file.name, data=data, plan_details={PENDING_KEY: True}
            )
            context |= {"upload": upload, "pending": pending}
    if "upload" not in context:
        context["fields"] = PolicyField.objects.all()
    return render(request, "reporting/policy_fields.html", context)


@require_POST
def confirm_policy_fields(request: HttpRequest, pk: int) -> HttpResponse:
    _platform_beheerder(request.user)
    pending = get_object_or_404(
        pending_uploads.fresh(), pk=pk, plan=None, user=request.user, plan_details__has_key=PENDING_KEY
    )
    data = bytes(pending.data)
    try:
        upload = apply_policy_fields(
            read_policy_fields(BytesIO(data), len(data), filename=pending.filename), by=request.user
        )
    except UploadRefused as refusal:
        messages.error(request, str(refusal))
    except PolicyFieldsRefused as refused:
        messages.error(request, " ".join(refused.upload.errors[:5]))
    else:
        messages.success(
            request,
            _("%(file)s is ingelezen. Nieuw: %(new)d, hernoemd: %(renamed)d.")
            % {"file": upload.filename, "new": len(upload.new), "renamed": len(upload.renamed)},
        )
    pending.delete()
    return redirect("reporting:policy_fields")
