"""The strategic framework: links without cycles, the unlinked actieplannen, the akkoord's coverage."""

import pytest
from django.core.exceptions import ValidationError

from drafting import framework, steps
from drafting.models import Ambition, Outcome, Proposal
from tests.drafting.builders import a_draft, a_goal, an_action_plan, retained_action_plan, through_all_steps

pytestmark = pytest.mark.django_db


def test_a_retained_actieplan_is_linked_to_a_goal_and_is_no_longer_unlinked():
    draft = a_draft()
    action_plan = retained_action_plan(draft)
    goal = through_all_steps(a_goal(draft))
    assert list(framework.unlinked_action_plans(draft)) == [action_plan]
    framework.link(action_plan, goal, by=None)
    assert list(framework.unlinked_action_plans(draft)) == []


def test_a_goal_that_is_niet_weerhouden_leaves_its_actieplannen_unlinked():
    draft = a_draft()
    action_plan = retained_action_plan(draft)
    goal = a_goal(draft)
    framework.link(action_plan, goal, by=None)
    steps.decide(goal, goal.step, Outcome.REFUSED, by=None)
    assert list(framework.unlinked_action_plans(draft)) == [action_plan]
    with pytest.raises(ValidationError, match="niet weerhouden"):
        framework.link(action_plan, Proposal.objects.get(pk=goal.pk), by=None)


def test_a_goal_link_that_would_make_a_cycle_is_refused_and_changes_nothing():
    draft = a_draft()
    retained_action_plan(draft)
    top, middle, low = a_goal(draft, "Top"), a_goal(draft, "Midden"), a_goal(draft, "Laag")
    framework.link(middle, top, by=None)
    framework.link(low, Proposal.objects.get(pk=middle.pk), by=None)
    top = Proposal.objects.get(pk=top.pk)
    with pytest.raises(ValidationError, match="kring"):
        framework.link(top, Proposal.objects.get(pk=low.pk), by=None)
    with pytest.raises(ValidationError, match="kring"):
        framework.link(top, top, by=None)
    top.refresh_from_db()
    assert top.goal is None


def test_only_goals_take_links_and_only_retained_actieplannen_are_linked():
    draft = a_draft()
    retained = retained_action_plan(draft)
    under_way = an_action_plan(draft, "Nog onderweg")
    goal = a_goal(draft)
    with pytest.raises(ValidationError, match="geen doelstelling"):
        framework.link(under_way, retained, by=None)
    with pytest.raises(ValidationError, match="nog niet weerhouden"):
        framework.link(under_way, goal, by=None)
    under_way.refresh_from_db()
    assert under_way.goal is None


def test_coverage_lists_the_ambitions_no_actieplan_answers():
    draft = a_draft(chapters=("Welzijn",))
    first, second = Ambition.objects.filter(chapter__draft=draft).order_by("position")
    an_action_plan(draft, "Antwoordt op de eerste", ambitions=[first])
    refused = an_action_plan(draft, "Niet weerhouden", ambitions=[second])
    steps.decide(refused, refused.step, Outcome.REFUSED, by=None)
    assert framework.uncovered_ambitions(draft) == [second]
    (chapter,) = framework.coverage(draft)
    assert [a.answers for a in chapter.ambitions] == [1, 0]


def test_coverage_takes_a_fixed_number_of_queries(django_assert_num_queries):
    draft = a_draft(chapters=("Welzijn", "Omgeving", "Beleving", "Organisatie"))
    with django_assert_num_queries(2):
        framework.coverage(draft)
