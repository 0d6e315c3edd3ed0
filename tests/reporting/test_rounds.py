"""Reporting rounds: opening, closing (freezing), the narrative report and their pages."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import changes
from demo.rounds import load_round
from plans.models import Action, ActionPlan, Status
from reporting.rounds import close_round, open_round, round_rows
from rounds.models import FrozenItem, ReportingRound, RoundKind, RoundState
from tests.factories import PlanFactory, edit_item
from tests.helpers import database_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_round(plan, users):
    load_round(plan, by=users["cel"])
    return ReportingRound.objects.get(plan=plan)


def round_state() -> tuple:
    return (
        database_state(),
        ReportingRound.objects.count(),
        ReportingRound.history.count(),
        FrozenItem.objects.count(),
    )


def test_the_demo_round_is_closed_with_its_version_table(demo_round, users):
    assert (demo_round.name, demo_round.date, demo_round.state) == (
        "Rapportering december 2017",
        datetime.date(2017, 12, 6),
        RoundState.CLOSED,
    )
    assert [(v.edition, v.revision, v.description, v.change) for v in demo_round.versions.all()] == [
        (1, "00", "Geen vorige versie", "T"),
        (2, "00", "Na review van 29 november 2017", "V"),
    ]
    rows = round_rows(demo_round)
    assert (len(rows.action_plans), len(rows.actions), len(rows.projects), len(rows.proposals)) == (
        42,
        23,
        11,
        16,
    )
    assert demo_round.closed_by == users["cel"]


def test_closing_freezes_what_the_round_shows(plan, users):
    round = open_round(
        plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30), by=users["cel"]
    )
    edit_item(Action.objects.get(number="10.2"), by=users["cel"], status=Status.COMPLETED)
    assert (
        next(a for a in round_rows(round).actions if a.number == "10.2").status == Status.COMPLETED
    )  # open: live
    round = close_round(round, by=users["cel"])
    edit_item(
        Action.objects.get(number="10.2"),
        by=users["cel"],
        status=Status.ON_HOLD,
        explanation="Wacht op de subsidie.",
    )
    ActionPlan.objects.filter(number="30").update(title="Later anders")
    rows = round_rows(round)
    assert next(a for a in rows.actions if a.number == "10.2").status == Status.COMPLETED
    assert next(a for a in rows.action_plans if a.number == "30").title == "We stimuleren zelfhulp."


def test_closing_twice_or_opening_a_second_round_is_refused(demo_round, plan, users):
    before = round_state()
    with pytest.raises(ValidationError, match="is al afgesloten"):
        close_round(demo_round, by=users["cel"])
    assert round_state() == before
    open_round(plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30))
    before = round_state()
    with pytest.raises(ValidationError, match=r"is nog open\. Sluit die eerst af"):
        open_round(plan=plan, name="Rapportering december 2018", date=datetime.date(2018, 12, 6))
    with pytest.raises(ValidationError):
        close_round(demo_round)
    assert round_state() == before


def test_a_round_name_is_unique_in_its_plan(demo_round, plan):
    before = round_state()
    with pytest.raises(ValidationError, match="al een rapportering met deze naam"):
        open_round(plan=plan, name="Rapportering december 2017", date=datetime.date(2018, 1, 1))
    assert round_state() == before


def test_closing_a_round_writes_in_bulk(plan, users, django_assert_max_num_queries):
    round = open_round(plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30))
    # the closer's permissions (read once); the copies in bulk (items, priorities, amounts,
    # indicators); the round's checks and save; the workbook read from the copies and stored
    with django_assert_max_num_queries(41):
        close_round(round, by=users["cel"])
    assert FrozenItem.objects.filter(round=round).count() == 42 + 23 + 11


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_report_follows_the_seeds_structure_for_every_actieplan(client, demo_round, users):
    client.force_login(users["raad"])
    response = client.get(reverse("reporting:report", args=[demo_round.plan.slug, demo_round.pk]))
    whole = text_of(response.content.decode())
    assert "OCMW Turnhout Strategisch plan 2014–2019 Rapportering december 2017" in whole
    assert "Na review van 29 november 2017" in whole
    page = whole[
        whole.index("1 Rapportering per actieplan", whole.index("Inhoud") + 40) :
    ]  # after the contents
    positions = [page.index(f"Actieplan {ap.number} ") for ap in ActionPlan.objects.order_by("sort_key")]
    assert positions == sorted(positions) and len(positions) == 42
    ten = page[page.index("Actieplan 10 ") : page.index("Actieplan 30 ")]
    assert "We stimuleren, organiseren en coördineren vrijwilligerswerking." in ten
    assert "Hier rond werden al verschillende acties afgewerkt" in ten
    assert "Voorstel te schrappen: actie 10.2. Er is op dit moment meer nood" in ten
    ninety = page[page.index("Actieplan 90 ") : page.index("Actieplan 100 ")]
    assert (
        "Aandachtspunt: op termijn dienen Stad en OCMW over één gezamenlijk intranet te beschikken." in ninety
    )
    forty = page[page.index("Actieplan 40 ") : page.index("Actieplan 50 ")]
    assert "Voorstel te schrappen: acties 40.1 en 40.2. De concrete acties" in forty


def test_round_pages_for_each_role(client, demo_round, plan, users):
    slug = plan.slug
    for username in ("cel", "mt", "raad"):
        client.force_login(users[username])
        assert client.get(reverse("reporting:rounds", args=[slug])).status_code == 200
        assert client.get(reverse("reporting:round", args=[slug, demo_round.pk])).status_code == 200
    before = round_state()
    response = client.post(reverse("reporting:rounds", args=[slug]), {"name": "X", "date": "2018-06-30"})
    assert response.status_code == 403  # still the raad
    assert round_state() == before


def test_cel_opens_and_closes_a_round_on_the_pages(client, demo_round, plan, users):
    client.force_login(users["cel"])
    response = client.post(
        reverse("reporting:rounds", args=[plan.slug]),
        {"name": "Rapportering juni 2018", "date": "2018-06-30"},
    )
    round = ReportingRound.objects.get(name="Rapportering juni 2018")
    assert response.url == reverse("reporting:round", args=[plan.slug, round.pk])
    client.post(reverse("reporting:close", args=[plan.slug, round.pk]))
    round.refresh_from_db()
    assert round.is_closed and round.closed_by == users["cel"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "date": "2018-06-30"}, "Geef de rapportering een naam"),
        ({"name": "Juni", "date": "30/06/2018x"}, "Geef een geldige datum"),
        ({"name": "Rapportering december 2017", "date": "2018-06-30"}, "al een rapportering met deze naam"),
    ],
)
def test_refused_new_rounds_change_nothing(client, demo_round, plan, users, data, message):
    client.force_login(users["cel"])
    before = round_state()
    response = client.post(reverse("reporting:rounds", args=[plan.slug]), data)
    assert message in response.content.decode()
    assert round_state() == before


def test_the_new_round_form_says_first_that_a_round_is_still_open(client, demo_round, plan, users):
    client.force_login(users["cel"])
    page = client.get(reverse("reporting:rounds", args=[plan.slug])).content.decode()
    assert 'name="period_start" value="2019-01-01"' in page  # the plan's last year, not this year's
    june = open_round(plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30))
    page = client.get(reverse("reporting:rounds", args=[plan.slug])).content.decode()
    notice = page[page.index('id="new-round-title"') :]
    assert notice.index("Rapportering juni 2018 is nog open. Sluit die eerst af") < notice.index("</section>")
    assert reverse("reporting:round", args=[plan.slug, june.pk]) in notice and 'name="name"' not in page
    before = round_state()
    response = client.post(reverse("reporting:rounds", args=[plan.slug]), {"name": "X", "date": "2018-12-06"})
    assert "Rapportering juni 2018 is nog open" in response.content.decode()
    assert round_state() == before


def test_a_plan_without_money_or_priorities_opens_only_a_gewone_rapportering(client, users):
    plan = PlanFactory(start_year=2014, end_year=2019, uses_money=False, uses_priorities=False)
    before = round_state()
    for kind, feature in ((RoundKind.FOLLOW_UP, "bedragen"), (RoundKind.ANNUAL, "prioritaire acties")):
        with pytest.raises(ValidationError, match=f"werkt niet met {feature}, dus heeft een"):
            open_round(
                plan=plan,
                name="Verslag",
                date=datetime.date(2018, 9, 1),
                kind=kind,
                period_start=datetime.date(2018, 1, 1),
                period_end=datetime.date(2018, 6, 30),
            )
    assert round_state() == before
    client.force_login(users["cel"])
    page = client.get(reverse("reporting:rounds", args=[plan.slug])).content.decode()
    assert 'name="kind"' not in page and 'name="period_start"' not in page and 'name="deadline"' in page
    response = client.post(
        reverse("reporting:rounds", args=[plan.slug]), {"name": "Juni", "date": "2018-06-30"}
    )
    assert ReportingRound.objects.get(plan=plan).kind == RoundKind.STATUS and response.status_code == 302


def test_round_of_another_plan_is_not_found(client, demo_round, users):
    from tests.factories import PlanFactory

    other = PlanFactory()
    client.force_login(users["cel"])
    assert client.get(reverse("reporting:round", args=[other.slug, demo_round.pk])).status_code == 404
    assert client.get(reverse("reporting:workbook", args=[other.slug, demo_round.pk])).status_code == 404


def test_a_proposal_is_reported_in_its_round_by_link_and_a_renamed_round_keeps_it(plan, users):
    round = open_round(
        plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30), by=users["cel"]
    )
    proposal = plan.proposals.get(actions__number="10.2")
    proposal.round = round
    changes.save(proposal, by=users["cel"])
    round.name = "Opvolgingsrapportering juni 2018"
    changes.save(round, by=users["cel"])
    assert [p.proposal_id for p in round_rows(round).proposals] == [proposal.pk]


def test_a_proposal_cannot_be_reported_in_a_round_of_another_plan(plan, users):
    other = open_round(plan=PlanFactory(), name="Elders", date=datetime.date(2018, 6, 30), by=users["cel"])
    proposal = plan.proposals.get(actions__number="10.2")
    proposal.round = other
    before = database_state()
    with pytest.raises(ValidationError, match="hoort bij een ander plan"):
        changes.save(proposal, by=users["cel"])
    assert database_state() == before


def test_the_demo_round_reports_the_rapporterings_sixteen_proposals(demo_round):
    assert demo_round.proposals.count() == 16 == len(round_rows(demo_round).proposals)


@pytest.mark.parametrize("username", ["mt", "raad"])
def test_closing_a_round_is_refused_to_who_may_not_change_rounds_and_changes_nothing(plan, users, username):
    round = open_round(plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 1))
    before = round_state()
    with pytest.raises(PermissionDenied):
        close_round(round, by=users[username])
    assert round_state() == before and ReportingRound.objects.get(pk=round.pk).state == RoundState.OPEN
