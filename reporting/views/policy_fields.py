"""Beleidsvelden: the platform beheerder keeps the list of the installation. The page takes the file;
``uploads.flow`` reads, previews and applies it (``reporting/importers.py``)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from plans.models import PolicyField
from reporting import importers
from reporting.forms import PolicyFieldsUploadForm
from uploads import flow


def policy_fields(request: HttpRequest) -> HttpResponse:
    """The list as it is, and the upload of a new list."""
    if not importers.POLICY_FIELDS.may(request.user):
        raise PermissionDenied
    form = PolicyFieldsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = flow.start(importers.POLICY_FIELDS, user=request.user, file=form.cleaned_data["file"])
        return redirect("uploads:upload", pk=pending.pk)
    return render(
        request, "reporting/policy_fields.html", {"form": form, "fields": PolicyField.objects.all()}
    )
