"""The fictitious BBC 2020 demo: Meerjarenplan 2026–2031 of Voorbeeldgemeente."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.rounds import BBC_ACTUALS_FILE, BBC_ESTIMATES_FILE, load_bbc_demo
from plans import money, owners, priorities
from plans.models import Action, ActionPlan, Amount, AmountKind, Category, Direction, Goal, Plan, Status
from reporting.bbc_reports import LineKind, build_bbc_report
from rounds.models import ReportingRound, RoundKind, RoundState
from tests.helpers import database_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def bbc(users):
    plan, _ = load_bbc_demo(by=users["cel"])
    return plan


def test_its_name_says_it_is_invented(bbc):
    assert "(fictief)" in bbc.name and "(fictief)" in bbc.authority
    assert bbc.period == "2026–2031"


def test_five_goals_fifteen_action_plans_about_fifty_actions_on_two_entities(bbc):
    assert Goal.objects.filter(plan=bbc).count() == 5
    assert ActionPlan.objects.in_plan(bbc).count() == 15
    actions = Action.objects.in_plan(bbc)
    assert actions.count() == 52  # 51 in the plan file, 1.1.5 added by the aanpassing of June 2026
    # An actie an aanpassing adds has a number, title and years; its entity, beleidsveld and code come
    # later from the finance package.
    from_file = actions.exclude(number="1.1.5")
    assert set(from_file.values_list("entity__code", flat=True)) == {"GEM", "OCMW"}
    assert not from_file.filter(policy_field=None).exists()
    assert not from_file.filter(external_code="").exists()


def test_about_a_third_of_the_actions_is_prioritair(bbc):
    prioritair = priorities.priority_actions(Action.objects.in_plan(bbc)).count()
    assert (
        prioritair == 17
    )  # 14 marked, and the 3 of the one actieplan marked as a whole: a third of the 51 of the plan file
    derived = priorities.of_plan(bbc)
    # Derived through their prioritaire acties, not every actieplan or doelstelling is prioritair, so
    # "enkel prioritair" shows fewer: 9 of the 15 actieplannen, 4 of the 5 doelstellingen (not BD 4).
    assert len(derived.action_plans) == 9
    numbers = set(Goal.objects.filter(pk__in=derived.goals).values_list("number", flat=True))
    assert numbers == {"1", "2", "3", "5"}


def _file_sums(path, year=None) -> dict[tuple[str, str, str, str], Decimal]:
    """The file's own sums per actie, jaar, categorie and richting, read without the product's code."""
    sums: dict = {}
    for row in csv.DictReader(path.open(encoding="utf-8"), delimiter=";"):
        key = (row["actie"], row["jaar"], row["categorie"], row["uitgave/ontvangst"])
        sums[key] = sums.get(key, Decimal(0)) + Decimal(row["bedrag"].replace(".", "").replace(",", "."))
    return sums


@pytest.mark.parametrize(
    ("kind", "path"), [(AmountKind.ESTIMATE, BBC_ESTIMATES_FILE), (AmountKind.ACTUAL, BBC_ACTUALS_FILE)]
)
def test_the_amounts_are_the_files_figures(bbc, kind, path):
    stored = {
        (code, str(year), category, "U" if d == Direction.EXPENSE else "O"): amount
        for code, year, category, d, amount in Amount.objects.filter(
            action__action_plan__plan=bbc, kind=kind
        ).values_list("action__external_code", "year", "category", "direction", "amount")
    }
    assert stored == _file_sums(path)
    assert {key[3] for key in stored} == {"U", "O"}  # uitgaven and ontvangsten both occur


def test_ramingen_for_every_year_of_the_plan_realisaties_for_2026(bbc):
    years = set(Amount.objects.filter(kind=AmountKind.ESTIMATE).values_list("year", flat=True))
    assert years == set(range(2026, 2032))
    assert set(Amount.objects.filter(kind=AmountKind.ACTUAL).values_list("year", flat=True)) == {2026}


def test_the_hand_checked_sums_of_goal_1_in_2026(bbc):
    """Added up by hand from the two files: BD 1, exploitatie uitgaven 2026."""
    estimates = money.totals(bbc, AmountKind.ESTIMATE, years=[2026])
    actuals = money.totals(bbc, AmountKind.ACTUAL, years=[2026])
    goal = Goal.objects.get(plan=bbc, number="1")
    e, u = Category.OPERATING, Direction.EXPENSE
    assert estimates.by_goal[goal.pk].priority.get(e, u) == Decimal("87700.00")
    assert estimates.by_goal[goal.pk].other.get(e, u) == Decimal("100600.00")
    assert actuals.by_goal[goal.pk].priority.get(e, u) == Decimal("21046.56")
    assert actuals.by_goal[goal.pk].other.get(e, u) == Decimal("19428.41")


def test_a_rapportering_of_march_closed_and_the_opvolgingsrapportering_open(bbc):
    march = ReportingRound.objects.get(plan=bbc, name="Rapportering maart 2026")
    assert march.state == RoundState.CLOSED
    follow_up = ReportingRound.objects.get(plan=bbc, name="Opvolgingsrapportering 2026")
    assert follow_up.state == RoundState.OPEN and follow_up.kind == RoundKind.FOLLOW_UP
    assert (str(follow_up.period_start), str(follow_up.period_end)) == ("2026-01-01", "2026-06-30")
    assert follow_up.changed_assumptions and follow_up.changed_financial_risks
    moved = [
        item
        for item in march.frozen_items.filter(kind="actie")
        if item.status != Action.objects.get(pk=item.item_id).status
    ]
    assert len(moved) == 21
    assert Status.NOT_STARTED in {item.status for item in moved}


def test_loading_twice_changes_nothing(bbc, users):
    before = database_state()
    plan, report = load_bbc_demo(by=users["cel"])
    assert plan == bbc and not report.created
    assert database_state() == before


def test_load_demo_loads_both_plans(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert Plan.objects.filter(slug__in=["turnhout-2014-2019", "voorbeeldgemeente-2026-2031"]).count() == 2
    assert "Voorbeeldgemeente (fictief)" in out.getvalue()
    bbc = Plan.objects.get(slug="voorbeeldgemeente-2026-2031")
    users = {u.username: u for u in get_user_model().objects.all()}
    owned = {
        username: sorted(
            ap.number for ap in ActionPlan.objects.in_plan(bbc) if owners.owns(users[username], ap)
        )
        for username in ("vg-diensthoofd", "vg-projectleider", "diensthoofd")
    }
    assert owned == {
        "vg-diensthoofd": ["1.1", "1.2", "1.3"],
        "vg-projectleider": ["2.1", "2.2"],
        "diensthoofd": [],
    }
    assert owners.owns(users["vg-projectleider"], Action.objects.in_plan(bbc).get(number="5.1.2"))
    assert all(name in out.getvalue() for name in users)  # every login printed
    follow_up = ReportingRound.objects.get(plan=bbc, name="Opvolgingsrapportering 2026")
    assert (follow_up.opened_on, follow_up.deadline) == (
        datetime.date(2026, 9, 1),
        datetime.date(2026, 12, 15),
    )


def test_its_opvolgingsrapportering_shows_exactly_the_prioritaire_items_and_the_hand_checked_sums(bbc):
    round = ReportingRound.objects.get(plan=bbc, name="Opvolgingsrapportering 2026")
    report = build_bbc_report(round)
    shown = {(item.row.kind, item.row.number) for goal in report.goals for item in goal.items}
    prioritaire_actions = priorities.priority_actions(Action.objects.in_plan(bbc))
    prioritaire_plans = priorities.priority_action_plans(ActionPlan.objects.in_plan(bbc))
    assert shown == {("actie", n) for n in prioritaire_actions.values_list("number", flat=True)} | {
        ("actieplan", n) for n in prioritaire_plans.values_list("number", flat=True)
    }
    # each shows its status now and in the closed March round (21 acties moved in between)
    moved = [item for goal in report.goals for item in goal.items if item.moved]
    assert moved and all(item.previous_status for item in moved)
    # BD 1, exploitatie uitgaven of 2026, added up by hand from the two files
    goal_1 = next(goal for goal in report.goals if goal.number == "1")
    other = next(line for line in goal_1.money if line.kind == LineKind.OTHER)
    total = next(line for line in goal_1.money if line.kind == LineKind.TOTAL)
    e, u = Category.OPERATING, Direction.EXPENSE
    assert (other.estimate.get(e, u), other.actual.get(e, u)) == (Decimal("100600.00"), Decimal("19428.41"))
    assert (total.estimate.get(e, u), total.actual.get(e, u)) == (
        Decimal("87700.00") + Decimal("100600.00"),
        Decimal("21046.56") + Decimal("19428.41"),
    )
