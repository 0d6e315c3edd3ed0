"""A big draft's pages show a page of rows at a time; what they add up always counts every row."""

import pytest
from django.urls import reverse

from core.roles import CEL
from drafting.models import Outcome, Proposal
from drafting.views.meetings import AGENDA_PER_PAGE
from drafting.views.money import ROWS_PER_PAGE
from tests.drafting.builders_big import a_big_draft, the_last_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def cel(client, make_user):
    client.force_login(make_user("cel-pagina", CEL))
    return client


def test_the_envelope_page_shows_ten_actieplannen_a_page_and_checks_them_all(cel):
    draft = a_big_draft(action_plans=ROWS_PER_PAGE + 3, items=0, retained=True, name="Groot (verzonnen)")
    url = reverse("drafting:envelopes", args=[draft.pk])
    first, second = cel.get(url), cel.get(f"{url}?pagina=2")
    assert first.content.decode().count('class="card envelope-row"') == ROWS_PER_PAGE
    assert second.content.decode().count('class="card envelope-row"') == 3
    assert "pagina 1 van 2" in first.content.decode()
    assert first.context["check"].total == second.context["check"].total > 0


def test_the_meeting_shows_its_agenda_a_page_at_a_time(cel):
    draft = a_big_draft(action_plans=AGENDA_PER_PAGE + 2, items=0, name="Agenda (verzonnen)")
    step = the_last_meeting(draft)
    url = reverse("drafting:meeting", args=[draft.pk, step.pk])
    first = cel.get(url).content.decode()
    assert first.count('class="decision-row') == AGENDA_PER_PAGE
    assert f"Agenda: {AGENDA_PER_PAGE + 2} voorstellen" in first
    assert cel.get(f"{url}?pagina=2").content.decode().count('class="decision-row') == 2


def test_a_refused_decision_without_script_comes_back_on_the_page_that_holds_it(cel):
    draft = a_big_draft(action_plans=AGENDA_PER_PAGE + 2, items=0, name="Agenda (verzonnen)")
    step = the_last_meeting(draft)
    last = Proposal.objects.filter(step=step).order_by("position", "pk").last()
    response = cel.post(
        reverse("drafting:decide", args=[draft.pk, step.pk, last.pk]),
        {"outcome": Outcome.AMENDED, "remark": "", "version": last.version},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Zeg in de opmerking wat er aangepast werd." in page
    assert f'id="decide-{last.pk}"' in page
