"""The totals page of a plan: ramingen and realisaties per year, per doelstelling, actieplan and
entiteit. The sums are made in ``plans/finances.py``."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from plans import page_parts
from plans.features import Feature, plan_using
from plans.finances import finance_overview
from plans.forms import FinanceFilterForm
from plans.models import Category, Entity


@require_safe
@permission_required("plans.view_actionplan", raise_exception=True)
def finances(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_using(slug, Feature.MONEY)
    if (as_of := page_parts.as_of(request, plan, "finances")) is not None:
        return as_of
    entities = list(Entity.objects.filter(plan=plan).order_by("code"))
    form = FinanceFilterForm(request.GET or None, plan=plan, entities=entities)
    asked = {name: request.GET.getlist(name) for name in form.fields if name in request.GET}
    context = {
        "plan": plan,
        "form": form,
        "overview": finance_overview(plan, form.filters()),
        "categories": Category.choices,
        "filters": urlencode(asked, doseq=True),
    }
    return render(request, "plans/finances.html", context)
