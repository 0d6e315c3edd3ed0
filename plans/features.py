"""The BBC 2020 features a plan uses: prioritaire acties, bedragen (Financiën), indicatoren.

A plan under BBC 2020 (every plan since 2020) uses them; an older plan, such as Turnhout's 2014–2019,
has none of them, and its pages show none: no menu link, no filter, no button, and the feature's
addresses answer "niet gevonden". The beheerder switches each one on or off per plan in Beheer.
"""

from django.db.models import TextChoices
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from plans.models import Action, ActionPlan, Amount, Plan


class Feature(TextChoices):
    PRIORITIES = "uses_priorities", _("prioritaire acties")
    MONEY = "uses_money", _("bedragen")
    INDICATORS = "uses_indicators", _("indicatoren")


def uses(plan: Plan, feature: Feature) -> bool:
    """Whether the plan uses ``feature``: its pages, links and buttons show only then."""
    return bool(getattr(plan, feature.value))


def switches(plan: Plan) -> tuple[bool, ...]:
    """The plan's switches, for the key of a cached page that shows or hides by them."""
    return tuple(uses(plan, feature) for feature in Feature)


def plan_using(slug: str, feature: Feature) -> Plan:
    """The plan of a page that belongs to ``feature``: not found when the plan does not use it."""
    plan = get_object_or_404(Plan, slug=slug)
    if not uses(plan, feature):
        raise Http404(f"{plan.slug} does not use {feature.label}")
    return plan


def used_by_data(plan: Plan) -> dict[str, bool]:
    """Which features the plan's data uses: a prioritair actieplan or actie, an amount, an indicator.
    The default for a plan loaded or migrated with its data; the beheerder may change it later."""
    return {
        Feature.PRIORITIES.value: ActionPlan.objects.filter(plan=plan, priority=True).exists()
        or Action.objects.filter(action_plan__plan=plan, priority=True).exists(),
        Feature.MONEY.value: Amount.objects.filter(action__action_plan__plan=plan).exists(),
        Feature.INDICATORS.value: plan.indicators.exists(),  # indicators depends on plans, not back,
    }
