"""What only an aanpassing of the meerjarenplan proposes: new items, new ramingen, a priority change.

These three kinds (``ProposalKind.ADD``, ``AMOUNTS``, ``PRIORITY``) are change proposals like
schrappen, herformuleren and bundelen, with the same steps (``plans/proposals.py``), but they are
only allowed in an aanpassing (a proposal with a ``plan_version``), and the raad adopts them with
the aanpassing (``versions/aanpassing.py``). What they propose is in the proposal's ``details``:

- toevoegen, a new actieplan (``goal`` set, ``action_plan`` empty):
  ``{"number": "4", "title": "…", "responsible": "…", "political_contact": "…"}`` (empty fields left out);
- toevoegen, a new actie (``action_plan`` set, no acties):
  ``{"number": "1.3", "title": "…", "start_year": 2027, "end_year": 2031}`` (years optional);
- ramingen wijzigen (``action_plan`` and its one actie in ``actions``):
  ``{"old": money, "new": money}``, money as a version holds an actie's ramingen:
  ``{"2027": {"E": ["uitgave", "ontvangst"]}}``, strings with 2 decimals, only non-zero cells. ``old``
  is what the actie had when the proposal was written: someone who changed it since stops the proposal;
- prioriteit wijzigen (``action_plan``, with or without one actie): ``{"priority": true}``, the mark
  the item gets (it had the other one when the proposal was written).

A refusal raises ValidationError in Dutch and changes nothing.
"""

import re
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import changes
from core.numbering import natural_sort_key, next_child
from plans.models import (
    Action,
    ActionPlan,
    Amount,
    AmountKind,
    Category,
    ChangeProposal,
    Direction,
    Goal,
    Plan,
    ProposalKind,
    validate_number,
)
from plans.money import euro

KINDS = (ProposalKind.ADD, ProposalKind.AMOUNTS, ProposalKind.PRIORITY)
DIRECTIONS = (Direction.EXPENSE, Direction.RECEIPT)  # the order of a money cell's pair
CENT = Decimal("0.01")
TOO_LARGE_AT = Decimal("10") ** 13

ONLY_IN_AANPASSING = _(
    "%(kind)s kan enkel in een aanpassing van het meerjarenplan. Start eerst een aanpassing op de pagina "
    "Versies."
)
TITLE_MISSING = _("Geef de titel van het nieuwe item.")
GOAL_MISSING = _("Kies de doelstelling waaronder het nieuwe actieplan komt.")
GOAL_OTHER_PLAN = _("Doelstelling %(goal)s hoort niet bij %(plan)s. Kies een doelstelling van dit plan.")
PARENT_INACTIVE = _(
    "%(item)s is %(life_cycle)s: er kan geen nieuwe actie onder komen. Kies een actief actieplan."
)
ACTION_PLAN_NUMBER_TAKEN = _(
    "Het plan heeft al een actieplan %(number)s. Kies een vrij nummer, bv. %(free)s."
)
ACTION_NUMBER_TAKEN = _(
    "Actieplan %(action_plan)s heeft al een actie %(number)s. Kies een vrij nummer, bv. %(free)s."
)
NUMBER_PROPOSED = _("%(proposal)s stelt al een nieuw item met nummer %(number)s voor. Kies een ander nummer.")
YEARS_OUTSIDE = _("Kies jaren binnen de looptijd van het plan (%(period)s).")
YEARS_REVERSED = _("Het startjaar ligt na het eindjaar. Draai ze om.")
ONE_ACTION = _("Ramingen wijzigen gaat over één actie. Kies één actie.")
AMOUNTS_SAME = _("De nieuwe ramingen zijn dezelfde als de huidige. Pas minstens één bedrag aan.")
AMOUNT_YEAR_OUTSIDE = _("%(year)s valt buiten de looptijd van het plan (%(period)s).")
PRIORITY_ONE_TARGET = _("Wijzig de prioriteit van één item per voorstel: het actieplan zelf of één actie.")
PRIORITY_ALREADY = _("%(item)s is al %(state)s. Er is niets te wijzigen.")
AMOUNTS_CHANGED = _(
    "De ramingen van %(item)s werden gewijzigd sinds %(proposal)s werd opgesteld. Trek het voorstel in "
    "en stel een nieuw op vanuit de huidige ramingen."
)
PRIORITY_CHANGED = _(
    "%(item)s werd intussen al %(state)s gemaakt, sinds %(proposal)s werd opgesteld. Trek het voorstel in."
)
NOT_AN_AMOUNT = _("“%(value)s” is geen bedrag. Schrijf een bedrag in euro, bv. 1.234,56 of 250000.")
NEGATIVE = _("“%(value)s” is negatief. Een raming is een uitgave of een ontvangst: schrijf ze positief.")
TOO_MANY_DECIMALS = _("“%(value)s” heeft meer dan twee cijfers na de komma.")
TOO_LARGE = _("Het bedrag “%(value)s” is te groot. Controleer het bedrag.")

PRIORITAIR = _("prioritair")
NOT_PRIORITAIR = _("niet prioritair")


def _error(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


# Money


_GROUPED = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")


def parse_euro(value: str) -> Decimal:
    """An amount as a Flemish person writes it: 1.234,56 · € 1 234 · 250000 · 1234.5; empty is zero.
    ValueError with the Dutch reason."""
    text = re.sub(r"[\s\u00a0\u202f€]", "", str(value or "")).removesuffix("EUR")
    if not text:
        return Decimal("0.00")
    if text.startswith(("-", "−")):
        raise ValueError(NEGATIVE % {"value": str(value).strip()})
    if not re.fullmatch(r"\d[\d.,]*", text) or not text[-1].isdigit():
        raise ValueError(NOT_AN_AMOUNT % {"value": str(value).strip()})
    if "," in text:  # the decimal comma, with or without points for the thousands
        whole, _comma, cents = text.rpartition(",")
        if "," in whole or ("." in whole and not _GROUPED.match(whole)):
            raise ValueError(NOT_AN_AMOUNT % {"value": str(value).strip()})
        number = whole.replace(".", "") + "." + cents
    elif _GROUPED.match(text):
        number = text.replace(".", "")  # 1.234 or 1.250.000: thousands
    elif text.count(".") <= 1:
        number = text  # 1234.5: a decimal point
    else:
        raise ValueError(NOT_AN_AMOUNT % {"value": str(value).strip()})
    try:
        amount = Decimal(number)
    except InvalidOperation:
        raise ValueError(NOT_AN_AMOUNT % {"value": str(value).strip()}) from None
    if amount != amount.quantize(CENT):
        raise ValueError(TOO_MANY_DECIMALS % {"value": str(value).strip()})
    if amount >= TOO_LARGE_AT:
        raise ValueError(TOO_LARGE % {"value": str(value).strip()})
    return amount.quantize(CENT)


def money_of(action: Action) -> dict:
    """An actie's ramingen as ``details`` holds them: ``{"2027": {"E": ["1000.00", "0.00"]}}``, only
    the non-zero cells."""
    cells = {
        (year, category, direction): amount
        for year, category, direction, amount in Amount.objects.filter(
            action=action, kind=AmountKind.ESTIMATE
        ).values_list("year", "category", "direction", "amount")
    }
    return money_from_cells(cells)


def money_from_cells(cells: dict[tuple[int, str, str], Decimal]) -> dict:
    money: dict[str, dict[str, list[str]]] = {}
    for year, category in sorted({(year, category) for year, category, _direction in cells}):
        pair = [cells.get((year, category, direction)) or Decimal(0) for direction in DIRECTIONS]
        if any(pair):
            money.setdefault(str(year), {})[category] = [f"{amount:.2f}" for amount in pair]
    return money


def cells_of(money: dict) -> dict[tuple[int, str, str], Decimal]:
    """The reverse of ``money_from_cells``: (year, category, direction) → amount, non-zero only."""
    return {
        (int(year), category, direction): Decimal(amount)
        for year, categories in money.items()
        for category, pair in categories.items()
        for direction, amount in zip(DIRECTIONS, pair, strict=True)
        if Decimal(amount)
    }


def money_lines(details: dict) -> list[str]:
    """One sentence per changed cell: "2027, exploitatie uitgaven: € 1.000,00 wordt € 2.500,00."."""
    old, new = cells_of(details.get("old", {})), cells_of(details.get("new", {}))
    lines = []
    for year, category, direction in sorted(old.keys() | new.keys()):
        before, after = (
            old.get((year, category, direction), Decimal(0)),
            new.get((year, category, direction), Decimal(0)),
        )
        if before != after:
            lines.append(
                _("%(year)s, %(category)s %(direction)s: %(old)s wordt %(new)s.")
                % {
                    "year": year,
                    "category": Category(category).label,
                    "direction": Direction(direction).label,
                    "old": euro(before),
                    "new": euro(after),
                }
            )
    return lines


# The rules


def free_action_plan_number(plan: Plan) -> str:
    """One past the highest whole actieplan number of the plan: a suggestion, free to change."""
    numbers = list(ActionPlan.objects.filter(plan=plan).values_list("number", flat=True))
    if not numbers:
        return "1"
    last = max(numbers, key=natural_sort_key)
    head, _dot, tail = last.rpartition(".")
    if tail.isdigit():
        return f"{head}.{int(tail) + 1}" if head else str(int(tail) + 1)
    return f"{last}.1"


def free_action_number(action_plan: ActionPlan) -> str:
    return next_child(action_plan.number, list(action_plan.actions.values_list("number", flat=True)))


def check(plan: Plan, content, *, exclude_pk: int | None = None) -> None:
    """Refuse what an amendment cannot propose (``content``: plans.proposals.Content)."""
    if content.plan_version is None:
        raise _error(
            ONLY_IN_AANPASSING, "only_in_aanpassing", kind=ProposalKind(content.kind).label.capitalize()
        )
    if content.kind == ProposalKind.ADD:
        _check_addition(plan, content, exclude_pk)
    elif content.kind == ProposalKind.AMOUNTS:
        _check_amounts(plan, content)
    else:
        _check_priority(content)


def _check_addition(plan: Plan, content, exclude_pk: int | None) -> None:
    details = content.details
    number, title = details.get("number", ""), details.get("title", "")
    if content.actions:
        raise _error(ONE_ACTION, "add_no_actions")
    if not title.strip():
        raise _error(TITLE_MISSING, "title_missing")
    try:
        validate_number(number)
    except ValidationError as error:
        raise _error(error.message, error.code, **(error.params or {})) from error
    if content.action_plan is None:  # a new actieplan
        goal = content.goal
        if goal is None:
            raise _error(GOAL_MISSING, "goal_missing")
        if goal.plan_id != plan.pk:
            raise _error(GOAL_OTHER_PLAN, "goal_other_plan", goal=goal.number, plan=plan)
        if ActionPlan.objects.filter(plan=plan, sort_key=natural_sort_key(number)).exists():
            raise _error(
                ACTION_PLAN_NUMBER_TAKEN, "number_taken", number=number, free=free_action_plan_number(plan)
            )
        same_parent = {"goal__plan": plan, "action_plan": None}
    else:
        action_plan = content.action_plan
        if not action_plan.is_active:
            raise _error(
                PARENT_INACTIVE,
                "parent_inactive",
                item=action_plan,
                life_cycle=action_plan.get_life_cycle_display(),
            )
        if numbering_error := Action(action_plan=action_plan, number=number).numbering_error(action_plan):
            raise numbering_error
        if Action.objects.filter(action_plan=action_plan, sort_key=natural_sort_key(number)).exists():
            raise _error(
                ACTION_NUMBER_TAKEN,
                "number_taken",
                number=number,
                action_plan=action_plan.number,
                free=free_action_number(action_plan),
            )
        years = [details.get("start_year"), details.get("end_year")]
        if any(year and not plan.start_year <= year <= plan.end_year for year in years):
            raise _error(YEARS_OUTSIDE, "years_outside", period=plan.period)
        if all(years) and years[0] > years[1]:
            raise _error(YEARS_REVERSED, "years_reversed")
        same_parent = {"action_plan": action_plan}
    others = (
        ChangeProposal.objects.open()
        .filter(plan=plan, kind=ProposalKind.ADD, **same_parent)
        .exclude(pk=exclude_pk)
        .only("pk", "details")
    )
    for other in others:
        if natural_sort_key(other.details.get("number", "")) == natural_sort_key(number):
            raise _error(NUMBER_PROPOSED, "number_proposed", proposal=other, number=number)


def _check_amounts(plan: Plan, content) -> None:
    if len(content.actions) != 1:
        raise _error(ONE_ACTION, "one_action")
    new = content.details.get("new", {})
    for year in new:
        if not plan.start_year <= int(year) <= plan.end_year:
            raise _error(AMOUNT_YEAR_OUTSIDE, "year_outside", year=year, period=plan.period)
    if cells_of(new) == cells_of(content.details.get("old", {})):
        raise _error(AMOUNTS_SAME, "amounts_same")


def _check_priority(content) -> None:
    if len(content.actions) > 1:
        raise _error(PRIORITY_ONE_TARGET, "priority_one_target")


def check_unchanged(proposal: ChangeProposal, content) -> None:
    """Refuse when the item was changed by someone else since the proposal was written: other
    ramingen than it recorded, or the priority already as it proposes."""
    if content.kind == ProposalKind.AMOUNTS:
        action = content.actions[0]
        if cells_of(money_of(action)) != cells_of(content.details.get("old", {})):
            raise _error(AMOUNTS_CHANGED, "amounts_changed", item=action, proposal=proposal)
    elif content.kind == ProposalKind.PRIORITY:
        item = content.targets[0]
        if item.priority == bool(content.details.get("priority")):
            raise _error(
                PRIORITY_CHANGED,
                "priority_changed",
                item=item,
                proposal=proposal,
                state=PRIORITAIR if item.priority else NOT_PRIORITAIR,
            )


def carry_out(proposal: ChangeProposal, content, *, reason: str, by: AbstractBaseUser) -> None:
    """Write what an amendment proposes to the plan, every change with ``reason`` in its history."""
    details = content.details
    if content.kind == ProposalKind.ADD:
        if content.action_plan is None:
            created = ActionPlan(
                plan=proposal.plan,
                goal=content.goal,
                number=details["number"],
                title=details["title"],
                responsible=details.get("responsible", ""),
                political_contact=details.get("political_contact", ""),
            )
            changes.save(created, by=by, reason=reason)
        else:
            changes.save(
                Action(
                    action_plan=content.action_plan,
                    number=details["number"],
                    title=details["title"],
                    start_year=details.get("start_year"),
                    end_year=details.get("end_year"),
                ),
                by=by,
                reason=reason,
            )
    elif content.kind == ProposalKind.AMOUNTS:
        _write_amounts(content.actions[0], cells_of(details.get("new", {})), reason=reason, by=by)
    else:
        item = content.targets[0]
        item.priority = bool(details.get("priority"))
        changes.save(item, by=by, reason=reason)


def _write_amounts(action: Action, new: dict, *, reason: str, by) -> None:
    existing = {
        (amount.year, amount.category, amount.direction): amount
        for amount in Amount.objects.filter(action=action, kind=AmountKind.ESTIMATE)
    }
    for key in sorted(existing.keys() | new.keys()):
        value = new.get(key, Decimal("0.00")).quantize(CENT)
        amount = existing.get(key)
        if amount is None:
            year, category, direction = key
            changes.save(
                Amount(
                    action=action,
                    kind=AmountKind.ESTIMATE,
                    year=year,
                    category=category,
                    direction=direction,
                    amount=value,
                ),
                by=by,
                reason=reason,
            )
        elif amount.amount != value:
            amount.amount = value
            changes.save(amount, by=by, reason=reason)


# Drafting them (the cel, in an aanpassing)


@transaction.atomic
def draft_action_plan(
    plan_version, *, goal: Goal | None, number: str, title: str, motivation: str, by, **fields: str
) -> ChangeProposal:
    """A new actieplan under ``goal``; ``fields``: responsible, political_contact (optional)."""
    from plans import proposals

    details = {"number": number.strip(), "title": title.strip()}
    details |= {
        k: v.strip() for k, v in fields.items() if k in ("responsible", "political_contact") and v.strip()
    }
    return proposals.draft_proposal(
        plan=plan_version.plan,
        kind=ProposalKind.ADD,
        action_plan=None,
        goal=goal,
        details=details,
        plan_version=plan_version,
        motivation=motivation,
        by=by,
    )


@transaction.atomic
def draft_action(
    plan_version,
    *,
    action_plan: ActionPlan,
    number: str,
    title: str,
    motivation: str,
    by,
    start_year: int | None = None,
    end_year: int | None = None,
) -> ChangeProposal:
    """A new actie under an existing actieplan."""
    from plans import proposals

    details = {"number": number.strip(), "title": title.strip()}
    details |= {k: v for k, v in (("start_year", start_year), ("end_year", end_year)) if v}
    return proposals.draft_proposal(
        plan=plan_version.plan,
        kind=ProposalKind.ADD,
        action_plan=action_plan,
        details=details,
        plan_version=plan_version,
        motivation=motivation,
        by=by,
    )


@transaction.atomic
def draft_amounts(
    plan_version, *, action: Action, new: dict[tuple[int, str, str], Decimal], motivation: str, by
) -> ChangeProposal:
    """New ramingen for ``action``: ``new`` maps (year, category, direction) to the amount; a cell left
    out keeps its current amount. The current ramingen are recorded as ``old``."""
    from plans import proposals

    old = money_of(action)
    cells = cells_of(old) | {key: value for key, value in new.items()}
    return proposals.draft_proposal(
        plan=plan_version.plan,
        kind=ProposalKind.AMOUNTS,
        action_plan=action.action_plan,
        actions=[action],
        details={"old": old, "new": money_from_cells(cells)},
        plan_version=plan_version,
        motivation=motivation,
        by=by,
    )


@transaction.atomic
def draft_priority(plan_version, *, item: Action | ActionPlan, motivation: str, by) -> ChangeProposal:
    """Turn the priority mark of an actie or actieplan around: set when unset, unset when set."""
    from plans import proposals

    is_action = isinstance(item, Action)
    return proposals.draft_proposal(
        plan=plan_version.plan,
        kind=ProposalKind.PRIORITY,
        action_plan=item.action_plan if is_action else item,
        actions=[item] if is_action else [],
        details={"priority": not item.priority},
        plan_version=plan_version,
        motivation=motivation,
        by=by,
    )


def state_word(priority: bool) -> str:
    return str(PRIORITAIR if priority else NOT_PRIORITAIR)
