"""The plan's versions: the list, and the first version of a plan that has none yet (its start)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from plans.models import Plan
from versions import access, adopting, in_force
from versions.models import ADOPTED_STATES, PlanVersion
from versions.views.common import check_keeper, plan_for, version_for

ALREADY_STARTED = _(
    "Dit plan heeft al versies. Een volgende versie is een aanpassing, die de raad vaststelt."
)


class StartForm(forms.Form):
    name = forms.CharField(label=_("naam"), max_length=100, help_text=_("Bv. MJP 2020-2025."))
    council_date = forms.DateField(
        label=_("datum raadsbeslissing"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("De dag waarop de raad het plan vaststelde."),
    )


def _page(
    request: HttpRequest, plan: Plan, start_form: StartForm | None = None, status: int = 200
) -> HttpResponse:
    versions = list(PlanVersion.objects.filter(plan=plan).select_related("based_on").order_by("-number"))
    if start_form is None and not versions and access.may_keep(request.user):
        start_form = StartForm(initial={"name": f"MJP {plan.start_year}-{plan.end_year}"})
    context = {
        "plan": plan,
        "versions": versions,
        "current": in_force.current(plan),
        "draft": in_force.in_draft(plan),
        "may_keep": access.may_keep(request.user),
        "start_form": start_form if not versions else None,
        "rows": [
            (version, PublishForm(prefix=f"v{version.number}") if _publishable(request, version) else None)
            for version in versions
        ],
    }
    return render(request, "versions/list.html", context, status=status)


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=_("gepubliceerd op"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("De dag waarop de versie bekendgemaakt werd."),
    )


def _publishable(request: HttpRequest, version: PlanVersion) -> bool:
    return access.may_keep(request.user) and version.state in ADOPTED_STATES and not version.published_on


@require_safe
def version_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, plan_for(request, slug))


@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan as it stands, recorded as its first version with the raad's date."""
    plan = plan_for(request, slug)
    check_keeper(request)
    if PlanVersion.objects.filter(plan=plan).exists():
        messages.error(request, ALREADY_STARTED)
        return redirect("versions:list", plan.slug)
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            adopting.record(
                plan,
                name=form.cleaned_data["name"],
                council_date=form.cleaned_data["council_date"],
                by=request.user,
                note=gettext("Het plan zoals het stond toen de versies begonnen."),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("De startversie is vastgelegd."))
            return redirect("versions:list", plan.slug)
    return _page(request, plan, form, status=422)


@require_POST
def publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = version_for(request, slug, number)
    check_keeper(request)
    form = PublishForm(request.POST, prefix=f"v{version.number}")
    if form.is_valid():
        try:
            adopting.publish(version, on=form.cleaned_data["published_on"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("De publicatiedatum is vastgelegd."))
            return redirect("versions:list", version.plan.slug)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _page(request, version.plan, status=422)


urlpatterns = [
    path("plannen/<slug:slug>/versies/", version_list, name="list"),
    path("plannen/<slug:slug>/versies/startversie/", start, name="start"),
    path("plannen/<slug:slug>/versies/<int:number>/publicatie/", publish, name="publish"),
]
