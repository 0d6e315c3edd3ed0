"""Scenarios: the effect of a choice on every year before anyone decides; applying writes it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from drafting import envelopes, scenarios
from drafting.models import ChangeKind, Envelope, ScenarioState
from tests.drafting.builders import a_draft, retained_action_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    draft = a_draft(start_year=2020, end_year=2025)
    pool = retained_action_plan(draft, "Zwembad")
    other = retained_action_plan(draft, "Fietspaden")
    envelopes.set_envelope(pool, 2020, operating="0", investment="3.000.000", by=None)
    envelopes.set_envelope(pool, 2021, operating="100.000", investment="0", by=None)
    envelopes.set_envelope(other, 2020, operating="50.000", investment="0", by=None)
    for year in draft.years:
        envelopes.set_room(draft, year, available="1.000.000", self_financing_margin="", by=None)
    return draft, pool, other


def test_spreading_an_actieplan_moves_its_total_over_the_years_and_keeps_the_sum(world):
    draft, pool, _other = world
    scenario = scenarios.start(draft, name="Zwembad later", by=None)
    scenarios.add_change(scenario, pool, ChangeKind.SPREAD, first_year=2022, last_year=2024, by=None)
    effect = scenarios.effect(scenario)
    before = {row.year: row.total for row in effect.before.years}
    after = {row.year: row.total for row in effect.after.years}
    assert before[2020] == 3050000 and after[2020] == 50000
    assert after[2022] == after[2023] == Decimal(1033333) and after[2024] == Decimal(1033334)
    assert sum(after.values()) == sum(before.values())
    assert [row.year for row in effect.before.years_over] == [2020]
    assert [row.year for row in effect.after.years_over] == [2022, 2023, 2024]
    assert Envelope.objects.filter(proposal=pool).count() == 2  # nothing written before deciding


def test_lowering_and_postponing(world):
    draft, pool, other = world
    scenario = scenarios.start(draft, name="Besparen", by=None)
    scenarios.add_change(scenario, other, ChangeKind.LOWER, percent=20, by=None)
    scenarios.add_change(scenario, pool, ChangeKind.POSTPONE, by=None)
    effect = scenarios.effect(scenario)
    assert effect.after.years[0].total == 40000
    assert effect.postponed == 3100000
    assert effect.after.total == 40000


def test_applying_writes_the_envelopes_with_the_scenario_as_reason_and_closes_it(world, users=None):
    draft, pool, _other = world
    scenario = scenarios.start(draft, name="Zwembad later", by=None)
    scenarios.add_change(scenario, pool, ChangeKind.SPREAD, first_year=2024, last_year=2025, by=None)
    scenarios.apply(scenario, by=None)
    written = dict(Envelope.objects.filter(proposal=pool).values_list("year", "investment"))
    assert written[2020] == 0 and written[2024] == 1500000 and written[2025] == 1500000
    latest = Envelope.objects.get(proposal=pool, year=2024).history.first()
    assert "Zwembad later" in latest.history_change_reason
    scenario.refresh_from_db()
    assert scenario.state == ScenarioState.APPLIED
    with pytest.raises(ValidationError, match="al toegepast"):
        scenarios.add_change(scenario, pool, ChangeKind.POSTPONE, by=None)


@pytest.mark.parametrize(
    "kind, options, reason",
    [
        (ChangeKind.SPREAD, {"first_year": 2024, "last_year": 2022}, "Spreiden vraagt"),
        (ChangeKind.SPREAD, {"first_year": 2024, "last_year": 2030}, "Spreiden vraagt"),
        (ChangeKind.LOWER, {"percent": 0}, "percentage"),
        (ChangeKind.LOWER, {}, "percentage"),
        ("weg", {}, "Kies spreiden"),
    ],
)
def test_a_bad_choice_is_refused_and_nothing_is_added(world, kind, options, reason):
    draft, pool, _other = world
    scenario = scenarios.start(draft, name="Fout", by=None)
    with pytest.raises(ValidationError, match=reason):
        scenarios.add_change(scenario, pool, kind, by=None, **options)
    assert not scenario.changes.exists()


def test_a_scenario_needs_a_name():
    with pytest.raises(ValidationError, match="naam"):
        scenarios.start(a_draft(), name=" ", by=None)
