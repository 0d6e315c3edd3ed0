"""The rounds of a plan: open, close, and their outputs (the workbook and the verslag)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import background
from core.background import UNFINISHED
from core.changes import Conflict
from notifications.models import SentEmail
from outputs.models import OutputKind, StoredOutput
from plans.models import Plan, ProposalState
from reporting import closing
from reporting.bbc_reports import is_bbc
from reporting.digital_checks import too_long
from reporting.forms import RoundForm, RoundScheduleForm, RoundTextsForm
from reporting.importers import may_upload_rapportering
from reporting.rendering import verslag_of
from reporting.rounds import (
    SCHEDULE_FIELDS,
    open_round,
    round_proposals,
    set_schedule,
    set_texts,
)
from reporting.views import export_jobs
from rounds.models import ClosingState, ReportingRound, RoundClosing, RoundKind
from rounds.todo import open_items


@permission_required("rounds.view_reportinground", raise_exception=True)
def rounds(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's rounds; the cel opens a new one here."""
    plan = get_object_or_404(Plan, slug=slug)
    form = RoundForm(request.POST or None, plan=plan)
    if request.method == "POST":
        if not request.user.has_perm("rounds.add_reportinground"):
            raise PermissionDenied
        if form.is_valid():
            try:
                round = open_round(plan=plan, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(round)s is geopend.") % {"round": round})
                return redirect("reporting:round", slug=plan.slug, pk=round.pk)
    all_rounds = list(ReportingRound.objects.filter(plan=plan).prefetch_related("versions"))
    context = {
        "plan": plan,
        "rounds": all_rounds,
        "open_round": next((round for round in all_rounds if not round.is_closed), None),
        "form": form,
        "may_upload": may_upload_rapportering(request.user),
    }
    return render(request, "reporting/rounds.html", context)


def _round(slug: str, pk: int) -> ReportingRound:
    return get_object_or_404(
        ReportingRound.objects.select_related("plan", "closed_by"), plan__slug=slug, pk=pk
    )


@require_safe
@permission_required("rounds.view_reportinground", raise_exception=True)
def round_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _round(slug, pk)
    proposals = [(row, ProposalState(row.state).label) for row in round_proposals(round)]
    context = {
        "plan": round.plan,
        "round": round,
        "versions": round.versions.all(),
        "proposals": proposals,
        "is_bbc": is_bbc(round),
        "has_texts": round.kind == RoundKind.FOLLOW_UP,
    }
    if round.is_closed:
        context["stored_outputs"] = StoredOutput.objects.filter(round=round, fingerprint="").order_by(
            "kind", "entity"
        )
    if request.user.has_perm("rounds.change_reportinground"):  # addresses: for the cel only
        context["emails"] = SentEmail.objects.filter(round=round).select_related("recipient")
    if not round.is_closed and request.user.has_perm("rounds.change_reportinground"):
        request_made = RoundClosing.objects.filter(round=round).first()
        if request_made is not None:
            context["closing"], context["closing_state"] = request_made, background.shown_state(request_made)
            context["closing_states"] = ClosingState
        context["findings"] = too_long(round.plan)  # the confirm-close step warns; closing stays allowed
        if round.kind == RoundKind.FOLLOW_UP:
            initial = {name: getattr(round, name) for name in RoundTextsForm.base_fields}
            context["texts_form"] = RoundTextsForm(initial=initial)
        initial = {name: getattr(round, name) for name in (*SCHEDULE_FIELDS, "version")}
        context["schedule_form"] = RoundScheduleForm(initial=initial, auto_id="schedule_%s")
    return render(request, "reporting/round.html", context)


@require_POST
def round_texts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The cel writes the round's gewijzigde veronderstellingen and financiële risico's."""
    round = _round(slug, pk)
    if not request.user.has_perm("rounds.change_reportinground"):
        raise PermissionDenied
    form = RoundTextsForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("reporting:round", slug=slug, pk=pk)
    version = form.cleaned_data.pop("version")
    try:
        set_texts(round, texts=form.cleaned_data, version=version, by=request.user)
    except Conflict as conflict:
        messages.error(request, conflict.message())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De teksten van %(round)s zijn opgeslagen.") % {"round": round})
    return redirect("reporting:round", slug=slug, pk=pk)


@require_POST
def round_schedule(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The cel changes an open round's deadline and the days of its reminders."""
    round = _round(slug, pk)
    if not request.user.has_perm("rounds.change_reportinground"):
        raise PermissionDenied
    form = RoundScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("reporting:round", slug=slug, pk=pk)
    try:
        set_schedule(round, by=request.user, **form.cleaned_data)
    except Conflict as conflict:
        messages.error(request, conflict.message())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("De deadline en de herinneringen van %(round)s zijn opgeslagen.") % {"round": round}
        )
    return redirect("reporting:round", slug=slug, pk=pk)


@require_POST
def close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Close the round. With items still open, the first POST lists them and asks to confirm;
    closing happens only with ``bevestigd`` in the POST."""
    round = _round(slug, pk)
    if not request.user.has_perm("rounds.change_reportinground"):
        raise PermissionDenied
    if not round.is_closed and request.POST.get("bevestigd") != "ja":
        still_open = open_items(round)
        if still_open:
            context = {"plan": round.plan, "round": round, "open_items": still_open}
            return render(request, "reporting/close_confirm.html", context)
    try:
        closing.request_close(round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:round", slug=slug, pk=pk)
    round.refresh_from_db()
    if round.is_closed:  # a worker was quick (or, in the tests, tasks run at once)
        messages.success(
            request, _("%(round)s is afgesloten: de uitvoer ervan verandert niet meer.") % {"round": round}
        )
    return redirect("reporting:round", slug=slug, pk=pk)


@require_safe
def closing_state(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """What the round's page asks every two seconds while the round is being closed: 204 while that
    is still so (waiting or running: the page says the same), else (closed, or failed) a reload."""
    round = _round(slug, pk)
    if not request.user.has_perm("rounds.change_reportinground"):
        raise PermissionDenied
    page = reverse("reporting:round", args=[slug, pk])
    if not request.headers.get("HX-Request"):
        return redirect(page)
    request_made = RoundClosing.objects.filter(round=round).first()
    still = request_made is not None and background.shown_state(request_made) in UNFINISHED
    response = HttpResponse(status=204)
    if not still:
        response["HX-Redirect"] = page
    return response


@require_safe
@permission_required("rounds.view_reportinground", raise_exception=True)
def workbook(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The round's workbook as a download."""
    return export_jobs.download(request, _round(slug, pk), OutputKind.WORKBOOK)


@require_safe
@permission_required("rounds.view_reportinground", raise_exception=True)
def report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The verslag on screen; it prints without the app's header, and has a PDF made by the server."""
    report = verslag_of(_round(slug, pk), entity=request.GET.get("entiteit", ""))
    context = {"plan": report.plan, "round": report.round, "versions": report.versions, "report": report}
    return render(request, "reporting/report.html", context)


@require_safe
@permission_required("rounds.view_reportinground", raise_exception=True)
def report_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The verslag as PDF, printed by the server; a closed round's is the same at every download."""
    return export_jobs.download(request, _round(slug, pk), OutputKind.PDF)


@require_safe
@permission_required("rounds.view_reportinground", raise_exception=True)
def report_docx(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The verslag as a Word document in the municipality's house style (a closed round's in the
    style it closed in, made once)."""
    return export_jobs.download(request, _round(slug, pk), OutputKind.DOCX)


@require_safe
@permission_required("rounds.view_reportinground", raise_exception=True)
def digital_checks(request: HttpRequest, slug: str) -> HttpResponse:
    """The texts of the plan too long for the Flemish digital report, with where to fix them."""
    plan = get_object_or_404(Plan, slug=slug)
    return render(request, "reporting/digital_checks.html", {"plan": plan, "findings": too_long(plan)})
