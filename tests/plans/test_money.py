"""Money per actie per year (BBC 2020): euro formatting, the envelope check, every total as the sum
of its parts, and the totals page ("Ramingen en realisaties")."""

import random
from decimal import Decimal

import pytest
from django.urls import reverse

from core import changes
from plans import money
from plans.finances import FinanceFilters, finance_overview
from plans.models import Amount, AmountKind, Category, Direction, LifeCycle
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    EntityFactory,
    GoalFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db


# --- euro formatting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234567.89"), "€ 1.234.567,89"),
        (Decimal("0"), "€ 0,00"),
        (Decimal("0.05"), "€ 0,05"),
        (Decimal("12.5"), "€ 12,50"),
        (Decimal("999"), "€ 999,00"),
        (Decimal("1000"), "€ 1.000,00"),
        (Decimal("-500"), "€ -500,00"),
        (Decimal("-1234567.80"), "€ -1.234.567,80"),
        (Decimal("100000000000.00"), "€ 100.000.000.000,00"),
    ],
)
def test_euro_is_written_the_flemish_way(amount, shown):
    assert money.euro(amount) == shown


def test_euro_of_nothing_is_empty():
    assert money.euro(None) == ""


# --- the envelope ----------------------------------------------------------------------------------


def split_with_expenses(amount: str) -> money.Split:
    split = money.Split()
    split.other.add(Category.OPERATING, Direction.EXPENSE, Decimal(amount))
    split.other.add(Category.OPERATING, Direction.RECEIPT, Decimal("99999"))  # receipts never count
    return split


def test_ramingen_over_the_envelope_say_by_how_much():
    check = money.envelope_check(Decimal("100000"), split_with_expenses("112000"))
    assert check.difference == Decimal("12000")
    assert check.verdict == "€ 12.000,00 boven de enveloppe"


def test_ramingen_under_the_envelope_say_by_how_much():
    check = money.envelope_check(Decimal("100000"), split_with_expenses("99999.50"))
    assert check.verdict == "€ 0,50 onder de enveloppe"


def test_ramingen_equal_to_the_envelope():
    assert (
        money.envelope_check(Decimal("100"), split_with_expenses("100.00")).verdict == "precies de enveloppe"
    )


def test_an_action_plan_without_ramingen_is_all_under_its_envelope():
    assert money.envelope_check(Decimal("250"), None).verdict == "€ 250,00 onder de enveloppe"


def test_an_action_plan_without_envelope_has_no_check():
    assert money.envelope_check(None, split_with_expenses("1")) is None


# --- every total is the sum of its parts -----------------------------------------------------------


def random_plan(seed: int):
    """A small plan drawn at random: goals (and action plans without one), entities, marks on acties
    and actieplannen, struck acties, and amounts of both kinds over the plan's years."""
    rng = random.Random(seed)
    plan = PlanFactory(start_year=2026, end_year=2028)
    goals = [GoalFactory(plan=plan, number=str(n)) for n in range(1, rng.randint(1, 3) + 1)]
    entities = [EntityFactory(plan=plan, code=f"E{n}") for n in range(rng.randint(0, 2))]
    amounts = []
    for ap_number in range(10, 10 * rng.randint(2, 5) + 1, 10):
        action_plan = ActionPlanFactory(
            plan=plan,
            number=str(ap_number),
            goal=rng.choice([*goals, None]),
            priority=rng.random() < 0.2,
        )
        for n in range(1, rng.randint(0, 4) + 1):
            struck = rng.random() < 0.15
            action = ActionFactory(
                action_plan=action_plan,
                number=f"{ap_number}.{n}",
                priority=rng.random() < 0.3,
                entity=rng.choice([*entities, None]),
                life_cycle=LifeCycle.REMOVED if struck else LifeCycle.ACTIVE,
                life_cycle_date="2027-01-01" if struck else None,
            )
            for kind in AmountKind.values:
                for year in (2026, 2027, 2028):
                    for category in Category.values:
                        for direction in Direction.values:
                            if rng.random() < 0.3:
                                cents = rng.randint(-10_000, 5_000_000)
                                amounts.append(
                                    Amount(
                                        action=action,
                                        kind=kind,
                                        year=year,
                                        category=category,
                                        direction=direction,
                                        amount=Decimal(cents) / 100,
                                    )
                                )
    changes.create_many(amounts, by=None, reason="test")
    return plan


def summed(splits) -> money.Split:
    result = money.Split()
    for split in splits:
        result.priority += split.priority
        result.other += split.other
    return result


def assert_same(left: money.Split, right: money.Split) -> None:
    assert left.priority.values == right.priority.values
    assert left.other.values == right.other.values


@pytest.mark.parametrize("seed", range(8))
def test_every_total_is_the_sum_of_its_parts(seed):
    plan = random_plan(seed)
    facts = money.action_facts(plan)
    for kind in AmountKind.values:
        for years in (None, [2027]):
            totals = money.totals(plan, kind, years)
            amounts = Amount.objects.filter(action__action_plan__plan=plan, kind=kind)
            if years:
                amounts = amounts.filter(year__in=years)
            # an actie's figures are its own amounts
            for action_id, figures in totals.by_action.items():
                own = amounts.filter(action_id=action_id)
                for category, direction in money.KEYS:
                    expected = sum(
                        (a.amount for a in own if (a.category, a.direction) == (category, direction)),
                        money.ZERO,
                    )
                    assert figures.get(category, direction) == expected
            # an actieplan is the sum of its acties, split by the acties' priority
            for action_plan_id, split in totals.by_action_plan.items():
                expected = money.Split()
                for fact in facts:
                    if fact.action_plan_id == action_plan_id and fact.action_id in totals.by_action:
                        expected.add(totals.by_action[fact.action_id], priority=fact.priority)
                assert_same(split, expected)
            # a doelstelling (or "zonder doelstelling") is the sum of its actieplannen
            goal_of = {fact.action_plan_id: fact.goal_id for fact in facts}
            for goal_id, split in totals.by_goal.items():
                parts = [s for ap, s in totals.by_action_plan.items() if goal_of[ap] == goal_id]
                assert_same(split, summed(parts))
            # the plan is the sum of its doelstellingen, and the sum of its entities
            assert_same(totals.plan, summed(totals.by_goal.values()))
            assert_same(totals.plan, summed(totals.by_entity.values()))
            # prioritair + niet-prioritair = total, at every level
            for split in [totals.plan, *totals.by_goal.values(), *totals.by_action_plan.values()]:
                assert (split.priority + split.other).values == split.total.values
            # the plan over the years is the sum of each year
            if years is None:
                by_year = [money.totals(plan, kind, [year]).plan for year in (2026, 2027, 2028)]
                assert_same(totals.plan, summed(by_year))


@pytest.mark.parametrize("seed", range(6))
def test_the_totals_page_sums_as_the_money_rules_do(seed):
    """The page lets the database sum per actieplan, entity, priority and year: every level must
    come out as ``plans/money.py`` sums it from the acties."""
    plan = random_plan(200 + seed)
    for kind in AmountKind.values:
        for year in (None, 2026, 2028):
            overview = finance_overview(plan, FinanceFilters(kind=kind, year=year))
            expected = money.totals(plan, kind, None if year is None else [year])
            assert_same(overview.plan, expected.plan)
            lines = {line.action_plan.pk: line.split for b in overview.goals for line in b.action_plans}
            for action_plan_id, split in expected.by_action_plan.items():
                assert_same(lines[action_plan_id], split)
            goals = {block.line.number or None: block.line.split for block in overview.goals}
            numbers = dict(plan.goals.values_list("pk", "number"))
            for goal_id, split in expected.by_goal.items():
                assert_same(goals[numbers.get(goal_id)], split)
            entities = {line.number or None: line.split for line in overview.entities}
            codes = dict(plan.entities.values_list("pk", "code"))
            if overview.entities:
                for entity_id, split in expected.by_entity.items():
                    assert_same(entities[codes.get(entity_id)], split)


@pytest.mark.parametrize("seed", range(4))
def test_the_totals_page_shows_sums_of_its_parts_whatever_the_filters(seed):
    plan = random_plan(100 + seed)
    entities = list(plan.entities.all())
    for filters in [
        FinanceFilters(),
        FinanceFilters(kind=AmountKind.ACTUAL, year=2027),
        FinanceFilters(priority_only=True),
        *[FinanceFilters(entity=entity) for entity in entities],
    ]:
        overview = finance_overview(plan, filters)
        assert_same(overview.plan, summed(block.line.split for block in overview.goals))
        for block in overview.goals:
            assert_same(block.line.split, summed(line.split for line in block.action_plans))
        if overview.entities:
            assert_same(overview.plan, summed(line.split for line in overview.entities))
        assert_same(overview.all_years, summed(line.split for line in overview.years))
        if filters.year is None:
            assert_same(overview.all_years, overview.plan)
        if filters.priority_only:
            assert overview.plan.other.is_zero


# --- the totals page ------------------------------------------------------------------------------


def plan_with_money(action_plans: int, actions_each: int):
    """A plan of two goals and two entities; every actie has ramingen for each year, every third is
    prioritair; each actieplan has an envelope."""
    plan = PlanFactory(start_year=2026, end_year=2031, slug=f"mjp-{action_plans}-{actions_each}")
    goals = [GoalFactory(plan=plan, number=str(n)) for n in (1, 2)]
    entities = [EntityFactory(plan=plan, code="GEM"), EntityFactory(plan=plan, code="OCMW")]
    amounts = []
    index = 0
    for ap in range(1, action_plans + 1):
        action_plan = ActionPlanFactory(
            plan=plan, number=str(ap * 10), goal=goals[ap % 2], budget=Decimal("60000")
        )
        for n in range(1, actions_each + 1):
            index += 1
            action = ActionFactory(
                action_plan=action_plan,
                number=f"{ap * 10}.{n}",
                priority=index % 3 == 0,
                entity=entities[index % 2],
            )
            amounts += [
                Amount(
                    action=action,
                    kind=AmountKind.ESTIMATE,
                    year=year,
                    category="E",
                    direction="uitgave",
                    amount=Decimal("1000.50"),
                )
                for year in range(2026, 2032)
            ]
    changes.create_many(amounts, by=None, reason="test")
    return plan


def finances_url(plan, **filters) -> str:
    return reverse("plans:finances", args=[plan.slug])


def test_the_totals_page_has_a_constant_query_count(client, cel_user, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cel_user)
    counts = []
    for size in ((1, 1), (12, 10)):
        plan = plan_with_money(*size)
        client.get(finances_url(plan))  # the session renewal after login
        for params in ({}, {"kind": "realisatie", "year": "2027", "priority": "on", "entity": "GEM"}):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(finances_url(plan), params)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
    assert max(counts) <= 15, counts


def test_the_totals_page_shows_goals_action_plans_entities_and_envelopes(client, council_user):
    plan = plan_with_money(2, 10)  # 10 acties × 6 years × € 1.000,50 = € 60.030,00 per actieplan
    client.force_login(council_user)
    page = client.get(finances_url(plan)).content.decode()
    assert "<caption>" in page and 'scope="row"' in page and 'scope="col"' in page
    assert "Beleidsdoelstelling 1." in page and "Actieplan 10." in page and "Actieplan 20." in page
    assert "€ 120.060,00" in page  # the plan's uitgaven over every year
    assert "€ 30,00 boven de enveloppe" in page
    assert "prioritair</span>" in page
    assert "GEM" in page and "OCMW" in page
    # one year of the plan (20 acties × € 1.000,50), its cell named for a phone's stacked table
    assert 'class="amount" data-label="uitgaven totaal">€ 20.010,00' in page
    assert 'class="amount total expenses" data-label="Totaal uitgaven">€ 120.060,00' in page


def test_the_totals_page_filters_on_year_priority_and_entity(client, cel_user):
    plan = plan_with_money(2, 3)  # 6 acties: the 3rd and 6th prioritair, entities alternating
    client.force_login(cel_user)
    page = client.get(finances_url(plan), {"year": "2026"}).context["overview"]
    assert page.plan.total.expenses == Decimal("6003.00")
    page = client.get(finances_url(plan), {"year": "2026", "priority": "on"}).context["overview"]
    assert page.plan.total.expenses == Decimal("2001.00") and page.plan.other.is_zero
    page = client.get(finances_url(plan), {"entity": "GEM"}).context["overview"]
    assert page.plan.total.expenses == Decimal("3") * 6 * Decimal("1000.50")
    assert [line.number for line in page.entities] == ["GEM"]
    page = client.get(finances_url(plan), {"kind": "realisatie"}).context["overview"]
    assert page.plan.total.is_zero
    # the envelopes always compare with the ramingen, whatever the page shows
    assert page.envelopes[0].check.estimated == Decimal("3") * 6 * Decimal("1000.50")


def test_the_totals_page_refuses_nothing_and_ignores_a_bad_filter(client, cel_user):
    plan = plan_with_money(1, 1)
    client.force_login(cel_user)
    response = client.get(finances_url(plan), {"year": "1999", "kind": "x", "entity": "?"})
    assert response.status_code == 200
    assert "Kies" in response.content.decode() or response.context["overview"].filters.year is None


def test_an_action_plans_page_shows_its_acties_money_per_year(client, cel_user):
    plan = plan_with_money(1, 2)
    client.force_login(cel_user)
    page = client.get(reverse("plans:action_plan_status", args=[plan.slug, "10"])).content.decode()
    assert "10.1" in page and "2031" in page and "€ 1.000,50" in page


def test_a_struck_prioritaire_actie_counts_prioritair_only_while_its_actieplan_is():
    """Its money stays with it, but a report shows prioritaire money under prioritaire actieplannen
    only: the totals, the totals page and the BBC reports all follow ``Priorities.money``."""
    plan = PlanFactory(start_year=2026, end_year=2028)
    alone = ActionPlanFactory(plan=plan, number="10")
    struck = ActionFactory(
        action_plan=alone,
        number="10.1",
        priority=True,
        life_cycle=LifeCycle.REMOVED,
        life_cycle_date="2026-05-01",
    )
    held = ActionPlanFactory(plan=plan, number="20")
    struck_in_held = ActionFactory(
        action_plan=held,
        number="20.1",
        priority=True,
        life_cycle=LifeCycle.REMOVED,
        life_cycle_date="2026-05-01",
    )
    ActionFactory(action_plan=held, number="20.2", priority=True)
    changes.create_many(
        [
            Amount(
                action=action,
                kind=AmountKind.ACTUAL,
                year=2026,
                category="E",
                direction="uitgave",
                amount=amount,
            )
            for action, amount in ((struck, Decimal("100.00")), (struck_in_held, Decimal("7.00")))
        ],
        by=None,
        reason="test",
    )
    totals = money.totals(plan, AmountKind.ACTUAL)
    assert totals.by_action_plan[alone.pk].other.expenses == Decimal("100.00")
    assert totals.by_action_plan[held.pk].priority.expenses == Decimal("7.00")
    page = finance_overview(plan, FinanceFilters(kind=AmountKind.ACTUAL, year=None))
    assert_same(page.plan, totals.plan)


def test_a_plan_without_amounts_says_so_and_where_to_read_them_in(client, cel_user, council_user):
    plan = PlanFactory(start_year=2026, end_year=2028)
    ActionFactory(action_plan=ActionPlanFactory(plan=plan, number="10"), number="10.1")
    url = reverse("plans:finances", args=[plan.slug])
    client.force_login(cel_user)
    page = client.get(url).content.decode()
    assert "Nog geen bedragen" in page and "Dit plan heeft geen ramingen voor deze keuze." in page
    assert reverse("reporting:amounts_upload", args=[plan.slug]) in page
    assert "Per beleidsdoelstelling en actieplan" not in page
    client.force_login(council_user)
    page = client.get(url + "?kind=realisatie").content.decode()
    assert "Dit plan heeft geen realisaties voor deze keuze." in page
    assert reverse("reporting:amounts_upload", args=[plan.slug]) not in page
