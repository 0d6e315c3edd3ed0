"""The search page: the header's search box lands here. The rules are in ``plans/search.py``."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from plans import priorities
from plans.delays import mark_delays
from plans.forms import SearchForm
from plans.models import Plan
from plans.search import MAX_HITS, search


@require_safe
@permission_required("plans.view_actionplan", raise_exception=True)
def search_plan(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = search(plan, query) if query else None
    if results and results.groups:
        items = [hit.item for group in results.groups for hit in group.hits]
        priorities.mark_items(plan, items)
        mark_delays(items)
    context = {
        "plan": plan,
        "form": form,
        "search_query": query,
        "results": results,
        "max_hits": MAX_HITS,
    }
    return render(request, "plans/search.html", context)
