"""Checks for the Flemish digital report (BBC 2020): the digital report carries the doelstellingen,
actieplannen and acties with short texts of at most 100 characters and long texts of at most 4,000.

``too_long(plan)`` lists every active item whose title is longer than the short limit, or whose
omschrijving, toelichting or aandachtspunten are longer than the long limit, each with where to fix
it. Three queries, whatever the size of the plan: the lengths are compared by the database.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import Action, ActionPlan, Goal, LifeCycle, Plan

SHORT_LIMIT = 100
LONG_LIMIT = 4000


@dataclass(frozen=True)
class Finding:
    """One text too long for the digital report."""

    kind: str  # doelstelling, actieplan, actie (Dutch)
    number: str
    field: str  # the field's Dutch name
    length: int
    limit: int
    url: str  # where the cel fixes it

    @property
    def excess(self) -> int:
        return self.length - self.limit

    @property
    def advice(self) -> str:
        return ngettext(
            "Kort de %(field)s in met %(excess)s teken tot hoogstens %(limit)s.",
            "Kort de %(field)s in met %(excess)s tekens tot hoogstens %(limit)s.",
            self.excess,
        ) % {
            "field": self.field,
            "excess": self.excess,
            "limit": self.limit,
        }


# Per model: its Dutch name, its short field and its long fields.
CHECKED = (
    (Goal, _("doelstelling"), "title", ("description",)),
    (ActionPlan, _("actieplan"), "title", ("explanation", "points_of_attention")),
    (Action, _("actie"), "title", ("explanation",)),
)


def _url(model, record: dict, plan: Plan) -> str:
    if model is ActionPlan:
        return reverse("plans:action_plan_status", args=[plan.slug, record["number"]])
    return reverse(f"admin:plans_{model._meta.model_name}_change", args=[record["pk"]])


def too_long(plan: Plan) -> list[Finding]:
    """Every text of ``plan``'s active items over the digital report's limits, in plan order."""
    findings = []
    for model, kind, short, longs in CHECKED:
        records = (
            Goal.objects.filter(plan=plan)
            if model is Goal
            else model.objects.in_plan(plan).filter(life_cycle=LifeCycle.ACTIVE)
        )
        fields = (short, *longs)
        lengths = {f"{name}_length": Length(name) for name in fields}
        over = Q(**{f"{short}_length__gt": SHORT_LIMIT})
        for name in longs:
            over |= Q(**{f"{name}_length__gt": LONG_LIMIT})
        rows = records.annotate(**lengths).filter(over).order_by("sort_key")
        for record in rows.values("pk", "number", *lengths):
            url = _url(model, record, plan)
            for name in fields:
                limit = SHORT_LIMIT if name == short else LONG_LIMIT
                length = record[f"{name}_length"] or 0
                if length > limit:
                    label = str(model._meta.get_field(name).verbose_name)
                    findings.append(Finding(str(kind), record["number"], label, length, limit, url))
    return findings
