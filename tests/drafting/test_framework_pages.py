"""The strategic framework's page: goals with their actieplannen, the actieplannen without a goal, and
linking by the select and the button (the same form drag and drop sends). Refusals change nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import OWNER
from drafting import framework, steps
from drafting.models import Outcome, Proposal
from tests.drafting.builders import a_draft, a_goal, retained_action_plan, through_all_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_user(make_user):
    return make_user("eigenaar", OWNER)


def a_framework(action_plans: int = 2):
    draft = a_draft()
    plans = [retained_action_plan(draft, f"Actieplan {n + 1}") for n in range(action_plans)]
    poverty = through_all_steps(a_goal(draft, "We halveren de armoede tegen 2030"))
    health = a_goal(draft, "We leven gezonder")  # in behandeling
    return draft, plans, poverty, health


def link_url(draft):
    return reverse("drafting:framework_link", args=[draft.pk])


def goals_of():
    return sorted(Proposal.objects.values_list("pk", "goal_id", "version"))


def test_the_cel_sees_goals_and_the_actieplannen_without_a_goal_with_a_select_and_a_button(client, cel_user):
    draft, plans, poverty, _health = a_framework()
    framework.link(plans[0], poverty, by=None)
    client.force_login(cel_user)
    html = client.get(reverse("drafting:framework", args=[draft.pk])).content.decode()
    assert "We halveren de armoede tegen 2030" in html and "We leven gezonder" in html
    assert "1 weerhouden actieplan zonder doelstelling" in html
    assert 'Doelstelling<span class="visually-hidden"> voor Actieplan 2</span>' in html
    assert "Koppelen" in html and 'draggable="true"' in html
    assert 'aria-live="polite"' in html
    assert "js/drafting-framework.js" in html and "defer" in html


def test_linking_with_htmx_answers_the_board_and_an_announcement(client, cel_user):
    draft, plans, poverty, _health = a_framework()
    client.force_login(cel_user)
    answer = client.post(
        link_url(draft),
        {"proposal": plans[1].pk, "goal": poverty.pk, "version": plans[1].version},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'id="framework-announce" hx-swap-oob="innerHTML"' in html
    assert "Actieplan 2 hangt nu onder We halveren de armoede tegen 2030." in html
    plans[1].refresh_from_db()
    assert plans[1].goal == poverty
    assert plans[1].history.first().history_user == cel_user


def test_linking_without_javascript_comes_back_with_a_message(client, cel_user):
    draft, plans, poverty, _health = a_framework()
    client.force_login(cel_user)
    answer = client.post(link_url(draft), {"proposal": plans[0].pk, "goal": poverty.pk}, follow=True)
    assert "Actieplan 1 hangt nu onder" in answer.content.decode()
    assert Proposal.objects.get(pk=plans[0].pk).goal == poverty


def test_a_goal_under_another_goal_and_a_cycle_refused(client, cel_user):
    draft, _plans, poverty, health = a_framework()
    client.force_login(cel_user)
    client.post(link_url(draft), {"proposal": health.pk, "goal": poverty.pk}, HTTP_HX_REQUEST="true")
    assert Proposal.objects.get(pk=health.pk).goal_id == poverty.pk
    before = goals_of()
    answer = client.post(link_url(draft), {"proposal": poverty.pk, "goal": health.pk}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 422
    assert "maakt een kring" in answer.content.decode()
    assert goals_of() == before


def test_a_goal_that_is_niet_weerhouden_is_refused(client, cel_user):
    draft, plans, _poverty, _health = a_framework()
    dropped = a_goal(draft, "Een verworpen doel")
    steps.decide(dropped, dropped.step, Outcome.REFUSED, by=None)
    client.force_login(cel_user)
    before = goals_of()
    answer = client.post(
        link_url(draft), {"proposal": plans[0].pk, "goal": dropped.pk}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 422
    assert "is niet weerhouden. Koppel aan een doelstelling die nog meetelt." in answer.content.decode()
    assert goals_of() == before
    plain = client.post(link_url(draft), {"proposal": plans[0].pk, "goal": dropped.pk}, follow=True)
    assert "Koppel aan een doelstelling die nog meetelt." in plain.content.decode()
    assert goals_of() == before


def test_an_outdated_copy_is_refused(client, cel_user):
    draft, plans, poverty, health = a_framework()
    client.force_login(cel_user)
    seen = plans[0].version
    framework.link(plans[0], health, by=None)  # someone else
    before = goals_of()
    answer = client.post(
        link_url(draft),
        {"proposal": plans[0].pk, "goal": poverty.pk, "version": seen},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 409 and "werd intussen gewijzigd" in answer.content.decode()
    assert goals_of() == before


def test_the_mt_reads_without_forms_and_may_not_link(client, mt_user):
    draft, plans, poverty, _health = a_framework()
    client.force_login(mt_user)
    html = client.get(reverse("drafting:framework", args=[draft.pk])).content.decode()
    assert "We halveren de armoede" in html and "Koppelen" not in html
    before = goals_of()
    assert client.post(link_url(draft), {"proposal": plans[0].pk, "goal": poverty.pk}).status_code == 403
    assert goals_of() == before


@pytest.mark.parametrize("who", ["council_user", "owner_user"])
def test_the_raad_and_an_eigenaar_have_no_access(client, request, who):
    draft, plans, poverty, _health = a_framework()
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("drafting:framework", args=[draft.pk])).status_code == 403
    assert client.post(link_url(draft), {"proposal": plans[0].pk, "goal": poverty.pk}).status_code == 403


def test_the_page_asks_as_many_queries_for_two_actieplannen_as_for_twelve(client, cel_user):
    counts = []
    for size in (2, 12):
        draft, plans, poverty, _health = a_framework(size)
        framework.link(plans[0], poverty, by=None)
        client.force_login(cel_user)
        url = reverse("drafting:framework", args=[draft.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_made_up_proposal_is_not_found_and_a_made_up_goal_is_refused(client, cel_user):
    draft, plans, _poverty, _health = a_framework()
    client.force_login(cel_user)
    before = goals_of()
    assert client.post(link_url(draft), {"proposal": "abc", "goal": ""}).status_code == 404
    answer = client.post(link_url(draft), {"proposal": plans[0].pk, "goal": "x"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 422 and "Kies een doelstelling uit de lijst." in answer.content.decode()
    assert goals_of() == before
