"""The beheerder's page of the public website (/publicatie/): per plan of the organisation, publication
on or off and the public address; and the contact the accessibility statement names. Only the
beheerder of the organisation (and the platform beheerder acting in it); the writes are
``publicsite/publishing.py``'s."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core.changes import Conflict
from organisations.roles import is_administrator
from plans.models import Plan
from publicsite import editions, publishing
from publicsite.models import Publication
from versions.models import ADOPTED_STATES, PlanVersion

CHOOSE_ORGANISATION = gettext_lazy(
    "Elke organisatie heeft haar eigen publieke website. Kies eerst bovenaan de organisatie waarvan u "
    "de publicatie beheert."
)
BAD_EMAIL = gettext_lazy(
    "Dit is geen geldig e-mailadres. Vul een adres in zoals toegankelijkheid@gemeente.be, of laat het "
    "veld leeg."
)


class SwitchForm(forms.Form):
    on = forms.TypedChoiceField(choices=[("1", "aan"), ("0", "uit")], coerce=lambda value: value == "1")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ContactForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres voor vragen en meldingen"),
        required=False,
        max_length=254,
        error_messages={"invalid": BAD_EMAIL},
        help_text=gettext_lazy(
            "Een algemeen adres van de organisatie (geen persoonlijk adres): de toegankelijkheidsverklaring "
            "toont het aan iedereen."
        ),
    )
    phone = forms.CharField(label=gettext_lazy("Telefoonnummer"), required=False, max_length=40)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _organisation(request: HttpRequest):
    if not is_administrator(request.user):
        raise PermissionDenied
    return request.organisation


def _rows(request: HttpRequest, organisation, errors: dict[int, str]) -> list[dict]:
    plans = list(Plan.objects.filter(organisation=organisation).order_by("name"))
    publications = {p.plan_id: p for p in Publication.objects.filter(plan__in=plans)}
    adopted = set(
        PlanVersion.objects.filter(plan__in=plans, state__in=ADOPTED_STATES).values_list("plan_id", flat=True)
    )
    rows = []
    for plan in plans:
        publication = publications.get(plan.pk)
        enabled = bool(publication and publication.enabled)
        rows.append(
            {
                "plan": plan,
                "enabled": enabled,
                "version": publication.version if publication else "",
                "has_version": plan.pk in adopted,
                "url": request.build_absolute_uri(reverse("public:plan", args=[organisation.slug, plan.slug]))
                if enabled and plan.pk in adopted
                else "",
                "error": errors.get(plan.pk, ""),
            }
        )
    return rows


def _page(
    request: HttpRequest,
    organisation,
    *,
    contact: ContactForm | None = None,
    errors: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    if organisation is None:  # the platform beheerder, not acting in one organisation
        return render(request, "publicsite/manage.html", {"choose": CHOOSE_ORGANISATION}, status=status)
    profile = editions.profile(organisation)
    if contact is None:
        contact = ContactForm(
            initial={
                "email": profile.contact_email if profile else "",
                "phone": profile.contact_phone if profile else "",
                "version": profile.version if profile else None,
            }
        )
    context = {
        "organisation": organisation,
        "rows": _rows(request, organisation, errors or {}),
        "contact": contact,
        "statement_url": reverse("public:statement", args=[organisation.slug]),
        "site_url": reverse("public:organisation", args=[organisation.slug]),
    }
    return render(request, "publicsite/manage.html", context, status=status)


@require_safe
def manage(request: HttpRequest) -> HttpResponse:
    return _page(request, _organisation(request))


@require_POST
def switch(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The beheerder switches a plan's public website on or off."""
    organisation = _organisation(request)
    if organisation is None:
        return _page(request, organisation, status=422)
    plan = Plan.objects.filter(organisation=organisation, pk=plan_id).first()
    if plan is None:
        raise Http404
    form = SwitchForm(request.POST)
    if not form.is_valid():
        refusal = _("Kies of de publieke website aan of uit moet staan, en probeer opnieuw.")
        return _page(request, organisation, errors={plan.pk: refusal}, status=422)
    on = form.cleaned_data["on"]
    try:
        publishing.switch(plan, on=on, by=request.user, version=form.cleaned_data["version"])
    except Conflict as conflict:
        return _page(request, organisation, errors={plan.pk: conflict.message()}, status=409)
    except ValidationError as refusal:
        return _page(request, organisation, errors={plan.pk: " ".join(refusal.messages)}, status=422)
    if on:
        messages.success(request, _("De publieke website van %(plan)s staat aan.") % {"plan": plan.name})
    else:
        messages.success(
            request,
            _("De publieke website van %(plan)s staat uit: niemand kan hem nog lezen.") % {"plan": plan.name},
        )
    return redirect("publishing:manage")


@require_POST
def contact(request: HttpRequest) -> HttpResponse:
    """The beheerder names the contact of the accessibility statement."""
    organisation = _organisation(request)
    if organisation is None:
        return _page(request, organisation, status=422)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _page(request, organisation, contact=form, status=422)
    try:
        publishing.set_contact(
            organisation,
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            by=request.user,
            version=form.cleaned_data["version"],
        )
    except Conflict as conflict:
        form.add_error(None, conflict.message())
        return _page(request, organisation, contact=form, status=409)
    except ValidationError as refusal:
        form.add_error(None, " ".join(refusal.messages))
        return _page(request, organisation, contact=form, status=422)
    messages.success(request, _("Het contact van de toegankelijkheidsverklaring is opgeslagen."))
    return redirect("publishing:manage")
