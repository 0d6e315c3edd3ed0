"""The demo's indicators, as a plan file's ``[[indicators]]`` tables declare them.

Only the fictitious BBC plan has indicators: every one is invented and says so. Turnhout's rapportering
defines none (seed 000: the welzijn actieplan waits for a decision on "welke indicatoren leggen we
vast"), so its plan file has no ``[[indicators]]`` and the demo invents none for a real organisation.

Loading is idempotent, like the rest of the demo: an indicator is matched on its name in the plan, a
target on its year, a value on its rapportering or date; only what is missing is added, through the
same functions as the pages (``values.record_value``, ``values.set_target``, ``core/changes.py``).
A value of a rapportering is added only while that rapportering is open, so a loader calls this once
per round of its story (``demo/rounds.py``), before closing the round.
"""

import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from core import changes
from demo.plans import DEMO_REASON, LoadReport
from indicators.kinds import parse
from indicators.models import Indicator, Target, Value
from indicators.values import record_value, set_target
from plans.models import Action, Department, Plan
from rounds.models import ReportingRound


@transaction.atomic
def load_indicators(plan: Plan, *, by, path: Path, with_values: bool = True) -> LoadReport:
    """Add the plan file's indicators, targets and values that ``plan`` does not have yet, written by
    ``by`` (a value may name its own eigenaar with ``by = "username"``). Without values: only what a
    version of the plan holds (the indicators and their targets)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    report = LoadReport()
    declared = data.get("indicators", [])
    if not declared:
        return report
    existing = {indicator.name: indicator for indicator in Indicator.objects.filter(plan=plan)}
    rounds = {round.name: round for round in ReportingRound.objects.filter(plan=plan)}
    users = {user.username: user for user in get_user_model().objects.all()}
    for item in declared:
        indicator = existing.get(item["name"])
        if indicator is None:
            indicator = _create(plan, item, by=by)
            report.count(str(Indicator._meta.verbose_name_plural))
        known_years = set(indicator.targets.values_list("year", flat=True))
        for year, raw in item.get("targets", {}).items():
            if int(year) not in known_years:
                set_target(indicator, int(year), raw, by=by)
                report.count(str(Target._meta.verbose_name_plural))
        if not with_values:
            continue
        stored = indicator.values.all()
        known_rounds = {value.round_id for value in stored if value.round_id}
        known_dates = {value.date for value in stored}
        for entry in item.get("values", []):
            writer = users[entry["by"]] if "by" in entry else by
            round = rounds.get(entry["round"]) if "round" in entry else None
            if "round" in entry and (round is None or round.is_closed or round.pk in known_rounds):
                continue  # not in the story yet, or past: a closed round's values stay as they were
            if "date" in entry and entry["date"] in known_dates:
                continue
            note = entry.get("note", "")
            record_value(indicator, entry["value"], by=writer, round=round, date=entry.get("date"), note=note)
            report.count(str(Value._meta.verbose_name_plural))
    return report


def _create(plan: Plan, item: dict, *, by) -> Indicator:
    baseline = item.get("baseline", {})
    indicator = Indicator(
        plan=plan,
        name=item["name"],
        description=item["description"],
        kind=item["kind"],
        unit=item.get("unit", ""),
        decimals=item.get("decimals", 0),
        better=item.get("better", "hoger"),
        steps=item.get("steps", []),
        source=item.get("source", ""),
        baseline_date=baseline.get("date"),
        department=Department.objects.filter(name=item.get("department", "")).first(),
    )
    if baseline:
        # Typed like a value ("ja", a step's name, "18,5"), stored as its number.
        indicator.baseline_value = parse(indicator, baseline["value"])
    links = {
        "goals": plan.goals.filter(number__in=item.get("goals", [])),
        "action_plans": plan.action_plans.filter(number__in=item.get("action_plans", [])),
        "actions": Action.objects.in_plan(plan).filter(number__in=item.get("actions", [])),
    }
    return changes.save(indicator, by=by, reason=DEMO_REASON, links=links)
