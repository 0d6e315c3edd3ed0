"""The demo's plans start with their first version, dated as the seed or the demo's story tells it."""

import datetime
from decimal import Decimal

import pytest

from demo.plans import load_plan_file
from demo.rounds import load_bbc_demo
from demo.versions import load_turnhout_version
from plans.models import Action
from versions import in_force, snapshots
from versions.models import ItemKind, PlanVersion, VersionState

pytestmark = pytest.mark.django_db


def test_voorbeeldgemeente_starts_with_the_mjp_as_the_raad_adopted_it_with_its_ramingen(users):
    plan, _ = load_bbc_demo(by=users["cel"])
    version = in_force.current(plan)
    assert (version.number, version.name, version.state) == (1, "MJP 2026-2031", VersionState.ADOPTED)
    assert version.council_date == datetime.date(2025, 12, 18)
    snapshot = snapshots.of(version)
    assert len(snapshot.items(ItemKind.ACTION)) == Action.objects.in_plan(plan).count()
    with_money = [item for item in snapshot.items(ItemKind.ACTION) if item.money]
    assert with_money, "the MJP's ramingen are in its version"
    total = sum((f.expenses for item in with_money for f in snapshots.figures(item).values()), Decimal("0"))
    assert total > 0
    assert in_force.on(plan, datetime.date(2026, 3, 1)) == version
    indicators = snapshot.items(ItemKind.INDICATOR)
    assert len(indicators) == plan.indicators.count() > 0, "the MJP's indicators and targets are in it"
    assert any(item.data.get("targets") for item in indicators)


def test_turnhout_starts_with_its_plan_of_2013_and_says_what_is_invented(users):
    plan, _ = load_plan_file(by=users["cel"])
    load_turnhout_version(plan, by=users["cel"])
    version = PlanVersion.objects.get(plan=plan)
    assert version.council_date == datetime.date(2013, 12, 16)
    assert "verzonnen voor de demo" in version.note
    assert load_turnhout_version(plan, by=users["cel"]).created == {}
    assert PlanVersion.objects.filter(plan=plan).count() == 1
