import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tasks import default_task_backend

from core import changes
from tests.versions.builders import a_plan_with_items, first_version
from tests.versions.compare_builders import REWORDED, two_versions
from versions import compare
from versions.compare import CATEGORY_LABELS
from versions.models import Comparison, ItemKind, PlanVersion, VersionState

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(admin_user):
    return two_versions(admin_user)


def found(rows, change=None):
    return [
        (row["change"], row["kind"], row["number"])
        for row in compare.changes_of(rows)
        if change is None or row["change"] == change
    ]


def test_each_kind_of_change_is_found_exactly_in_plan_order(world):
    rows = compare.compare(world.older, world.newer)
    assert found(rows) == [
        ("eigenaar", "actieplan", "1"),
        ("geherformuleerd", "actie", "1.1"),
        ("ramingen", "actie", "1.1"),
        ("geschrapt", "actie", "1.2"),
        ("gebundeld", "actie", "1.3"),
        ("prioriteit", "doelstelling", "SD 2"),
        ("prioriteit", "actieplan", "2"),
        ("prioriteit", "actie", "2.1"),
        ("ramingen", "actie", "2.1"),
        ("prioriteit", "actie", "2.2"),
        ("verplaatst", "actie", "2.2"),
        ("toegevoegd", "actieplan", "3"),
        ("streefwaarden", "indicator", ""),
    ]


def test_the_details_of_each_change(world):
    rows = {
        (row["change"], row["number"]): row
        for row in compare.changes_of(compare.compare(world.older, world.newer))
    }
    reworded = rows["geherformuleerd", "1.1"]
    assert reworded["old"] == "We organiseren budgetbegeleiding."
    assert reworded["new"] == REWORDED
    assert [text for op, text in reworded["diff"] if op == "insert"] == [" voor elk gezin"]
    assert "".join(text for op, text in reworded["diff"] if op != "insert") == reworded["old"]
    assert "".join(text for op, text in reworded["diff"] if op != "delete") == reworded["new"]
    assert rows["gebundeld", "1.3"]["into"] == f"1.1 {REWORDED}"
    assert compare.describe(rows["gebundeld", "1.3"]) == f"Gebundeld in 1.1 {REWORDED}"
    assert rows["geschrapt", "1.2"]["absent"] is False
    marked, derived = rows["prioriteit", "2"], rows["prioriteit", "SD 2"]
    assert (marked["old"], marked["new"], marked["how"]) == (False, True, "aangeduid")
    assert (derived["old"], derived["new"], derived["how"]) == (False, True, "afgeleid")
    assert rows["prioriteit", "2.1"]["how"] == "afgeleid"
    assert compare.describe(marked) == "Was niet prioritair, wordt prioritair (aangeduid)."
    moved = rows["verplaatst", "2.2"]
    assert (moved["old"], moved["new"]) == ("1 We stimuleren zelfhulp.", "2 We renoveren sociale woningen.")
    owner = rows["eigenaar", "1"]
    assert owner["old"] == "" and owner["new"] == (
        world.action_plan.owner.get_full_name() or world.action_plan.owner.username
    )
    money = rows["ramingen", "1.1"]["money"]
    assert money["2020"]["E"] == ["1000.00", "1500.00", "0.00", "0.00"]
    assert "2021" not in money
    assert compare.describe(rows["ramingen", "1.1"]) == (
        f"2020 {CATEGORY_LABELS['E']} uitgaven: € 1.000,00 → € 1.500,00 (+ € 500,00)"
    )
    assert rows["streefwaarden", ""]["years"] == [["2025", "120", "150"]]
    assert compare.describe(rows["streefwaarden", ""]) == "2025: 120 → 150"


def test_an_item_absent_from_the_newer_version_is_struck():
    plan, *_ = a_plan_with_items()
    older = first_version(plan)
    newer = first_version(plan, on=datetime.date(2021, 1, 4), name="AMJP 2021-1")
    assert compare.changes_of(compare.compare(older, newer)) == []  # nothing changed in between
    # An item the newer version does not hold at all (a version's rows are never removed, so the
    # comparer is handed such a snapshot).
    comparer = compare._Comparer(compare.snapshots.of(older), compare.snapshots.of(newer))
    action = comparer.older.items(ItemKind.ACTION)[1]
    del comparer.newer.by_id[(ItemKind.ACTION, action.item_id)]
    comparer.compare_pair(compare._Pair(ItemKind.ACTION, action.item_id, action, None))
    assert [(row["change"], row["absent"]) for row in comparer.rows] == [("geschrapt", True)]
    assert compare.describe(comparer.rows[0]) == "Geschrapt: niet meer in deze versie."


def money(rows, level, number=None):
    for row in compare.money_of(rows):
        if row["level"] == level and (number is None or row["number"] == number):
            return row["money"]
    return None


def difference(cells, year="totaal", category="E"):
    exp_old, exp_new, rec_old, rec_new = (Decimal(v) for v in cells.get(year, {}).get(category, [0, 0, 0, 0]))
    return exp_new - exp_old, rec_new - rec_old


def test_the_ramingen_are_summed_bottom_up_each_total_the_sum_of_its_parts(world):
    rows = compare.compare(world.older, world.newer)
    assert difference(money(rows, "actie", "1.1")) == (Decimal(500), 0)
    assert difference(money(rows, "actie", "2.1"), "2021") == (Decimal(2000), 0)
    assert money(rows, "actie", "2.2") is None  # moved with the same raming: no difference of its own
    # Actieplan 1 lost the moved actie's 100 and gained 500; actieplan 2 gained 2,000 and the 100.
    assert difference(money(rows, "actieplan", "1")) == (Decimal(400), 0)
    assert difference(money(rows, "actieplan", "2")) == (Decimal(2100), 0)
    assert money(rows, "actieplan", "1")["2020"]["E"] == ["1100.00", "1500.00", "0.00", "0.00"]
    assert difference(money(rows, "doelstelling", "SD 1")) == (Decimal(400), 0)
    assert difference(money(rows, "doelstelling", "SD 2")) == (Decimal(2100), 0)
    plan = money(rows, "plan")
    assert difference(plan) == (Decimal(2500), 0)
    assert plan["totaal"]["E"] == ["1100.00", "3600.00", "300.00", "300.00"]  # the ontvangst unchanged
    goals = sum((difference(money(rows, "doelstelling", n))[0] for n in ("SD 1", "SD 2")), Decimal(0))
    action_plans = sum((difference(money(rows, "actieplan", n))[0] for n in ("1", "2")), Decimal(0))
    assert goals == action_plans == difference(plan)[0]
    assert difference(plan, "2020") == (Decimal(500), 0) and difference(plan, "2021") == (Decimal(2000), 0)


def test_the_filters(world):
    rows = compare.compare(world.older, world.newer)
    by_goal = compare.changes_of(rows, compare.Filters(goal=world.other_goal.pk))
    assert {row["number"] for row in by_goal} == {"SD 2", "2", "2.1", "2.2", "3"}
    struck = compare.changes_of(rows, compare.Filters(change="geschrapt"))
    assert [row["number"] for row in struck] == ["1.2"]
    prioritair = compare.changes_of(rows, compare.Filters(priority_only=True))
    assert [row["number"] for row in prioritair] == ["SD 2", "2", "2.1", "2.1", "2.2", "2.2"]
    both = compare.changes_of(rows, compare.Filters(goal=world.other_goal.pk, change="prioriteit"))
    assert [row["number"] for row in both] == ["SD 2", "2", "2.1", "2.2"]
    money_sd1 = compare.money_of(rows, compare.Filters(goal=world.goal.pk))
    assert {(row["level"], row["number"]) for row in money_sd1} == {
        ("actie", "1.1"),
        ("actieplan", "1"),
        ("doelstelling", "SD 1"),
        ("plan", ""),
    }
    assert [row["title"] for row in compare.goals(rows)] == ["Iedereen kan meedoen.", "Iedereen woont goed."]
    assert compare.counts(rows)["prioriteit"] == 4


def test_versions_of_different_plans_are_refused_and_nothing_is_stored():
    older = first_version(a_plan_with_items()[0])
    other = first_version(a_plan_with_items()[0])
    for action in (compare.compare, compare.comparison, compare.request):
        with pytest.raises(ValidationError) as refused:
            action(older, other)
        assert "verschillende plannen" in refused.value.messages[0]
    assert not Comparison.objects.exists()


def test_a_version_in_ontwerp_is_refused(admin_user):
    plan, *_ = a_plan_with_items()
    older = first_version(plan)
    draft = changes.save(
        PlanVersion(plan=plan, number=2, name="AMJP 2021-1", state=VersionState.DRAFT, based_on=older),
        by=None,
    )
    with pytest.raises(ValidationError) as refused:
        compare.comparison(older, draft)
    assert "nog een ontwerp" in refused.value.messages[0]
    assert not Comparison.objects.exists()


def test_a_comparison_is_computed_once_and_stored(world, django_assert_num_queries, monkeypatch):
    first = compare.comparison(world.newer, world.older)  # either order: older and newer by number
    assert (first.older, first.newer, first.key) == (world.older, world.newer, compare.key())
    assert first.rows == compare.compare(world.older, world.newer)
    calls = []
    monkeypatch.setattr(compare, "compare", lambda *args: calls.append(args) or [])
    with django_assert_num_queries(1):
        again = compare.comparison(world.older, world.newer)
    assert again.pk == first.pk and calls == []
    assert Comparison.objects.count() == 1
    assert compare.request(world.older, world.newer) == (first, compare.DONE)


def test_a_large_compare_is_a_task_followed_by_its_page(world, monkeypatch, queued):
    monkeypatch.setattr(compare, "SMALL", 3)
    assert compare.request(world.older, world.newer) == (None, compare.WAITING)
    assert compare.request(world.older, world.newer) == (None, compare.WAITING)  # asked once
    assert [result.args for result in default_task_backend.results] == [[world.older.pk, world.newer.pk]]
    assert not Comparison.objects.exists()
    assert compare.compare_versions.call(world.older.pk, world.newer.pk) == compare.DONE
    stored, state = compare.request(world.older, world.newer)
    assert state == compare.DONE and stored.rows == compare.compare(world.older, world.newer)


def test_a_failed_task_is_marked_and_asked_again(world, monkeypatch, queued):
    monkeypatch.setattr(compare, "SMALL", 3)
    compare.request(world.older, world.newer)
    monkeypatch.setattr(compare, "compare", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        compare.compare_versions.call(world.older.pk, world.newer.pk)
    assert compare.request(world.older, world.newer) == (None, "failed")
    assert compare.request(world.older, world.newer, again=True) == (None, compare.WAITING)
    assert not Comparison.objects.exists()


def test_a_struck_acties_ramingen_stay_in_the_totals_as_on_the_finance_pages(admin_user):
    import datetime as _datetime

    from plans.lifecycle import remove_items
    from tests.versions.builders import a_plan_with_items, first_version
    from versions import adopting

    plan, _goal, _action_plan, first, _second = a_plan_with_items()
    older = first_version(plan)
    remove_items([first], on=_datetime.date(2021, 1, 5), reason="schrappen", by=admin_user)
    newer = adopting.record(plan, name="AMJP 2021-1", council_date=_datetime.date(2021, 1, 5), by=admin_user)
    rows = compare.compare(older, newer)
    assert [(row["number"], row["change"]) for row in compare.changes_of(rows)] == [("1.1", "geschrapt")]
    assert not [row for row in compare.money_of(rows) if row["money"]], "no raming changed"
