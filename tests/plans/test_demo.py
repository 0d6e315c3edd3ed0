"""The demo: OCMW Turnhout's plan as the "Rapportering december 2017" reports it."""

import datetime
import io
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core import changes
from core.roles import ADMINISTRATOR, CEL, COUNCIL, MANAGEMENT_TEAM, OWNER
from demo.plans import DEMO_PASSWORD, load_owners, load_plan_file, seed_proposals
from demo.rounds import INVENTED_ROUND_NAME
from plans import owners
from plans.models import Action, ActionPlan, ChangeProposal, Department, Plan, Project, Status
from rounds.models import ReportingRound, RoundState
from tests.conftest import kept_for_the_module

pytestmark = pytest.mark.django_db

SEED_ACTION_PLANS = [
    "10",
    "30",
    "40",
    "50",
    "60",
    "70",
    "80",
    "90",
    "100",
    "110",
    "120",
    "130",
    "140",
    "150",
    "160",
    "170",
    "180",
    "190",
    "210",
    "220",
    "230",
    "240",
    "250",
    "270",
    "280",
    "290",
    "300",
    "310",
    "330",
    "340",
    "350",
    "360",
    "370",
    "380",
    "390",
    "400",
    "410",
    "420",
    "430",
    "440",
    "450",
    "460",
]
SEED_ACTIONS = [
    "10.2",
    "40.1",
    "40.2",
    "50.1",
    "60.1",
    "80.1",
    "80.2",
    "120.2",
    "120.3",
    "120.4",
    "120.5",
    "140.1",
    "230.1",
    "230.2",
    "230.3",
    "280.1",
    "340.4",
    "360.1",
    "380.1",
    "380.5",
    "380.7",
    "380.8",
    "400.1",
]
SEED_PROJECTS = {
    "NEWTON",
    "BOOST",
    "Welzijns-campus",
    "Welzijnsonthaal",
    "Digitaal Sociaal Dossier",
    "Studio K",
    "Programma Werk",
}


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker) -> int:
    """The demo, loaded once for the module (``kept_for_the_module``); what a test changes is rolled back."""
    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            call_command("load_demo", stdout=io.StringIO())
            made = Plan.objects.get(slug="turnhout-2014-2019").pk
        yield made


@pytest.fixture
def demo(db, _demo):
    return Plan.objects.get(pk=_demo)


def test_all_42_action_plans_in_number_order(demo):
    assert list(ActionPlan.objects.in_plan(demo).values_list("number", flat=True)) == SEED_ACTION_PLANS


def test_every_action_the_report_names(demo):
    assert list(Action.objects.in_plan(demo).values_list("number", flat=True)) == SEED_ACTIONS


def test_titles_are_the_reports_words(demo):
    titles = dict(ActionPlan.objects.values_list("number", "title"))
    assert titles["10"] == "We stimuleren, organiseren en coördineren vrijwilligerswerking."
    assert titles["30"] == "We stimuleren zelfhulp."
    assert titles["460"] == (
        "We onderzoeken welke duurzame technologieën en methodieken wij kunnen implementeren "
        "in onze organisatie."
    )


def test_toelichting_is_the_paragraph_without_the_proposals(demo):
    ten = ActionPlan.objects.get(number="10")
    assert ten.explanation.startswith("Hier rond werden al verschillende acties afgewerkt")
    assert "Voorstel" not in ten.explanation
    three_seventy = ActionPlan.objects.get(number="370")
    assert "leidinggevenden en adviseurs (VLAM) werd samengevoegd" in three_seventy.explanation


MARKDOWN = re.compile(r"\[[^\]]*\]\([^)]*\)|\*\*|__|^#+ |^\s*[-*] ", re.MULTILINE)


def test_no_demo_text_holds_markdown(demo):
    """The seed is a Word document: its texts are plain, its web addresses written out."""
    texts = [
        text
        for model, fields in (
            (ActionPlan, ("title", "explanation", "points_of_attention")),
            (Action, ("title", "explanation")),
            (Project, ("name", "explanation")),
            (ChangeProposal, ("new_title", "motivation")),
        )
        for row in model.objects.values_list(*fields)
        for text in row
    ]
    assert [text for text in texts if MARKDOWN.search(text)] == []
    hundred = ActionPlan.objects.get(number="100").points_of_attention
    assert "linken naar www.zorggroep-orion.be), later als onderdeel van de website turnhout.be." in hundred


def test_points_of_attention_of_90_100_and_440(demo):
    with_points = ActionPlan.objects.exclude(points_of_attention="")
    assert list(with_points.values_list("number", flat=True)) == ["90", "100", "440"]
    assert ActionPlan.objects.get(number="90").points_of_attention == (
        "op termijn dienen Stad en OCMW over één gezamenlijk intranet te beschikken."
    )


def test_statuses_the_text_states(demo):
    status = dict(ActionPlan.objects.values_list("number", "status"))
    assert status["150"] == Status.ON_HOLD  # "Dit actieplan staat on hold"
    assert status["250"] == Status.COMPLETED  # "Dit actieplan is afgewerkt."
    assert status["100"] == Status.COMPLETED  # "De acties die onder dit plan vallen, werden afgerond."
    assert status["370"] == Status.REGULAR  # "Dit actieplan zit verankerd in de reguliere werking."
    assert status["240"] == Status.IN_PROGRESS  # "Dit project loopt."
    assert set(status.values()) == set(Status.values) - {Status.NOT_STARTED}


def test_actions_named_only_by_number_say_so(demo):
    assert Action.objects.get(number="40.1").title == "(titel niet vermeld)"
    assert Action.objects.get(number="10.2").title == "Interimkantoor voor Stad en OCMW"


def test_projects_it_names_linked_to_their_action_plans(demo):
    names = set(Project.objects.in_plan(demo).values_list("name", flat=True))
    assert names >= SEED_PROJECTS
    newton = Project.objects.get(name="NEWTON")
    assert list(newton.action_plans.values_list("number", flat=True)) == ["120", "300", "390"]
    assert all(project.action_plans.exists() for project in Project.objects.all())


def test_seed_proposals_are_ready_and_point_at_existing_items(demo):
    proposals = seed_proposals()
    kinds = [p["kind"] for p in proposals]
    assert (kinds.count("remove"), kinds.count("reword"), kinds.count("merge")) == (10, 4, 2)
    action_numbers = set(SEED_ACTIONS)
    for proposal in proposals:
        assert set(proposal.get("actions", [])) <= action_numbers
        assert proposal.get("action_plan", "10") in SEED_ACTION_PLANS
        assert proposal["text"].startswith("Voorstel te ")
    hr = next(p for p in proposals if p.get("into") == "380.1")
    assert (hr["actions"], hr["into_title"]) == (
        ["380.5", "380.7", "380.8"],
        "We werken een modern HR-beleid uit",
    )


def test_one_demo_user_per_role(demo):
    users = {u.username: u for u in get_user_model().objects.all()}

    def roles(username):
        return [(m.organisation.slug, m.role) for m in users[username].memberships.all()]

    assert roles("cel") == [("ocmw-turnhout", CEL)]
    assert roles("mt") == [("ocmw-turnhout", MANAGEMENT_TEAM)]
    assert roles("raad") == [("ocmw-turnhout", COUNCIL)]
    assert roles("turnhout-beheerder") == [("ocmw-turnhout", ADMINISTRATOR)]
    assert roles("vg-cel") == [("voorbeeldgemeente", CEL)]
    assert roles("vg-beheerder") == [("voorbeeldgemeente", ADMINISTRATOR)]
    assert users["beheerder"].is_superuser and roles("beheerder") == []
    login = RequestFactory().post("/aanmelden/")  # django-axes wants the request to throttle
    assert authenticate(login, username="cel", password=DEMO_PASSWORD) == users["cel"]


def test_two_eigenaars_and_two_diensten_own_some_action_plans(demo):
    """A diensthoofd owns through their dienst, a project leader directly and through theirs."""
    users = {u.username: u for u in get_user_model().objects.all()}
    for username in ("diensthoofd", "projectleider"):
        assert [m.role for m in users[username].memberships.all()] == [OWNER]
    patrimonium = Department.objects.get(name="Dienst Patrimonium")
    assert patrimonium.head == users["diensthoofd"]
    assert ActionPlan.objects.get(plan=demo, number="420").department.members.get() == users["projectleider"]

    def owned(username):
        return sorted(
            ap.number for ap in ActionPlan.objects.in_plan(demo) if owners.owns(users[username], ap)
        )

    assert owned("diensthoofd") == ["330", "350"]
    assert owned("projectleider") == ["410", "420"]
    assert owners.owns(users["projectleider"], Project.objects.get(plan=demo, name="Welzijns-campus"))
    assert owned("vg-diensthoofd") == [] and owned("cel") == []


def test_the_demo_owners_load_once_and_keep_what_users_changed(demo):
    item = ActionPlan.objects.get(plan=demo, number="330")
    someone = get_user_model().objects.get(username="projectleider")
    changes.update(item, {"department": None, "owner": someone}, by=None, version=item.version)
    history = ActionPlan.history.count()
    assert not load_owners(demo, by=None).created
    assert Department.objects.count() == 4  # two per demo plan
    item.refresh_from_db()
    assert (item.owner, item.department) == (someone, None)
    assert ActionPlan.history.count() == history


def test_every_demo_item_has_a_creation_in_history_with_reason(demo):
    turnhout = ActionPlan.history.filter(plan=demo)
    assert turnhout.filter(history_type="+").count() == 42
    assert set(turnhout.values_list("history_change_reason", flat=True)) == {"demo geladen"}


def test_the_demo_history_is_dated_as_the_seed_tells_it(demo, client):
    """The statuses of the rapportering of 6 December 2017, set by the cel; the round closed that day
    by the cel: "today by systeem" would make every date on the pages meaningless."""
    rapportering = datetime.date(2017, 12, 6)
    of_turnhout = {
        ActionPlan: {"plan": demo},
        Action: {"action_plan__plan": demo},
        Project: {"plan": demo},
        ChangeProposal: {"plan": demo},
    }
    for model, in_plan in of_turnhout.items():
        ids = model.objects.filter(**in_plan).values("pk")
        history = model.history.filter(id__in=ids)
        days = {
            timezone.localtime(moment).date() for moment in history.values_list("history_date", flat=True)
        }
        assert days == {rapportering}, model
        assert set(history.values_list("history_user__username", flat=True)) == {"cel"}
    submitted = ChangeProposal.objects.filter(plan=demo)
    assert {timezone.localtime(p.submitted_at).date() for p in submitted} == {rapportering}
    round = ReportingRound.objects.get(plan=demo, name="Rapportering december 2017")
    assert (timezone.localtime(round.closed_at).date(), round.closed_by.username) == (rapportering, "cel")

    client.force_login(get_user_model().objects.get(username="raad"))
    page = client.get(reverse("reporting:dashboard", args=[demo.slug])).content.decode()
    assert "Niet gewijzigd sinds Rapportering december 2017" in page
    assert "afgesloten op 6 december 2017 16:00" in page
    assert "6 december 2017" in page[page.index("Recent gewijzigd") :]


def test_loading_twice_changes_nothing_and_keeps_edits(demo):
    thirty = ActionPlan.objects.get(number="30")
    thirty.status = Status.REGULAR
    changes.save(thirty, by=None)
    counts = [model.objects.count() for model in (Plan, ActionPlan, Action, Project)]
    history = [model.history.count() for model in (Plan, ActionPlan, Action, Project)]
    _plan, report = load_plan_file()
    assert not report.created
    assert [model.objects.count() for model in (Plan, ActionPlan, Action, Project)] == counts
    assert [model.history.count() for model in (Plan, ActionPlan, Action, Project)] == history
    thirty.refresh_from_db()
    assert thirty.status == Status.REGULAR


def test_turnhout_has_one_open_round_after_the_seeds_marked_as_invented(demo):
    rounds = {round.name: round for round in ReportingRound.objects.filter(plan=demo)}
    assert set(rounds) == {"Rapportering december 2017", INVENTED_ROUND_NAME}
    invented = rounds[INVENTED_ROUND_NAME]
    assert "verzonnen" in invented.name and invented.state == RoundState.OPEN
    assert invented.opened_on > rounds["Rapportering december 2017"].date
    assert rounds["Rapportering december 2017"].state == RoundState.CLOSED


@pytest.mark.parametrize(("username", "items"), [("diensthoofd", ["330", "350"]), ("projectleider", ["410"])])
def test_each_turnhout_eigenaar_lands_on_their_items_of_the_open_round(demo, client, username, items):
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse("plans:home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("reporting:my_items")
    page = response.content.decode()
    assert INVENTED_ROUND_NAME in page
    for number in items:
        assert f"Actieplan {number}" in page, number


def test_loading_again_opens_no_second_round(demo):
    call_command("load_demo", stdout=io.StringIO())
    assert ReportingRound.objects.filter(plan=demo, name=INVENTED_ROUND_NAME).count() == 1
