"""Values and targets of each kind, and each refusal (nothing changed)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core import changes
from indicators import series, values
from indicators.models import Better, Kind, Value
from reporting.rounds import close_round, open_round
from tests.factories import GoalFactory, IndicatorFactory, PlanFactory
from tests.helpers import database_state

pytestmark = pytest.mark.django_db

STEPS = ["Studie", "Ontwerp goedgekeurd", "Werken gestart", "Opgeleverd"]


@pytest.fixture
def plan():
    return PlanFactory(start_year=2026, end_year=2031)


def number(plan, **fields):
    defaults = {
        "unit": "%",
        "decimals": 1,
        "baseline_value": Decimal("12.0"),
        "baseline_date": datetime.date(2025, 1, 1),
    }
    return IndicatorFactory(plan=plan, **{**defaults, **fields})


def test_a_numeric_value_is_read_the_flemish_way(plan, cel_user):
    indicator = number(plan)
    value = values.record_value(
        indicator, "11,5", date=datetime.date(2026, 6, 30), note="Bron: OCMW", by=cel_user
    )
    assert value.value == Decimal("11.5")
    assert value.history.get().history_user == cel_user
    assert series.live(plan.indicators.all())[0].display(value.value) == "11,5 %"


def test_yes_no_and_steps(plan, cel_user):
    yes_no = IndicatorFactory(plan=plan, kind=Kind.YES_NO, unit="")
    steps = IndicatorFactory(plan=plan, kind=Kind.STEPS, unit="", steps=STEPS)
    assert values.record_value(yes_no, "Ja", date=datetime.date(2026, 1, 1), by=cel_user).value == 1
    assert (
        values.record_value(steps, "werken gestart", date=datetime.date(2026, 1, 1), by=cel_user).value == 3
    )
    assert values.record_value(steps, "2", date=datetime.date(2027, 1, 1), by=cel_user).value == 2
    live = {s.name: s for s in series.live(plan.indicators.all())}
    assert live[steps.name].display(Decimal(3)) == "Werken gestart"
    assert live[yes_no.name].display(Decimal(1)) == "ja"


def test_a_second_value_on_the_same_date_changes_the_first_with_history(plan, cel_user):
    indicator = number(plan)
    values.record_value(indicator, "11", date=datetime.date(2026, 6, 30), by=cel_user)
    values.record_value(indicator, "10,5", date=datetime.date(2026, 6, 30), note="herteld", by=cel_user)
    value = Value.objects.get()
    assert (value.value, value.note, value.history.count()) == (Decimal("10.5"), "herteld", 2)


@pytest.mark.parametrize(
    ("kind", "raw", "code"),
    [
        (Kind.NUMBER, "veel", "not_a_number"),
        (Kind.NUMBER, "12,34", "too_many_decimals"),
        (Kind.STEPS, "Afgebroken", "unknown_step"),
        (Kind.STEPS, "5", "unknown_step"),
        (Kind.YES_NO, "misschien", "not_yes_no"),
        (Kind.NUMBER, "", "empty"),
    ],
)
def test_bad_values_are_refused_in_dutch_and_change_nothing(plan, cel_user, kind, raw, code):
    indicator = (
        number(plan)
        if kind == Kind.NUMBER
        else IndicatorFactory(plan=plan, kind=kind, unit="", steps=STEPS if kind == Kind.STEPS else [])
    )
    before = database_state()
    with pytest.raises(ValidationError) as refused:
        values.record_value(indicator, raw, date=datetime.date(2026, 6, 30), by=cel_user)
    assert refused.value.code == code
    assert database_state() == before


@pytest.mark.parametrize(
    ("decimals", "raw", "advice"),
    [
        (0, "12,5", "Rond af op een geheel getal."),
        (1, "12,34", "Rond af op 1 decimaal."),
        (2, "1,234", "Rond af op 2 decimalen."),
    ],
)
def test_too_many_decimals_says_how_to_round_in_good_dutch(plan, cel_user, decimals, raw, advice):
    with pytest.raises(ValidationError) as refused:
        values.record_value(
            number(plan, decimals=decimals), raw, date=datetime.date(2026, 6, 30), by=cel_user
        )
    assert refused.value.messages[0].endswith(advice)


def test_a_value_dated_outside_the_plan_is_refused(plan, cel_user):
    indicator = number(plan)
    before = database_state()
    with pytest.raises(ValidationError) as refused:
        values.record_value(indicator, "11", date=datetime.date(2032, 1, 1), by=cel_user)
    assert "valt buiten het plan (2026–2031)" in str(refused.value.message_dict["date"])
    assert database_state() == before


def test_a_target_of_the_wrong_kind_is_refused(plan, cel_user):
    yes_no = IndicatorFactory(plan=plan, kind=Kind.YES_NO, unit="")
    steps = IndicatorFactory(plan=plan, kind=Kind.STEPS, unit="", steps=STEPS)
    numeric = number(plan)
    before = database_state()
    with pytest.raises(ValidationError):
        values.set_target(yes_no, 2031, "50", by=cel_user)
    with pytest.raises(ValidationError):
        values.set_target(steps, 2031, Decimal(7), by=cel_user)
    with pytest.raises(ValidationError):
        values.set_target(numeric, 2035, "10", by=cel_user)
    assert database_state() == before


def test_a_value_for_a_closed_round_is_refused_and_the_round_keeps_what_it_reported(plan, cel_user):
    indicator = number(plan)
    round = open_round(plan=plan, name="Rapportering juni 2026", date=datetime.date(2026, 6, 30), by=cel_user)
    values.record_value(indicator, "11", round=round, by=cel_user)
    close_round(round, by=cel_user)
    round.refresh_from_db()
    before = database_state()
    with pytest.raises(ValidationError) as refused:
        values.record_value(indicator, "9", round=round, by=cel_user)
    assert "is afgesloten" in str(refused.value)
    assert database_state() == before
    values.record_value(indicator, "9", date=datetime.date(2026, 3, 1), by=cel_user)  # later, earlier date
    assert [p.value for p in series.of_round(round)[0].points] == [Decimal("11")]
    assert [p.value for p in series.live(plan.indicators.all())[0].points] == [Decimal("9"), Decimal("11")]


def test_only_the_cel_or_the_responsible_eigenaar_enters_values(plan, make_user, council_user):
    indicator = number(plan)
    before = database_state()
    with pytest.raises(PermissionDenied):
        values.record_value(indicator, "11", date=datetime.date(2026, 6, 30), by=council_user)
    assert database_state() == before
    owner = make_user("eigenaar-x", "eigenaar")
    changes.update(indicator, {"owner": owner}, by=None, version=indicator.version)
    indicator.refresh_from_db()
    assert values.record_value(indicator, "11", date=datetime.date(2026, 6, 30), by=owner).value == 11


def test_a_definition_that_no_longer_fits_its_values_is_refused(plan, cel_user):
    indicator = number(plan)
    values.record_value(indicator, "11,5", date=datetime.date(2026, 6, 30), by=cel_user)
    indicator.refresh_from_db()
    before = database_state()
    with pytest.raises(ValidationError):
        changes.update(indicator, {"decimals": 0}, by=cel_user, version=indicator.version)
    with pytest.raises(ValidationError):
        changes.update(
            indicator, {"kind": Kind.YES_NO, "decimals": 0}, by=cel_user, version=indicator.version
        )
    assert database_state() == before


def test_steps_need_two_named_steps(plan):
    with pytest.raises(ValidationError):
        IndicatorFactory(plan=plan, kind=Kind.STEPS, unit="", steps=["Enige stap"])


@pytest.mark.parametrize(
    ("better", "latest", "track"),
    [
        (Better.LOWER, "11", series.Track.ON),
        (Better.LOWER, "13", series.Track.OFF),
        (Better.HIGHER, "13", series.Track.ON),
    ],
)
def test_on_track_against_the_line_from_baseline_to_target(plan, cel_user, better, latest, track):
    indicator = number(
        plan, better=better, baseline_value=Decimal(12), baseline_date=datetime.date(2026, 1, 1)
    )
    values.set_target(indicator, 2031, "6", by=cel_user)
    values.record_value(indicator, latest, date=datetime.date(2026, 12, 31), by=cel_user)
    # expected by the end of 2026: about 10,8 (a sixth of the way from 12 to 6)
    assert series.live(plan.indicators.all())[0].track == track


def test_a_yes_no_is_judged_in_its_target_year(plan, cel_user):
    indicator = IndicatorFactory(plan=plan, kind=Kind.YES_NO, unit="")
    values.set_target(indicator, 2027, "ja", by=cel_user)
    values.record_value(indicator, "nee", date=datetime.date(2026, 12, 31), by=cel_user)
    assert series.live(plan.indicators.all())[0].track == series.Track.UNKNOWN
    values.record_value(indicator, "nee", date=datetime.date(2027, 12, 31), by=cel_user)
    assert series.live(plan.indicators.all())[0].track == series.Track.OFF


def test_series_are_read_in_a_fixed_number_of_queries(plan, cel_user, django_assert_max_num_queries):
    goal = GoalFactory(plan=plan)
    for n in range(3):
        indicator = number(plan)
        indicator.goals.add(goal)
        values.record_value(indicator, str(n), date=datetime.date(2026, 1, 1 + n), by=cel_user)
    with django_assert_max_num_queries(6):
        found = series.live(plan.indicators.all())
    assert [s.links[0].number for s in found] == [goal.number] * 3


def test_the_chart_places_values_baseline_and_targets_and_says_them_in_words(plan, cel_user):
    from django.template.loader import render_to_string

    from indicators.charts import chart

    indicator = number(plan, better=Better.LOWER)
    values.set_target(indicator, 2031, "6", by=cel_user)
    for month, raw in ((3, "11,8"), (6, "11,2"), (9, "10,9")):
        values.record_value(indicator, raw, date=datetime.date(2026, month, 30), by=cel_user)
    drawn = chart(series.live(plan.indicators.all())[0])
    assert len(drawn.values) == 3 and len(drawn.targets) == 1 and drawn.baseline is not None
    assert drawn.values[0].x < drawn.values[1].x < drawn.values[2].x < drawn.targets[0].x
    assert drawn.values[0].y < drawn.values[2].y  # lower values, lower on the chart
    assert "Laatste waarde: 10,9 % op 30/09/2026." in drawn.description
    html = render_to_string("indicators/_chart.html", {"chart": drawn})
    assert html.count('class="value"') == 3 and "streefwaarde 2031: 6,0 %" in html
    phone = render_to_string("indicators/_chart.html", {"chart": drawn, "phone": True})
    assert phone.count('class="value"') == 6 and 'class="trend trend-phone"' in phone
    assert (
        drawn.phone.width < drawn.width and drawn.phone.font > drawn.font
    )  # larger letters in a smaller box
