"""The items an indicator measures, written as text the way the plan numbers them: "SD 1, AP 10, 10.2".

A plan with 2,000 acties makes a multi-select unusable; a line of numbers is quick to type and to read.
Each number is looked up in the plan (three queries whatever the number of items); an unknown or
ambiguous number is refused in Dutch, naming it.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.numbering import natural_sort_key
from plans.models import Action, ActionPlan, Goal, Plan

_SEPARATORS = re.compile(r"[,;\n]+")
# Words that say which kind of item a number is; "AP 10" and "actie 10.2" as well as "10.2".
PREFIXES = {
    "doelstelling": "goal",
    "beleidsdoelstelling": "goal",
    "actieplan": "action_plan",
    "ap": "action_plan",
    "actie": "action",
    "ac": "action",
}
_PREFIX = re.compile(r"^(" + "|".join(sorted(PREFIXES, key=len, reverse=True)) + r")\b\s*(.+)$", re.I)
WORDS = {"goal": "doelstelling", "action_plan": "actieplan", "action": "actie"}


@dataclass
class Links:
    goals: list[Goal] = field(default_factory=list)
    action_plans: list[ActionPlan] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def _tokens(text: str) -> list[str]:
    return [token.strip() for token in _SEPARATORS.split(text or "") if token.strip()]


def parse_links(plan: Plan, text: str) -> Links:
    """The goals, actieplannen and acties of ``plan`` named in ``text``; ValidationError (Dutch, naming
    each number it cannot place) otherwise."""
    tokens = _tokens(text)
    if not tokens:
        return Links()
    prefixed = {token: _PREFIX.match(token) for token in tokens}
    keys = {natural_sort_key(token) for token in tokens} | {
        natural_sort_key(match.group(2)) for match in prefixed.values() if match
    }
    found: dict[str, dict] = {
        "goal": {g.sort_key: g for g in Goal.objects.filter(plan=plan, sort_key__in=keys)},
        "action_plan": {a.sort_key: a for a in ActionPlan.objects.filter(plan=plan, sort_key__in=keys)},
        "action": {},
    }
    for action in Action.objects.in_plan(plan).filter(sort_key__in=keys).order_by("pk"):
        found["action"].setdefault(action.sort_key, action)
    links, unknown, ambiguous = Links(), [], []
    buckets = {"goal": links.goals, "action_plan": links.action_plans, "action": links.actions}
    for token in tokens:
        match = prefixed[token]
        options = []
        if match:
            kind, key = PREFIXES[match.group(1).lower()], natural_sort_key(match.group(2))
            options = [(kind, found[kind][key])] if key in found[kind] else []
        if not options:
            key = natural_sort_key(token)
            options = [(kind, items[key]) for kind, items in found.items() if key in items]
        if not options:
            unknown.append(token)
        elif len(options) > 1:
            ambiguous.append(token)
        elif options[0][1] not in buckets[options[0][0]]:
            buckets[options[0][0]].append(options[0][1])
    errors = []
    if unknown:
        errors.append(
            ValidationError(
                _("Dit plan heeft geen item met nummer %(numbers)s. Controleer de nummers."),
                code="unknown_item",
                params={"numbers": ", ".join(f"“{n}”" for n in unknown)},
            )
        )
    if ambiguous:
        errors.append(
            ValidationError(
                _(
                    "%(numbers)s is het nummer van meer dan één soort item. Zet er “doelstelling”, "
                    "“actieplan” of “actie” voor."
                ),
                code="ambiguous_item",
                params={"numbers": ", ".join(f"“{n}”" for n in ambiguous)},
            )
        )
    if errors:
        raise ValidationError(errors)
    return links


def links_text(goals, action_plans, actions) -> str:
    """The links as the form shows them: "doelstelling SD1, actieplan 10, actie 10.2"."""
    parts = [f"{WORDS['goal']} {g.number}" for g in goals]
    parts += [f"{WORDS['action_plan']} {a.number}" for a in action_plans]
    parts += [f"{WORDS['action']} {a.number}" for a in actions]
    return ", ".join(parts)
