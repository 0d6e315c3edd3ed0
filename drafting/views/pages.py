"""The draft's own pages: the list of drafts, a draft's overview (with the akkoord's coverage). Thin:
the rules are in drafting/."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from drafting import access, framework
from drafting.models import Draft, ProposalKind, Standing, Step
from drafting.views.common import context, draft_for


@require_safe
def drafts(request: HttpRequest) -> HttpResponse:
    if not access.may_read(request.user):
        raise PermissionDenied
    found = Draft.objects.select_related("plan").order_by("-start_year", "name")
    return render(
        request, "drafting/drafts.html", {"drafts": found, "may_draft": access.may_draft(request.user)}
    )


@require_safe
def draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    found = draft_for(request, draft_id)
    visible = access.visible_proposals(request.user, found)
    counts = {
        (row["kind"], row["standing"]): row["n"]
        for row in visible.values("kind", "standing").annotate(n=Count("pk")).order_by()
    }
    steps = (
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
            steps=steps,
            coverage=coverage,
            uncovered=sum(len(each.uncovered) for each in coverage),
        ),
    )


urlpatterns = [
    path("", drafts, name="drafts"),
    path("<int:draft_id>/", draft, name="draft"),
]
