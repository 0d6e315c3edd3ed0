"""The draft's own pages: the list of drafts (and starting one), a draft's overview (with the akkoord's
coverage), the bestuursakkoord (chapters, ambitions, mandatarissen), and the proposals (list, new, edit,
page with trail and remarks). Thin: the rules are in drafting/."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.changes import Conflict
from core.people import person
from drafting import access, drafts, framework, steps
from drafting.forms import (
    AmbitionsForm,
    ChapterForm,
    DraftForm,
    MandataryForm,
    ProposalFilterForm,
    ProposalForm,
    RemarkForm,
)
from drafting.models import (
    Ambition,
    Decision,
    Draft,
    Mandatary,
    Proposal,
    ProposalKind,
    Remark,
    Standing,
    Step,
)
from drafting.views.common import add_refusal, check_cel_writes, context, draft_for, draft_for_readers
from organisations.membership import current_organisation


@require_http_methods(["GET", "HEAD", "POST"])
def drafts_page(request: HttpRequest) -> HttpResponse:
    if not access.may_read(request.user):
        raise PermissionDenied
    may_draft = access.may_draft(request.user)
    form = DraftForm(request.POST if request.method == "POST" else None) if may_draft else None
    if request.method == "POST":
        if not may_draft:
            raise PermissionDenied(access.ONLY_CEL)
        organisation = getattr(request, "organisation", None) or current_organisation(request.user)
        valid = form.is_valid()
        if organisation is None:  # the platform beheerder acts in no organisation
            form.add_error(None, _("Werk eerst in een organisatie: een ontwerp hoort bij één bestuur."))
        elif valid:
            try:
                started = drafts.start(organisation, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(
                    request,
                    _("Het ontwerp %(draft)s is gestart, met de stappen van de seed. Voeg het akkoord toe.")
                    % {"draft": started},
                )
                return redirect("drafting:agreement", started.pk)
    found = Draft.objects.select_related("plan").order_by("-start_year", "name")
    status = 422 if form is not None and form.is_bound else 200
    return render(
        request,
        "drafting/drafts.html",
        {"drafts": found, "may_draft": may_draft, "form": form},
        status=status,
    )


@require_safe
def draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    found = draft_for(request, draft_id)
    visible = access.visible_proposals(request.user, found)
    counts = {
        (row["kind"], row["standing"]): row["n"]
        for row in visible.values("kind", "standing").annotate(n=Count("pk")).order_by()
    }
    steps_found = (
        Step.objects.filter(draft=found, removed=False)
        .annotate(waiting=Count("proposals", filter=Q(proposals__standing=Standing.UNDER_WAY)))
        .order_by("subject", "position")
    )
    kinds = [
        (
            label,
            [
                (standing_label, counts.get((kind, standing), 0))
                for standing, standing_label in Standing.choices
            ],
        )
        for kind, label in ProposalKind.choices
    ]
    coverage = framework.coverage(found) if access.may_read_all(request.user) else []
    return render(
        request,
        "drafting/draft.html",
        context(
            request,
            found,
            kinds=kinds,
            steps=steps_found,
            coverage=coverage,
            uncovered=sum(len(each.uncovered) for each in coverage),
            read_all=access.may_read_all(request.user),
        ),
    )


# The bestuursakkoord: chapters, ambitions (with how many actieplannen answer each), mandatarissen.


def _agreement_page(request, found: Draft, status: int = 200, **forms) -> HttpResponse:
    may_write = access.may_draft(request.user) and not found.is_adopted
    coverage = framework.coverage(found)
    forms = {
        "chapter_form": ChapterForm(prefix="chapter"),
        "ambitions_form": AmbitionsForm(draft=found, prefix="ambitions"),
        "mandatary_form": MandataryForm(prefix="mandatary"),
        **forms,
    }
    return render(
        request,
        "drafting/agreement.html",
        context(
            request,
            found,
            coverage=coverage,
            uncovered=sum(len(each.uncovered) for each in coverage),
            mandataries=Mandatary.objects.filter(organisation=found.organisation).order_by("name"),
            may_write=may_write,
            **(forms if may_write else {}),
        ),
        status=status,
    )


@require_safe
def agreement(request: HttpRequest, draft_id: int) -> HttpResponse:
    return _agreement_page(request, draft_for_readers(request, draft_id))


@require_POST
def add_chapter(request: HttpRequest, draft_id: int) -> HttpResponse:
    found = draft_for(request, draft_id)
    check_cel_writes(request, found)
    form = ChapterForm(request.POST, prefix="chapter")
    if form.is_valid():
        try:
            chapter = drafts.add_chapter(found, form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            form.add_error("name", error.messages)
        else:
            messages.success(request, _("Het hoofdstuk %(chapter)s is toegevoegd.") % {"chapter": chapter})
            return redirect("drafting:agreement", found.pk)
    return _agreement_page(request, found, 422, chapter_form=form)


@require_POST
def add_ambitions(request: HttpRequest, draft_id: int) -> HttpResponse:
    found = draft_for(request, draft_id)
    check_cel_writes(request, found)
    form = AmbitionsForm(request.POST, draft=found, prefix="ambitions")
    if form.is_valid():
        try:
            added = drafts.add_ambitions(
                form.cleaned_data["chapter"], [form.cleaned_data["texts"]], by=request.user
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s ambitie toegevoegd aan %(chapter)s.",
                    "%(n)s ambities toegevoegd aan %(chapter)s.",
                    len(added),
                )
                % {"n": len(added), "chapter": form.cleaned_data["chapter"]},
            )
            return redirect("drafting:agreement", found.pk)
    return _agreement_page(request, found, 422, ambitions_form=form)


@require_POST
def add_mandatary(request: HttpRequest, draft_id: int) -> HttpResponse:
    found = draft_for(request, draft_id)
    check_cel_writes(request, found)
    form = MandataryForm(request.POST, prefix="mandatary")
    if form.is_valid():
        try:
            added = drafts.add_mandatary(found.organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("name", error.messages)
        else:
            messages.success(request, _("%(who)s is toegevoegd aan de mandatarissen.") % {"who": added})
            return redirect("drafting:agreement", found.pk)
    return _agreement_page(request, found, 422, mandatary_form=form)


# The proposals.

STANDING_ORDER = [Standing.UNDER_WAY, Standing.RETAINED, Standing.NOT_RETAINED]


@require_safe
def proposals(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Grouped by standing; niet weerhouden stays, with its last decision. A fixed number of queries."""
    found = draft_for(request, draft_id)
    form = ProposalFilterForm(request.GET or None, draft=found)
    chosen = form.filter(access.visible_proposals(request.user, found))
    listed = (
        chosen.select_related("chapter", "step", "department", "political_contact")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(proposal__standing=Standing.NOT_RETAINED)
                .select_related("step")
                .order_by("decided_at", "pk"),
                to_attr="trail_rows",
            )
        )
        .order_by("kind", "position", "pk")
    )
    groups = {standing: [] for standing in STANDING_ORDER}
    for proposal in listed:
        groups[proposal.standing].append(proposal)
    return render(
        request,
        "drafting/proposals.html",
        context(
            request,
            found,
            form=form,
            groups=[(Standing(standing).label, standing, rows) for standing, rows in groups.items()],
            total=sum(len(rows) for rows in groups.values()),
            filtered=form.is_bound,
        ),
    )


def _proposal_of(request: HttpRequest, found: Draft, pk: int) -> Proposal:
    proposal = access.visible_proposals(request.user, found).filter(pk=pk).first()
    if proposal is None:
        if Proposal.objects.filter(draft=found, pk=pk).exists():
            raise PermissionDenied(access.NOT_YOURS)
        raise Http404
    return proposal


def _ambitions_of(found: Draft):
    return (
        Ambition.objects.filter(chapter__draft=found)
        .select_related("chapter")
        .order_by("chapter__position", "chapter_id", "position", "pk")
    )


def _proposal_form_page(request, found: Draft, form: ProposalForm, proposal=None, status=200):
    return render(
        request,
        "drafting/proposal_form.html",
        context(
            request,
            found,
            form=form,
            proposal=proposal,
            ambition_groups=form.ambition_groups(_ambitions_of(found)),
        ),
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def new_proposal(request: HttpRequest, draft_id: int) -> HttpResponse:
    found = draft_for(request, draft_id)
    check_cel_writes(request, found)
    initial = {"kind": request.GET.get("soort", ProposalKind.ACTION_PLAN)}
    form = ProposalForm(request.POST if request.method == "POST" else None, draft=found, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = steps.propose(
                    found,
                    kind=form.cleaned_data["kind"],
                    by=request.user,
                    ambitions=form.cleaned_data["ambitions"],
                    **form.values(),
                )
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(
                    request,
                    _("%(proposal)s staat op de agenda van “%(step)s”.")
                    % {"proposal": capfirst(str(proposal)), "step": proposal.step},
                )
                return redirect("drafting:proposal", found.pk, proposal.pk)
        return _proposal_form_page(request, found, form, status=422)
    return _proposal_form_page(request, found, form)


@require_http_methods(["GET", "HEAD", "POST"])
def edit_proposal(request: HttpRequest, draft_id: int, pk: int) -> HttpResponse:
    found = draft_for(request, draft_id)
    check_cel_writes(request, found)
    proposal = get_object_or_404(Proposal.objects.filter(draft=found), pk=pk)
    initial = {name: getattr(proposal, name) for name in ProposalForm.OWN_FIELDS}
    initial |= {"ambitions": list(proposal.ambitions.all()), "version": proposal.version}
    form = ProposalForm(
        request.POST if request.method == "POST" else None, draft=found, editing=True, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                drafts.edit_proposal(
                    proposal,
                    form.values(),
                    by=request.user,
                    version=form.cleaned_data["version"],
                    ambitions=form.cleaned_data["ambitions"],
                )
            except Conflict as conflict:
                form.add_error(None, conflict.message())
                return _proposal_form_page(request, found, form, proposal, status=409)
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(
                    request, _("%(proposal)s is bijgewerkt.") % {"proposal": capfirst(str(proposal))}
                )
                return redirect("drafting:proposal", found.pk, proposal.pk)
        return _proposal_form_page(request, found, form, proposal, status=422)
    return _proposal_form_page(request, found, form, proposal)


def _own_source(user, proposal: Proposal) -> str:
    """An eigenaar's remark is their own: its source is they and their dienst. The cel names any source
    (an adviesraad, a partner)."""
    if access.may_draft(user):
        return ""
    return f"{person(user)} ({proposal.department})" if proposal.department_id else person(user)


def _proposal_page(request, found: Draft, proposal: Proposal, remark_form=None, status=200):
    proposal = (
        Proposal.objects.select_related("chapter", "step", "department", "political_contact", "created_by")
        .prefetch_related(Prefetch("ambitions", queryset=Ambition.objects.select_related("chapter")))
        .get(pk=proposal.pk)
    )
    may_remark = access.may_remark(request.user, proposal)
    if may_remark and remark_form is None:
        remark_form = RemarkForm(own_source=_own_source(request.user, proposal))
    return render(
        request,
        "drafting/proposal.html",
        context(
            request,
            found,
            proposal=proposal,
            trail=steps.trail(proposal),
            remarks=Remark.objects.filter(proposal=proposal)
            .select_related("author")
            .order_by("created_at", "pk"),
            remark_form=remark_form if may_remark else None,
            may_decide_here=proposal.step_id is not None and access.may_decide(request.user, proposal.step),
        ),
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def proposal_page(request: HttpRequest, draft_id: int, pk: int) -> HttpResponse:
    """All of a proposal, its trail, its remarks; POST adds a remark (cel: any source; an eigenaar of the
    named dienst: their own)."""
    found = draft_for(request, draft_id)
    proposal = _proposal_of(request, found, pk)
    if request.method != "POST":
        return _proposal_page(request, found, proposal)
    if not access.may_remark(request.user, proposal):
        raise PermissionDenied(access.NOT_YOURS)
    own_source = _own_source(request.user, proposal)
    form = RemarkForm(request.POST, own_source=own_source)
    if form.is_valid():
        try:
            drafts.add_remark(
                proposal,
                by=request.user,
                source=own_source or form.cleaned_data["source"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("De opmerking is toegevoegd."))
            return redirect("drafting:proposal", found.pk, proposal.pk)
    return _proposal_page(request, found, proposal, form, status=422)


urlpatterns = [
    path("", drafts_page, name="drafts"),
    path("<int:draft_id>/", draft, name="draft"),
    path("<int:draft_id>/akkoord/", agreement, name="agreement"),
    path("<int:draft_id>/akkoord/hoofdstuk/", add_chapter, name="add_chapter"),
    path("<int:draft_id>/akkoord/ambities/", add_ambitions, name="add_ambitions"),
    path("<int:draft_id>/akkoord/mandataris/", add_mandatary, name="add_mandatary"),
    path("<int:draft_id>/voorstellen/", proposals, name="proposals"),
    path("<int:draft_id>/voorstellen/nieuw/", new_proposal, name="new_proposal"),
    path("<int:draft_id>/voorstellen/<int:pk>/", proposal_page, name="proposal"),
    path("<int:draft_id>/voorstellen/<int:pk>/bewerken/", edit_proposal, name="edit_proposal"),
]
