"""The three kinds of items that carry a status, by the names the addresses use."""

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404

from plans.models import Action, ActionPlan, ItemKind, Plan, PlanItem, Project

KINDS: dict[str, type[PlanItem]] = {
    ItemKind.ACTION_PLAN: ActionPlan,
    ItemKind.ACTION: Action,
    ItemKind.PROJECT: Project,
}


def kind_of(item: PlanItem) -> str:
    return next(kind for kind, model in KINDS.items() if isinstance(item, model))


def item_in_plan(plan: Plan, kind: str, pk: int) -> PlanItem:
    """The item of that kind and id, only if it belongs to ``plan``; 404 otherwise."""
    if kind not in KINDS:
        raise Http404
    return get_object_or_404(KINDS[kind].objects.in_plan(plan), pk=pk)


def with_last_change(queryset: QuerySet) -> QuerySet:
    """Annotate each item with when and by whom it was last saved, from its history, in the same query."""
    history = queryset.model.history.model.objects.filter(id=OuterRef("pk")).order_by(
        "-history_date", "-history_id"
    )
    user_name = Coalesce(NullIf("history_user__first_name", Value("")), "history_user__username")
    return queryset.annotate(
        last_changed_at=Subquery(history.values("history_date")[:1]),
        last_changed_by=Subquery(history.annotate(editor_name=user_name).values("editor_name")[:1]),
    )
