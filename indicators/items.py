"""The indicators an item's page shows: those of the actieplan and of its acties, each with its chart."""

from django.db.models import Q

from indicators import charts, series
from indicators.access import may_define
from indicators.models import Indicator


def item_charts(action_plan, actions) -> list[tuple[series.Series, charts.Chart]]:
    """The followed indicators linked to ``action_plan`` or to one of ``actions``, by name, with their
    charts (a fixed number of queries, whatever their number)."""
    linked = Indicator.objects.filter(
        Q(action_plans=action_plan) | Q(actions__in=[action.pk for action in actions]), followed=True
    )
    ids = set(linked.values_list("pk", flat=True))
    if not ids:
        return []
    found = series.live(Indicator.objects.filter(pk__in=ids).order_by("name", "pk"))
    return [(each, charts.chart(each)) for each in found]


def action_plan_context(user, action_plan, actions) -> dict:
    """What an actieplan's status page shows of its indicators (``plans.page_parts``)."""
    return {"indicator_charts": item_charts(action_plan, actions), "may_define_indicators": may_define(user)}
