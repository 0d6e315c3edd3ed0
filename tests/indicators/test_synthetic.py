"""The big plan's indicators: many, of all three kinds, linked and with values, written in bulk."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.synthetic import generate_plan
from demo.synthetic_indicators import generate_indicators
from indicators import series
from indicators.models import Indicator, Kind, Target, Value
from indicators.series import Track
from plans.models import Plan

pytestmark = pytest.mark.django_db

SMALL = {"goals": 3, "action_plans": 6, "actions": 30, "projects": 2, "rounds": 2}


@pytest.fixture
def small_plan(users):
    return generate_plan(slug="klein", by=users["cel"], reviewer=users["mt"], **SMALL)


def test_counts_kinds_links_targets_and_ten_values_each(small_plan, users):
    made = generate_indicators(small_plan, count=30, by=users["cel"])
    indicators = Indicator.objects.filter(plan=small_plan)
    assert len(made) == indicators.count() == 30
    per_kind = {kind: indicators.filter(kind=kind).count() for kind in Kind.values}
    assert per_kind == dict.fromkeys(Kind.values, 10)
    assert Value.objects.filter(indicator__plan=small_plan).count() == 300
    assert Target.objects.filter(indicator__plan=small_plan).count() == 60
    assert not indicators.filter(action_plans=None).exists()
    assert indicators.exclude(goals=None).count() == 10 and indicators.exclude(actions=None).count() == 15
    assert Indicator.history.filter(plan=small_plan).count() == 30  # a history row each, with its user
    assert set(Value.history.filter(indicator__plan=small_plan).values_list("history_user", flat=True)) == {
        users["cel"].pk
    }
    tracks = {s.track for s in series.live(indicators)}
    assert Track.ON in tracks and Track.OFF in tracks


@pytest.mark.parametrize("count", [12, 120])
def test_built_in_bulk_the_same_queries_at_two_sizes(small_plan, users, count):
    with CaptureQueriesContext(connection) as captured:
        generate_indicators(small_plan, count=count, by=users["cel"])
    # Bulk: the rows (each indicator, two targets, ten values and their history) go in batches, as
    # many per INSERT as the database takes (SQLite: a few hundred), never a query per row.
    rows = count * 13 * 2
    assert len(captured) <= 25 + rows // 100, [q["sql"][:80] for q in captured]


def test_the_command_builds_them_with_the_plan(db):
    call_command(
        "generate_plan",
        *("--slug", "met-indicatoren", "--goals", "2", "--actionplans", "4", "--actions", "12"),
        *("--projects", "1", "--rounds", "1", "--indicators", "9"),
        stdout=io.StringIO(),
    )
    plan = Plan.objects.get(slug="met-indicatoren")
    assert Indicator.objects.filter(plan=plan).count() == 9
    assert Value.objects.filter(indicator__plan=plan).count() == 90
