"""Bedragen importeren: ramingen or realisaties from the finance package. The page takes the file;
``uploads.flow`` reads, previews and applies it (``reporting/importers.py``)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from plans.features import Feature, plan_using
from plans.models import AmountKind, Plan
from plans.money import euro
from reporting import importers
from reporting.amounts_import import by_year, headers
from reporting.forms import AmountsUploadForm
from uploads import flow


def _figures(plan: Plan) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """The plan's ramingen and realisaties per year."""
    return [
        (
            kind.label,
            [(year, [euro(value) for value in figures.cells()]) for year, figures in by_year(plan, kind)],
        )
        for kind in AmountKind
    ]


def amounts_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's amounts per year, and the upload of a file of amounts."""
    plan = plan_using(slug, Feature.MONEY)
    if not importers.AMOUNTS.may(request.user):
        raise PermissionDenied
    form = AmountsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = flow.start(
            importers.AMOUNTS,
            user=request.user,
            file=form.cleaned_data["file"],
            plan=plan,
            details={"kind": form.cleaned_data["kind"]},
        )
        return redirect("uploads:upload", pk=pending.pk)
    context = {"plan": plan, "form": form, "headers": headers(), "figures": _figures(plan)}
    return render(request, "reporting/amounts_import.html", context)
