"""Small published plans for the public site's page tests, beside ``builders.a_published_plan``."""

import datetime

from django.contrib.auth import get_user_model

from core import changes
from plans.models import LifeCycle, Status
from publicsite import publishing
from reporting.rounds import close_round, open_round
from tests.factories import ActionFactory, ActionPlanFactory, GoalFactory, OrganisationFactory, PlanFactory
from versions import adopting
from versions.models import PlanVersion, VersionState

OWNER_NAME = ("Jana", "Peeters")
OWNER_EMAIL = "jana.peeters@gemeente-x.be"


def a_plan_with_actions(count: int, *, slug: str, priority_every: int = 0, domain: str = "Welzijn"):
    """A published plan whose one actieplan holds ``count`` acties (1.1 …), every ``priority_every``-th
    marked prioritair; one adopted version and a closed rapportering (the first actie loopt)."""
    organisation = OrganisationFactory(slug=f"org-{slug}", name=f"Gemeente {slug}")
    plan = PlanFactory(organisation=organisation, slug=slug, name=f"Plan {slug}", uses_priorities=True)
    goal = GoalFactory(plan=plan, number="SD 1", title="Iedereen kan meedoen.", domain=domain)
    other = GoalFactory(plan=plan, number="SD 2", title="Een groene gemeente.", domain="Milieu")
    action_plan = ActionPlanFactory(plan=plan, goal=goal, number="1", title="We stimuleren zelfhulp.")
    green = ActionPlanFactory(plan=plan, goal=other, number="2", title="We planten bomen.")
    ActionFactory(action_plan=green, number="2.1", title="We planten duizend bomen.")
    actions = [
        ActionFactory(
            action_plan=action_plan,
            number=f"1.{n}",
            title=f"Actie nummer {n} over buurtwerk.",
            priority=bool(priority_every) and n % priority_every == 0,
        )
        for n in range(1, count + 1)
    ]
    adopting.record(plan, name="MJP 2026-2031", council_date=datetime.date(2026, 1, 5), by=None)
    round = open_round(plan=plan, name="Rapportering maart 2026", date=datetime.date(2026, 3, 31))
    first = actions[0]
    first.refresh_from_db()
    changes.update(first, {"status": Status.IN_PROGRESS}, by=None, version=first.version)
    close_round(round)
    publishing.switch(plan, on=True, by=None)
    return plan, actions


def a_draft_version(plan, number: int):
    return changes.save(
        PlanVersion(plan=plan, number=number, name="AMJP in ontwerp", state=VersionState.DRAFT),
        by=None,
        reason="",
    )


def set_values(item, **values):
    item.refresh_from_db()
    return changes.update(item, values, by=None, version=item.version).record


def an_owner():
    first, last = OWNER_NAME
    return get_user_model().objects.create_user(
        username="jpeeters", first_name=first, last_name=last, email=OWNER_EMAIL, password="x"
    )


def strike(item):
    return set_values(item, life_cycle=LifeCycle.REMOVED, life_cycle_date=datetime.date(2021, 9, 1))
