"""The draft's own pages: starting a draft, the akkoord, the proposals (list, new, edit, page with
remarks). Access per role, every refusal with the database unchanged, query counts independent of size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import changes
from core.roles import CEL, COUNCIL, MANAGEMENT_TEAM, OWNER
from drafting import drafts, steps
from drafting.models import (
    Ambition,
    Chapter,
    Decision,
    Draft,
    DraftState,
    Mandatary,
    Outcome,
    Proposal,
    ProposalKind,
    Remark,
    Standing,
    Step,
    Subject,
)
from plans.models import Department
from tests.drafting.builders import a_draft, an_action_plan, retained_action_plan, step_named
from tests.factories import default_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cel(client, make_user):
    client.force_login(make_user("cel-ontwerp", CEL))
    return client


@pytest.fixture
def mt(client, make_user):
    client.force_login(make_user("mt-ontwerp", MANAGEMENT_TEAM))
    return client


@pytest.fixture
def owner_user(make_user):
    return make_user("eigenaar-ontwerp", OWNER)


@pytest.fixture
def department(owner_user):
    return changes.save(
        Department(organisation=default_organisation(), name="Dienst welzijn", head=owner_user), by=None
    )


@pytest.fixture
def owner(client, owner_user):
    client.force_login(owner_user)
    return client


def state() -> tuple:
    """Everything these pages write, to compare before and after a refusal."""
    return (
        list(Draft.objects.values_list("pk", "name", "version")),
        list(Chapter.objects.values_list("pk", "name")),
        list(Ambition.objects.values_list("pk", "text")),
        list(Mandatary.objects.values_list("pk", "name")),
        list(Proposal.objects.order_by("pk").values_list("pk", "title", "version", "standing", "step")),
        Proposal.history.count(),
        Remark.objects.count(),
        Decision.objects.count(),
        Step.objects.count(),
    )


def url(name: str, *args) -> str:
    return reverse(f"drafting:{name}", args=args)


# Roles.


def test_the_raad_gets_403_on_the_drafts(client, make_user):
    draft = a_draft()
    client.force_login(make_user("raad-ontwerp", COUNCIL))
    for address in (
        url("drafts"),
        url("draft", draft.pk),
        url("agreement", draft.pk),
        url("proposals", draft.pk),
        url("steps", draft.pk),
    ):
        assert client.get(address).status_code == 403, address


def test_the_mt_reads_everything_but_writes_nothing(mt):
    draft = a_draft()
    proposal = an_action_plan(draft)
    for address in (
        url("drafts"),
        url("agreement", draft.pk),
        url("proposals", draft.pk),
        url("proposal", draft.pk, proposal.pk),
    ):
        assert mt.get(address).status_code == 200, address
    assert "Een nieuw ontwerp starten" not in mt.get(url("drafts")).content.decode()
    before = state()
    assert mt.get(url("new_proposal", draft.pk)).status_code == 403
    assert mt.get(url("edit_proposal", draft.pk, proposal.pk)).status_code == 403
    assert mt.post(url("add_chapter", draft.pk), {"chapter-name": "Beleving"}).status_code == 403
    assert mt.post(url("drafts"), {"name": "X"}).status_code == 403
    assert state() == before


def test_an_eigenaar_sees_only_the_proposals_that_name_their_dienst(owner, department):
    draft = a_draft()
    theirs = an_action_plan(draft, "Van hun dienst", department=department)
    other = an_action_plan(draft, "Van een andere dienst")
    page = owner.get(url("proposals", draft.pk)).content.decode()
    assert "Van hun dienst" in page and "Van een andere dienst" not in page
    assert owner.get(url("proposal", draft.pk, theirs.pk)).status_code == 200
    assert owner.get(url("proposal", draft.pk, other.pk)).status_code == 403
    assert owner.get(url("agreement", draft.pk)).status_code == 403
    assert owner.get(url("new_proposal", draft.pk)).status_code == 403


# Starting a draft.


def test_the_cel_starts_a_draft_with_the_seeds_steps(cel):
    response = cel.post(
        url("drafts"),
        {
            "name": "Strategisch meerjarenplan 2026–2031",
            "authority": "Stad Turnhout",
            "start_year": 2026,
            "end_year": 2031,
            "agreement": "Bestuursakkoord 2025–2030",
        },
    )
    draft = Draft.objects.get()
    assert response.status_code == 302 and response["Location"] == url("agreement", draft.pk)
    assert steps.steps_of(draft, Subject.ACTION_PLANS).count() == 6
    assert draft.history.first().history_user.username == "cel-ontwerp"


def test_a_draft_ending_before_it_starts_is_refused_in_dutch(cel):
    before = state()
    response = cel.post(
        url("drafts"),
        {"name": "Plan", "authority": "Stad", "start_year": 2031, "end_year": 2026, "agreement": "Akkoord"},
    )
    assert response.status_code == 422
    assert "Het eindjaar" in response.content.decode()
    assert state() == before


def test_a_draft_without_a_name_is_refused(cel):
    before = state()
    response = cel.post(url("drafts"), {"start_year": 2026, "end_year": 2031})
    assert response.status_code == 422
    assert "Geef het ontwerp een naam" in response.content.decode()
    assert state() == before


# The akkoord.


def test_the_cel_adds_a_chapter_and_pastes_ambitions_one_per_line(cel):
    draft = a_draft(chapters=())
    cel.post(url("add_chapter", draft.pk), {"chapter-name": "Welzijn"})
    chapter = Chapter.objects.get(draft=draft)
    response = cel.post(
        url("add_ambitions", draft.pk),
        {
            "ambitions-chapter": chapter.pk,
            "ambitions-texts": "- We bestrijden armoede\n\n• We zorgen voor elkaar\r\nWe bewegen meer",
        },
    )
    assert response.status_code == 302
    assert list(chapter.ambitions.order_by("position").values_list("text", flat=True)) == [
        "We bestrijden armoede",
        "We zorgen voor elkaar",
        "We bewegen meer",
    ]


def test_the_agreement_page_shows_how_many_actieplannen_answer_each_ambition(cel):
    draft = a_draft(chapters=("Welzijn",))
    first, _second = Ambition.objects.filter(chapter__draft=draft).order_by("position")
    an_action_plan(draft, ambitions=[first])
    an_action_plan(draft, "Tweede", ambitions=[first])
    page = cel.get(url("agreement", draft.pk)).content.decode()
    assert "1 ambitie heeft nog geen actieplan" in page
    assert '<td class="number">2</td>' in page
    assert "nog geen" in page


def test_empty_ambitions_and_a_double_chapter_are_refused(cel):
    draft = a_draft(chapters=("Welzijn",))
    chapter = Chapter.objects.get(draft=draft)
    before = state()
    response = cel.post(
        url("add_ambitions", draft.pk), {"ambitions-chapter": chapter.pk, "ambitions-texts": " \n - \n"}
    )
    assert response.status_code == 422
    assert "Typ of plak minstens één ambitie" in response.content.decode()
    response = cel.post(url("add_chapter", draft.pk), {"chapter-name": "Welzijn"})
    assert response.status_code == 422
    assert "al een hoofdstuk met deze naam" in response.content.decode()
    assert state() == before


def test_the_cel_adds_a_mandatary_and_a_double_is_refused(cel):
    draft = a_draft()
    response = cel.post(
        url("add_mandatary", draft.pk), {"mandatary-name": "Jan Peeters", "mandatary-mandate": "schepen"}
    )
    assert response.status_code == 302
    assert "Jan Peeters (schepen)" in cel.get(url("agreement", draft.pk)).content.decode()
    before = state()
    response = cel.post(url("add_mandatary", draft.pk), {"mandatary-name": "Jan Peeters"})
    assert response.status_code == 422
    assert "Er is al een mandataris met deze naam" in response.content.decode()
    assert state() == before


# New and edited proposals.


def proposal_data(draft, **more) -> dict:
    chapter = Chapter.objects.filter(draft=draft).first()
    return {
        "kind": ProposalKind.ACTION_PLAN,
        "title": "We ontwikkelen een preventief gezondheidsbeleid",
        "short_title": "Preventief gezondheidsbeleid",
        "chapter": chapter.pk,
        "ambitions": [a.pk for a in chapter.ambitions.all()],
        "partners": "LOGO, gezins- en gezondheidsraad",
        "points_of_attention": "doelgroep, wijk",
        **more,
    }


def test_the_cel_proposes_an_actieplan_on_the_first_steps_agenda(cel):
    draft = a_draft()
    mandatary = drafts.add_mandatary(draft.organisation, name="Schepen Welzijn", by=None)
    response = cel.post(url("new_proposal", draft.pk), proposal_data(draft, political_contact=mandatary.pk))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == url("proposal", draft.pk, proposal.pk)
    assert proposal.step == step_named(draft, Subject.ACTION_PLANS, 1)
    assert proposal.political_contact == mandatary
    assert proposal.ambitions.count() == 2
    assert proposal.created_by.username == "cel-ontwerp"


def test_the_new_proposal_form_groups_the_ambitions_per_chapter_and_counts_the_short_title(cel):
    draft = a_draft()
    page = cel.get(url("new_proposal", draft.pk)).content.decode()
    assert "<legend>Welzijn</legend>" in page and "<legend>Omgeving</legend>" in page
    assert 'maxlength="100"' in page  # the house's chars-left counter follows a textarea's maxlength


def test_a_goal_is_refused_while_no_actieplan_is_retained(cel):
    draft = a_draft()
    before = state()
    response = cel.post(
        url("new_proposal", draft.pk),
        proposal_data(draft, kind=ProposalKind.GOAL, title="We halveren armoede"),
    )
    assert response.status_code == 422
    assert "Er is nog geen actieplan weerhouden" in response.content.decode()
    assert state() == before
    retained_action_plan(draft)
    response = cel.post(
        url("new_proposal", draft.pk),
        proposal_data(draft, kind=ProposalKind.GOAL, title="We halveren armoede"),
    )
    assert response.status_code == 302
    assert Proposal.objects.filter(kind=ProposalKind.GOAL).count() == 1


def test_a_short_title_over_100_characters_is_refused(cel):
    draft = a_draft()
    before = state()
    response = cel.post(url("new_proposal", draft.pk), proposal_data(draft, short_title="x" * 101))
    assert response.status_code == 422
    assert "100" in response.content.decode()
    assert state() == before


def test_the_cel_edits_a_proposal(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    data = proposal_data(draft, title="Nieuwe titel", version=proposal.version, ambitions=[])
    response = cel.post(url("edit_proposal", draft.pk, proposal.pk), data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Nieuwe titel" and proposal.partners.startswith("LOGO")
    assert proposal.step == step_named(draft, Subject.ACTION_PLANS, 1)  # the standing is not the form's


def test_an_edit_on_an_outdated_copy_is_refused_and_saves_nothing(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    opened = proposal.version
    drafts.edit_proposal(proposal, {"partners": "Orion"}, by=None, version=opened)  # someone else meanwhile
    before = state()
    data = proposal_data(draft, title="Mijn titel", version=opened)
    response = cel.post(url("edit_proposal", draft.pk, proposal.pk), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "werd intussen gewijzigd" in page and "Uw wijziging is niet opgeslagen" in page
    assert state() == before
    proposal.refresh_from_db()
    assert proposal.title != "Mijn titel" and proposal.partners == "Orion"


# The proposal's page and remarks.


def test_the_proposal_page_shows_all_fields_the_ambitions_and_the_trail(cel):
    draft = a_draft()
    ambition = Ambition.objects.filter(chapter__draft=draft).first()
    proposal = an_action_plan(draft, partners="LOGO Kempen", points_of_attention="wijk", ambitions=[ambition])
    steps.decide(proposal, proposal.step, Outcome.AMENDED, by=None, remark="Doelgroep verduidelijkt")
    page = cel.get(url("proposal", draft.pk, proposal.pk)).content.decode()
    for shown in ("LOGO Kempen", "wijk", ambition.text, "Voorzet Strategie &amp; Beleid", "aangepast"):
        assert shown in page, shown
    assert "Doelgroep verduidelijkt" in page and "systeem" in page


def test_the_cel_adds_a_remark_with_any_source(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    url_ = url("proposal", draft.pk, proposal.pk)
    response = cel.post(url_, {"source": "Seniorenadviesraad", "text": "Denk aan de wijken."})
    assert response.status_code == 302
    remark = Remark.objects.get()
    assert (remark.source, remark.text, remark.author.username) == (
        "Seniorenadviesraad",
        "Denk aan de wijken.",
        "cel-ontwerp",
    )
    assert "Seniorenadviesraad" in cel.get(url_).content.decode()


def test_a_remark_without_source_or_text_is_refused(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    before = state()
    response = cel.post(url("proposal", draft.pk, proposal.pk), {"source": "", "text": ""})
    assert response.status_code == 422
    assert "Zeg van wie de opmerking komt" in response.content.decode()
    assert state() == before


def test_an_eigenaar_adds_their_own_remark_on_their_dienst_only(owner, department):
    draft = a_draft()
    theirs = an_action_plan(draft, "Van hun dienst", department=department)
    other = an_action_plan(draft, "Van een andere dienst")
    response = owner.post(url("proposal", draft.pk, theirs.pk), {"source": "LOGO", "text": "Wij doen mee."})
    assert response.status_code == 302
    remark = Remark.objects.get()
    assert remark.source == "eigenaar-ontwerp (Dienst welzijn)"  # their own, whatever they typed
    before = state()
    response = owner.post(url("proposal", draft.pk, other.pk), {"text": "Ook hier?"})
    assert response.status_code == 403
    assert state() == before


# Filters and size.


def test_the_list_groups_by_standing_and_keeps_niet_weerhouden_with_its_trail(cel):
    draft = a_draft()
    an_action_plan(draft, "Loopt nog")
    retained_action_plan(draft, "Weerhouden plan")
    refused = an_action_plan(draft, "Afgewezen plan")
    steps.decide(refused, refused.step, Outcome.REFUSED, by=None, remark="Past niet in het akkoord")
    page = cel.get(url("proposals", draft.pk)).content.decode()
    assert page.index("Loopt nog") < page.index("Weerhouden plan") < page.index("Afgewezen plan")
    assert "Niet weerhouden" in page and "Past niet in het akkoord" in page


def test_the_filters(cel, department):
    draft = a_draft()
    welzijn, omgeving = Chapter.objects.filter(draft=draft).order_by("position")
    an_action_plan(draft, "Eerste welzijn", chapter=welzijn, department=department)
    moved = an_action_plan(draft, "Tweede omgeving", chapter=omgeving)
    steps.decide(moved, moved.step, Outcome.AGREED, by=None)
    second = step_named(draft, Subject.ACTION_PLANS, 2)

    def shown(**query) -> set[str]:
        page = cel.get(url("proposals", draft.pk), query).content.decode()
        return {title for title in ("Eerste welzijn", "Tweede omgeving") if title in page}

    assert shown() == {"Eerste welzijn", "Tweede omgeving"}
    assert shown(hoofdstuk=omgeving.pk) == {"Tweede omgeving"}
    assert shown(stap=second.pk) == {"Tweede omgeving"}
    assert shown(dienst=department.pk) == {"Eerste welzijn"}
    assert shown(soort=ProposalKind.GOAL) == set()
    assert shown(stand=Standing.UNDER_WAY) == {"Eerste welzijn", "Tweede omgeving"}
    assert shown(stand=Standing.RETAINED) == set()


def _queries(client, address) -> int:
    client.get(address)  # the first request of a session writes the session and warms the caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_list_of_proposals_costs_the_same_queries_whatever_its_size(cel, department):
    draft = a_draft()
    mandatary = drafts.add_mandatary(draft.organisation, name="Schepen", by=None)
    chapter = Chapter.objects.filter(draft=draft).first()

    def more(n):
        for i in range(n):
            p = an_action_plan(
                draft, f"Plan {i}", chapter=chapter, department=department, political_contact=mandatary
            )
            steps.decide(p, p.step, Outcome.REFUSED, by=None, remark="nee")

    more(2)
    small = _queries(cel, url("proposals", draft.pk))
    more(12)
    assert _queries(cel, url("proposals", draft.pk)) == small


def test_the_proposal_page_costs_the_same_queries_whatever_its_trail(cel):
    draft = a_draft()
    proposal = an_action_plan(draft, ambitions=list(Ambition.objects.filter(chapter__draft=draft)[:1]))
    drafts.add_remark(proposal, source="A", text="a", by=None)
    proposal = steps.decide(proposal, proposal.step, Outcome.AGREED, by=None).proposal
    small = _queries(cel, url("proposal", draft.pk, proposal.pk))
    for _ in range(3):
        drafts.add_remark(proposal, source="B", text="b", by=None)
        proposal = steps.decide(proposal, proposal.step, Outcome.AGREED, by=None).proposal
    drafts.edit_proposal(
        proposal,
        {},
        by=None,
        version=proposal.version,
        ambitions=Ambition.objects.filter(chapter__draft=draft),
    )
    assert _queries(cel, url("proposal", draft.pk, proposal.pk)) == small


def test_an_eigenaar_is_told_their_remark_is_in_their_own_name(owner, department):
    draft = a_draft()
    theirs = an_action_plan(draft, "Van hun dienst", department=department)
    page = owner.get(url("proposal", draft.pk, theirs.pk)).content.decode()
    assert "Uw opmerking staat op naam van eigenaar-ontwerp (Dienst welzijn)." in page
    assert 'name="source"' not in page


def test_an_adopted_draft_is_read_only(cel):
    draft = a_draft()
    proposal = an_action_plan(draft)
    changes.update(draft, {"state": DraftState.ADOPTED}, by=None, version=draft.version)
    before = state()
    assert cel.get(url("new_proposal", draft.pk)).status_code == 403
    assert cel.post(url("edit_proposal", draft.pk, proposal.pk), proposal_data(draft)).status_code == 403
    assert cel.post(url("add_chapter", draft.pk), {"chapter-name": "Beleving"}).status_code == 403
    page = cel.get(url("proposal", draft.pk, proposal.pk)).content.decode()
    assert "Bewerken" not in page and "Opmerking toevoegen" not in page
    assert 'type="radio"' not in cel.get(url("meeting", draft.pk, proposal.step_id)).content.decode()
    assert state() == before


def test_the_overview_links_each_step_to_its_meeting(cel):
    draft = a_draft()
    step = step_named(draft, Subject.ACTION_PLANS, 1)
    assert url("meeting", draft.pk, step.pk) in cel.get(url("draft", draft.pk)).content.decode()


def test_the_platform_beheerder_acting_in_no_organisation_is_told_to_choose_one(client, admin_user):
    client.force_login(admin_user)
    before = state()
    response = client.post(
        url("drafts"),
        {"name": "Plan", "authority": "Stad", "start_year": 2026, "end_year": 2031, "agreement": "Akkoord"},
    )
    assert response.status_code == 422
    assert "Werk eerst in een organisatie" in response.content.decode()
    empty = client.post(url("drafts"), {})
    assert empty.status_code == 422 and "Werk eerst in een organisatie" in empty.content.decode()
    assert state() == before


def test_a_number_the_house_does_not_accept_is_refused_at_its_field(cel):
    draft = a_draft()
    before = state()
    response = cel.post(url("new_proposal", draft.pk), proposal_data(draft, number="-1"))
    assert response.status_code == 422
    assert 'id="id_number_error"' in response.content.decode()
    assert state() == before
