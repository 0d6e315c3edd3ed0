"""A small published plan with two adopted versions and a closed rapportering, for the public site's,
the API's and the downloads' tests.

The story, in dates:
- 2 March 2020: the raad adopts version 1 (MJP 2020-2025): goal SD 1 with actieplan 1 (acties 1.1 and
  1.2; ramingen on 1.1), a project and an indicator with a target.
- 30 June 2020: the rapportering juni 2020 is closed: 1.1 loopt with a public toelichting, 1.2 is
  afgewerkt with a toelichting marked internal, a realisatie of 2020 on 1.1 and an indicator value.
- 14 December 2020: the raad adopts version 2 (AMJP 2021-1): a new actie 1.3 and actie 1.2 reworded.
Publication is on. Nothing after that is public: a live edit, an open round, an aanpassing in ontwerp.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from core import changes
from indicators.values import record_value, set_target
from plans.models import AmountKind, Status
from publicsite import publishing
from reporting.rounds import close_round, open_round
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AmountFactory,
    GoalFactory,
    IndicatorFactory,
    OrganisationFactory,
    PlanFactory,
    ProjectFactory,
)
from versions import adopting

FIRST_ADOPTED = datetime.date(2020, 3, 2)
ROUND_DATE = datetime.date(2020, 6, 30)
SECOND_ADOPTED = datetime.date(2020, 12, 14)
PUBLIC_TOELICHTING = "De eerste budgetbegeleidingen zijn gestart."
INTERNAL_TOELICHTING = "Intern: de kruidenier kost meer dan gedacht."


@dataclass
class World:
    organisation: object
    plan: object
    goal: object
    action_plan: object
    first: object  # actie 1.1
    second: object  # actie 1.2
    third: object  # actie 1.3, new in version 2
    project: object
    indicator: object
    v1: object
    v2: object
    round: object

    @property
    def base(self) -> str:
        """The public address of the plan (the version in force)."""
        return f"/publiek/{self.organisation.slug}/{self.plan.slug}/"


def _set(item, **values):
    item.refresh_from_db()
    return changes.update(item, values, by=None, version=item.version).record


def a_published_plan(*, slug="welzijn-2020-2025", organisation_slug="gemeente-x", published=True) -> World:
    organisation = OrganisationFactory(slug=organisation_slug, name=f"Gemeente {organisation_slug}")
    plan = PlanFactory(
        organisation=organisation,
        slug=slug,
        name="MJP 2020-2025",
        uses_money=True,
        uses_indicators=True,
        start_year=2020,
        end_year=2025,
    )
    goal = GoalFactory(plan=plan, number="SD 1", title="Iedereen kan meedoen.", domain="Welzijn")
    action_plan = ActionPlanFactory(plan=plan, goal=goal, number="1", title="We stimuleren zelfhulp.")
    first = ActionFactory(action_plan=action_plan, number="1.1", title="We organiseren budgetbegeleiding.")
    second = ActionFactory(action_plan=action_plan, number="1.2", title="We openen een sociale kruidenier.")
    AmountFactory(action=first, year=2020, amount=Decimal("1000.00"))
    AmountFactory(action=first, year=2021, amount=Decimal("2500.50"))
    project = ProjectFactory(plan=plan, name="Welzijnscampus")
    project.action_plans.add(action_plan)
    indicator = IndicatorFactory(plan=plan, name="Gezinnen in budgetbegeleiding")
    set_target(indicator, 2025, "120", by=None)
    v1 = adopting.record(plan, name="MJP 2020-2025", council_date=FIRST_ADOPTED, by=None)

    round = open_round(plan=plan, name="Rapportering juni 2020", date=ROUND_DATE)
    _set(first, status=Status.IN_PROGRESS, explanation=PUBLIC_TOELICHTING)
    _set(second, status=Status.COMPLETED, explanation=INTERNAL_TOELICHTING, explanation_internal=True)
    AmountFactory(action=first, year=2020, kind=AmountKind.ACTUAL, amount=Decimal("640.00"))
    record_value(indicator, "35", by=None, round=round)
    round = close_round(round)

    third = ActionFactory(action_plan=action_plan, number="1.3", title="We starten een repair café.")
    second = _set(second, title="We openen een sociale kruidenier met buurtrestaurant.")
    v2 = adopting.record(plan, name="AMJP 2021-1", council_date=SECOND_ADOPTED, by=None)
    if published:
        publishing.switch(plan, on=True, by=None)
    return World(
        organisation, plan, goal, action_plan, first, second, third, project, indicator, v1, v2, round
    )
