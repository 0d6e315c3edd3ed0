"""Adoption as a rule: what stands in the way, the numbering, and what the plan in force holds."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from drafting import adoption, drafts, envelopes, framework
from drafting.models import ItemKind, Proposal
from plans.models import Action, ActionPlan, Amount, Goal, Plan, Project
from tests.drafting.builders import a_draft, a_goal, an_action_plan, retained_action_plan, through_all_steps
from versions.models import PlanVersion, VersionState

pytestmark = pytest.mark.django_db
RAAD = datetime.date(2019, 12, 19)


def ready_draft():
    draft = a_draft(start_year=2020, end_year=2025)
    health = retained_action_plan(draft, "We ontwikkelen een preventief gezondheidsbeleid")
    poverty = retained_action_plan(draft, "We bestrijden kinderarmoede")
    top = through_all_steps(a_goal(draft, "We halveren de armoede tegen 2030"))
    sub = through_all_steps(a_goal(draft, "Iedereen is gezond"))
    framework.link(sub, top, by=None)
    framework.link(health, Proposal.objects.get(pk=sub.pk), by=None)
    framework.link(poverty, top, by=None)
    envelopes.set_envelope(health, 2020, operating="100.000", investment="0", by=None)
    action = drafts.add_item(health, title="Gezondheidsloket", start_year=2020, end_year=2022, by=None)
    drafts.set_estimate(
        action,
        year=2020,
        category="E",
        direction="uitgave",
        budget_code="0950/6130000",
        amount="40.000",
        by=None,
    )
    drafts.set_estimate(
        action,
        year=2020,
        category="E",
        direction="uitgave",
        budget_code="0950/6140000",
        amount="10.000",
        by=None,
    )
    drafts.add_item(
        health, kind=ItemKind.PROJECT, title="Gezonde wijk", start_year=2021, end_year=2023, by=None
    )
    return draft


def test_what_stands_in_the_way_is_named():
    draft = a_draft()
    assert adoption.problems(draft) == [
        "Er is nog geen actieplan weerhouden: het ontwerp kan niet naar de raad."
    ]
    retained = retained_action_plan(draft, "Weerhouden")
    an_action_plan(draft, "Nog onderweg")
    found = adoption.problems(draft)
    assert any("Nog onderweg" in line and "nog in behandeling" in line for line in found)
    assert any(str(retained.title) in line and "geen doelstelling" in line for line in found)


def test_adoption_with_unlinked_actieplannen_is_refused_and_writes_nothing():
    draft = a_draft()
    retained_action_plan(draft)
    with pytest.raises(ValidationError, match="geen doelstelling"):
        adoption.adopt(draft, council_date=RAAD, slug="stad-2020-2025", numbering=adoption.AUTOMATIC, by=None)
    assert not Plan.objects.filter(slug="stad-2020-2025").exists()
    draft.refresh_from_db()
    assert not draft.is_adopted


def test_adopting_makes_the_plan_in_force_numbered_automatically_with_its_first_version():
    draft = ready_draft()
    adopted = adoption.adopt(
        draft, council_date=RAAD, slug="stad-2020-2025", numbering=adoption.AUTOMATIC, by=None
    )
    plan = adopted.plan
    assert sorted(Goal.objects.filter(plan=plan).values_list("number", "title")) == [
        ("OD 1.1", "Iedereen is gezond"),
        ("SD 1", "We halveren de armoede tegen 2030"),
    ]
    numbers = dict(ActionPlan.objects.filter(plan=plan).values_list("title", "number"))
    assert numbers == {
        "We ontwikkelen een preventief gezondheidsbeleid": "1.1.1",
        "We bestrijden kinderarmoede": "1.1",
    }
    health = ActionPlan.objects.get(plan=plan, number="1.1.1")
    assert health.goal.number == "OD 1.1" and health.budget == 100000
    action = Action.objects.get(action_plan=health)
    assert (action.number, action.title) == ("1.1.1.1", "Gezondheidsloket")
    assert list(Amount.objects.filter(action=action).values_list("year", "category", "amount")) == [
        (2020, "E", 50000)
    ]
    assert Project.objects.get(plan=plan).action_plans.get() == health
    assert (adopted.version.number, adopted.version.state, adopted.version.council_date) == (
        1,
        VersionState.ADOPTED,
        RAAD,
    )
    draft.refresh_from_db()
    assert draft.is_adopted and draft.plan == plan


def test_an_adopted_draft_takes_no_more_changes():
    draft = ready_draft()
    adoption.adopt(draft, council_date=RAAD, slug="stad-2020-2025", numbering=adoption.AUTOMATIC, by=None)
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="al vastgesteld"):
        an_action_plan(draft, "Te laat")
    with pytest.raises(ValidationError, match="al vastgesteld"):
        adoption.adopt(draft, council_date=RAAD, slug="nog-een", numbering=adoption.AUTOMATIC, by=None)
    assert PlanVersion.objects.count() == 1


def test_keeping_the_drafts_numbers_needs_every_number():
    draft = ready_draft()
    with pytest.raises(ValidationError, match="heeft geen nummer"):
        adoption.adopt(draft, council_date=RAAD, slug="stad-2020-2025", numbering=adoption.KEEP, by=None)
    assert not Plan.objects.filter(slug="stad-2020-2025").exists()


@pytest.mark.parametrize(
    "options, field",
    [
        ({"council_date": None}, "council_date"),
        ({"slug": ""}, "slug"),
        ({"numbering": "anders"}, "numbering"),
    ],
)
def test_the_adoption_form_is_checked_first(options, field):
    draft = ready_draft()
    values = {"council_date": RAAD, "slug": "stad-2020-2025", "numbering": adoption.AUTOMATIC, **options}
    with pytest.raises(ValidationError) as refused:
        adoption.adopt(draft, by=None, **values)
    assert field in refused.value.message_dict
    assert not PlanVersion.objects.exists()
