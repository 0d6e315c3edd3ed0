"""Small helpers shared by tests."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from indicators.models import FrozenIndicator, Indicator, Target, Value
from notifications.models import SentEmail
from organisations.models import Membership, Organisation
from outputs.models import ExportJob, StoredOutput
from plans.models import (
    Action,
    ActionPlan,
    Amount,
    ChangeProposal,
    Comment,
    Department,
    Entity,
    Goal,
    Plan,
    PolicyField,
    Preferences,
    Project,
)
from rounds.models import ItemUpdate, ReportingRound

MODELS = (
    Plan,
    Goal,
    ActionPlan,
    Action,
    Project,
    ChangeProposal,
    Entity,
    PolicyField,
    Amount,
    Department,
    ReportingRound,
    ItemUpdate,
    StoredOutput,
    ExportJob,
)
# The first request after a login renews the session (the idle timeout, config/middleware.py):
# an UPDATE inside a savepoint, three queries. Later requests write it at most every five minutes.
SESSION_RENEWAL = 3


def database_state() -> dict:
    """Row counts, history counts and the editable values of every plan item and proposal:
    equal before and after a refused action means it changed nothing."""
    state: dict = {}
    for model in MODELS:
        state[model.__name__] = model.objects.count()
        if hasattr(model, "history"):
            state[f"history of {model.__name__}"] = model.history.count()
    state["items"] = [
        list(
            model.objects.order_by("pk").values_list(
                "pk",
                "title",
                "status",
                "explanation",
                "life_cycle",
                "version",
                "responsible",
                "owner",
                "department",
            )
        )
        for model in (ActionPlan, Action)
    ]
    state["projects"] = list(
        Project.objects.order_by("pk").values_list("pk", "project_leader", "owner", "department", "version")
    )
    state["project links"] = [
        list(model.objects.order_by("pk").values_list(*(f.attname for f in model._meta.concrete_fields)))
        for model in (Project.action_plans.through, Project.actions.through)
    ]
    state["proposal actions"] = list(
        ChangeProposal.actions.through.objects.order_by("pk").values_list("changeproposal_id", "action_id")
    )
    state["departments"] = list(
        Department.objects.order_by("pk").values_list("pk", "name", "head", "members", "version")
    )
    state["comments"] = list(Comment.objects.order_by("pk").values_list("pk", "text", "mentions"))
    state["amounts"] = list(Amount.objects.order_by("pk").values_list("pk", "amount", "source", "version"))
    state["bbc"] = list(
        Action.objects.order_by("pk").values_list(
            "pk", "priority", "entity_id", "policy_field_id", "external_code"
        )
    )
    state["policy fields"] = list(PolicyField.objects.order_by("pk").values_list("pk", "code", "name"))
    state["proposals"] = list(
        ChangeProposal.objects.order_by("pk").values_list("pk", "state", "new_title", "remark")
    )
    state["sent e-mails"] = list(
        SentEmail.objects.order_by("pk").values_list("pk", "recipient_id", "reason", "delivered")
    )
    state["preferences"] = list(Preferences.objects.order_by("pk").values_list("pk", "user_id", "reminders"))
    state["history of Preferences"] = Preferences.history.count()
    state["rounds"] = list(
        ReportingRound.objects.order_by("pk").values_list(
            "pk", "state", "opened_on", "deadline", "remind_days_before", "remind_days_after", "version"
        )
    )
    state["indicators"] = list(
        Indicator.objects.order_by("pk").values_list(
            "pk", "name", "kind", "unit", "decimals", "steps", "baseline_value", "baseline_date", "version"
        )
    )
    state["indicator links"] = [
        list(model.objects.order_by("pk").values_list("pk", flat=True))
        for model in (Indicator.goals.through, Indicator.action_plans.through, Indicator.actions.through)
    ]
    state["targets"] = list(Target.objects.order_by("pk").values_list("pk", "year", "value", "version"))
    state["values"] = list(
        Value.objects.order_by("pk").values_list("pk", "date", "round_id", "value", "note", "version")
    )
    state["frozen indicators"] = FrozenIndicator.objects.count()
    for model in (Indicator, Target, Value):
        if hasattr(model, "history"):
            state[f"history of {model.__name__}"] = model.history.count()
    state["item updates"] = list(
        ItemUpdate.objects.order_by("pk").values_list(
            "pk", "round_id", "kind", "item_id", "state", "message", "version"
        )
    )
    state["organisations"] = list(
        Organisation.objects.order_by("pk").values_list("pk", "name", "slug", "version")
    )
    state["memberships"] = list(
        Membership.objects.order_by("pk").values_list(
            "pk", "user_id", "organisation_id", "role", "active", "version"
        )
    )
    for model in (Organisation, Membership):
        if hasattr(model, "history"):
            state[f"history of {model.__name__}"] = model.history.count()
    state["users"] = list(
        get_user_model()
        .objects.order_by("pk")
        .values_list("pk", "username", "is_active", "is_staff", "is_superuser")
    )
    return state


def uploaded(client, url: str, data: dict):
    """Post an upload form and follow it to the upload's page: in tests its task runs at once, so the
    page shows the preview (or the refusal)."""
    return client.post(url, data, follow=True)


def confirmed(client, response):
    """Confirm the preview that ``response`` (an upload's page) shows, and follow where it leads."""
    return client.post(reverse("uploads:confirm", args=[response.context["pending"].pk]), follow=True)


def no_file_kept() -> bool:
    """No upload keeps a copy of a file or waits for a confirmation (a refusal keeps only its reason)."""
    from uploads.models import PendingImport

    kept = PendingImport.objects.values_list("data", "ready")
    return all(not bytes(data) and not ready for data, ready in kept)
