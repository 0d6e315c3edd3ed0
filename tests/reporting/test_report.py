"""The verslag's content model: what the raad reads, per goal and actieplan, frozen with its round."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import changes
from demo.rounds import load_round
from plans.models import Action, ActionPlan, Status
from reporting.report import build_report
from reporting.rounds import close_round, open_round
from rounds.models import ReportingRound
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoalFactory,
    PlanFactory,
    ProjectFactory,
    edit_item,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_round(plan, users):
    load_round(plan, by=users["cel"])
    return ReportingRound.objects.get(plan=plan)


def test_the_demo_report_holds_every_actieplan_in_plan_order_with_its_actions(demo_round):
    report = build_report(demo_round)
    assert report.plan == demo_round.plan and report.round == demo_round
    assert [v.description for v in report.versions] == [
        "Geen vorige versie",
        "Na review van 29 november 2017",
    ]
    assert len(report.goals) == 1 and report.goals[0].goal is None and not report.has_goals
    numbers = [part.row.number for part in report.action_plans]
    assert numbers == [ap.number for ap in ActionPlan.objects.order_by("sort_key")] and len(numbers) == 42
    ten = report.action_plans[0]
    assert (ten.row.number, ten.status, ten.removed) == ("10", "loopt", False)
    assert [a.row.number for a in ten.actions] == ["10.2"]
    assert ten.actions[0].status == "niet gestart"
    assert [p.phrase for p in ten.proposals] == ["Voorstel te schrappen: actie 10.2."]


def test_the_summary_counts_what_the_report_shows(demo_round):
    report = build_report(demo_round)
    assert report.summary.action_plans.total == len([p for p in report.action_plans if not p.removed]) == 42
    assert report.summary.actions.total == sum(len(p.actions) for p in report.action_plans) == 23
    assert report.summary.projects.total == len(report.projects) == 11
    assert [name for name, _counts in report.summary.rows()] == ["Actieplannen", "Acties", "Projecten"]


def test_projects_name_their_linked_actieplannen_and_proposals_use_the_seeds_phrasing(demo_round):
    report = build_report(demo_round)
    newton = next(p for p in report.projects if p.row.title.startswith("NEWTON"))
    assert newton.action_plan_numbers and all(n.isdigit() for n in newton.action_plan_numbers)
    assert len(report.proposals) == 16
    forty = next(p for p in report.proposals if p.action_plan_number == "40")
    assert forty.phrase == "Voorstel te schrappen: acties 40.1 en 40.2."


def test_a_closed_rounds_report_never_changes(demo_round, users):
    before = build_report(demo_round)
    edit_item(
        Action.objects.get(number="10.2"), by=users["cel"], status=Status.COMPLETED, explanation="Later."
    )
    thirty = ActionPlan.objects.get(number="30")
    goal = GoalFactory(plan=demo_round.plan, number="1", title="Later toegevoegd")
    thirty.goal = goal
    changes.save(thirty, by=users["cel"], reason="later")
    after = build_report(demo_round)
    assert after.goals == before.goals and after.projects == before.projects
    assert after.action_plans[0].actions[0].status == "niet gestart"


def test_action_plans_are_grouped_by_goal_in_goal_order(users):
    plan = PlanFactory()
    second, first = GoalFactory(plan=plan, number="SD 2"), GoalFactory(plan=plan, number="SD 1")
    ActionPlanFactory(plan=plan, number="10", goal=second)
    ActionPlanFactory(plan=plan, number="20", goal=first)
    ActionPlanFactory(plan=plan, number="30")
    round = open_round(plan=plan, name="Rapportering juni 2021", date=datetime.date(2021, 6, 30))
    report = build_report(round)
    assert [
        (g.goal.number if g.goal else None, [p.row.number for p in g.action_plans]) for g in report.goals
    ] == [
        ("SD 1", ["20"]),
        ("SD 2", ["10"]),
        (None, ["30"]),
    ]
    close_round(round, by=users["cel"])
    assert build_report(ReportingRound.objects.get(pk=round.pk)).goals == report.goals


def _queries(round: ReportingRound) -> int:
    round = ReportingRound.objects.select_related("plan").get(pk=round.pk)
    with CaptureQueriesContext(connection) as queries:
        build_report(round)
    return len(queries)


def _round_of_a_plan(size: int, *, closed: bool, by) -> ReportingRound:
    plan = PlanFactory()
    for _ in range(size):
        action_plan = ActionPlanFactory(plan=plan, goal=GoalFactory(plan=plan))
        ActionFactory.create_batch(3, action_plan=action_plan)
        ProjectFactory(plan=plan).action_plans.add(action_plan)
    round = open_round(plan=plan, name="Rapportering juni 2021", date=datetime.date(2021, 6, 30))
    return close_round(round, by=by) if closed else round


@pytest.mark.parametrize("closed", [False, True])
def test_the_query_count_does_not_grow_with_the_plan(users, closed):
    small = _round_of_a_plan(1, closed=closed, by=users["cel"])
    large = _round_of_a_plan(6, closed=closed, by=users["cel"])
    assert _queries(large) == _queries(small)


def test_the_verslag_page_has_contents_linking_every_part_and_links_web_addresses(client, demo_round, users):
    client.force_login(users["raad"])
    html = client.get(
        reverse("reporting:report", args=[demo_round.plan.slug, demo_round.pk])
    ).content.decode()
    toc = html[
        html.index('<nav class="report-toc"') : html.index("</nav>", html.index('<nav class="report-toc"'))
    ]
    targets = re.findall(r'href="#([^"]+)"', toc)
    assert targets[:2] == ["rapportering", "actieplan-10"] and len(targets) == 1 + 42 + 3
    assert all(f'id="{target}"' in html for target in targets)
    assert '<a href="http://www.zorggroep-orion.be" rel="nofollow">www.zorggroep-orion.be</a>' in html
    assert "](" not in html
    assert 'href="/static/css/report.css"' in html  # its print layout hides the app's header
    assert html.count('<section class="report-section report-project">') == 11
    assert '<svg viewBox="0 0 600' in html and "Actieplannen: loopt 29" in html
