import io

import pytest
from django.core.management import CommandError, call_command

from plans import money
from plans.models import Action, Amount, AmountKind, ChangeProposal, LifeCycle, Plan, PolicyField, Status
from rounds.models import ReportingRound

pytestmark = pytest.mark.django_db


def test_generate_plan_builds_a_plan_with_history_rounds_and_proposals():
    out = io.StringIO()
    call_command(
        "generate_plan",
        "--slug",
        "klein",
        "--goals",
        "3",
        "--actionplans",
        "12",
        "--actions",
        "120",
        "--projects",
        "6",
        "--rounds",
        "3",
        "--indicators",
        "12",
        stdout=out,
    )
    plan = Plan.objects.get(slug="klein")
    actions = Action.objects.in_plan(plan)
    assert actions.count() >= 120 and plan.goals.count() == 3 and plan.projects.count() == 6
    assert set(actions.values_list("status", flat=True)) == set(Status.values)
    assert set(actions.values_list("life_cycle", flat=True)) == set(LifeCycle.values)
    assert ReportingRound.objects.filter(plan=plan, state="closed").count() == 3
    assert Action.history.filter(action_plan__plan=plan).count() > 120 * 1.5  # several versions per item
    assert set(ChangeProposal.objects.filter(plan=plan).values_list("kind", flat=True)) == {
        "remove",
        "reword",
        "merge",
    }
    # BBC 2020: two entities, beleidsvelden, a third prioritair, ramingen for every year on every actie
    assert plan.entities.count() == 2 and PolicyField.objects.count() >= 2
    assert actions.filter(priority=True).count() == pytest.approx(actions.count() / 3, abs=1)
    assert not actions.filter(entity=None).exists() and not actions.filter(policy_field=None).exists()
    estimates = Amount.objects.filter(action__action_plan__plan=plan, kind=AmountKind.ESTIMATE)
    years = set(range(plan.start_year, plan.end_year + 1))
    per_action = {}
    for action_id, year in estimates.filter(category="E", direction="uitgave").values_list(
        "action_id", "year"
    ):
        per_action.setdefault(action_id, set()).add(year)
    assert len(per_action) == actions.count() and all(found == years for found in per_action.values())
    assert set(estimates.values_list("category", "direction").distinct()) == set(money.KEYS)
    assert Amount.history.filter(action__action_plan__plan=plan).count() == estimates.count()
    assert plan.indicators.count() == 12  # tests/indicators/test_synthetic.py checks them
    assert "gemaakt in" in out.getvalue()
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("generate_plan", "--slug", "klein", stdout=io.StringIO())
