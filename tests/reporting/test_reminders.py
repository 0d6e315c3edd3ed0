"""Reminder e-mails: the schedule, one e-mail per person with only their open items, idempotence,
opt-out, refused addresses, one SMTP connection, and queries that do not grow with the people."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import changes
from core.roles import OWNER
from notifications.models import EmailReason, SentEmail
from notifications.reminders import due_reason, send_reminders, send_reminders_task
from organisations.membership import add_member
from plans.models import Department, ItemKind
from plans.preferences import set_reminders
from rounds.models import ItemUpdate, ReportingRound, RoundState, UpdateState
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    PlanFactory,
    ProjectFactory,
    default_organisation,
)

pytestmark = pytest.mark.django_db

OPENED_ON = datetime.date(2026, 3, 2)
DEADLINE = datetime.date(2026, 4, 30)  # before-reminder from 16 April, after-reminder from 3 May
SITE = "https://plan.gemeente.be"


def person(username: str):
    """An eigenaar of the tests' organisation (reminders go to its members only)."""
    user = get_user_model().objects.create_user(
        username, f"{username}@gemeente.be", first_name=username.title()
    )
    add_member(user, default_organisation(), OWNER)
    return user


def new_round(plan, **values) -> ReportingRound:
    values = {"opened_on": OPENED_ON, "deadline": DEADLINE, **values}
    return changes.save(
        ReportingRound(plan=plan, name="Rapportering juni 2026", date=DEADLINE, **values), by=None
    )


@pytest.fixture
def world(settings):
    """Ann owns actieplan 10 (and so actie 10.1); Bob owns actie 10.2 and a project; the dienst
    welzijn (head Hilde, member Mia) owns actieplan 20 and so actie 20.1."""
    settings.SITE_URL = SITE
    plan = PlanFactory(slug="gemeente")
    ann, bob, hilde, mia = (person(name) for name in ("ann", "bob", "hilde", "mia"))
    department = changes.save(
        Department(organisation=default_organisation(), name="Dienst welzijn", head=hilde), by=None
    )
    department.members.add(mia)
    ap10 = ActionPlanFactory(plan=plan, number="10", owner=ann, title="We stimuleren <zelfhulp> & meer.")
    a101 = ActionFactory(action_plan=ap10, number="10.1")
    a102 = ActionFactory(action_plan=ap10, number="10.2", owner=bob)
    ap20 = ActionPlanFactory(plan=plan, number="20", department=department)
    a201 = ActionFactory(action_plan=ap20, number="20.1")
    project = ProjectFactory(plan=plan, name="NEWTON", owner=bob)
    ActionPlanFactory(plan=plan, number="30")  # nobody's
    round = new_round(plan)
    return {
        "plan": plan,
        "round": round,
        "people": {"ann": ann, "bob": bob, "hilde": hilde, "mia": mia},
        "items": {"10": ap10, "10.1": a101, "10.2": a102, "20": ap20, "20.1": a201, "NEWTON": project},
    }


def mark(round, kind, item, state=UpdateState.READY):
    changes.save(ItemUpdate(round=round, kind=kind, item_id=item.pk, state=state), by=None)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 3, 1), None),  # not open yet
        (OPENED_ON, EmailReason.OPENED),
        (datetime.date(2026, 4, 15), EmailReason.OPENED),
        (datetime.date(2026, 4, 16), EmailReason.BEFORE),  # 14 days before the deadline
        (DEADLINE, EmailReason.BEFORE),
        (datetime.date(2026, 5, 2), EmailReason.BEFORE),
        (datetime.date(2026, 5, 3), EmailReason.AFTER),  # 3 days after
        (datetime.date(2026, 9, 1), EmailReason.AFTER),
    ],
)
def test_the_reminder_due_follows_opening_and_the_days_before_and_after_the_deadline(day, expected):
    round = ReportingRound(opened_on=OPENED_ON, deadline=DEADLINE, state=RoundState.OPEN)
    assert due_reason(round, day) == expected


def test_the_cel_s_days_per_round_move_the_reminders():
    round = ReportingRound(
        opened_on=OPENED_ON,
        deadline=DEADLINE,
        remind_days_before=7,
        remind_days_after=1,
        state=RoundState.OPEN,
    )
    assert due_reason(round, datetime.date(2026, 4, 22)) == EmailReason.OPENED
    assert due_reason(round, datetime.date(2026, 4, 23)) == EmailReason.BEFORE
    assert due_reason(round, datetime.date(2026, 5, 1)) == EmailReason.AFTER


def test_no_reminders_for_a_closed_round_or_one_without_a_deadline_or_a_before_that_falls_before_opening():
    assert due_reason(ReportingRound(deadline=DEADLINE, state=RoundState.CLOSED), DEADLINE) is None
    assert due_reason(ReportingRound(state=RoundState.OPEN), DEADLINE) is None
    late_opening = ReportingRound(
        opened_on=datetime.date(2026, 4, 25), deadline=DEADLINE, state=RoundState.OPEN
    )
    assert due_reason(late_opening, datetime.date(2026, 4, 25)) == EmailReason.OPENED


def test_the_opening_e_mail_goes_once_to_each_owner_with_their_open_items_over_one_connection(
    world, smtp_server
):
    done = send_reminders(OPENED_ON)
    people = world["people"]
    assert sorted(reminder.recipient.username for reminder, _sent in done) == ["ann", "bob", "hilde", "mia"]
    assert smtp_server.connections == 1
    assert len(smtp_server.received) == 4
    ann = smtp_server.to(people["ann"].email)[0]
    assert ann.subject == "Rapportering juni 2026: werk uw 2 items bij vóór 30 april 2026"
    assert "Beste Ann," in ann.text
    assert "Actieplan 10: We stimuleren <zelfhulp> & meer." in ann.text  # plain text, not escaped
    assert "Actie 10.1" in ann.text and "Actie 10.2" not in ann.text  # 10.2 is Bob's
    assert "Deadline: 30 april 2026" in ann.text
    assert f"{SITE}/plannen/gemeente/actieplannen/10/#row-actieplan-{world['items']['10'].pk}" in ann.text
    assert "We stimuleren &lt;zelfhulp&gt; &amp; meer." in ann.html  # the HTML escaped
    assert (
        f'href="{SITE}/plannen/gemeente/actieplannen/10/#row-actie-{world["items"]["10.1"].pk}"' in ann.html
    )
    bob = smtp_server.to(people["bob"].email)[0]
    assert (
        "Actie 10.2" in bob.text
        and "NEWTON" in bob.text
        and f"{SITE}/plannen/gemeente/projecten/" in bob.text
    )
    for name in ("hilde", "mia"):  # the dienst's head and member
        text = smtp_server.to(people[name].email)[0].text
        assert "Actieplan 20" in text and "Actie 20.1" in text and "Actieplan 10" not in text
    records = SentEmail.objects.filter(round=world["round"], reason=EmailReason.OPENED)
    assert sorted((r.address, r.item_count, r.delivered) for r in records) == [
        ("ann@gemeente.be", 2, True),
        ("bob@gemeente.be", 2, True),
        ("hilde@gemeente.be", 2, True),
        ("mia@gemeente.be", 2, True),
    ]


def test_a_second_run_the_same_day_sends_nothing_new(world, smtp_server):
    send_reminders(OPENED_ON)
    assert send_reminders(OPENED_ON) == []
    assert send_reminders(OPENED_ON + datetime.timedelta(days=5)) == []  # the opening's e-mail went already
    assert len(smtp_server.received) == 4
    assert SentEmail.objects.count() == 4


def test_each_reminder_follows_once_and_only_the_latest_due(world, smtp_server):
    send_reminders(OPENED_ON)
    before = send_reminders(datetime.date(2026, 4, 16))
    assert {r.reason for r, _sent in before} == {EmailReason.BEFORE} and len(before) == 4
    assert "Herinnering" in smtp_server.received[-1].subject
    after = send_reminders(datetime.date(2026, 5, 3))
    assert {r.reason for r, _sent in after} == {EmailReason.AFTER}
    assert "De deadline van Rapportering juni 2026 is verstreken" in smtp_server.received[-1].subject
    assert send_reminders(datetime.date(2026, 5, 4)) == []
    assert SentEmail.objects.count() == 12


def test_a_run_that_missed_days_sends_one_e_mail_not_a_pile(world, smtp_server):
    done = send_reminders(datetime.date(2026, 5, 10))
    assert {r.reason for r, _sent in done} == {EmailReason.AFTER} and len(smtp_server.received) == 4


def test_only_open_items_are_listed_and_nobody_with_nothing_open_gets_mail(world, smtp_server):
    round, items = world["round"], world["items"]
    mark(round, ItemKind.ACTION_PLAN, items["10"])
    mark(round, ItemKind.ACTION, items["10.1"], UpdateState.MORE_ASKED)
    ItemUpdate.objects.filter(item_id=items["10.1"].pk)  # more asked: still open
    mark(round, ItemKind.ACTION, items["10.2"])
    mark(round, ItemKind.PROJECT, items["NEWTON"])
    send_reminders(OPENED_ON)
    assert smtp_server.to("bob@gemeente.be") == []  # everything klaar
    ann = smtp_server.to("ann@gemeente.be")[0]
    assert "Actie 10.1" in ann.text and "Actieplan 10:" not in ann.text
    assert ann.subject == "Rapportering juni 2026: werk uw 1 item bij vóór 30 april 2026"


def test_people_who_opted_out_get_no_reminders(world, smtp_server):
    set_reminders(world["people"]["mia"], reminders=False, by=world["people"]["mia"])
    send_reminders(OPENED_ON)
    assert smtp_server.to("mia@gemeente.be") == []
    assert len(smtp_server.received) == 3


def test_a_refused_address_is_recorded_and_the_others_still_get_theirs(world, smtp_server):
    smtp_server.refuse.add("hilde@gemeente.be")
    done = send_reminders(OPENED_ON)
    refused = SentEmail.objects.get(address="hilde@gemeente.be")
    assert not refused.delivered and "550" in refused.error and "User unknown" in refused.error
    assert sorted(m.recipients[0] for m in smtp_server.received) == [
        "ann@gemeente.be",
        "bob@gemeente.be",
        "mia@gemeente.be",
    ]
    assert smtp_server.connections == 1
    assert [sent.delivered for _r, sent in done].count(False) == 1


def test_an_unreachable_mail_server_is_recorded_for_everyone(world, settings):
    from tests.mail import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    send_reminders(OPENED_ON)
    assert SentEmail.objects.count() == 4
    assert not SentEmail.objects.filter(delivered=True).exists()
    assert all(record.error for record in SentEmail.objects.all())


def test_a_dry_run_sends_and_records_nothing(world):
    done = send_reminders(OPENED_ON, dry_run=True)
    assert len(done) == 4 and all(sent is None for _r, sent in done)
    assert mail.outbox == [] and SentEmail.objects.count() == 0


def _plan_with_owners(count: int) -> ReportingRound:
    plan = PlanFactory()
    department = changes.save(
        Department(
            organisation=default_organisation(), name=f"Dienst {count}", head=person(f"hoofd-{count}")
        ),
        by=None,
    )
    for index in range(count):
        owner = person(f"eigenaar-{count}-{index}")
        action_plan = ActionPlanFactory(plan=plan, number=str(10 * (index + 1)), owner=owner)
        ActionFactory(action_plan=action_plan, number=f"{action_plan.number}.1")
        if index % 3 == 0:
            department.members.add(owner)
            ActionFactory(action_plan=action_plan, number=f"{action_plan.number}.2", department=department)
    return new_round(plan)


def test_the_queries_do_not_grow_with_the_people(db):
    queries = []
    for count in (3, 30):
        round = _plan_with_owners(count)
        with CaptureQueriesContext(connection) as captured:
            done = send_reminders(OPENED_ON)
        assert len(done) == count + 1 and len(mail.outbox) == count + 1
        ReportingRound.objects.filter(pk=round.pk).update(state=RoundState.CLOSED)
        mail.outbox.clear()
        queries.append(len(captured))
    assert queries[0] == queries[1]
    assert queries[1] <= 16


def test_the_command_prints_who_would_get_what_in_a_dry_run(world):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-03-02", "--dry-run", stdout=out)
    text = out.getvalue()
    assert (
        "zou krijgen: ann <ann@gemeente.be> · Rapportering juni 2026 · rapportering geopend · 2 open items"
        in text
    )
    assert "Proefdraai: 4 herinneringen zouden verstuurd worden; er is niets verstuurd." in text
    assert SentEmail.objects.count() == 0


def test_the_command_sends_and_says_so(world, smtp_server):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-03-02", stdout=out)
    assert "4 herinneringen verstuurd." in out.getvalue()
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-03-02", stdout=out)
    assert "Geen herinneringen te versturen vandaag." in out.getvalue()


def test_the_scheduler_only_enqueues_and_the_worker_sends(world, smtp_server, queued):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-03-02", "--queue", stdout=out)
    assert "De herinneringen staan in de wachtrij; een worker verstuurt ze." in out.getvalue()
    assert smtp_server.received == [] and SentEmail.objects.count() == 0
    [queued] = send_reminders_task.get_backend().results
    assert queued.args == ["2026-03-02"]
    assert send_reminders_task.call(*queued.args) == {"delivered": 4, "refused": 0}  # as the worker does
    assert len(smtp_server.received) == 4


def test_the_command_exits_with_1_when_an_address_is_refused_and_2_on_a_wrong_date(world, smtp_server):
    from django.core.management import CommandError

    smtp_server.refuse.add("bob@gemeente.be")
    with pytest.raises(CommandError, match="De mailserver weigerde 1 e-mail") as refused:
        call_command("send_reminders", "--date", "2026-03-02", stdout=io.StringIO())
    assert refused.value.returncode == 1
    with pytest.raises(CommandError, match="Ongeldige datum") as wrong:
        call_command("send_reminders", "--date", "2 maart", stdout=io.StringIO())
    assert wrong.value.returncode == 2
