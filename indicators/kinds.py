"""The three kinds of indicator, the way users write and read their values.

A value is stored as a number (see ``models``); ``parse`` reads what a user typed or a workbook
cell holds, ``display`` writes it back in Dutch, and the ``check_*`` functions are the rules every
write meets (the models' ``clean`` calls them, so the pages, the imports and Beheer refuse alike).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import MAX_DECIMALS, Indicator, Kind, Target, Value

MAX_ABS = Decimal(10) ** 14
YES = ("ja", "j", "yes", "waar", "1")
NO = ("nee", "n", "no", "onwaar", "0")

_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse(indicator: Indicator, raw: Any) -> Decimal:
    """What a user typed or a cell holds, as the stored number; ValidationError in Dutch if it is not
    a value of this indicator."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        raise ValidationError(_("Vul een waarde in."), code="empty")
    if indicator.kind == Kind.YES_NO:
        if isinstance(raw, bool):
            return Decimal(int(raw))
        word = text.lower()
        if word in YES:
            return Decimal(1)
        if word in NO:
            return Decimal(0)
        raise ValidationError(
            _("“%(value)s” is geen ja of nee. Vul ja of nee in."), code="not_yes_no", params={"value": text}
        )
    if indicator.kind == Kind.STEPS:
        names = [name.casefold() for name in indicator.steps]
        if text.casefold() in names:
            return Decimal(names.index(text.casefold()) + 1)
        if text.isdigit() and 1 <= int(text) <= len(names):
            return Decimal(int(text))
        raise ValidationError(
            _("“%(value)s” is geen stap van dit stappenplan. Kies een van: %(steps)s."),
            code="unknown_step",
            params={"value": text, "steps": "; ".join(indicator.steps)},
        )
    number = _number(raw, text)
    check = number_error(indicator, number)
    if check:
        raise check
    return number


def _number(raw: Any, text: str) -> Decimal:
    if isinstance(raw, bool):
        raise _not_a_number(text)
    if isinstance(raw, (int, Decimal)):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    compact = _SPACES.sub("", text)
    if "," in compact:  # the Flemish way: 1.234,5
        if compact.count(",") > 1 or not re.fullmatch(r"[-+−]?\d{1,3}(\.\d{3})*,\d+|[-+−]?\d+,\d+", compact):
            raise _not_a_number(text)
        compact = compact.replace(".", "").replace(",", ".")
    elif not re.fullmatch(r"[-+−]?\d+(\.\d+)?", compact):
        raise _not_a_number(text)
    try:
        return Decimal(compact.replace("−", "-"))
    except InvalidOperation as error:
        raise _not_a_number(text) from error


def _not_a_number(text: str) -> ValidationError:
    return ValidationError(
        _("“%(value)s” is geen getal. Vul een getal in, bv. 12,5."),
        code="not_a_number",
        params={"value": text},
    )


def decimals_of(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def rounding_advice(decimals: int) -> str:
    if decimals == 0:
        return _("Rond af op een geheel getal.")
    return ngettext("Rond af op %(count)d decimaal.", "Rond af op %(count)d decimalen.", decimals) % {
        "count": decimals
    }


def number_error(indicator: Indicator, number: Decimal) -> ValidationError | None:
    """Why ``number`` (as stored) cannot be a value of ``indicator``, or None."""
    if not number.is_finite() or abs(number) >= MAX_ABS:
        return ValidationError(_("Dit getal is te groot. Vul een kleiner getal in."), code="too_large")
    if indicator.kind == Kind.NUMBER:
        if decimals_of(number) > indicator.decimals:
            return ValidationError(
                _("%(value)s heeft meer decimalen dan deze indicator toelaat (%(decimals)s). %(advice)s"),
                code="too_many_decimals",
                params={
                    "value": display_number(number, decimals_of(number)),
                    "decimals": indicator.decimals,
                    "advice": rounding_advice(indicator.decimals),
                },
            )
    elif indicator.kind == Kind.YES_NO:
        if number not in (0, 1):
            return ValidationError(
                _("Een ja/nee-indicator heeft als waarde ja of nee, geen getal."), code="not_yes_no"
            )
    elif number != number.to_integral_value() or not 1 <= number <= len(indicator.steps):
        return ValidationError(
            _(
                "Stap %(value)s bestaat niet: dit stappenplan heeft %(count)s stappen. "
                "Kies een van: %(steps)s."
            ),
            code="unknown_step",
            params={"value": number, "count": len(indicator.steps), "steps": "; ".join(indicator.steps)},
        )
    return None


def display_number(number: Decimal, decimals: int) -> str:
    """12345.5 with 2 decimals → "12.345,50" (the Flemish way)."""
    text = f"{number:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def display(indicator: Indicator, number: Decimal | None, *, unit: bool = True) -> str:
    """A stored value as users read it: "12,5 %", "ja", "Ontwerp goedgekeurd"."""
    if number is None:
        return ""
    if indicator.kind == Kind.YES_NO:
        return _("ja") if number else _("nee")
    if indicator.kind == Kind.STEPS:
        position = int(number)
        if 1 <= position <= len(indicator.steps):
            return indicator.steps[position - 1]
        return _("stap %(position)s") % {"position": position}
    text = display_number(number, indicator.decimals)
    return f"{text} {indicator.unit}" if unit and indicator.unit else text


def check_definition(indicator: Indicator) -> None:
    errors: dict[str, list] = {}
    if indicator.kind == Kind.STEPS:
        steps = indicator.steps if isinstance(indicator.steps, list) else []
        names = [str(step).strip() for step in steps]
        if len(names) < 2 or any(not name for name in names):
            errors["steps"] = [
                _("Een stappenplan heeft minstens twee stappen, elk met een naam. Vul ze in, één per regel.")
            ]
        elif len({name.casefold() for name in names}) != len(names):
            errors["steps"] = [_("Twee stappen hebben dezelfde naam. Geef elke stap een eigen naam.")]
        elif any(len(name) > 200 for name in names):
            errors["steps"] = [_("Een stap heeft een naam van meer dan 200 tekens. Kort hem in.")]
        else:
            indicator.steps = names
    elif indicator.steps:
        errors["steps"] = [
            _("Enkel een stappenplan heeft stappen. Kies de soort stappenplan of laat de stappen leeg.")
        ]
    if indicator.kind != Kind.NUMBER and indicator.decimals:
        errors["decimals"] = [_("Enkel een getal heeft decimalen. Zet het aantal decimalen op 0.")]
    if indicator.decimals > MAX_DECIMALS:
        errors["decimals"] = [_("Hoogstens %(max)s decimalen.") % {"max": MAX_DECIMALS}]
    if (indicator.baseline_value is None) != (indicator.baseline_date is None):
        errors["baseline_date"] = [
            _("Een basiswaarde heeft een waarde én een datum. Vul beide in, of geen van beide.")
        ]
    if indicator.baseline_value is not None and "steps" not in errors and "decimals" not in errors:
        error = number_error(indicator, indicator.baseline_value)
        if error:
            errors["baseline_value"] = [error]
    if indicator.owner_id and indicator.department_id:
        errors["department"] = [_("Kies een persoon óf een dienst als verantwoordelijke, niet beide.")]
    if indicator.pk and not errors:
        errors.update(_stored_values_still_fit(indicator))
    if errors:
        raise ValidationError(errors)


def _stored_values_still_fit(indicator: Indicator) -> dict[str, list]:
    """A changed definition must still hold the targets and values it has."""
    stored = [
        *Target.objects.filter(indicator=indicator).values_list("value", flat=True),
        *Value.objects.filter(indicator=indicator).values_list("value", flat=True),
    ]
    if not stored:
        return {}
    before = Indicator.objects.filter(pk=indicator.pk).values_list("kind", flat=True).first()
    if before is not None and before != indicator.kind:
        return {
            "kind": [_("Deze indicator heeft al streefwaarden of waarden: de soort kan niet meer wijzigen.")]
        }
    for number in stored:
        if number_error(indicator, number):
            field = "steps" if indicator.kind == Kind.STEPS else "decimals"
            return {
                field: [
                    _(
                        "Er zijn al streefwaarden of waarden die hier niet in passen (bv. %(value)s). "
                        "Pas die eerst aan."
                    )
                    % {"value": display_number(number, decimals_of(number))}
                ]
            }
    return {}


def plan_dates(indicator: Indicator) -> tuple[datetime.date, datetime.date]:
    plan = indicator.plan
    return datetime.date(plan.start_year, 1, 1), datetime.date(plan.end_year, 12, 31)


def check_target(target: Target) -> None:
    if target.indicator_id is None:
        return  # the form says the indicator is missing
    indicator = target.indicator
    errors = {}
    if target.value is not None:
        error = number_error(indicator, target.value)
        if error:
            errors["value"] = [error]
    plan = indicator.plan
    if target.year is not None and not plan.start_year <= target.year <= plan.end_year:
        errors["year"] = [
            _("%(year)s valt buiten het plan (%(start)s–%(end)s). Kies een jaar van het plan.")
            % {"year": target.year, "start": plan.start_year, "end": plan.end_year}
        ]
    if errors:
        raise ValidationError(errors)


def check_value(value: Value) -> None:
    if value.indicator_id is None:
        return  # the form says the indicator is missing
    indicator = value.indicator
    errors = {}
    if value.value is not None:
        error = number_error(indicator, value.value)
        if error:
            errors["value"] = [error]
    start, end = plan_dates(indicator)
    if value.date is not None and not start <= value.date <= end:
        errors["date"] = [
            _("%(date)s valt buiten het plan (%(start)s–%(end)s). Kies een datum binnen het plan.")
            % {
                "date": value.date.strftime("%d/%m/%Y"),
                "start": indicator.plan.start_year,
                "end": indicator.plan.end_year,
            }
        ]
    if value.round_id is not None:
        if value.round.plan_id != indicator.plan_id:
            errors["round"] = [
                _("Die rapportering hoort bij een ander plan. Kies een rapportering van dit plan.")
            ]
        elif value.round.is_closed:
            errors["round"] = [closed_round_error(value.round)]
    if errors:
        raise ValidationError(errors)


def closed_round_error(round) -> str:
    return _(
        "%(round)s is afgesloten: de waarden die ze rapporteerde, liggen vast. Vul een waarde in voor "
        "een open rapportering of een latere datum."
    ) % {"round": round}
