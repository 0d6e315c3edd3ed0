"""Vraag om aanvulling (the cel asks an eigenaar for more, e-mailed by a task once committed), the round
page's list of e-mails, and Mijn voorkeuren (the reminder opt-out)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import changes
from core.roles import OWNER
from notifications.models import EmailReason, SentEmail
from notifications.more_info import ask_for_more
from notifications.reminders import send_reminders
from organisations.membership import add_member
from plans.models import Department, ItemKind, Preferences
from plans.preferences import set_reminders
from rounds.models import ItemUpdate, ReportingRound, RoundState, UpdateState
from tests.factories import ActionFactory, ActionPlanFactory, PlanFactory, default_organisation
from tests.helpers import database_state
from tests.reporting.test_reminders import DEADLINE, OPENED_ON, new_round, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.SITE_URL = "https://plan.gemeente.be"
    plan = PlanFactory(slug="gemeente")
    head, member = person("hilde"), person("mia")
    department = changes.save(
        Department(organisation=default_organisation(), name="Dienst welzijn", head=head), by=None
    )
    department.members.add(member)
    action_plan = ActionPlanFactory(plan=plan, number="20", department=department)
    action = ActionFactory(action_plan=action_plan, number="20.1", title="We openen een <b>sociaal</b> huis.")
    nobody = ActionPlanFactory(plan=plan, number="30")
    return {
        "plan": plan,
        "round": new_round(plan),
        "action": action,
        "nobody": nobody,
        "people": (head, member),
    }


def ask_url(world, item, kind=ItemKind.ACTION) -> str:
    return reverse("reporting:ask_more", args=[world["plan"].slug, world["round"].pk, kind, item.pk])


def test_the_cel_s_question_opens_the_item_again_and_mails_each_eigenaar_even_one_who_opted_out(
    world, cel_user, smtp_server, committed
):
    member = world["people"][1]
    set_reminders(member, reminders=False, by=member)
    with committed():
        update = ask_for_more(
            world["round"], world["action"], message="Hoeveel bezoekers waren er?\nEn wanneer?", by=cel_user
        )
        assert smtp_server.received == []  # nothing is mailed before the commit
    sent = SentEmail.objects.filter(reason=EmailReason.MORE_ASKED)
    assert (update.state, update.message) == (
        UpdateState.MORE_ASKED,
        "Hoeveel bezoekers waren er?\nEn wanneer?",
    )
    record = update.history.first()
    assert record.history_user == cel_user and record.history_change_reason == "aanvulling gevraagd"
    assert sorted(m.recipients[0] for m in smtp_server.received) == ["hilde@gemeente.be", "mia@gemeente.be"]
    received = smtp_server.to("mia@gemeente.be")[0]
    assert received.subject == "Vraag om aanvulling voor Actie 20.1 (Rapportering juni 2026)"
    assert "Hoeveel bezoekers waren er?" in received.text and "Deadline: 30 april 2026" in received.text
    assert (
        f"https://plan.gemeente.be/plannen/gemeente/actieplannen/20/#row-actie-{world['action'].pk}"
        in received.text
    )
    assert "We openen een &lt;b&gt;sociaal&lt;/b&gt; huis." in received.html
    assert [(e.reason, e.delivered) for e in sent] == [(EmailReason.MORE_ASKED, True)] * 2
    assert SentEmail.objects.filter(round=world["round"], reason=EmailReason.MORE_ASKED).count() == 2


def test_a_second_question_updates_the_same_row_and_mails_again(world, cel_user, smtp_server, committed):
    with committed():
        ask_for_more(world["round"], world["action"], message="Eerste vraag", by=cel_user)
    with committed():
        update = ask_for_more(world["round"], world["action"], message="Tweede vraag", by=cel_user)
    assert ItemUpdate.objects.count() == 1 and update.message == "Tweede vraag" and update.version == 2
    assert len(smtp_server.received) == 4


def test_an_item_asked_for_more_stays_in_the_reminders_with_the_question(world, cel_user, smtp_server):
    ask_for_more(world["round"], world["action"], message="Cijfers graag", by=cel_user)
    send_reminders(OPENED_ON)
    reminder = smtp_server.to("hilde@gemeente.be")[-1]
    assert "Aanvulling gevraagd: Cijfers graag" in reminder.text


@pytest.mark.parametrize(
    ("closed", "message", "item", "words"),
    [
        (True, "Vraag", "action", "is afgesloten: vraag geen aanvulling meer"),
        (False, "   ", "action", "de vraag om aanvulling is leeg"),
        (False, "Vraag", "nobody", "heeft geen eigenaar met een e-mailadres"),
    ],
)
def test_a_question_is_refused_in_dutch_and_changes_nothing(
    world, cel_user, smtp_server, closed, message, item, words
):
    if closed:
        ReportingRound.objects.filter(pk=world["round"].pk).update(state=RoundState.CLOSED)
        world["round"].refresh_from_db()
    before = database_state()
    with pytest.raises(ValidationError) as refused:
        ask_for_more(world["round"], world[item], message=message, by=cel_user)
    assert words in " ".join(refused.value.messages)
    assert database_state() == before and smtp_server.received == []


def test_the_page_sends_the_question_and_refuses_an_empty_one(
    client, world, cel_user, smtp_server, committed
):
    client.force_login(cel_user)
    url = ask_url(world, world["action"])
    page = client.get(url).content.decode()
    assert "Vraag om aanvulling: Actie 20.1" in page and "hilde@gemeente.be" in page and "nog open" in page
    before = database_state()
    response = client.post(url, {"message": ""})
    assert response.status_code == 200
    assert "Schrijf wat u nog wilt weten: de vraag om aanvulling is leeg." in response.content.decode()
    assert database_state() == before
    with committed():
        response = client.post(url, {"message": "Graag de cijfers van 2025."}, follow=True)
    text = response.content.decode()
    assert "De vraag om aanvulling is opgeslagen." in text and "Graag de cijfers van 2025." in text
    assert "De e-mail wordt verstuurd." in text  # the task runs once the request has committed
    assert len(smtp_server.received) == 2
    text = client.get(url).content.decode()
    assert "E-mails over deze vraag" in text and text.count(">aanvaard<") == 2


def test_the_page_names_a_refused_address(client, world, cel_user, smtp_server, committed):
    smtp_server.refuse.add("mia@gemeente.be")
    client.force_login(cel_user)
    with committed():
        client.post(ask_url(world, world["action"]), {"message": "Cijfers?"})
    page = client.get(ask_url(world, world["action"])).content.decode()
    assert "geweigerd:" in page and "(mia@gemeente.be)" in page and "Vraag het juiste e-mailadres na" in page
    assert SentEmail.objects.get(address="mia@gemeente.be").delivered is False
    assert [m.recipients for m in smtp_server.received] == [["hilde@gemeente.be"]]


def test_an_eigenaar_cannot_ask_for_more_and_nothing_changes(client, world, smtp_server):

    head = world["people"][0]
    add_member(head, default_organisation(), OWNER)
    client.force_login(head)
    before = database_state()
    assert client.post(ask_url(world, world["action"]), {"message": "Zelf gevraagd"}).status_code == 403
    assert database_state() == before and smtp_server.received == []


def test_the_round_page_lists_every_e_mail_with_constant_queries(
    client, world, cel_user, smtp_server, django_assert_max_num_queries, committed
):
    smtp_server.refuse.add("mia@gemeente.be")
    with committed():
        ask_for_more(world["round"], world["action"], message="Vraag", by=cel_user)
    client.force_login(cel_user)
    url = reverse("reporting:round", args=[world["plan"].slug, world["round"].pk])
    client.get(url)  # the first request renews the session
    with django_assert_max_num_queries(30) as few:
        page = client.get(url).content.decode()
    assert "Verstuurde e-mails" in page and "vraag om aanvulling" in page
    assert "hilde@gemeente.be" in page and "aanvaard" in page
    assert "geweigerd:" in page and "550" in page
    for index in range(20):
        other = person(f"extra-{index}")
        SentEmail.objects.create(
            organisation=world["round"].plan.organisation,
            round=world["round"], recipient=other, address=other.email, reason=EmailReason.OPENED,
            subject="Herinnering", sent_at=DEADLINE.isoformat() + "T08:00:00+00:00",
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "extra-19@gemeente.be" in client.get(url).content.decode()


def test_the_raad_does_not_see_the_addresses(client, world, council_user, cel_user, smtp_server, committed):
    with committed():
        ask_for_more(world["round"], world["action"], message="Vraag", by=cel_user)
    assert SentEmail.objects.filter(address="hilde@gemeente.be").exists()
    client.force_login(council_user)
    page = client.get(
        reverse("reporting:round", args=[world["plan"].slug, world["round"].pk])
    ).content.decode()
    assert "Verstuurde e-mails" not in page and "hilde@gemeente.be" not in page


def test_mijn_voorkeuren_turns_reminders_off_and_on_with_history(client, db):
    user = get_user_model().objects.create_user("eigenaar", "eigenaar@gemeente.be")
    add_member(user, default_organisation(), OWNER)
    client.force_login(user)
    url = reverse("plans:preferences")
    page = client.get(url).content.decode()
    assert "Mijn voorkeuren" in page and "checked" in page  # on by default, without a row
    response = client.post(url, {}, follow=True)
    assert "U krijgt geen herinneringen meer." in response.content.decode()
    preferences = Preferences.objects.get(user=user)
    assert preferences.reminders is False
    assert preferences.history.first().history_user == user
    client.post(url, {"reminders": "on"})
    preferences.refresh_from_db()
    assert preferences.reminders is True and preferences.history.count() == 2
    client.post(url, {"reminders": "on"})  # nothing changes: no history row
    assert preferences.history.count() == 2


def test_mijn_voorkeuren_is_for_signed_in_users_only(client, db):
    response = client.get(reverse("plans:preferences"))
    assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")
