"""Builders for the API's tests: the published plan of ``tests/publicsite/builders.py`` and its
addresses, and a plan with many acties for the query counts."""

import datetime

from core import changes
from publicsite import publishing
from tests.factories import ActionFactory, ActionPlanFactory, GoalFactory, OrganisationFactory, PlanFactory
from tests.publicsite.builders import a_published_plan
from versions import adopting
from versions.models import PlanVersion, VersionState

API = "/api/v1/"


def plan_url(world, rest: str = "") -> str:
    return f"{API}organisaties/{world.organisation.slug}/plannen/{world.plan.slug}/{rest}"


def version_url(world, version="huidig", rest: str = "") -> str:
    return plan_url(world, f"versies/{version}/{rest}")


def a_plan_with_actions(count: int, *, slug: str) -> object:
    """A published plan of one goal and one actieplan with ``count`` acties, adopted as version 1."""
    organisation = OrganisationFactory(slug=f"org-{slug}", name=f"Gemeente {slug}")
    plan = PlanFactory(organisation=organisation, slug=slug, start_year=2020, end_year=2025, uses_money=True)
    goal = GoalFactory(plan=plan, number="SD 1", domain="Welzijn")
    action_plan = ActionPlanFactory(plan=plan, goal=goal, number="1")
    for n in range(1, count + 1):
        ActionFactory(action_plan=action_plan, number=f"1.{n}", title=f"Actie {n}")
    adopting.record(plan, name="MJP", council_date=datetime.date(2020, 3, 2), by=None)
    publishing.switch(plan, on=True, by=None)
    return plan


def with_draft(world) -> PlanVersion:
    """An aanpassing in ontwerp (version 3) beside the world's adopted versions."""
    return changes.save(
        PlanVersion(plan=world.plan, number=3, name="AMJP 2022-1", state=VersionState.DRAFT), by=None
    )


__all__ = ["a_published_plan"]
