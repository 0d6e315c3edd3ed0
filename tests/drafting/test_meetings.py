"""The steps page and a meeting's page: renaming, dating, adding and removing steps; recording decisions
row by row in place (htmx) and with a plain POST; who may record; every refusal leaves the database as
it was; the meeting's page costs the same queries whatever the size of its agenda."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import CEL, COUNCIL, MANAGEMENT_TEAM, OWNER
from drafting import drafts, envelopes, steps
from drafting.models import Decider, Decision, Outcome, Proposal, Standing, Step, Subject
from tests.drafting.builders import a_draft, an_action_plan, step_named

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def cel(client, make_user):
    client.force_login(make_user("cel-vergadering", CEL))
    return client


@pytest.fixture
def mt(client, make_user):
    client.force_login(make_user("mt-vergadering", MANAGEMENT_TEAM))
    return client


def state() -> tuple:
    return (
        list(Proposal.objects.order_by("pk").values_list("pk", "version", "standing", "step")),
        list(Decision.objects.order_by("pk").values_list("pk", "outcome", "remark")),
        list(
            Step.objects.order_by("pk").values_list(
                "pk", "name", "position", "removed", "decider", "meeting_date"
            )
        ),
        Proposal.history.count(),
        Step.history.count(),
    )


def url(name: str, *args) -> str:
    return reverse(f"drafting:{name}", args=args)


def first_step(draft) -> Step:
    return step_named(draft, Subject.ACTION_PLANS, 1)


def decide_url(draft, step, proposal) -> str:
    return url("decide", draft.pk, step.pk, proposal.pk)


# The steps page.


def test_the_steps_page_shows_each_subjects_steps_with_date_and_agenda_size(cel):
    draft = a_draft()
    an_action_plan(draft)
    an_action_plan(draft, "Tweede")
    page = cel.get(url("steps", draft.pk)).content.decode()
    assert "Stappen voor de actieplannen" in page and "Stappen voor de doelstellingen" in page
    assert "Definitief afkloppen op het college (CBS)" in page
    assert '<td class="number">2<span class="phone-label"> op de agenda</span></td>' in page


def test_the_cel_renames_a_step_sets_its_date_and_who_records_it(cel):
    draft = a_draft()
    step = first_step(draft)
    prefix = f"step-{step.pk}-"
    response = cel.post(
        url("edit_step", draft.pk, step.pk),
        {
            prefix + "name": "Bespreking conclaaf",
            prefix + "meeting_date": "2019-02-07",
            prefix + "decider": Decider.MANAGEMENT_TEAM,
            prefix + "version": step.version,
        },
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.name, str(step.meeting_date), step.decider) == (
        "Bespreking conclaaf",
        "2019-02-07",
        Decider.MANAGEMENT_TEAM,
    )


def test_renaming_with_an_empty_name_or_an_outdated_copy_is_refused(cel):
    draft = a_draft()
    step = first_step(draft)
    prefix = f"step-{step.pk}-"
    before = state()
    data = {prefix + "name": "", prefix + "decider": Decider.CEL, prefix + "version": step.version}
    response = cel.post(url("edit_step", draft.pk, step.pk), data, follow=True)
    assert "Geef de stap een naam" in response.content.decode()
    assert state() == before
    steps.rename_step(
        step, name="Anders", meeting_date=None, decider=Decider.CEL, by=None, version=step.version
    )
    before = state()
    data = {prefix + "name": "Mijn naam", prefix + "decider": Decider.CEL, prefix + "version": 1}
    response = cel.post(url("edit_step", draft.pk, step.pk), data, follow=True)
    assert "werd intussen gewijzigd" in response.content.decode()
    assert state() == before


def test_the_cel_adds_a_step_after_another_and_removes_an_unused_one(cel):
    draft = a_draft()
    last = step_named(draft, Subject.ACTION_PLANS, 6)
    response = cel.post(
        url("add_step", draft.pk, Subject.ACTION_PLANS),
        {"after": last.pk, "name": "Gemeenteraad", "decider": Decider.CEL},
    )
    assert response.status_code == 302
    added = step_named(draft, Subject.ACTION_PLANS, 7)
    assert added.name == "Gemeenteraad"
    response = cel.post(url("remove_step", draft.pk, added.pk), follow=True)
    assert "is geschrapt" in response.content.decode()
    added.refresh_from_db()
    assert added.removed
    assert steps.steps_of(draft, Subject.ACTION_PLANS).count() == 6


def test_a_step_in_use_cannot_be_removed_nor_a_step_put_before_a_decided_one(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    steps.decide(proposal, first_step(draft), Outcome.AGREED, by=None)
    before = state()
    response = cel.post(url("remove_step", draft.pk, first_step(draft).pk), follow=True)
    assert "de stap blijft in het spoor" in response.content.decode()
    response = cel.post(
        url("add_step", draft.pk, Subject.ACTION_PLANS),
        {"after": "", "name": "Vooraf", "decider": Decider.CEL},
        follow=True,
    )
    assert "Voeg een nieuwe stap toe na" in response.content.decode()
    response = cel.post(
        url("add_step", draft.pk, Subject.ACTION_PLANS),
        {"after": "", "name": " ", "decider": Decider.CEL},
        follow=True,
    )
    assert "Geef de stap een naam" in response.content.decode()
    assert state() == before


def test_only_the_cel_changes_steps(mt):
    draft = a_draft()
    step = first_step(draft)
    assert mt.get(url("steps", draft.pk)).status_code == 200
    before = state()
    assert mt.post(url("remove_step", draft.pk, step.pk)).status_code == 403
    assert (
        mt.post(url("add_step", draft.pk, Subject.ACTION_PLANS), {"name": "X", "decider": "cel"}).status_code
        == 403
    )
    assert state() == before


def test_the_raad_and_an_eigenaar_do_not_see_the_steps(client, make_user):
    draft = a_draft()
    step = first_step(draft)
    for username, role in (("raad-vergadering", COUNCIL), ("eigenaar-vergadering", OWNER)):
        client.force_login(make_user(username, role))
        assert client.get(url("steps", draft.pk)).status_code == 403
        assert client.get(url("meeting", draft.pk, step.pk)).status_code == 403


# The meeting.


def test_the_meeting_shows_its_agenda_with_what_the_seed_asks(cel):
    draft = a_draft()
    mandatary = drafts.add_mandatary(draft.organisation, name="Schepen van welzijn", by=None)
    proposal = an_action_plan(
        draft, political_contact=mandatary, partners="LOGO, Orion", points_of_attention="doelgroep"
    )
    envelopes.set_envelope(proposal, 2021, operating="100000", investment="25000", by=None)
    page = cel.get(url("meeting", draft.pk, first_step(draft).pk)).content.decode()
    for shown in ("Schepen van welzijn", "LOGO, Orion", "doelgroep", "125.000", "<legend>"):
        assert shown in page, shown
    for label in ("akkoord", "niet akkoord", "aangepast", "uitgesteld"):
        assert f"> {label}</label>" in page


def test_a_decision_in_place_answers_with_the_row_saying_what_was_recorded(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    step = first_step(draft)
    response = cel.post(
        decide_url(draft, step, proposal),
        {"outcome": Outcome.AGREED, "remark": "Goed zo", "version": proposal.version},
        **HTMX,
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert "Genoteerd: akkoord" in row and "Aftoetsen managementteam" in row and "autofocus" in row
    decision = Decision.objects.get()
    assert (decision.outcome, decision.remark, decision.decided_by.username) == (
        Outcome.AGREED,
        "Goed zo",
        "cel-vergadering",
    )
    proposal.refresh_from_db()
    assert proposal.step == step_named(draft, Subject.ACTION_PLANS, 2)
    page = cel.get(url("meeting", draft.pk, step.pk)).content.decode()
    assert "Wat deze vergadering al besliste" in page and "Goed zo" in page


def test_a_plain_post_without_javascript_records_and_comes_back_to_the_page(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    step = first_step(draft)
    response = cel.post(
        decide_url(draft, step, proposal),
        {"outcome": Outcome.REFUSED, "version": proposal.version},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(url("meeting", draft.pk, step.pk))
    assert "niet akkoord genoteerd" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.standing == Standing.NOT_RETAINED


def test_aangepast_without_a_remark_is_refused_in_the_row(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    step = first_step(draft)
    before = state()
    response = cel.post(
        decide_url(draft, step, proposal), {"outcome": Outcome.AMENDED, "version": proposal.version}, **HTMX
    )
    assert response.status_code == 422
    assert "Zeg in de opmerking wat er aangepast werd." in response.content.decode()
    assert state() == before


def test_a_decision_out_of_order_is_refused_in_the_row(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    second = step_named(draft, Subject.ACTION_PLANS, 2)
    before = state()
    response = cel.post(
        decide_url(draft, second, proposal), {"outcome": Outcome.AGREED, "version": proposal.version}, **HTMX
    )
    assert response.status_code == 422
    assert "Een voorstel slaat geen stap over" in response.content.decode()
    assert state() == before
    response = cel.post(
        decide_url(draft, second, proposal),
        {"outcome": Outcome.AGREED, "version": proposal.version},
        follow=True,
    )
    assert "Een voorstel slaat geen stap over" in response.content.decode()
    assert state() == before


def test_a_decision_on_an_outdated_copy_is_refused(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    opened = proposal.version
    drafts.edit_proposal(proposal, {"partners": "Orion"}, by=None, version=opened)
    before = state()
    response = cel.post(
        decide_url(draft, first_step(draft), proposal), {"outcome": Outcome.AGREED, "version": opened}, **HTMX
    )
    assert response.status_code == 409
    assert "werd intussen gewijzigd" in response.content.decode()
    assert state() == before


def test_no_outcome_is_refused(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    before = state()
    response = cel.post(
        decide_url(draft, first_step(draft), proposal), {"outcome": "ja", "version": proposal.version}, **HTMX
    )
    assert response.status_code == 422
    assert "Kies akkoord, niet akkoord, aangepast of uitgesteld." in response.content.decode()
    assert state() == before


def test_the_mt_records_only_steps_the_mt_decides(mt):
    draft = a_draft()
    proposal = an_action_plan(draft)
    first = first_step(draft)
    page = mt.get(url("meeting", draft.pk, first.pk)).content.decode()
    assert "U kunt deze agenda lezen" in page and 'type="radio"' not in page
    before = state()
    response = mt.post(
        decide_url(draft, first, proposal), {"outcome": Outcome.AGREED, "version": proposal.version}, **HTMX
    )
    assert response.status_code == 403 and response["X-Refused-In-Row"] == "1"
    assert "noteert strategische cel" in response.content.decode()
    assert 'type="radio"' not in response.content.decode()  # the row turns read-only, with the reason
    assert mt.post(decide_url(draft, first, proposal), {"outcome": Outcome.AGREED}).status_code == 403
    assert state() == before
    proposal = steps.decide(proposal, first, Outcome.AGREED, by=None).proposal
    second = step_named(draft, Subject.ACTION_PLANS, 2)
    assert 'type="radio"' in mt.get(url("meeting", draft.pk, second.pk)).content.decode()
    response = mt.post(
        decide_url(draft, second, proposal),
        {"outcome": Outcome.POSTPONED, "version": proposal.version},
        **HTMX,
    )
    assert response.status_code == 200
    assert Decision.objects.filter(step=second, decided_by__username="mt-vergadering").exists()


def _queries(client, address) -> int:
    client.get(address)  # the first request of a session writes the session and warms the caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_meeting_costs_the_same_queries_whatever_its_agenda(cel):
    draft = a_draft()
    mandatary = drafts.add_mandatary(draft.organisation, name="Schepen", by=None)
    step = first_step(draft)

    def more(n):
        for i in range(n):
            p = an_action_plan(draft, f"Plan {i}", political_contact=mandatary, partners="LOGO")
            envelopes.set_envelope(p, 2021, operating="1000", investment="0", by=None)
            done = an_action_plan(draft, f"Beslist {i}")
            steps.decide(done, step, Outcome.POSTPONED, by=None, remark="later")

    more(2)
    small = _queries(cel, url("meeting", draft.pk, step.pk))
    more(10)
    assert _queries(cel, url("meeting", draft.pk, step.pk)) == small


def test_the_steps_page_costs_the_same_queries_whatever_the_number_of_proposals(cel):
    draft = a_draft()
    an_action_plan(draft)
    small = _queries(cel, url("steps", draft.pk))
    for i in range(10):
        an_action_plan(draft, f"Plan {i}")
    assert _queries(cel, url("steps", draft.pk)) == small


def test_without_javascript_a_refusal_shows_in_its_row_with_what_was_typed(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    step = first_step(draft)
    before = state()
    response = cel.post(
        decide_url(draft, step, proposal),
        {"outcome": Outcome.AMENDED, "remark": "  ", "version": proposal.version},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Niet genoteerd: Zeg in de opmerking wat er aangepast werd." in page
    assert 'value="aangepast" checked' in page
    assert state() == before
