"""A round's to-do: the deadline, the eigenaars' items with "klaar", completion per dienst and person,
Mijn acties, and closing a round with items still open."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core import changes, clock
from core.roles import CEL, OWNER
from organisations.membership import add_member
from plans.models import Department, LifeCycle
from reporting.rounds import close_round, open_round, set_schedule
from rounds.models import ItemUpdate, ReportingRound, RoundState, UpdateState
from rounds.todo import completion, mark_ready, my_rounds, open_items, reopen, round_items
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    PlanFactory,
    ProjectFactory,
    default_organisation,
)
from tests.helpers import database_state

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2018, 6, 1)


def moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def make_owner(django_user_model):
    def make(username: str, first_name: str = "") -> object:
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "geheim-wachtwoord")
        user.first_name = first_name or username.title()
        user.save()
        add_member(user, default_organisation(), OWNER)
        return user

    return make


@pytest.fixture
def cel(django_user_model):
    user = django_user_model.objects.create_user("cel", password="geheim-wachtwoord", is_staff=True)
    add_member(user, default_organisation(), CEL)
    return user


def owned_plan(make_owner, *, action_plans: int = 2, actions_each: int = 2, size: str = ""):
    """A plan whose first actieplan belongs to the dienst welzijn (Ann heads it, Bert is a member), whose
    second actieplan's first actie belongs to Chris himself, with one project of Chris and the rest
    without an eigenaar."""
    ann, bert, chris = (make_owner(f"{name}{size}", name.title()) for name in ("ann", "bert", "chris"))
    welzijn = changes.save(
        Department(organisation=default_organisation(), name=f"Dienst welzijn{size}", head=ann), by=None
    )
    welzijn.members.add(bert)
    plan = PlanFactory()
    aps = [ActionPlanFactory(plan=plan, number=str((n + 1) * 10)) for n in range(action_plans)]
    changes.update(aps[0], {"department": welzijn}, by=None, version=aps[0].version)
    actions = [[ActionFactory(action_plan=ap) for _ in range(actions_each)] for ap in aps]
    first_of_second = actions[1][0]
    changes.update(first_of_second, {"owner": chris}, by=None, version=first_of_second.version)
    project = ProjectFactory(plan=plan, name="NEWTON", owner=chris)
    ProjectFactory(plan=plan, name="BOOST")
    for item in [*aps, *(action for group in actions for action in group)]:
        item.refresh_from_db()  # changes.update wrote a fresh copy
    with clock.dated(moment(TODAY)):
        round = open_round(plan=plan, name="Rapportering juni 2018", date=datetime.date(2018, 6, 30))
    return {
        "plan": plan,
        "round": round,
        "ann": ann,
        "bert": bert,
        "chris": chris,
        "welzijn": welzijn,
        "action_plans": aps,
        "actions": actions,
        "project": project,
    }


# Opening with a deadline


def test_open_round_sets_the_opening_day_the_deadline_and_the_reminder_days():
    plan = PlanFactory()
    with clock.dated(moment(TODAY)):
        round = open_round(
            plan=plan,
            name="Rapportering juni 2018",
            date=datetime.date(2018, 6, 30),
            deadline=datetime.date(2018, 6, 15),
            remind_days_before=7,
            remind_days_after=2,
        )
    round.refresh_from_db()
    assert (round.opened_on, round.deadline, round.remind_days_before, round.remind_days_after) == (
        TODAY,
        datetime.date(2018, 6, 15),
        7,
        2,
    )
    default = open_round(plan=PlanFactory(), name="Zonder", date=TODAY)
    assert (default.remind_days_before, default.remind_days_after, default.deadline) == (14, 3, None)


def test_open_round_refuses_a_deadline_before_the_opening_and_creates_nothing():
    plan = PlanFactory()
    before = database_state()
    with clock.dated(moment(TODAY)), pytest.raises(ValidationError) as refused:
        open_round(plan=plan, name="Te laat", date=TODAY, deadline=datetime.date(2018, 5, 31))
    assert "ligt vóór de opening van de rapportering" in " ".join(refused.value.messages)
    assert database_state() == before


def test_the_rounds_page_opens_a_round_with_a_deadline_and_refuses_one_in_the_past(client, cel):
    plan = PlanFactory()
    client.force_login(cel)
    url = reverse("reporting:rounds", args=[plan.slug])
    page = client.get(url).content.decode()
    assert "Deadline voor de eigenaars" in page and "Herinnering, dagen vóór de deadline" in page
    before = database_state()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(url, {"name": "Rapportering juni", "date": "2018-06-30", "deadline": yesterday})
    assert response.status_code == 200
    assert "ligt vóór de opening van de rapportering" in response.content.decode()
    assert database_state() == before
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        url,
        {
            "name": "Rapportering juni",
            "date": "2018-06-30",
            "deadline": deadline,
            "remind_days_before": "10",
            "remind_days_after": "",
        },
    )
    round = ReportingRound.objects.get(plan=plan)
    assert response.status_code == 302
    assert (round.opened_on, round.deadline, round.remind_days_before, round.remind_days_after) == (
        timezone.localdate(),
        deadline,
        10,
        3,
    )


def test_the_cel_changes_the_deadline_of_an_open_round_but_not_of_a_closed_one(client, cel):
    plan = PlanFactory()
    round = open_round(plan=plan, name="Rapportering juni", date=TODAY)
    client.force_login(cel)
    page = client.get(reverse("reporting:round", args=[plan.slug, round.pk])).content.decode()
    assert "Deadline en herinneringen" in page
    url = reverse("reporting:round_schedule", args=[plan.slug, round.pk])
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    data = {
        "deadline": deadline,
        "remind_days_before": "5",
        "remind_days_after": "1",
        "version": round.version,
    }
    assert client.post(url, data).status_code == 302
    round.refresh_from_db()
    assert (round.deadline, round.remind_days_before, round.remind_days_after) == (deadline, 5, 1)
    assert round.history.first().history_change_reason == "deadline en herinneringen"

    before = database_state()
    stale = client.post(url, {**data, "remind_days_before": "9"}, follow=True)  # the version of before
    assert "werd intussen gewijzigd" in stale.content.decode()
    too_early = {
        **data,
        "deadline": timezone.localdate() - datetime.timedelta(days=3),
        "version": round.version,
    }
    assert "ligt vóór de opening" in client.post(url, too_early, follow=True).content.decode()
    assert database_state() == before

    close_round(round, by=cel)
    round.refresh_from_db()
    before = database_state()
    with pytest.raises(ValidationError, match="de deadline en de herinneringen liggen vast"):
        set_schedule(
            round, deadline=deadline, remind_days_before=1, remind_days_after=1, version=round.version, by=cel
        )
    response = client.post(url, {**data, "version": round.version}, follow=True)
    assert "de deadline en de herinneringen liggen vast" in response.content.decode()
    assert database_state() == before


# The to-do and "klaar"


def test_the_to_do_gives_each_item_its_eigenaar_direct_through_a_dienst_or_inherited(make_owner):
    world = owned_plan(make_owner)
    items = {(item.kind, item.item_id): item for item in round_items(world["round"])}
    first, second = world["action_plans"]
    welzijn, chris = world["welzijn"], world["chris"]
    assert items[("actieplan", first.pk)].department_id == welzijn.pk
    inherited = items[("actie", world["actions"][0][0].pk)]
    assert (inherited.department_id, inherited.inherited) == (welzijn.pk, True)
    own = items[("actie", world["actions"][1][0].pk)]
    assert (own.owner_id, own.inherited) == (chris.pk, False)
    assert not items[("actie", world["actions"][1][1].pk)].has_owner
    assert not items[("actieplan", second.pk)].has_owner
    assert items[("project", world["project"].pk)].owner_id == chris.pk
    assert {item.state for item in items.values()} == {UpdateState.OPEN}


def test_an_eigenaar_marks_their_item_klaar_and_can_open_it_again(make_owner):
    world = owned_plan(make_owner)
    round, action = world["round"], world["actions"][0][0]
    update = mark_ready(round, action, by=world["bert"])  # a member of the dienst of its actieplan
    assert (update.state, update.kind, update.item_id) == (UpdateState.READY, "actie", action.pk)
    assert update.history.first().history_user == world["bert"]
    assert mark_ready(round, action, by=world["ann"]).version == update.version  # already klaar: no write
    assert reopen(round, action, by=world["ann"]).state == UpdateState.OPEN
    assert ItemUpdate.objects.count() == 1


def test_mark_ready_refuses_another_eigenaar_and_a_closed_round_and_changes_nothing(make_owner, cel):
    world = owned_plan(make_owner)
    round, action = world["round"], world["actions"][0][0]
    before = database_state()
    with pytest.raises(PermissionDenied):
        mark_ready(round, action, by=world["chris"])
    with pytest.raises(PermissionDenied):
        mark_ready(round, world["project"], by=world["ann"])
    assert database_state() == before

    mark_ready(round, world["project"], by=cel)  # the cel may mark any item
    other = owned_plan(make_owner, size="-2")
    with pytest.raises(ValidationError, match="hoort niet bij"):
        mark_ready(round, other["actions"][0][0], by=cel)
    close_round(round, by=cel)
    before = database_state()
    with pytest.raises(ValidationError, match="is afgesloten: u kunt niets meer klaar melden"):
        mark_ready(round, action, by=world["bert"])
    assert database_state() == before


def test_completion_per_dienst_and_per_person_with_what_is_still_open(make_owner):
    world = owned_plan(make_owner)
    round = world["round"]
    first_actions = world["actions"][0]
    mark_ready(round, world["action_plans"][0], by=world["ann"])
    mark_ready(round, first_actions[0], by=world["bert"])
    result = completion(round)
    [welzijn] = result.departments
    assert (welzijn.name, welzijn.total, welzijn.ready, welzijn.percent) == ("Dienst welzijn", 3, 2, 67)
    assert [item.item_id for item in welzijn.open_items] == [first_actions[1].pk]
    assert welzijn.bar == "██████░░░░"
    people = {progress.name: progress for progress in result.people}
    assert sorted(people) == ["Ann", "Bert", "Chris"]
    assert (people["Ann"].total, people["Bert"].ready) == (3, 2)
    assert [(item.kind, item.item_id) for item in people["Chris"].open_items] == [
        ("actie", world["actions"][1][0].pk),
        ("project", world["project"].pk),
    ]
    assert [(item.kind, item.number or item.title) for item in result.without_owner] == [
        ("actieplan", "20"),
        ("actie", world["actions"][1][1].number),
        ("project", "BOOST"),
    ]
    assert (result.overall.total, result.overall.ready) == (5, 2)


def test_struck_items_are_not_in_the_to_do(make_owner):
    world = owned_plan(make_owner)
    struck = world["actions"][0][1]
    values = {"life_cycle": LifeCycle.REMOVED, "life_cycle_date": TODAY}
    changes.update(struck, values, by=None, version=struck.version)
    assert struck.pk not in {item.item_id for item in round_items(world["round"]) if item.kind == "actie"}


@pytest.mark.parametrize("action_plans,actions_each", [(2, 2), (12, 8)])
def test_completion_page_has_constant_queries(
    make_owner, cel, client, action_plans, actions_each, django_assert_max_num_queries
):
    world = owned_plan(make_owner, action_plans=action_plans, actions_each=actions_each)
    for action in world["actions"][0][: actions_each // 2]:
        mark_ready(world["round"], action, by=world["ann"])
    client.force_login(cel)
    client.get("/")  # the session's first renewal
    url = reverse("reporting:completion", args=[world["plan"].slug, world["round"].pk])
    with django_assert_max_num_queries(13):
        page = client.get(url)
    text = page.content.decode()
    assert "Per dienst" in text and "Zonder eigenaar" in text and "Dienst welzijn" in text
    assert "Chris" in text and "<caption>" in text and '<th scope="row">' in text
    open_action = world["actions"][0][-1]
    ask = reverse("reporting:ask_more", args=[world["plan"].slug, world["round"].pk, "actie", open_action.pk])
    assert f'href="{ask}"' in text  # each open item: vraag om aanvulling
    with django_assert_max_num_queries(7):
        completion(world["round"])


# Mijn acties


def test_mijn_acties_lists_the_eigenaars_items_open_first_with_the_deadline(make_owner, client, cel):
    world = owned_plan(make_owner)
    round = world["round"]
    set_schedule(
        round,
        deadline=TODAY + datetime.timedelta(days=5),
        remind_days_before=14,
        remind_days_after=3,
        version=round.version,
        by=cel,
    )
    mark_ready(round, world["action_plans"][0], by=world["ann"])
    update = ItemUpdate.objects.get(kind="actieplan")
    message = "Kan u de cijfers van 2018 toevoegen?"
    changes.update(
        update, {"state": UpdateState.MORE_ASKED, "message": message}, by=cel, version=update.version
    )
    with clock.dated(moment(TODAY)):
        [mine] = my_rounds(world["bert"])
    assert [entry.item for entry in mine.entries] == [world["action_plans"][0], *world["actions"][0]]
    assert mine.days_left == 5

    client.force_login(world["bert"])
    assert client.get("/")["Location"] == reverse("reporting:my_items")
    page = client.get(reverse("reporting:my_items")).content.decode()
    assert "Mijn acties" in page and "Rapportering juni 2018" in page
    assert "Vraag om aanvulling van de strategische cel:" in page and message in page
    assert "Klaar voor deze rapportering" in page
    assert reverse("plans:save_status", args=[world["plan"].slug, "actie", world["actions"][0][0].pk]) in page
    assert "NEWTON" not in page and f"row-actie-{world['actions'][1][0].pk}" not in page  # Chris's

    with clock.dated(moment(TODAY + datetime.timedelta(days=8))):
        page = client.get(reverse("reporting:my_items")).content.decode()
    assert "De deadline is verstreken" in page


def test_mijn_acties_says_so_when_there_is_nothing_to_do(make_owner, client):
    client.force_login(make_owner("dora"))
    page = client.get(reverse("reporting:my_items")).content.decode()
    assert "U hebt nu geen items bij te werken" in page


def test_the_cel_keeps_its_own_home(client, cel):
    PlanFactory()
    client.force_login(cel)
    assert client.get("/")["Location"] != reverse("reporting:my_items")


def test_klaar_by_htmx_answers_with_the_item_and_a_confirmation(make_owner, client):
    world = owned_plan(make_owner)
    action = world["actions"][0][0]
    url = reverse("reporting:item_ready", args=[world["plan"].slug, world["round"].pk, "actie", action.pk])
    client.force_login(world["ann"])
    response = client.post(url, {"klaar": "ja"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "is klaar voor deze rapportering" in text and "Toch nog niet klaar" in text
    assert ItemUpdate.objects.get(item_id=action.pk, kind="actie").state == UpdateState.READY
    response = client.post(url, {"klaar": "nee"})
    assert response["Location"] == reverse("reporting:my_items")
    assert ItemUpdate.objects.get(item_id=action.pk, kind="actie").state == UpdateState.OPEN


def test_klaar_by_htmx_updates_the_rounds_counter_out_of_band(make_owner, client):
    world = owned_plan(make_owner)
    round = world["round"]
    client.force_login(world["ann"])
    page = client.get(reverse("reporting:my_items")).content.decode()
    assert f'id="todo-count-{round.pk}" aria-live="polite">Nog 3 van 3 items open.' in page
    assert page.count(f'id="todo-count-{round.pk}"') == 1
    action = world["actions"][0][0]
    url = reverse("reporting:item_ready", args=[world["plan"].slug, round.pk, "actie", action.pk])

    text = client.post(url, {"klaar": "ja"}, headers={"HX-Request": "true"}).content.decode()
    assert f'<span id="todo-count-{round.pk}" hx-swap-oob="innerHTML">Nog 2 van 3 items open.' in text
    text = client.post(url, {"klaar": "nee"}, headers={"HX-Request": "true"}).content.decode()
    assert f'<span id="todo-count-{round.pk}" hx-swap-oob="innerHTML">Nog 3 van 3 items open.' in text


EDIT_INSTRUCTIONS = "Kies een status en schrijf een toelichting"


def test_the_actieplan_explains_editing_only_to_who_may_edit_a_row_of_it(make_owner, client, cel):
    world = owned_plan(make_owner)
    first = reverse("plans:action_plan_status", args=[world["plan"].slug, world["action_plans"][0].number])
    second = reverse("plans:action_plan_status", args=[world["plan"].slug, world["action_plans"][1].number])
    client.force_login(world["chris"])  # owns an actie of the second actieplan, nothing of the first
    assert EDIT_INSTRUCTIONS not in client.get(first).content.decode()
    assert EDIT_INSTRUCTIONS in client.get(second).content.decode()
    client.force_login(world["ann"])
    assert EDIT_INSTRUCTIONS in client.get(first).content.decode()
    client.force_login(cel)
    assert EDIT_INSTRUCTIONS in client.get(first).content.decode()


def test_a_forged_klaar_for_anothers_item_is_refused_and_changes_nothing(make_owner, client, cel):
    world = owned_plan(make_owner)
    action = world["actions"][0][0]
    url = reverse("reporting:item_ready", args=[world["plan"].slug, world["round"].pk, "actie", action.pk])
    client.force_login(world["chris"])
    before = database_state()
    assert client.post(url, {"klaar": "ja"}, headers={"HX-Request": "true"}).status_code == 403
    assert database_state() == before
    close_round(world["round"], by=cel)
    client.force_login(world["ann"])
    before = database_state()
    response = client.post(url, {"klaar": "ja"}, headers={"HX-Request": "true"})
    assert "is afgesloten: u kunt niets meer klaar melden" in response.content.decode()
    assert database_state() == before


# Closing with open items


def test_closing_with_open_items_lists_them_and_closes_only_when_confirmed(make_owner, client, cel):
    world = owned_plan(make_owner)
    round = world["round"]
    mark_ready(round, world["action_plans"][0], by=world["ann"])
    url = reverse("reporting:close", args=[world["plan"].slug, round.pk])
    client.force_login(cel)
    before = database_state()
    response = client.post(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "4 items zijn nog niet klaar gemeld" in text and "Toch afsluiten" in text
    assert (
        f"actie {world['actions'][0][1].number}" in text and "project NEWTON" in text and "BOOST" not in text
    )  # no eigenaar
    assert database_state() == before
    assert len(open_items(round)) == 4
    response = client.post(url, {"bevestigd": "ja"})
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.state == RoundState.CLOSED


def test_closing_without_open_items_closes_at_once(client, cel):
    plan = PlanFactory()
    ActionFactory(action_plan=ActionPlanFactory(plan=plan))  # no eigenaar: nothing to wait for
    round = open_round(plan=plan, name="Rapportering juni", date=TODAY)
    client.force_login(cel)
    response = client.post(reverse("reporting:close", args=[plan.slug, round.pk]))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.state == RoundState.CLOSED


@pytest.mark.parametrize("action_plans,actions_each", [(2, 2), (6, 10)])
def test_mijn_acties_has_constant_queries(
    make_owner, client, action_plans, actions_each, django_assert_max_num_queries
):
    world = owned_plan(make_owner, action_plans=action_plans, actions_each=actions_each)
    for action in world["actions"][0][: actions_each // 2]:
        mark_ready(world["round"], action, by=world["ann"])
    client.force_login(world["bert"])
    client.get(reverse("reporting:my_items"))  # the session's first renewal, the rows' cache
    cache.clear()  # every row rendered again
    # 12: the rows, and one for the plan whose reading links the menu shows
    with django_assert_max_num_queries(12):
        page = client.get(reverse("reporting:my_items"))
    assert page.content.decode().count("Klaar voor deze rapportering:") == actions_each // 2 + 1


def test_a_long_list_of_open_items_shows_the_first_ten_and_a_count():
    from rounds.todo import Progress, TodoItem

    items = [TodoItem("actie", n, f"10.{n}", "Actie", "10", "loopt", 1, None, False) for n in range(13)]
    progress = Progress("Dienst welzijn", items)
    assert (len(progress.open_listed), progress.open_unlisted, progress.percent) == (10, 3, 0)
