"""Indicators for the large synthetic plan (``demo/synthetic.py``): many, of all three kinds, with
targets and values, linked to its doelstellingen, actieplannen and acties, written in bulk.

Everything goes through ``changes.create_many`` (the models' rules, a history row each, holding the
indicator's links).
The plan's rounds are closed by the time this runs, so the values are dated ones (a closed round takes
no new value), spread over the plan's years.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from core import changes
from indicators.models import Better, Indicator, Kind, Target, Value
from plans.models import Action, ActionPlan, Plan

STEPS = ["studie", "ontwerp", "vergunning", "uitvoering", "opgeleverd"]
SUBJECTS = [
    ("Aantal bezoekers van het sociaal huis", "bezoekers"),
    ("Aantal geplante bomen", "bomen"),
    ("Aandeel digitale aanvragen", "%"),
    ("Wachttijd aan het loket", "minuten"),
    ("Aantal gezinnen met schuldhulp", "gezinnen"),
    ("Energieverbruik gemeentelijke gebouwen", "MWh"),
    ("Aantal plaatsen kinderopvang", "plaatsen"),
    ("Tevredenheid van inwoners", "%"),
]
MILESTONES = ["Reglement goedgekeurd", "Adviesraad opgericht", "Convenant ondertekend", "Loket geopend"]
PROJECTS = ["Nieuwe sporthal", "Renovatie bibliotheek", "Fietsbrug over het kanaal", "Nieuw woonzorgcentrum"]


@transaction.atomic
def generate_indicators(
    plan: Plan,
    *,
    count: int,
    by: AbstractBaseUser | None,
    values: int = 10,
    seed: int = 2026,
    batch_size: int = 5000,
) -> list[Indicator]:
    """Add ``count`` indicators to ``plan`` (a third of each kind), each with two targets and ``values``
    dated values, linked to an actieplan, every other one to an actie, every third to a doelstelling.
    A fixed number of queries per batch, whatever ``count``."""
    rng = random.Random(seed)
    reason = {"by": by, "reason": "gegenereerd"}
    goals = list(plan.goals.all())
    action_plans = list(ActionPlan.objects.in_plan(plan).order_by("sort_key"))
    actions = list(Action.objects.in_plan(plan).active().order_by("sort_key").values_list("pk", flat=True))
    start = datetime.date(plan.start_year, 1, 1)
    days = (datetime.date(plan.end_year, 12, 31) - start).days
    dates = [start + datetime.timedelta(days=days * (n + 1) // (values + 1)) for n in range(values)]
    middle = (plan.start_year + plan.end_year) // 2
    created: list[Indicator] = []
    for first in range(0, count, batch_size):
        numbers = range(first, min(count, first + batch_size))
        indicators = changes.create_many(
            [_indicator(plan, n, rng) for n in numbers],
            **reason,
            links=[_links(n, goals, action_plans, actions) for n in numbers],
        )
        changes.create_many(
            [
                Target(indicator=i, year=year, value=_target(i, share))
                for i in indicators
                for year, share in ((middle, 0.5), (plan.end_year, 1))
            ],
            **reason,
        )
        changes.create_many(
            [
                Value(indicator=i, date=on, value=_value(i, rng, (n + 1) / values), note="")
                for i in indicators
                for n, on in enumerate(dates)
            ],
            **reason,
        )
        created += indicators
    return created


def _indicator(plan: Plan, n: int, rng: random.Random) -> Indicator:
    kind = (Kind.NUMBER, Kind.YES_NO, Kind.STEPS)[n % 3]
    common = {"plan": plan, "kind": kind, "source": "gegenereerd", "description": "Gegenereerde indicator."}
    if kind == Kind.YES_NO:
        name = f"{MILESTONES[n % len(MILESTONES)]} ({n + 1})"
        return Indicator(name=name, baseline_value=Decimal(0), baseline_date=_baseline(plan), **common)
    if kind == Kind.STEPS:
        name = f"{PROJECTS[n % len(PROJECTS)]} ({n + 1})"
        baseline = {"baseline_value": Decimal(1), "baseline_date": _baseline(plan)}
        return Indicator(name=name, steps=STEPS, **baseline, **common)
    subject, unit = SUBJECTS[n % len(SUBJECTS)]
    decimals = 1 if unit == "%" else 0
    baseline = Decimal(rng.randrange(200, 800)) if decimals == 0 else Decimal(rng.randrange(300, 600)) / 10
    return Indicator(
        name=f"{subject} ({n + 1})",
        unit=unit,
        decimals=decimals,
        better=Better.LOWER if n % 2 else Better.HIGHER,
        baseline_value=baseline,
        baseline_date=_baseline(plan),
        **common,
    )


def _baseline(plan: Plan) -> datetime.date:
    return datetime.date(plan.start_year - 1, 12, 31)


def _change(indicator: Indicator) -> Decimal:
    """How far the plan means to move a numeric indicator by its end: a fifth, in its good direction."""
    sign = -1 if indicator.better == Better.LOWER else 1
    return sign * (indicator.baseline_value / 5)


def _target(indicator: Indicator, share: float) -> Decimal:
    if indicator.kind == Kind.YES_NO:
        return Decimal(1)
    if indicator.kind == Kind.STEPS:
        return Decimal(3 if share < 1 else len(STEPS))
    return _round(indicator, indicator.baseline_value + _change(indicator) * Decimal(str(share)))


def _value(indicator: Indicator, rng: random.Random, share: float) -> Decimal:
    """Roughly on the way to the target, some ahead and some behind (so some are off track)."""
    if indicator.kind == Kind.YES_NO:
        return Decimal(1 if share > 0.5 and rng.random() < 0.7 else 0)
    if indicator.kind == Kind.STEPS:
        return Decimal(max(1, min(len(STEPS), round(share * len(STEPS) + rng.choice((-1, 0, 0, 1))))))
    drift = Decimal(str(share * rng.uniform(0.4, 1.4)))
    return _round(indicator, indicator.baseline_value + _change(indicator) * drift)


def _round(indicator: Indicator, number: Decimal) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-indicator.decimals))


def _links(n: int, goals, action_plans, actions) -> changes.Links:
    """The items indicator ``n`` measures: an actieplan, every other one an actie, every third a
    doelstelling."""
    return {
        "action_plans": [action_plans[n % len(action_plans)]],
        "actions": [actions[n % len(actions)]] if n % 2 == 0 and actions else [],
        "goals": [goals[n % len(goals)]] if n % 3 == 0 and goals else [],
    }
