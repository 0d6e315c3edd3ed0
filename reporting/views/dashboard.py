"""The dashboard: where the plan stands, what moved, what nobody touched."""

import datetime

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from indicators.lines import off_track
from plans import features
from plans.caching import cached_fragment
from plans.models import Plan
from reporting.dashboard import (
    counts_per_goal,
    delayed_counts,
    overall_counts,
    recent_changes,
    untouched_since,
)
from reporting.forms import UntouchedForm
from rounds.models import ReportingRound, RoundState

DEFAULT_UNTOUCHED_DAYS = 90


@require_safe
@permission_required("plans.view_actionplan", raise_exception=True)
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    # By default: what nobody touched since the last rapportering was closed (or in 90 days).
    last_round = (
        ReportingRound.objects.filter(plan=plan, state=RoundState.CLOSED).order_by("-closed_at").first()
    )
    default_since = (
        last_round.closed_at
        if last_round
        else timezone.now() - datetime.timedelta(days=DEFAULT_UNTOUCHED_DAYS)
    )
    form = UntouchedForm(request.GET or None, initial={"since": timezone.localtime(default_since).date()})
    asked = form.cleaned_data["since"] if form.is_valid() else None
    since = asked or default_since

    def body() -> str:
        return render_to_string(
            "reporting/_dashboard_body.html",
            {
                "plan": plan,
                "overall": overall_counts(plan),
                "delays": delayed_counts(plan),
                "off_track": off_track(plan),
                "per_goal": counts_per_goal(plan),
                "recent": recent_changes(plan),
                "untouched": untouched_since(plan, since),
                "since": since,
                "since_round": None if asked else last_round,
                "since_form": render_to_string("reporting/_untouched_form.html", {"form": form}),
            },
        )

    # The same for everyone who reads the plan, until any item of it changes.
    # Vertraagd depends on the year too (plans/delays.py).
    parts = [plan.pk, since, request.GET.get("since", ""), timezone.localdate().year, features.switches(plan)]
    html = cached_fragment("dashboard", parts, body)
    return render(request, "reporting/dashboard.html", {"plan": plan, "body": html})
