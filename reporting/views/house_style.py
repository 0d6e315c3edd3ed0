"""The beheerder's page for the municipality's Word house style, used by the verslag's .docx."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from organisations.roles import is_administrator
from outputs.models import HouseStyle
from reporting.docx_report import DEFAULT_TEMPLATE, DOCX
from reporting.forms import HouseStyleForm
from reporting.house_style import (
    MAX_TEMPLATE_BYTES,
    TOO_BIG,
    TemplateRefused,
    current_house_style,
    upload_house_style,
)


def _beheerder_only(request: HttpRequest) -> None:
    if not is_administrator(request.user):
        raise PermissionDenied


def house_style(request: HttpRequest) -> HttpResponse:
    """Upload the municipality's Word template; a refused one leaves the previous one in use."""
    _beheerder_only(request)
    form = HouseStyleForm(request.POST or None, request.FILES or None)
    if request.organisation is None:  # the platform beheerder, not working in one organisation
        return render(request, "reporting/house_style.html", {"choose_organisation": True})
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > MAX_TEMPLATE_BYTES:
            form.add_error("file", str(TOO_BIG))
        else:
            try:
                style = upload_house_style(
                    organisation=request.organisation, data=file.read(), filename=file.name, by=request.user
                )
            except TemplateRefused as refusal:
                form.add_error("file", str(refusal))
            else:
                messages.success(
                    request, _("%(file)s is nu de huisstijl van het verslag in Word.") % {"file": style}
                )
                return redirect("reporting:house_style")
    uploads = HouseStyle.objects.filter(organisation=request.organisation).select_related("uploaded_by")
    context = {
        "form": form,
        "current": current_house_style(request.organisation),
        "uploads": uploads.defer("data"),
    }
    return render(request, "reporting/house_style.html", context)


@require_safe
def house_style_template(request: HttpRequest) -> HttpResponse:
    """The template in use (or the default one), to start the municipality's own from."""
    _beheerder_only(request)
    current = current_house_style(request.organisation) if request.organisation else None
    data = bytes(current.data) if current else DEFAULT_TEMPLATE.read_bytes()
    suffix = ".dotx" if current and current.filename.lower().endswith(".dotx") else ".docx"
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="huisstijl{suffix}"'
    response["Cache-Control"] = "no-store"
    return response
