"""The demo's indicators: invented ones of each kind for the fictitious BBC plan, none for Turnhout."""

import io

import pytest
from django.core.management import call_command

from demo.indicators import load_indicators
from demo.plans import DEMO_FILE
from demo.rounds import load_bbc_demo
from indicators import series
from indicators.models import FrozenIndicator, Indicator, Kind, Value
from indicators.series import Track
from plans.models import Plan
from rounds.models import ReportingRound
from tests.helpers import database_state

pytestmark = pytest.mark.django_db

MARCH = "Rapportering maart 2026"
FOLLOW_UP = "Opvolgingsrapportering 2026"


@pytest.fixture
def bbc(users):
    plan, _report = load_bbc_demo(by=users["cel"])
    return plan


def test_every_kind_is_present_and_each_says_it_is_invented(bbc):
    indicators = Indicator.objects.filter(plan=bbc)
    assert set(indicators.values_list("kind", flat=True)) == set(Kind.values)
    assert all(i.description.startswith("Verzonnen voorbeeld voor de demo.") for i in indicators)
    numeric = indicators.filter(kind=Kind.NUMBER)
    assert {i.better for i in numeric} == {"hoger", "lager"}
    assert numeric.filter(decimals__gt=0).exists()


def test_linked_to_goals_action_plans_and_actions_with_baseline_and_targets(bbc):
    for indicator in Indicator.objects.filter(plan=bbc):
        assert indicator.baseline_value is not None and indicator.targets.exists()
        assert indicator.goals.exists() or indicator.action_plans.exists() or indicator.actions.exists()
    poverty = Indicator.objects.get(plan=bbc, name="Aantal inwoners onder de armoedegrens")
    assert set(poverty.targets.values_list("year", flat=True)) == {2028, 2031}
    assert poverty.goals.get().number == "1" and poverty.action_plans.get().number == "1.2"
    assert poverty.department.name == "Dienst Welzijn"
    assert poverty.department.head.username == "vg-diensthoofd"


def test_values_of_several_rounds_and_a_date_written_by_the_cel_or_the_eigenaar(bbc, users):
    values = Value.objects.filter(indicator__plan=bbc)
    assert set(values.exclude(round=None).values_list("round__name", flat=True)) == {MARCH, FOLLOW_UP}
    assert values.filter(round=None).exists()
    writers = {row.history_user.username for row in Value.history.filter(indicator__plan=bbc)}
    assert writers == {"cel", "vg-diensthoofd"}


def test_the_closed_march_round_froze_the_values_it_reported(bbc):
    march = ReportingRound.objects.get(plan=bbc, name=MARCH)
    assert march.is_closed
    frozen = series.of_round(march)
    assert len(frozen) == FrozenIndicator.objects.filter(round=march).count() == 4
    bike = next(s for s in frozen if s.name == "Aandeel verplaatsingen met de fiets")
    assert [bike.display(p.value) for p in bike.points] == ["18,9 %", "19,6 %"]  # not the later 21,3 %


def test_at_least_one_on_track_and_one_off_track_in_the_open_round(bbc):
    follow_up = ReportingRound.objects.get(plan=bbc, name=FOLLOW_UP)
    tracks = {s.name: s.track for s in series.of_round(follow_up)}
    assert tracks["Aandeel verplaatsingen met de fiets"] == Track.ON
    assert tracks["Seniorenraad opgericht"] == Track.ON
    assert tracks["Aantal inwoners onder de armoedegrens"] == Track.OFF
    assert tracks["Nieuwe kinderopvang met 36 plaatsen"] == Track.OFF


def test_loading_twice_adds_nothing(bbc, users):
    before = database_state()
    load_bbc_demo(by=users["cel"])
    assert database_state() == before


def test_turnhout_gets_no_indicator(db):
    """Seed 000 defines none: the welzijn actieplan waits for "welke indicatoren leggen we vast"."""
    call_command("load_demo", stdout=io.StringIO())
    turnhout = Plan.objects.get(slug__contains="turnhout")
    assert not Indicator.objects.filter(plan=turnhout).exists()
    assert not load_indicators(turnhout, by=None, path=DEMO_FILE).created
    assert Indicator.objects.exclude(plan__slug="voorbeeldgemeente-2026-2031").count() == 0
    assert Indicator.objects.count() == 4
