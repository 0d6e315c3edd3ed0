"""The proposal pages: drafting, following, reviewing and the raad decision, with their refusals."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.rounds import load_round
from plans.models import Action, ActionPlan, ChangeProposal, LifeCycle, ProposalKind, ProposalState
from plans.proposals import apply_proposal, approve, draft_proposal, submit, withdraw
from reporting.rounds import open_round
from rounds.models import ReportingRound
from tests.factories import ActionFactory
from tests.helpers import database_state

pytestmark = pytest.mark.django_db
SLUG = "turnhout-2014-2019"


def url(name: str, *args) -> str:
    return reverse(f"plans:{name}", args=[SLUG, *args])


def on(*numbers: str) -> ChangeProposal:
    return next(
        p
        for p in ChangeProposal.objects.prefetch_related("actions")
        if {a.number for a in p.actions.all()} == set(numbers)
    )


def test_cel_drafts_a_proposal_from_the_action_plan_page(client, plan, users):
    client.force_login(users["cel"])
    page = client.get(url("action_plan_status", "230")).content.decode()
    assert url("draft_proposal", "230") in page
    june = open_round(plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30))
    form = client.get(url("draft_proposal", "230"))
    assert form.context["form"]["new_action_number"].value() == "230.4"
    assert form.context["form"]["round"].value() == june.pk  # the open round
    response = client.post(
        url("draft_proposal", "230"),
        {
            "kind": ProposalKind.REWORD,
            "actions": [Action.objects.get(number="230.3").pk],
            "new_title": "We zetten in op woonzekerheid.",
            "new_action_number": "230.4",
            "motivation": "Duidelijker.",
            "round": june.pk,
            "save": "",
        },
        follow=True,
    )
    proposal = ChangeProposal.objects.latest("pk")
    assert (proposal.state, proposal.kind, proposal.new_action_number) == (ProposalState.DRAFT, "reword", "")
    assert proposal.round == june
    assert (
        f"Wijzigingsvoorstel #{proposal.pk} is opgeslagen: Voorstel te herformuleren: actie 230.3 "
        "‘We zetten in op woonzekerheid.’" in response.content.decode()
    )


def test_drafting_and_submitting_at_once(client, plan, users):
    client.force_login(users["cel"])
    client.post(
        url("draft_proposal", "30"),
        {
            "kind": ProposalKind.REMOVE,
            "motivation": "Opgenomen in de reguliere werking.",
            "submit": "",
        },
    )
    proposal = ChangeProposal.objects.latest("pk")
    assert (proposal.state, proposal.submitted_by) == (ProposalState.SUBMITTED, users["cel"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "kind": ProposalKind.MERGE,
                "actions": ["230.3"],
                "new_action_number": "230.9",
                "new_title": "x",
            },
            "Bundelen vraagt minstens twee acties",
        ),
        ({"kind": ProposalKind.REMOVE, "actions": ["230.1"]}, "Over Actie 230.1 loopt al wijzigingsvoorstel"),
        ({"kind": ProposalKind.REMOVE, "motivation": ""}, "Schrijf een motivering"),
        ({"kind": "weggooien"}, "Selecteer een geldige keuze"),
        ({}, "Kies wat u voorstelt: schrappen, herformuleren of bundelen."),
    ],
)
def test_a_refused_draft_shows_why_and_saves_nothing(client, plan, users, data, message):
    client.force_login(users["cel"])
    actions = [Action.objects.get(number=n).pk for n in data.pop("actions", [])]
    before = database_state()
    response = client.post(url("draft_proposal", "230"), {"motivation": "Reden.", **data, "actions": actions})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert database_state() == before


def test_the_form_chooses_no_kind_for_the_cel_and_marks_the_fields_of_each_kind(client, plan, users):
    client.force_login(users["cel"])
    page = client.get(url("draft_proposal", "230")).content.decode()
    assert re.search(r'<input type="radio" name="kind"[^>]*checked', page) is None
    assert 'data-shown-for="kind merge"' in page and 'data-shown-for="kind reword merge"' in page


def test_extra_posted_fields_are_ignored(client, plan, users):
    client.force_login(users["cel"])
    client.post(
        url("draft_proposal", "30"),
        {
            "kind": ProposalKind.REMOVE,
            "motivation": "x",
            "state": ProposalState.APPLIED,
            "created_by": users["mt"].pk,
            "save": "",
        },
    )
    proposal = ChangeProposal.objects.latest("pk")
    assert (proposal.state, proposal.created_by) == (ProposalState.DRAFT, users["cel"])


@pytest.mark.parametrize("username", ["mt", "raad"])
def test_only_the_cel_drafts(client, plan, users, username):
    client.force_login(users[username])
    before = database_state()
    assert client.get(url("draft_proposal", "30")).status_code == 403
    assert client.post(url("draft_proposal", "30"), {"kind": "remove", "motivation": "x"}).status_code == 403
    assert database_state() == before


def test_list_shows_proposals_per_state_with_the_buttons_each_role_may_use(client, plan, users):
    client.force_login(users["cel"])
    page = client.get(url("proposals")).content.decode()
    assert "Ingediend (16)" in page and "Voorstel te schrappen: acties 40.1 en 40.2." in page
    assert "Intrekken" in page and "Raadsbeslissing doorvoeren" in page and "Goedkeuren" not in page
    client.force_login(users["raad"])
    page = client.get(url("proposals")).content.decode()
    assert "Ingediend (16)" in page and "Intrekken" not in page and "<form" not in page.split("<main")[1]


def test_cel_withdraws_and_submits_from_the_list(client, plan, users):
    client.force_login(users["cel"])
    proposal = on("10.2")
    response = client.post(url("proposal_step", proposal.pk, "withdraw"), follow=True)
    assert f"Wijzigingsvoorstel #{proposal.pk} is nu ingetrokken." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    before = database_state()
    response = client.post(url("proposal_step", proposal.pk, "submit"), follow=True)
    assert (
        f"Wijzigingsvoorstel #{proposal.pk} is ingetrokken. Indienen kan enkel bij een voorstel dat "
        "ontwerp is." in response.content.decode()
    )
    assert database_state() == before
    assert client.post(url("proposal_step", proposal.pk, "approve")).status_code == 403
    assert client.get(url("proposal_step", proposal.pk, "submit")).status_code == 405


def test_review_page_groups_by_action_plan_with_current_and_proposed_wording(client, plan, users):
    client.force_login(users["mt"])
    response = client.get(url("review"))
    numbers = [action_plan.number for action_plan, _cards in response.context["groups"]]
    assert numbers[:4] == ["10", "40", "50", "60"]
    page = response.content.decode()
    assert "Nog 16 voorstellen te beoordelen." in page
    assert "Nog geen nieuwe formulering" in page  # actieplan 110 and actie 140.1
    assert page.count('value="approve"') == 16
    # Actieplan 60 is reworded throughout: old and new side by side, not one run of struck and added words.
    rewording = card_of(page, ChangeProposal.objects.get(kind=ProposalKind.REWORD, action_plan__number="60"))
    assert "Huidige formulering" in rewording and "Nieuwe formulering" in rewording
    assert "<del>" not in rewording and "<ins>" not in rewording


def card_of(page: str, proposal: ChangeProposal) -> str:
    start = page.index(f'id="voorstel-{proposal.pk}"')
    return page[start : page.index("</article>", start)]


def test_a_small_rewording_is_shown_word_by_word_with_a_legend(client, plan, users):
    action = Action.objects.get(number="230.3")
    proposal = draft_proposal(
        plan=plan,
        kind=ProposalKind.REWORD,
        action_plan=action.action_plan,
        actions=[action],
        new_title=f"{action.title.rstrip('.')} voor jong en oud.",
        motivation="Preciezer.",
        by=users["cel"],
    )
    client.force_login(users["cel"])
    card = card_of(client.get(url("proposals")).content.decode(), proposal)
    assert "<ins>" in card and "Huidige formulering" not in card
    assert "[toegevoegd: </span>" in card and "Doorgehaald: geschrapt; onderlijnd: toegevoegd." in card


@pytest.mark.parametrize("name", ["proposals", "review", "council_decision"])
def test_schrappen_and_bundelen_cards_name_each_action_with_its_title(client, plan, users, name):
    removal, merge = on("10.2"), on("380.5", "380.7", "380.8")
    if name == "council_decision":
        for proposal in (removal, merge):
            approve(proposal, by=users["mt"])
    client.force_login(users["cel"])
    page = client.get(url(name)).content.decode()
    removing = card_of(page, removal)
    assert "Te schrappen" in removing
    assert "Actie 10.2</a> Interimkantoor voor Stad en OCMW" in removing
    merging = card_of(page, merge)
    for number in ("380.5", "380.7", "380.8"):
        assert f"Actie {number}</a> {Action.objects.get(number=number).title}" in merging
    target = Action.objects.get(number="380.1")
    assert "Gebundeld in" in merging and f"Actie 380.1</a> {target.title}" in merging


def test_mt_approves_and_rejects_with_a_remark(client, plan, users):
    client.force_login(users["mt"])
    client.post(url("decide", on("10.2").pk), {"decision": "approve", "remark": "Akkoord."})
    client.post(
        url("decide", on("50.1").pk), {"decision": "reject", "remark": "Eerst met de Stad bespreken."}
    )
    assert (on("10.2").state, on("10.2").remark) == (ProposalState.APPROVED, "Akkoord.")
    assert (on("50.1").state, on("50.1").decided_by) == (ProposalState.REJECTED, users["mt"])


def test_mt_gives_the_wording_of_a_rewording_when_approving(client, plan, users):
    client.force_login(users["mt"])
    proposal = ChangeProposal.objects.get(kind=ProposalKind.REWORD, action_plan__number="110")
    client.post(
        url("decide", proposal.pk), {"decision": "approve", "new_title": "We realiseren de Welzijns-campus."}
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.new_title) == (
        ProposalState.APPROVED,
        "We realiseren de Welzijns-campus.",
    )


@pytest.mark.parametrize(
    ("username", "data", "status", "message"),
    [
        ("mt", {"decision": "reject", "remark": ""}, 302, "Geef bij een afwijzing een opmerking"),
        ("mt", {"decision": "approve", "remark": "", "pk": "110"}, 302, "vraagt een nieuwe formulering"),
        ("mt", {"decision": "misschien"}, 302, "Kies goedkeuren of afwijzen"),
        ("cel", {"decision": "approve"}, 403, ""),
        ("raad", {"decision": "approve"}, 403, ""),
    ],
)
def test_refused_decisions_change_nothing(client, plan, users, username, data, status, message):
    target = data.pop("pk", None)
    proposal = (
        ChangeProposal.objects.get(action_plan__number="110", kind=ProposalKind.REWORD)
        if target
        else on("10.2")
    )
    client.force_login(users[username])
    before = database_state()
    response = client.post(url("decide", proposal.pk), data)
    assert response.status_code == status
    if message:
        assert message in client.get(url("review")).content.decode()
    assert database_state() == before


def test_deciding_by_get_is_not_allowed(client, plan, users):
    client.force_login(users["mt"])
    assert client.get(url("decide", on("10.2").pk)).status_code == 405


def test_raad_decision_page_shows_what_each_will_change_then_applies_all(client, plan, users):
    for numbers in [("10.2",), ("380.5", "380.7", "380.8")]:
        approve(on(*numbers), by=users["mt"])
    client.force_login(users["cel"])
    page = client.get(url("council_decision")).content.decode()
    assert "Actie 10.2 “Interimkantoor voor Stad en OCMW” wordt geschrapt." in page
    assert "Acties 380.5, 380.7 en 380.8 worden gebundeld in actie 380.1." in page
    ids = [on("10.2").pk, on("380.5", "380.7", "380.8").pk]
    response = client.post(
        url("council_decision"), {"decision_date": "2017-12-18", "proposals": ids}, follow=True
    )
    assert "2 voorstellen doorgevoerd." in response.content.decode()
    assert Action.objects.get(number="10.2").life_cycle == LifeCycle.REMOVED
    assert Action.objects.get(number="380.1").title == "We werken een modern HR-beleid uit"


def test_a_carried_out_bundeling_links_the_actie_it_made(client, plan, users):
    action_plan = ActionPlan.objects.get(plan=plan, number="230")
    free = [ActionFactory(action_plan=action_plan, number=number) for number in ("230.97", "230.98")]
    number = "230.99"
    proposal = draft_proposal(
        plan=plan,
        kind=ProposalKind.MERGE,
        action_plan=free[0].action_plan,
        actions=free[:2],
        new_action_number=number,
        new_title="Eén actie voor woonzekerheid",
        motivation="Samen sterker.",
        by=users["cel"],
    )
    submit(proposal, by=users["cel"])
    approve(proposal, by=users["mt"])
    client.force_login(users["cel"])
    named = f"<dd>Nieuwe actie {number} Eén actie voor woonzekerheid</dd>"
    assert named in client.get(url("proposal", proposal.pk)).content.decode()
    apply_proposal(proposal, by=users["cel"], decision_date=datetime.date(2017, 12, 18))
    made = Action.objects.get(action_plan=free[0].action_plan, number=number)
    page = client.get(url("proposal", proposal.pk)).content.decode()
    assert named not in page and "wordt aangemaakt" not in page  # done: no longer in the future tense
    assert f'href="{url("timeline", "actie", made.pk)}">Actie {number}</a>' in page
    assert "(aangemaakt door dit voorstel)" in page


@pytest.mark.parametrize(
    ("username", "data", "status", "message"),
    [
        ("cel", {"decision_date": ""}, 200, "Geef de datum van de raadsbeslissing."),
        ("cel", {"decision_date": "18/12/2017x"}, 200, "Geef een geldige datum"),
        ("cel", {"decision_date": "2099-01-01"}, 200, "ligt in de toekomst"),
        (
            "cel",
            {"decision_date": "2017-12-18", "proposals": []},
            200,
            "Kies minstens één goedgekeurd voorstel",
        ),
        ("mt", {"decision_date": "2017-12-18"}, 403, ""),
        ("raad", {"decision_date": "2017-12-18"}, 403, ""),
    ],
)
def test_refused_raad_decisions_change_nothing(client, plan, users, username, data, status, message):
    approve(on("10.2"), by=users["mt"])
    client.force_login(users[username])
    before = database_state()
    response = client.post(url("council_decision"), {"proposals": [on("10.2").pk], **data})
    assert response.status_code == status
    assert message in response.content.decode()
    assert database_state() == before


def test_a_submitted_proposal_cannot_be_applied_through_the_decision_page(client, plan, users):
    client.force_login(users["cel"])
    before = database_state()
    response = client.post(
        url("council_decision"), {"decision_date": "2017-12-18", "proposals": [on("10.2").pk]}
    )
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert database_state() == before


def _more_proposals(plan, users) -> None:
    """On action plans without proposals: an action removed and two merged in two of them, a third
    removed whole; every other one approved, so each proposal page gets more cards of every kind."""
    free = list(ActionPlan.objects.in_plan(plan).active().filter(proposals=None).prefetch_related("actions"))
    roomy = [ap for ap in free if len([a for a in ap.actions.all() if a.is_active]) >= 3][:2]
    whole = next(ap for ap in free if ap not in roomy)
    common = {"plan": plan, "motivation": "Reden.", "by": users["cel"]}
    made = [draft_proposal(kind=ProposalKind.REMOVE, action_plan=whole, **common)]
    for action_plan in roomy:
        first, second, third = [a for a in action_plan.actions.order_by("sort_key") if a.is_active][:3]
        made.append(
            draft_proposal(kind=ProposalKind.REMOVE, action_plan=action_plan, actions=[first], **common)
        )
        made.append(
            draft_proposal(
                kind=ProposalKind.MERGE,
                action_plan=action_plan,
                actions=[second],
                merge_into=third,
                new_title="Samen verder.",
                **common,
            )
        )
    for index, proposal in enumerate(made):
        submit(proposal, by=users["cel"])
        if index % 2 == 0:
            approve(proposal, by=users["mt"])


@pytest.mark.parametrize("name", ["proposals", "review", "council_decision"])
def test_the_query_count_does_not_grow_with_the_number_of_proposals(
    client, plan, users, name, django_assert_num_queries
):
    approve(on("10.2"), by=users["mt"])
    approve(on("380.5", "380.7", "380.8"), by=users["mt"])
    client.force_login(users["cel"])
    client.get(url(name))  # the session renewal of the first request
    with CaptureQueriesContext(connection) as few:
        client.get(url(name))
    _more_proposals(plan, users)
    with django_assert_num_queries(len(few)):
        page = client.get(url(name)).content.decode()
    assert name == "review" or ("Te schrappen" in page and "met zijn" in page)


@pytest.mark.parametrize("name", ["proposals", "review", "council_decision"])
def test_proposal_pages_do_not_query_per_proposal(client, plan, users, name, django_assert_max_num_queries):
    client.force_login(users["cel"])
    with django_assert_max_num_queries(16):
        assert client.get(url(name)).status_code == 200


def test_admin_lists_proposals_with_filters_and_its_actions_use_the_rules(client, plan, users):
    client.force_login(users["cel"])
    changelist = reverse("admin:plans_changeproposal_changelist")
    response = client.get(changelist, {"kind__exact": "merge"})
    assert len(response.context["cl"].result_list) == 2
    assert len(client.get(changelist, {"state__exact": "submitted"}).context["cl"].result_list) == 16
    proposal = on("10.2")
    client.post(changelist, {"action": "withdraw_selected", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    before = database_state()
    response = client.post(
        changelist, {"action": "submit_selected", "_selected_action": [proposal.pk]}, follow=True
    )
    assert "Indienen kan enkel bij een voorstel dat ontwerp is" in response.content.decode()
    assert database_state() == before


def test_action_plan_of_another_plan_is_not_found(client, plan, users):
    from tests.factories import ActionPlanFactory

    elsewhere = ActionPlanFactory(number="999")
    client.force_login(users["cel"])
    assert client.get(url("draft_proposal", "999")).status_code == 404
    assert ActionPlan.objects.filter(pk=elsewhere.pk).exists()


def test_cel_edits_a_draft_but_not_a_submitted_proposal(client, plan, users):
    client.force_login(users["cel"])
    client.post(
        url("draft_proposal", "30"), {"kind": ProposalKind.REMOVE, "motivation": "Eerste versie.", "save": ""}
    )
    draft = ChangeProposal.objects.latest("pk")
    response = client.post(
        url("edit_proposal", draft.pk),
        {"kind": ProposalKind.MERGE, "motivation": "Tweede versie.", "submit": "", "version": draft.version},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.kind, draft.motivation, draft.state) == (
        ProposalKind.REMOVE,
        "Tweede versie.",
        ProposalState.SUBMITTED,
    )
    before = database_state()
    response = client.post(
        url("edit_proposal", draft.pk),
        {"kind": ProposalKind.REMOVE, "motivation": "Derde.", "version": draft.version},
    )
    assert "is ingediend. Aanpassen kan enkel bij een voorstel dat ontwerp is." in response.content.decode()
    assert database_state() == before


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_mt_decides_in_place_with_the_outcome_and_what_remains(client, plan, users):
    client.force_login(users["mt"])
    proposal = on("10.2")
    response = client.post(url("decide", proposal.pk), {"decision": "approve", "remark": "Akkoord."}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    card = card_of(html, proposal)
    assert 'role="status"' in card and 'aria-live="polite"' in card
    assert f"Wijzigingsvoorstel #{proposal.pk} is goedgekeurd." in card
    assert "Nog 15 voorstellen te beoordelen." in card
    assert 'value="approve"' not in card  # decided: no more buttons
    assert '<p id="te-beoordelen" hx-swap-oob="innerHTML">Nog 15 voorstellen te beoordelen.' in html
    response = client.post(
        url("decide", on("50.1").pk), {"decision": "reject", "remark": "Eerst met de Stad bespreken."}, **HTMX
    )
    assert "is afgewezen." in response.content.decode()
    assert (on("10.2").state, on("50.1").state) == (ProposalState.APPROVED, ProposalState.REJECTED)


def test_the_count_of_what_remains_is_singular_for_one(client, plan, users):
    for proposal in ChangeProposal.objects.filter(state=ProposalState.SUBMITTED).exclude(pk=on("10.2").pk)[
        1:
    ]:
        withdraw(proposal, by=users["cel"])
    client.force_login(users["mt"])
    assert "Nog 2 voorstellen te beoordelen." in client.get(url("review")).content.decode()
    response = client.post(url("decide", on("10.2").pk), {"decision": "approve"}, **HTMX)
    assert "Nog 1 voorstel te beoordelen." in response.content.decode()


def test_a_refused_decision_in_place_says_why_keeps_the_form_and_changes_nothing(client, plan, users):
    client.force_login(users["mt"])
    proposal = ChangeProposal.objects.get(kind=ProposalKind.REWORD, action_plan__number="110")
    before = database_state()
    response = client.post(
        url("decide", proposal.pk), {"decision": "reject", "remark": " ", "new_title": "Mijn tekst."}, **HTMX
    )
    assert response.status_code == 422
    card = card_of(response.content.decode(), proposal)
    assert 'role="alert"' in card and "Geef bij een afwijzing een opmerking" in card
    assert 'value="approve"' in card and "Mijn tekst.</textarea>" in card  # what was typed stays
    assert "Nog 16 voorstellen te beoordelen." in card
    assert database_state() == before


def test_a_proposal_decided_by_someone_else_meanwhile_is_refused_in_place(client, plan, users):
    proposal = on("10.2")
    client.force_login(users["mt"])
    page = client.get(url("review")).content.decode()
    assert 'value="approve"' in card_of(page, proposal)
    approve(proposal, by=users["beheerder"], remark="Al goedgekeurd.")
    before = database_state()
    response = client.post(url("decide", proposal.pk), {"decision": "reject", "remark": "Neen."}, **HTMX)
    assert response.status_code == 409
    card = card_of(response.content.decode(), proposal)
    assert 'role="alert"' in card
    assert "is goedgekeurd. Afwijzen kan enkel bij een voorstel dat ingediend is." in card
    assert "Al goedgekeurd." in card and 'value="approve"' not in card  # the card as it is now
    assert database_state() == before


def test_without_htmx_a_decision_still_returns_to_the_review_page_with_a_message(client, plan, users):
    client.force_login(users["mt"])
    response = client.post(url("decide", on("10.2").pk), {"decision": "approve"}, follow=True)
    assert response.redirect_chain == [(url("review"), 302)]
    assert "is goedgekeurd." in response.content.decode()
    assert "Nog 15 voorstellen te beoordelen." in response.content.decode()


def test_the_proposal_page_shows_kind_items_motivering_remark_and_its_course(client, plan, users):
    proposal = on("10.2")
    approve(proposal, by=users["mt"], remark="Akkoord, samen met de Stad opvolgen.")
    proposal.refresh_from_db()
    client.force_login(users["raad"])
    assert url("proposal", proposal.pk) in client.get(url("proposals")).content.decode()
    page = client.get(url("proposal", proposal.pk)).content.decode()
    assert f"<h1>Wijzigingsvoorstel #{proposal.pk}</h1>" in page
    assert "Schrappen in actieplan 10, nu goedgekeurd." in page
    assert "Actie 10.2</a> Interimkantoor voor Stad en OCMW" in page
    assert proposal.motivation.splitlines()[0] in page
    assert "Akkoord, samen met de Stad opvolgen." in page
    assert "wordt geschrapt." in page  # what applying it will change
    course = page[page.index("Verloop") :]
    assert [state in course for state in ("ontwerp", "ingediend", "goedgekeurd")] == [True] * 3
    assert course.count("— opgesteld") == 1  # the actions' record is not a step of its own
    months = "januari februari maart april mei juni juli augustus september oktober november december"
    assert any(f" {month} " in course for month in months.split())  # "18 december 2017"


def test_every_proposal_number_links_to_its_page(client, plan, users):

    proposal = on("60.1")
    approve(proposal, by=users["mt"])
    client.force_login(users["cel"])
    client.post(url("council_decision"), {"decision_date": "2017-12-18", "proposals": [proposal.pk]})
    link = f'<a href="{url("proposal", proposal.pk)}">wijzigingsvoorstel #{proposal.pk}</a>'
    action = Action.objects.get(number="60.1")
    timeline = client.get(url("timeline", "actie", action.pk)).content.decode()
    assert f"door {link} (raad van 18 december 2017)" in timeline
    dashboard = client.get(reverse("reporting:dashboard", args=[SLUG])).content.decode()
    assert link in dashboard
    load_round(plan, by=users["cel"])  # reports the demo's proposals in a closed round
    round = ReportingRound.objects.get(plan=plan)
    page = client.get(reverse("reporting:round", args=[SLUG, round.pk])).content.decode()
    assert f'<a href="{url("proposal", proposal.pk)}">Wijzigingsvoorstel #{proposal.pk}</a>' in page
    assert (
        len(re.findall(rf'href="/plannen/{SLUG}/voorstellen/\d+/"', page)) == ChangeProposal.objects.count()
    )


def test_proposal_links_escape_the_rest_of_the_text(plan):
    from plans.templatetags.proposals import proposal_links

    html = proposal_links("<b>x</b> door wijzigingsvoorstel #12 & Wijzigingsvoorstel #3", plan)
    assert html == (
        f'&lt;b&gt;x&lt;/b&gt; door <a href="{url("proposal", 12)}">wijzigingsvoorstel #12</a> &amp; '
        f'<a href="{url("proposal", 3)}">Wijzigingsvoorstel #3</a>'
    )
