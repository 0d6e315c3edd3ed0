"""The demo draft: Turnhout's SMJP 2020–2025 as seed 004 tells it, every state shown, not adopted."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from demo.drafting import DRAFT_NAME, INVENTED, POVERTY_AFTER, POVERTY_BEFORE, load_draft
from drafting import adoption, envelopes, framework, scenarios
from drafting.models import Decision, Draft, Outcome, Proposal, ProposalKind, ScenarioState, Standing, Subject
from tests.conftest import kept_for_the_module
from tests.factories import default_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _demo_draft(_demo_users, django_db_blocker) -> int:
    """Loaded once for the module (tests/conftest.py ``kept_for_the_module``)."""
    with kept_for_the_module(django_db_blocker), django_db_blocker.unblock():
        by = get_user_model().objects.get(pk=_demo_users["cel"])
        report = load_draft(default_organisation(), by=by)
        assert report.created["actieplan"] == 9
        yield Draft.objects.get(name=DRAFT_NAME).pk


@pytest.fixture
def demo_draft(users, _demo_draft) -> Draft:
    return Draft.objects.get(pk=_demo_draft)


def test_the_demo_draft_has_the_seeds_chapters_example_and_dates(demo_draft):
    assert [c.name for c in demo_draft.chapters.all()] == ["Welzijn", "Omgeving", "Beleving", "Organisatie"]
    health = Proposal.objects.get(draft=demo_draft, title="We ontwikkelen een preventief gezondheidsbeleid")
    assert health.political_contact.name == "Kelly Verheyen"
    assert health.partners == "LOGO, gezins- en gezondheidsraad, Orion, Licalab"
    assert "doelgroep" in health.points_of_attention and "wijk" in health.points_of_attention
    assert "ambitie" in health.points_of_attention
    dates = {
        (step.subject, step.name): step.meeting_date for step in demo_draft.steps.exclude(meeting_date=None)
    }
    assert dates == {
        (Subject.ACTION_PLANS, "Bespreking conclaaf"): datetime.date(2019, 2, 7),
        (Subject.ACTION_PLANS, "Verwerken input conclaaf met managers"): datetime.date(2019, 2, 21),
        (Subject.ACTION_PLANS, "Definitief afkloppen op het college (CBS)"): datetime.date(2019, 2, 28),
        (Subject.GOALS, "Beslissen op het college (CBS)"): datetime.date(2019, 3, 14),
    }
    cbs = Decision.objects.filter(proposal=health, step__name__contains="CBS").get()
    assert cbs.decided_at.date() == datetime.date(2019, 2, 28)
    assert health.items.first().history.last().history_date.date() == datetime.date(2019, 6, 6)


def test_the_poverty_goal_holds_both_wordings_with_the_amendment_and_its_reason(demo_draft):
    goal = Proposal.objects.get(draft=demo_draft, kind=ProposalKind.GOAL, title=POVERTY_AFTER)
    assert goal.standing == Standing.RETAINED
    assert POVERTY_BEFORE in set(goal.history.values_list("title", flat=True))
    amended = goal.decisions.get(outcome=Outcome.AMENDED)
    assert "klare, meetbare taal" in amended.remark


def test_every_other_proposal_is_marked_invented(demo_draft):
    seed = {"We ontwikkelen een preventief gezondheidsbeleid", POVERTY_AFTER}
    for title in Proposal.objects.filter(draft=demo_draft).values_list("title", flat=True):
        assert title in seed or title.endswith(INVENTED), title


def test_the_demo_shows_every_state_and_is_left_to_be_taken_further(demo_draft):
    proposals = list(Proposal.objects.filter(draft=demo_draft).select_related("step"))
    standings = {p.standing for p in proposals}
    assert standings == {Standing.UNDER_WAY, Standing.RETAINED, Standing.NOT_RETAINED}
    waiting_at = {(p.kind, p.step.position) for p in proposals if p.standing == Standing.UNDER_WAY}
    assert len(waiting_at) >= 3  # in behandeling at several steps
    assert Decision.objects.filter(proposal__draft=demo_draft, outcome=Outcome.POSTPONED).exists()
    assert not demo_draft.is_adopted
    assert adoption.problems(demo_draft)  # there is still something to do
    unlinked = list(framework.unlinked_action_plans(demo_draft))
    assert len(unlinked) == 1 and "stadspark" in unlinked[0].title
    linked = Proposal.objects.filter(draft=demo_draft, kind=ProposalKind.ACTION_PLAN, goal__isnull=False)
    assert linked.count() == 4
    check = envelopes.check(demo_draft)
    assert [year.year for year in check.years_over] == [2022]
    scenario = demo_draft.scenarios.get()
    assert scenario.state == ScenarioState.OPEN
    assert 2022 not in [year.year for year in scenarios.effect(scenario).after.years_over]
    detailed = [row for row in envelopes.detailed(demo_draft) if row.estimates]
    assert (
        len(detailed) == 1 and detailed[0].proposal.title == "We ontwikkelen een preventief gezondheidsbeleid"
    )


def test_loading_twice_changes_nothing(demo_draft, users):
    assert load_draft(default_organisation(), by=users["cel"]).created == {}
    assert Draft.objects.filter(name=DRAFT_NAME).count() == 1


def test_the_cel_reads_the_demo_drafts_detailing_and_adoption_pages(demo_draft, client, users):
    client.force_login(users["cel"])
    page = client.get(reverse("drafting:detailing", args=[demo_draft.pk])).content.decode()
    assert "We ontwikkelen een preventief gezondheidsbeleid" in page
    assert "onder de enveloppe" in page or "boven de enveloppe" in page
    page = client.get(reverse("drafting:adoption", args=[demo_draft.pk])).content.decode()
    assert "heeft geen doelstelling" in page and "nog in behandeling" in page
