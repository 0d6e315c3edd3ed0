import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from core import changes
from indicators.values import set_target
from plans.lifecycle import remove_items
from plans.models import Amount
from tests.factories import ActionFactory, PlanFactory
from tests.versions.builders import ADOPTED, a_plan_with_items, first_version
from versions import adopting, in_force, snapshots
from versions.models import ItemKind, PlanVersion, VersionItem, VersionState

pytestmark = pytest.mark.django_db


def rows(version) -> list[tuple]:
    return list(
        VersionItem.objects.filter(version=version)
        .order_by("kind", "item_id")
        .values_list("kind", "item_id", "number", "title", "life_cycle", "priority", "data", "money")
    )


def test_adoption_snapshots_the_whole_strategic_nota():
    plan, goal, action_plan, first, second = a_plan_with_items()
    version = first_version(plan)
    snapshot = snapshots.of(version)
    assert [item.title for item in snapshot.items(ItemKind.GOAL)] == ["Iedereen kan meedoen."]
    assert [item.number for item in snapshot.actions_of(action_plan.pk)] == ["1.1", "1.2"]
    assert snapshot.get(ItemKind.ACTION_PLAN, action_plan.pk).parent_id == goal.pk
    assert snapshot.items(ItemKind.PROJECT)[0].data["action_plans"] == [action_plan.pk]
    assert snapshot.items(ItemKind.INDICATOR)[0].data["targets"] == {"2025": "120"}
    ramingen = snapshots.figures(snapshot.get(ItemKind.ACTION, first.pk))
    assert ramingen[2020].get("E", "uitgave") == Decimal("1000.00")
    assert ramingen[2021].get("I", "uitgave") == Decimal("2500.50")
    assert ramingen[2021].get("E", "ontvangst") == Decimal("300.00")
    assert snapshot.get(ItemKind.ACTION, second.pk).money == {}


def test_later_edits_never_change_an_adopted_version(admin_user):
    plan, _goal, action_plan, first, second = a_plan_with_items()
    version = first_version(plan)
    before = rows(version)
    changes.update(
        first,
        {"title": "Anders geformuleerd.", "priority": True},
        by=admin_user,
        reason="test",
        version=first.version,
    )
    Amount.objects.filter(action=first).update(amount=Decimal("9.99"))
    remove_items([second], on=datetime.date(2021, 1, 5), reason="schrappen", by=admin_user)
    set_target(plan.indicators.get(), 2025, "200", by=None)
    ActionFactory(action_plan=action_plan, number="1.3")
    assert rows(version) == before


def test_a_struck_item_is_still_found_in_the_versions_that_held_it(admin_user):
    plan, _goal, _action_plan, _first, second = a_plan_with_items()
    first_one = first_version(plan)
    remove_items([second], on=datetime.date(2021, 1, 5), reason="schrappen", by=admin_user)
    second_one = adopting.record(
        plan, name="AMJP 2021-1", council_date=datetime.date(2021, 1, 5), by=admin_user
    )
    assert snapshots.of(first_one).get(ItemKind.ACTION, second.pk).life_cycle == "active"
    assert snapshots.of(second_one).get(ItemKind.ACTION, second.pk).life_cycle == "removed"


def test_a_version_item_is_never_changed_and_a_snapshot_never_taken_twice():
    plan, *_ = a_plan_with_items()
    version = first_version(plan)
    item = VersionItem.objects.filter(version=version).first()
    item.title = "Anders"
    with pytest.raises(ValueError):
        item.save()
    with pytest.raises(ValueError):
        snapshots.take(version)


def test_the_next_version_replaces_the_one_in_force_and_dates_tell_which_was_in_force():
    plan, *_ = a_plan_with_items()
    first = first_version(plan)
    second = adopting.record(plan, name="AMJP 2021-1", council_date=datetime.date(2020, 12, 14), by=None)
    first.refresh_from_db()
    assert (first.state, second.state, second.number) == (VersionState.REPLACED, VersionState.ADOPTED, 2)
    assert in_force.current(plan) == second
    assert in_force.on(plan, datetime.date(2020, 12, 13)) == first
    assert in_force.on(plan, datetime.date(2020, 12, 14)) == second


def test_a_date_before_the_first_version_is_refused():
    plan, *_ = a_plan_with_items()
    first_version(plan)
    with pytest.raises(ValidationError) as refused:
        in_force.on(plan, ADOPTED - datetime.timedelta(days=1))
    assert "nog geen versie" in refused.value.messages[0]


def test_a_version_dated_before_the_one_in_force_is_refused_and_nothing_changes():
    plan, *_ = a_plan_with_items()
    first = first_version(plan)
    with pytest.raises(ValidationError) as refused:
        adopting.record(plan, name="AMJP", council_date=ADOPTED - datetime.timedelta(days=1), by=None)
    assert "kies een datum vanaf" in refused.value.messages[0]
    assert list(PlanVersion.objects.filter(plan=plan)) == [first]
    assert VersionItem.objects.filter(version__plan=plan).count() == len(rows(first))


def test_no_version_is_adopted_while_an_aanpassing_is_in_draft():
    plan, *_ = a_plan_with_items()
    first_version(plan)
    changes.save(PlanVersion(plan=plan, number=2, name="AMJP 2021-1", state=VersionState.DRAFT), by=None)
    with pytest.raises(ValidationError) as refused:
        adopting.record(plan, name="Raadsbeslissing", council_date=datetime.date(2021, 2, 1), by=None)
    assert "nog in ontwerp" in refused.value.messages[0]
    assert PlanVersion.objects.filter(plan=plan).count() == 2


def test_an_adopted_version_is_never_adopted_again():
    version = first_version(PlanFactory())
    with pytest.raises(ValidationError) as refused:
        adopting.adopt(version, council_date=datetime.date(2021, 1, 1), by=None)
    assert "nooit gewijzigd" in refused.value.messages[0]


def test_a_versions_items_are_never_deleted():
    plan, *_ = a_plan_with_items()
    version = first_version(plan)
    count = VersionItem.objects.filter(version=version).count()
    with pytest.raises(ProtectedError), transaction.atomic():
        VersionItem.objects.filter(version=version).delete()
    assert VersionItem.objects.filter(version=version).count() == count


def test_a_version_adopted_on_a_day_still_to_come_is_refused_and_nothing_changes():
    plan, *_ = a_plan_with_items()
    with pytest.raises(ValidationError) as refused:
        adopting.record(
            plan, name="MJP", council_date=datetime.date.today() + datetime.timedelta(days=2), by=None
        )
    assert "in de toekomst" in refused.value.messages[0]
    assert not PlanVersion.objects.filter(plan=plan).exists()
