"""Draft page of the strategic framework (stap 3): the goals with the retained actieplannen linked to
them, and the actieplannen still without a goal. Linking by drag and drop (static/js/drafting-framework.js)
or, the same form, by a select and a button. Thin: the rules are in drafting/framework.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from core.changes import Conflict
from drafting import access, framework
from drafting.models import Draft, Proposal, ProposalKind, Standing
from drafting.views.common import context, draft_for_readers

LINKED = _("%(proposal)s hangt nu onder %(goal)s.")
LOOSE = _("%(proposal)s hangt nu onder geen enkele doelstelling.")
CHANGED = _(
    "%(proposal)s werd intussen gewijzigd door %(who)s. Er is niets gekoppeld: bekijk het kader opnieuw."
)
NO_SUCH = _("Kies een doelstelling uit de lijst.")


def board(draft: Draft) -> dict:
    """The goals as a tree (flattened, each with its depth and its actieplannen) and the actieplannen
    without a goal. Three queries whatever the size."""
    goals = list(
        Proposal.objects.filter(
            draft=draft, kind=ProposalKind.GOAL, standing__in=[Standing.UNDER_WAY, Standing.RETAINED]
        ).order_by("position", "pk")
    )
    shown = {goal.pk for goal in goals}
    action_plans = list(
        Proposal.objects.filter(
            draft=draft, kind=ProposalKind.ACTION_PLAN, standing=Standing.RETAINED
        ).order_by("position", "pk")
    )
    under: dict[int | None, list[Proposal]] = {}
    for goal in goals:
        parent = goal.goal_id if goal.goal_id in shown and goal.goal_id != goal.pk else None
        under.setdefault(parent, []).append(goal)
    plans_of: dict[int, list[Proposal]] = {}
    for action_plan in action_plans:
        if action_plan.goal_id in shown:
            plans_of.setdefault(action_plan.goal_id, []).append(action_plan)
    tree: list[dict] = []
    placed: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for goal in under.get(parent, []):
            if goal.pk in placed:
                continue
            placed.add(goal.pk)
            tree.append({"goal": goal, "depth": min(depth, 4), "action_plans": plans_of.get(goal.pk, [])})
            walk(goal.pk, depth + 1)

    walk(None, 0)
    unlinked_ids = set(framework.unlinked_action_plans(draft).values_list("pk", flat=True))
    return {
        "tree": tree,
        "goals": goals,
        "unlinked": [ap for ap in action_plans if ap.pk in unlinked_ids],
        "action_plan_count": len(action_plans),
    }


@require_safe
def framework_page(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_for_readers(request, draft_id)
    return render(request, "drafting/framework.html", context(request, draft, **board(draft)))


@require_POST
def link(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Put an actieplan under a goal, or a goal under another goal (an empty goal: loose again)."""
    draft = draft_for_readers(request, draft_id)
    if not access.may_draft(request.user):
        raise PermissionDenied(access.ONLY_CEL)
    posted = request.POST.get("proposal", "")
    proposal = get_object_or_404(Proposal, pk=int(posted) if posted.isdigit() else 0, draft=draft)
    goal_id = request.POST.get("goal", "")
    goal = None
    message, ok, status = "", True, 200
    try:
        if goal_id:
            goal = Proposal.objects.filter(pk=int(goal_id) if goal_id.isdigit() else 0).first()
            if goal is None:
                raise ValidationError(NO_SUCH)
        version = request.POST.get("version", "")
        framework.link(proposal, goal, by=request.user, version=int(version) if version.isdigit() else None)
    except ValidationError as error:
        message, ok, status = " ".join(error.messages), False, 422
    except Conflict as conflict:
        message, ok, status = str(CHANGED % {"proposal": proposal, "who": conflict.who()}), False, 409
    else:
        shown = proposal.shown_title
        message = str(
            LINKED % {"proposal": shown, "goal": goal.shown_title} if goal else LOOSE % {"proposal": shown}
        )
    if request.headers.get("HX-Request") != "true":
        (messages.success if ok else messages.error)(request, message)
        return redirect(reverse("drafting:framework", args=[draft.pk]) + f"#card-{proposal.pk}")
    return render(
        request,
        "drafting/_framework_board.html",
        {
            **context(request, draft, **board(draft)),
            "announcement": message,
            "refused": not ok,
            "focus": proposal.pk,
        },
        status=status,
    )


urlpatterns = [
    path("<int:draft_id>/kader/", framework_page, name="framework"),
    path("<int:draft_id>/kader/koppelen/", link, name="framework_link"),
]
