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
    version = in_force.on(plan, datetime.date(2026, 3, 1))
    assert (version.number, version.name, version.state) == (1, "MJP 2026-2031", VersionState.REPLACED)
    assert version.council_date == datetime.date(2025, 12, 18)
    snapshot = snapshots.of(version)
    # Every actie but the one the aanpassing of June added.
    assert len(snapshot.items(ItemKind.ACTION)) == Action.objects.in_plan(plan).count() - 1
    with_money = [item for item in snapshot.items(ItemKind.ACTION) if item.money]
    assert with_money, "the MJP's ramingen are in its version"
    total = sum((f.expenses for item in with_money for f in snapshots.figures(item).values()), Decimal("0"))
    assert total > 0
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


def test_voorbeeldgemeente_adopted_an_aanpassing_in_june_with_one_new_actie(users):
    plan, _ = load_bbc_demo(by=users["cel"])
    version = in_force.current(plan)
    assert (version.number, version.name, version.council_date) == (
        2,
        "AMJP 2026-1",
        datetime.date(2026, 6, 25),
    )
    new = Action.objects.in_plan(plan).get(number="1.1.5")
    assert new.title == "We openen een tweede welzijnsloket in de deelgemeente."
    assert {item.number for item in snapshots.of(version).items(ItemKind.ACTION)} >= {"1.1.5"}
    proposal = new.history.earliest()
    assert proposal.history_user.username == "cel"
