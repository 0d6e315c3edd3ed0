"""Adoption (vaststelling): what still stands in the way, each with a link to where it is fixed, and
the raad's decision that makes the draft the plan in force (version 1). Thin: the rules are in
drafting/adoption.py; a refusal there becomes a message here."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drafting import access, adoption
from drafting.views.common import add_refusal, context, draft_for_readers
from versions.models import PlanVersion

# Where each kind of problem is fixed: the draft's page, and whether it takes the actieplan's id.
PLACES = {
    "steps": ("drafting:steps", False),
    "proposals": ("drafting:proposals", False),
    "framework": ("drafting:framework", False),
    "detailing": ("drafting:detailing_action_plan", True),
}
PLACE_LABELS = {
    "steps": gettext_lazy("Naar de stappen en vergaderingen"),
    "proposals": gettext_lazy("Naar de voorstellen"),
    "framework": gettext_lazy("Naar het strategisch kader"),
    "detailing": gettext_lazy("Naar de uitwerking van dit actieplan"),
}


NOT_READY = gettext_lazy(
    "Het ontwerp kan nog niet naar de raad: los eerst de punten onder “Wat nog in de weg staat” op."
)


class AdoptionForm(forms.Form):
    council_date = forms.DateField(
        label=gettext_lazy("datum van de raadsbeslissing"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        error_messages={
            "required": adoption.DATE_MISSING,
            "invalid": gettext_lazy("Schrijf de datum als dd/mm/jjjj, bv. 17/12/2019."),
        },
    )
    slug = forms.SlugField(
        label=gettext_lazy("korte naam van het plan"),
        max_length=80,
        help_text=gettext_lazy("Voor de adressen van het plan: kleine letters, cijfers en streepjes."),
        error_messages={
            "required": adoption.SLUG_MISSING,
            "invalid": gettext_lazy(
                "Gebruik enkel kleine letters, cijfers en streepjes, bv. turnhout-2020-2025."
            ),
        },
    )
    numbering = forms.ChoiceField(
        label=gettext_lazy("nummering"),
        choices=list(adoption.NUMBERINGS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": adoption.NUMBERING_UNKNOWN, "invalid_choice": adoption.NUMBERING_UNKNOWN},
    )
    version_name = forms.CharField(label=gettext_lazy("naam van de versie"), max_length=100, required=False)


def _place(draft, problem: adoption.Problem) -> dict:
    name, with_proposal = PLACES[problem.place]
    try:
        if with_proposal and problem.proposal_id:
            url = reverse(name, args=[draft.pk, problem.proposal_id])
        elif with_proposal:
            url = reverse("drafting:detailing", args=[draft.pk])
        else:
            url = reverse(name, args=[draft.pk])
    except NoReverseMatch:  # that page is not built (yet): the overview
        return {
            "text": problem.text,
            "url": reverse("drafting:draft", args=[draft.pk]),
            "label": _("Naar het overzicht van het ontwerp"),
        }
    return {"text": problem.text, "url": url, "label": PLACE_LABELS[problem.place]}


def adoption_page(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_for_readers(request, draft_id)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    if draft.is_adopted:
        if request.method == "POST":
            messages.error(request, _("Dit ontwerp is al vastgesteld door de raad."))
            return redirect("drafting:adoption", draft.pk)
        version = PlanVersion.objects.filter(plan=draft.plan).order_by("number").first()
        return render(request, "drafting/adoption.html", context(request, draft, version=version))
    numbering = request.POST.get("numbering") or request.GET.get("nummering") or adoption.AUTOMATIC
    if numbering not in adoption.NUMBERINGS:
        numbering = adoption.AUTOMATIC
    initial = {
        "slug": adoption.suggested_slug(draft),
        "numbering": numbering,
        "version_name": f"MJP {draft.start_year}-{draft.end_year}",
    }
    form = AdoptionForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if not access.may_draft(request.user):
            raise PermissionDenied(access.ONLY_CEL)
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                adopted = adoption.adopt(
                    draft,
                    council_date=data["council_date"],
                    slug=data["slug"],
                    numbering=data["numbering"],
                    version_name=data["version_name"],
                    by=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    add_refusal(form, error)
                else:  # what stands in the way: listed above the form, with where to fix each
                    form.add_error(None, NOT_READY)
            else:
                messages.success(
                    request,
                    _("Het plan is vastgesteld: %(plan)s is nu van kracht, als versie 1.")
                    % {"plan": adopted.plan.name},
                )
                return redirect("drafting:adoption", draft.pk)
    found = [_place(draft, problem) for problem in adoption.located_problems(draft, numbering)]
    return render(
        request,
        "drafting/adoption.html",
        context(request, draft, problems=found, form=form, numbering=numbering),
        status=status,
    )


urlpatterns = [path("<int:draft_id>/vaststelling/", adoption_page, name="adoption")]
