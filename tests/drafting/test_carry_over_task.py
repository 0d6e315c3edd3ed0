"""Carrying a plan over runs as a task: the request answers at once with a page that follows it, and
ends in the new draft or a Dutch reason with "Probeer opnieuw"."""

import pytest
from django.urls import reverse
from django_tasks import default_task_backend

from drafting import carry_over_task
from drafting.models import Draft
from tests.drafting.test_carry_over import a_plan_in_force
from tests.drafting.test_carry_over_pages import cel, step_one  # noqa: F401 (cel: the fixture)

pytestmark = pytest.mark.django_db


def confirmed(cel, plan, goal):  # noqa: F811
    step_one(cel, plan)
    goals_url = reverse("drafting:carry_over_goals", args=[plan.slug])
    cel.post(goals_url, {"goal": [goal.pk], "save": ""})
    return cel.post(reverse("drafting:carry_over_confirm", args=[plan.slug]))


def test_the_request_answers_at_once_and_the_page_follows_the_task_to_the_draft(cel, queued):  # noqa: F811
    plan, goals, *_ = a_plan_in_force()
    answer = confirmed(cel, plan, goals[0])
    assert answer.status_code == 302 and "/wordt-aangemaakt/" in answer["Location"]
    assert not Draft.objects.exists()  # nothing made in the request
    waiting = cel.get(answer["Location"])
    assert waiting.status_code == 202 and "wordt aangemaakt" in waiting.text
    assert 'hx-trigger="every 2s"' in waiting.text and "Nu nakijken" in waiting.text  # and without script
    result = default_task_backend.results[-1]
    assert result.task.call(*result.args, **result.kwargs) == carry_over_task.DONE  # a worker runs it
    draft = Draft.objects.get()
    polled = cel.get(answer["Location"], headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled["HX-Redirect"] == reverse("drafting:draft", args=[draft.pk])
    done = cel.get(answer["Location"])
    assert done.status_code == 302 and done["Location"] == reverse("drafting:draft", args=[draft.pk])


def test_a_refusal_in_the_task_is_said_in_dutch_with_probeer_opnieuw_and_nothing_is_made(cel, queued):  # noqa: F811
    plan, goals, *_ = a_plan_in_force()
    answer = confirmed(cel, plan, goals[0])
    result = default_task_backend.results[-1]
    args = list(result.args)
    args[4], args[5] = plan.start_year, plan.end_year  # meanwhile the period no longer follows the plan's
    assert result.task.call(*args, **result.kwargs) == carry_over_task.FAILED
    failed = cel.get(answer["Location"])
    assert failed.status_code == 422 and "Mislukt:" in failed.text and "Probeer opnieuw" in failed.text
    assert not Draft.objects.exists()


def test_an_unknown_token_reads_as_failed(cel):  # noqa: F811
    plan, *_ = a_plan_in_force()
    page = cel.get(reverse("drafting:carry_over_progress", args=[plan.slug, "onbekend"]))
    assert page.status_code == 422 and "niet (meer) gekend" in page.text
