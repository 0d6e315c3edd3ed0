"""The aanpassing's pages: starting, each form of a new kind (and its 422), the college, the adoption,
the existing proposal form joining the aanpassing, and queries independent of the number of proposals."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import amendments
from plans import proposals as rules
from plans.models import ActionPlan, Amount, ChangeProposal, ProposalKind, ProposalState
from tests.helpers import database_state
from tests.versions.builders import a_plan_with_items, first_version
from versions import aanpassing, in_force
from versions.models import PlanVersion, VersionState

pytestmark = pytest.mark.django_db
COLLEGE = datetime.date(2021, 12, 6)


def state() -> dict:
    return database_state() | {
        "versions": list(PlanVersion.objects.order_by("pk").values_list("pk", "state")),
        "amounts": list(Amount.objects.order_by("pk").values_list("pk", "amount")),
    }


@pytest.fixture
def world(users):
    plan, goal, action_plan, first, second = a_plan_with_items()
    first_version(plan)
    return {"plan": plan, "goal": goal, "action_plan": action_plan, "first": first, "second": second}


@pytest.fixture
def draft(world, users):
    return aanpassing.start(world["plan"], name="AMJP 2021-1", by=users["cel"])


def url(name: str, plan, *args) -> str:
    return reverse(f"versions:{name}", args=[plan.slug, *args])


def page_of(draft, name="aanpassing") -> str:
    return url(name, draft.plan, draft.number)


def test_the_cel_starts_an_aanpassing_from_the_versions_page(client, world, users):
    client.force_login(users["cel"])
    page = client.get(url("list", world["plan"])).content.decode()
    assert "Nieuwe aanpassing" in page and url("aanpassing_start", world["plan"]) in page
    response = client.post(url("aanpassing_start", world["plan"]), {"name": "AMJP 2021-1"})
    draft = in_force.in_draft(world["plan"])
    assert draft.name == "AMJP 2021-1" and response.url == page_of(draft)
    page = client.get(url("list", world["plan"])).content.decode()
    assert "Aanpassing in ontwerp" in page and page_of(draft) in page and "Nieuwe aanpassing" not in page


def test_starting_a_second_aanpassing_or_one_without_a_name_is_refused_with_a_message(client, draft, users):
    client.force_login(users["cel"])
    before = state()
    for name in ("AMJP 2021-2", ""):
        response = client.post(url("aanpassing_start", draft.plan), {"name": name}, follow=True)
        assert response.status_code == 200
    assert "nog in ontwerp" in response.content.decode() or "naam" in response.content.decode()
    assert state() == before


def test_the_mt_reads_the_aanpassing_but_gets_no_forms(client, draft, users):
    client.force_login(users["mt"])
    page = client.get(page_of(draft)).content.decode()
    assert "AMJP 2021-1" in page and "Een voorstel toevoegen" not in page
    assert client.get(page_of(draft, "aanpassing_action_plan")).status_code == 403


def test_a_new_actieplan_through_its_form(client, world, draft, users):
    client.force_login(users["cel"])
    form = client.get(page_of(draft, "aanpassing_action_plan")).content.decode()
    assert 'value="2"' in form  # the suggested free number
    data = {
        "goal": world["goal"].pk,
        "number": "2",
        "title": "We bouwen een buurthuis.",
        "motivation": "Nieuw.",
    }
    response = client.post(page_of(draft, "aanpassing_action_plan"), data | {"submit": ""})
    proposal = ChangeProposal.objects.get(plan_version=draft)
    assert response.status_code == 302 and proposal.state == ProposalState.SUBMITTED
    page = client.get(page_of(draft)).content.decode()
    assert "nieuw actieplan 2 ‘We bouwen een buurthuis.’ onder doelstelling SD 1" in page


def test_a_new_actieplan_with_a_taken_number_is_422_and_changes_nothing(client, world, draft, users):
    client.force_login(users["cel"])
    before = state()
    data = {"goal": world["goal"].pk, "number": "1", "title": "Dubbel.", "motivation": "x"}
    response = client.post(page_of(draft, "aanpassing_action_plan"), data)
    assert response.status_code == 422 and "heeft al een actieplan 1" in response.content.decode()
    response = client.post(page_of(draft, "aanpassing_action_plan"), {})
    assert response.status_code == 422
    assert state() == before


def test_a_new_actie_through_its_form(client, world, draft, users):
    client.force_login(users["cel"])
    data = {
        "action_plan": world["action_plan"].pk,
        "number": "1.3",
        "title": "We starten een repaircafé.",
        "start_year": "2022",
        "end_year": "2025",
        "motivation": "Vraag van de buurt.",
    }
    assert client.post(page_of(draft, "aanpassing_action"), data).status_code == 302
    proposal = ChangeProposal.objects.get(plan_version=draft)
    assert proposal.details == {
        "number": "1.3",
        "title": "We starten een repaircafé.",
        "start_year": 2022,
        "end_year": 2025,
    }
    before = state()
    response = client.post(page_of(draft, "aanpassing_action"), data | {"start_year": "2030"})
    assert response.status_code == 422 and "looptijd" in response.content.decode()
    assert state() == before


def test_ramingen_through_the_grid_in_flemish_amounts(client, world, draft, users):
    client.force_login(users["cel"])
    choose = client.get(page_of(draft, "aanpassing_amounts")).content.decode()
    assert 'name="actie"' in choose and "1.1 We organiseren budgetbegeleiding." in choose
    grid_url = page_of(draft, "aanpassing_amounts") + f"?actie={world['first'].pk}"
    grid = client.get(grid_url).content.decode()
    assert 'name="b_2020_E_uitgave"' in grid and 'value="1.000"' in grid and 'value="2.500,50"' in grid
    data = {
        "actie": world["first"].pk,
        "b_2020_E_uitgave": "1.000",
        "b_2021_I_uitgave": "2.500,50",
        "b_2021_E_ontvangst": "300",
        "b_2023_I_uitgave": "€ 1.250.000",
        "motivation": "Het nieuwe zwembad.",
    }
    assert client.post(page_of(draft, "aanpassing_amounts"), data).status_code == 302
    proposal = ChangeProposal.objects.get(plan_version=draft)
    assert proposal.kind == ProposalKind.AMOUNTS and proposal.details["new"]["2023"] == {
        "I": ["1250000.00", "0.00"]
    }
    proposal_page = client.get(page_of(draft)).content.decode()
    assert "2023, investeringen uitgaven: € 0,00 wordt € 1.250.000,00." in proposal_page
    rules.withdraw(proposal, by=users["cel"])
    before = state()
    response = client.post(page_of(draft, "aanpassing_amounts"), data | {"b_2024_E_uitgave": "twaalf"})
    assert response.status_code == 422 and "“twaalf” is geen bedrag" in response.content.decode()
    response = client.post(page_of(draft, "aanpassing_amounts"), {"motivation": "Geen actie."})
    assert response.status_code == 422
    assert state() == before


def test_a_priority_change_through_its_form(client, world, draft, users):
    client.force_login(users["cel"])
    form = client.get(page_of(draft, "aanpassing_priority")).content.decode()
    assert f'value="actie:{world["second"].pk}"' in form and "nu niet prioritair" in form
    data = {"item": f"actie:{world['second'].pk}", "motivation": "Speerpunt."}
    assert client.post(page_of(draft, "aanpassing_priority"), data).status_code == 302
    assert ChangeProposal.objects.get(plan_version=draft).details == {"priority": True}
    before = state()
    assert (
        client.post(page_of(draft, "aanpassing_priority"), {"item": "actie:0", "motivation": "x"}).status_code
        == 422
    )
    assert state() == before


def test_the_existing_proposal_form_joins_the_aanpassing_by_default(client, world, draft, users):
    client.force_login(users["cel"])
    form_url = reverse("plans:draft_proposal", args=[world["plan"].slug, world["action_plan"].number])
    form = client.get(form_url).content.decode()
    assert "In aanpassing AMJP 2021-1" in form and 'name="in_aanpassing"' in form and "checked" in form
    data = {
        "kind": "remove",
        "actions": [world["second"].pk],
        "motivation": "Afgerond.",
        "in_aanpassing": "on",
    }
    assert client.post(form_url, data).status_code == 302
    assert ChangeProposal.objects.get(kind=ProposalKind.REMOVE).plan_version == draft
    data = {"kind": "reword", "new_title": "Anders.", "motivation": "Beter.", "actions": [world["first"].pk]}
    assert client.post(form_url, data).status_code == 302
    assert ChangeProposal.objects.get(kind=ProposalKind.REWORD).plan_version is None


def test_mt_then_college_then_raad(client, world, draft, users):
    proposal = amendments.draft_priority(
        draft, item=world["action_plan"], motivation="Speerpunt.", by=users["cel"]
    )
    other = amendments.draft_action_plan(
        draft,
        goal=world["goal"],
        number="2",
        title="We bouwen een buurthuis.",
        motivation="x",
        by=users["cel"],
    )
    for each in (proposal, other):
        rules.submit(each, by=users["cel"])
    client.force_login(users["mt"])
    page = client.get(page_of(draft)).content.decode()
    assert "2 voorstellen beoordelen" in page and page.count('name="decision" value="approve"') == 2
    for each in (proposal, other):
        decided = client.post(
            reverse("plans:decide", args=[draft.plan.slug, each.pk]), {"decision": "approve", "remark": "Ok."}
        )
        assert decided.status_code == 302
    client.force_login(users["cel"])
    adopt_page = client.get(page_of(draft, "aanpassing_adopt")).content.decode()
    assert "Wat de vaststelling nog tegenhoudt" in adopt_page and f"#{proposal.pk}" in adopt_page
    before = state()
    refused = client.post(page_of(draft, "aanpassing_adopt"), {"council_date": "2021-12-20"})
    assert refused.status_code == 422 and "nog niet beslist" in refused.content.decode()
    assert client.post(page_of(draft, "aanpassing_college"), {"proposals": [proposal.pk]}).status_code == 422
    assert state() == before
    college = client.get(page_of(draft, "aanpassing_college")).content.decode()
    assert f'value="{proposal.pk}"' in college and "checked" in college
    done = client.post(
        page_of(draft, "aanpassing_college"),
        {"college_date": "2021-12-06", "proposals": [proposal.pk, other.pk]},
    )
    assert done.status_code == 302
    assert set(ChangeProposal.objects.filter(plan_version=draft).values_list("state", flat=True)) == {
        ProposalState.ENDORSED
    }
    adopted = client.post(
        page_of(draft, "aanpassing_adopt"), {"council_date": "2021-12-20", "published_on": "2021-12-23"}
    )
    assert adopted.status_code == 302
    draft.refresh_from_db()
    assert draft.state == VersionState.ADOPTED and draft.published_on == datetime.date(2021, 12, 23)
    assert ActionPlan.objects.get(plan=draft.plan, number="2").title == "We bouwen een buurthuis."
    page = client.get(page_of(draft)).content.decode()
    assert (
        "akkoord college van 6 december 2021" in page
        and "doorgevoerd na de raad van 20 december 2021" in page
    )
    # the forms of an adopted version send back to its page
    assert client.get(page_of(draft, "aanpassing_priority")).status_code == 302


def test_an_aanpassing_proposal_is_not_edited_but_withdrawn(client, world, draft, users):
    proposal = amendments.draft_priority(draft, item=world["second"], motivation="x", by=users["cel"])
    client.force_login(users["cel"])
    response = client.get(reverse("plans:edit_proposal", args=[draft.plan.slug, proposal.pk]))
    assert response.status_code == 302
    page = client.get(page_of(draft)).content.decode()
    assert reverse("plans:edit_proposal", args=[draft.plan.slug, proposal.pk]) not in page
    withdraw_url = reverse("plans:proposal_step", args=[draft.plan.slug, proposal.pk, "withdraw"])
    assert withdraw_url in page
    response = client.post(withdraw_url, {"next": page_of(draft)})
    assert response.url == page_of(draft)


def test_the_turnhout_decision_page_says_why_it_waits_for_the_aanpassing(client, world, draft, users):
    proposal = rules.draft_proposal(
        plan=world["plan"],
        kind=ProposalKind.REMOVE,
        action_plan=world["action_plan"],
        actions=[world["second"]],
        motivation="Afgerond.",
        by=users["cel"],
    )
    rules.submit(proposal, by=users["cel"])
    rules.approve(proposal, by=users["mt"])
    client.force_login(users["cel"])
    before = state()
    response = client.post(
        reverse("plans:council_decision", args=[world["plan"].slug]),
        {"decision_date": "2021-12-20", "proposals": [proposal.pk]},
    )
    assert "AMJP 2021-1 nog in ontwerp" in response.content.decode()
    assert state() == before


def add_proposals(draft, world, users, count: int, start: int) -> None:
    for n in range(start, start + count):
        proposal = amendments.draft_action_plan(
            draft, goal=world["goal"], number=str(n), title=f"Actieplan {n}.", motivation="x", by=users["cel"]
        )
        rules.submit(proposal, by=users["cel"])
    amendments.draft_amounts(
        draft,
        action=world["first"] if start == 10 else world["second"],
        new={(2022, "E", "uitgave"): Decimal(start)},
        motivation="x",
        by=users["cel"],
    )


def test_the_aanpassing_page_queries_do_not_grow_with_its_proposals(client, world, draft, users):
    add_proposals(draft, world, users, 2, 10)
    client.force_login(users["mt"])
    client.get(page_of(draft))
    with CaptureQueriesContext(connection) as few:
        assert client.get(page_of(draft)).status_code == 200
    add_proposals(draft, world, users, 6, 20)
    with CaptureQueriesContext(connection) as many:
        page = client.get(page_of(draft)).content.decode()
    assert page.count('class="card proposal"') == 10
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_new_actieplan_reads_well_on_the_plans_proposal_pages(client, world, draft, users):
    proposal = amendments.draft_action_plan(
        draft,
        goal=world["goal"],
        number="2",
        title="We bouwen een buurthuis.",
        motivation="x",
        by=users["cel"],
    )
    rules.submit(proposal, by=users["cel"])
    client.force_login(users["mt"])
    sentence = "Voorstel toe te voegen: nieuw actieplan 2 ‘We bouwen een buurthuis.’ onder doelstelling SD 1."
    for name, args in [("proposals", []), ("proposal", [proposal.pk]), ("review", [])]:
        page = client.get(reverse(f"plans:{name}", args=[draft.plan.slug, *args])).content.decode()
        assert sentence in page, name
        assert "in aanpassing AMJP 2021-1" in page, name
    review = client.get(reverse("plans:review", args=[draft.plan.slug])).content.decode()
    assert "Nieuwe actieplannen" in review
    detail = client.get(reverse("plans:proposal", args=[draft.plan.slug, proposal.pk])).content.decode()
    assert "Toevoegen van een nieuw actieplan, nu ingediend." in detail
    # the Turnhout decision page does not offer it: the raad adopts it with the aanpassing
    rules.approve(proposal, by=users["mt"])
    client.force_login(users["cel"])
    decision = client.get(reverse("plans:council_decision", args=[draft.plan.slug])).content.decode()
    assert sentence not in decision


def test_the_cel_stops_the_aanpassing_from_its_page(client, make_user):
    from core.roles import CEL as CEL_ROLE
    from tests.versions.builders import a_plan_with_items, first_version
    from versions import aanpassing as aanpassingen
    from versions.models import PlanVersion, VersionState

    plan = a_plan_with_items()[0]
    first_version(plan)
    cel_user = make_user("cel-stop", CEL_ROLE)
    draft = aanpassingen.start(plan, name="AMJP 2021-1", by=cel_user)
    client.force_login(cel_user)
    page = client.get(reverse("versions:aanpassing", args=[plan.slug, draft.number])).text
    assert "Aanpassing stopzetten" in page
    url = reverse("versions:aanpassing_stop", args=[plan.slug, draft.number])
    refused = client.post(url, {"reason": ""}, follow=True)
    assert "Schrijf waarom" in refused.text
    assert PlanVersion.objects.get(pk=draft.pk).state == VersionState.DRAFT
    stopped = client.post(url, {"reason": "Niet meer nodig."}, follow=True)
    assert "is stopgezet" in stopped.text and "stopgezet" in stopped.text
    assert PlanVersion.objects.get(pk=draft.pk).state == VersionState.STOPPED


def test_a_big_plan_has_its_acties_chosen_per_actieplan(client, make_user, monkeypatch):
    from core.roles import CEL as CEL_ROLE
    from tests.versions.builders import a_plan_with_items, first_version
    from versions import aanpassing as aanpassingen
    from versions.views import aanpassing as pages

    plan, _goal, action_plan, first, _second = a_plan_with_items()
    first_version(plan)
    cel_user = make_user("cel-groot", CEL_ROLE)
    draft = aanpassingen.start(plan, name="AMJP 2021-1", by=cel_user)
    client.force_login(cel_user)
    monkeypatch.setattr(pages, "ONE_LIST_ACTIONS", 1)  # two acties: a big plan for this test
    amounts = reverse("versions:aanpassing_amounts", args=[plan.slug, draft.number])
    page = client.get(amounts).text
    assert "kies eerst het actieplan" in page and 'name="actie"' not in page
    page = client.get(amounts, {"actieplan": action_plan.number}).text
    assert f'<option value="{first.pk}">1.1 ' in page
    priority = reverse("versions:aanpassing_priority", args=[plan.slug, draft.number])
    page = client.get(priority).text
    assert f"actieplan:{action_plan.pk}" in page and f"actie:{first.pk}" not in page
    page = client.get(priority, {"actieplan": action_plan.number}).text
    assert f"actie:{first.pk}" in page
