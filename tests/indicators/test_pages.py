"""The indicator pages: each per role, the refusals (nothing changed), query counts at two sizes, the
in-place save and its conflict."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from core.roles import CEL, COUNCIL, MANAGEMENT_TEAM
from indicators import values
from indicators.models import Indicator, Kind, Value
from organisations.membership import add_member
from reporting.rounds import close_round, open_round
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoalFactory,
    IndicatorFactory,
    PlanFactory,
    default_organisation,
)
from tests.helpers import database_state

pytestmark = pytest.mark.django_db

STEPS = ["Studie", "Ontwerp goedgekeurd", "Werken gestart", "Opgeleverd"]


@pytest.fixture
def plan():
    return PlanFactory(start_year=2026, end_year=2031)


@pytest.fixture
def numeric(plan):
    return IndicatorFactory(
        plan=plan,
        name="Aandeel inwoners onder de armoedegrens",
        unit="%",
        decimals=1,
        better="lager",
        baseline_value=Decimal("12.0"),
        baseline_date=datetime.date(2025, 1, 1),
    )


def login(client, make_user, role, name=None):
    user = make_user(name or role.replace(" ", "-"), role)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", [CEL, MANAGEMENT_TEAM, COUNCIL])
def test_list_and_detail_show_to_every_role(client, make_user, plan, numeric, role):
    login(client, make_user, role)
    values.record_value(numeric, "11,5", date=datetime.date(2026, 6, 30), by=None)
    page = client.get(reverse("indicators:list", args=[plan.slug]))
    assert page.status_code == 200
    assert "Aandeel inwoners onder de armoedegrens" in page.text and "11,5 %" in page.text
    detail = client.get(reverse("indicators:detail", args=[plan.slug, numeric.pk]))
    assert detail.status_code == 200
    assert 'class="value"' in detail.text
    assert ('name="value"' in detail.text) == (role == CEL)


def test_the_list_filters_by_track_words_and_kind(client, cel_user, plan, numeric):
    client.force_login(cel_user)
    values.set_target(numeric, 2031, "6,0", by=cel_user)
    values.record_value(numeric, "11,9", date=datetime.date(2026, 12, 31), by=cel_user)  # above the line
    IndicatorFactory(plan=plan, name="Nieuw zwembad", kind=Kind.STEPS, unit="", steps=STEPS)
    url = reverse("indicators:list", args=[plan.slug])
    off = client.get(url, {"koers": "niet_op_koers"}).text
    assert "Aandeel inwoners" in off and "Nieuw zwembad" not in off and "niet op koers" in off
    assert "Nieuw zwembad" in client.get(url, {"koers": "onbekend"}).text
    assert "Aandeel inwoners" not in client.get(url, {"koers": "op_koers"}).text
    assert "Nieuw zwembad" not in client.get(url, {"q": "armoede"}).text
    assert "Aandeel inwoners" not in client.get(url, {"soort": "stappenplan"}).text


def test_an_indicator_no_longer_followed_shows_only_on_request(client, cel_user, plan):
    IndicatorFactory(plan=plan, name="Oude indicator", followed=False)
    client.force_login(cel_user)
    url = reverse("indicators:list", args=[plan.slug])
    assert "Oude indicator" not in client.get(url).text
    assert "Oude indicator" in client.get(url, {"alle": "on"}).text


def _many(plan, count):
    goal = GoalFactory(plan=plan)
    for n in range(count):
        indicator = IndicatorFactory(plan=plan, name=f"Indicator {n:03d}")
        indicator.goals.add(goal)
        values.record_value(indicator, str(n), date=datetime.date(2026, 1, 1), by=None)
        values.set_target(indicator, 2031, str(n + 5), by=None)


@pytest.mark.parametrize("count", [2, 30])
def test_the_list_takes_a_fixed_number_of_queries(
    client, cel_user, plan, count, django_assert_max_num_queries
):
    _many(plan, count)
    client.force_login(cel_user)
    url = reverse("indicators:list", args=[plan.slug])
    client.get(url)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url, {"koers": "op_koers"}).status_code == 200


@pytest.mark.parametrize("count", [2, 30])
def test_the_action_plan_page_shows_its_charts_in_a_fixed_number_of_queries(
    client, cel_user, plan, count, django_assert_max_num_queries
):
    action_plan = ActionPlanFactory(plan=plan)
    action = ActionFactory(action_plan=action_plan)
    for n in range(count):
        indicator = IndicatorFactory(plan=plan, name=f"Indicator {n:03d}")
        (indicator.action_plans if n % 2 else indicator.actions).add(action_plan if n % 2 else action)
        values.record_value(indicator, str(n), date=datetime.date(2026, 1, 1), by=None)
    client.force_login(cel_user)
    url = reverse("plans:action_plan_status", args=[plan.slug, action_plan.number])
    client.get(url)
    with django_assert_max_num_queries(60):
        page = client.get(url)
    assert page.text.count('class="value"') == 2 * count  # each chart drawn wide and for a phone
    assert "Indicator toevoegen" in page.text


def test_the_cel_saves_a_value_in_place(client, cel_user, plan, numeric):
    client.force_login(cel_user)
    url = reverse("indicators:save_value", args=[plan.slug, numeric.pk])
    answer = client.post(
        url, {"date": "2026-06-30", "value": "11,5", "note": "bron: OCMW"}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    assert "opgeslagen" in answer.text and answer.text.count('class="value"') == 2  # wide and for a phone
    value = Value.objects.get()
    assert (value.value, value.note, value.history.get().history_user) == (
        Decimal("11.5"),
        "bron: OCMW",
        cel_user,
    )


def test_a_value_for_an_open_round_saves_in_its_row_and_a_conflict_is_refused(
    client, cel_user, plan, numeric
):
    round = open_round(plan=plan, name="Rapportering juni 2026", date=datetime.date(2026, 6, 30), by=cel_user)
    client.force_login(cel_user)
    url = reverse("indicators:save_value", args=[plan.slug, numeric.pk])
    page = client.get(reverse("indicators:detail", args=[plan.slug, numeric.pk])).text
    assert "Waarde voor Rapportering juni 2026" in page
    assert client.post(url, {"round": round.pk, "value": "11"}, HTTP_HX_REQUEST="true").status_code == 200
    value = Value.objects.get()
    loaded = value.version
    values.record_value(numeric, "10", round=round, by=cel_user)  # someone else saves since
    before = database_state()
    answer = client.post(url, {"round": round.pk, "value": "9", "version": loaded}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 409
    assert "werd intussen gewijzigd" in answer.text
    assert database_state() == before


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"date": "2026-06-30", "value": "veel"}, "is geen getal"),
        ({"date": "2026-06-30", "value": "11,55"}, "meer decimalen"),
        ({"date": "2035-01-01", "value": "11"}, "valt buiten het plan"),
        ({"value": "11"}, "Vul een datum in"),
    ],
)
def test_a_bad_value_is_refused_next_to_the_field_and_changes_nothing(
    client, cel_user, plan, numeric, posted, message
):
    client.force_login(cel_user)
    before = database_state()
    answer = client.post(
        reverse("indicators:save_value", args=[plan.slug, numeric.pk]), posted, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 422
    assert message in answer.text and "Niet opgeslagen" in answer.text
    assert database_state() == before


def test_a_closed_rounds_value_is_read_only_and_refused(client, cel_user, plan, numeric):
    round = open_round(plan=plan, name="Rapportering juni 2026", date=datetime.date(2026, 6, 30), by=cel_user)
    values.record_value(numeric, "11", round=round, by=cel_user)
    close_round(round, by=cel_user)
    client.force_login(cel_user)
    page = client.get(reverse("indicators:detail", args=[plan.slug, numeric.pk])).text
    assert "afgesloten" in page
    before = database_state()
    answer = client.post(
        reverse("indicators:save_value", args=[plan.slug, numeric.pk]),
        {"round": round.pk, "value": "9"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 422 and "is afgesloten" in answer.text
    assert database_state() == before


@pytest.mark.parametrize("role", [MANAGEMENT_TEAM, COUNCIL])
def test_readers_may_not_save_values_or_targets(client, make_user, plan, numeric, role):
    login(client, make_user, role)
    before = database_state()
    assert (
        client.post(
            reverse("indicators:save_value", args=[plan.slug, numeric.pk]),
            {"date": "2026-01-01", "value": "1"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("indicators:save_target", args=[plan.slug, numeric.pk]), {"year": 2031, "value": "1"}
        ).status_code
        == 403
    )
    assert client.get(reverse("indicators:create", args=[plan.slug])).status_code == 403
    assert database_state() == before


def test_the_cel_sets_a_target_and_a_wrong_one_is_refused(client, cel_user, plan, numeric):
    client.force_login(cel_user)
    url = reverse("indicators:save_target", args=[plan.slug, numeric.pk])
    assert client.post(url, {"year": 2031, "value": "6,0"}, HTTP_HX_REQUEST="true").status_code == 200
    assert numeric.targets.get().value == Decimal("6.0")
    before = database_state()
    answer = client.post(url, {"year": 2031, "value": "zes"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 422 and "is geen getal" in answer.text
    assert database_state() == before


def test_the_cel_creates_an_indicator_on_a_goal_with_its_links(client, cel_user, plan):
    goal = GoalFactory(plan=plan, number="SD 1")
    action_plan = ActionPlanFactory(plan=plan, number="10")
    action = ActionFactory(action_plan=action_plan, number="10.2")
    client.force_login(cel_user)
    url = reverse("indicators:create", args=[plan.slug])
    assert "doelstelling SD 1" in client.get(url, {"doelstelling": goal.pk}).text
    answer = client.post(
        url,
        {
            "name": "Wachttijd kinderopvang",
            "kind": "getal",
            "unit": "dagen",
            "decimals": "0",
            "better": "lager",
            "baseline_value": "1234",
            "baseline_date": "2025-01-01",
            "links": "SD1, AP 10; 10.2",
            "responsible": f"user-{cel_user.pk}",
        },
    )
    assert answer.status_code == 302
    indicator = Indicator.objects.get()
    assert indicator.baseline_value == Decimal("1234")
    assert (
        list(indicator.goals.all()),
        list(indicator.action_plans.all()),
        list(indicator.actions.all()),
    ) == (
        [goal],
        [action_plan],
        [action],
    )
    assert indicator.owner == cel_user
    assert indicator.history.first().history_user == cel_user


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"links": "SD 9, 10"}, "“SD 9”"),
        ({"kind": "stappenplan", "steps": "Enige stap"}, "minstens twee stappen"),
        ({"baseline_value": "twaalf", "baseline_date": "2025-01-01"}, "is geen getal"),
        ({"baseline_value": "12"}, "waarde én een datum"),
        ({"name": ""}, "Dit veld is verplicht"),
    ],
)
def test_an_invalid_definition_is_refused_in_dutch_and_changes_nothing(
    client, cel_user, plan, posted, message
):
    ActionPlanFactory(plan=plan, number="10")
    client.force_login(cel_user)
    before = database_state()
    data = {"name": "Wachttijd", "kind": "getal", "decimals": "0", "better": "hoger", **posted}
    answer = client.post(reverse("indicators:create", args=[plan.slug]), data)
    assert answer.status_code == 200
    assert message in answer.text
    assert database_state() == before


def test_editing_an_outdated_copy_is_refused(client, cel_user, plan, numeric):
    client.force_login(cel_user)
    url = reverse("indicators:edit", args=[plan.slug, numeric.pk])
    assert client.get(url).status_code == 200
    loaded = numeric.version
    client.post(url, _edit_data(numeric, loaded, name="Eerste wijziging"))
    before = database_state()
    answer = client.post(url, _edit_data(numeric, loaded, name="Tweede wijziging"))
    assert answer.status_code == 200 and "werd intussen gewijzigd" in answer.text
    assert database_state() == before
    assert Indicator.objects.get().name == "Eerste wijziging"


def test_no_longer_followed_keeps_the_indicator(client, cel_user, plan, numeric):
    client.force_login(cel_user)
    url = reverse("indicators:edit", args=[plan.slug, numeric.pk])
    data = _edit_data(numeric, numeric.version)
    data.pop("followed")
    assert client.post(url, data).status_code == 302
    assert Indicator.objects.get().followed is False


def _edit_data(indicator, version, **fields):
    return {
        "name": indicator.name,
        "kind": indicator.kind,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "better": indicator.better,
        "baseline_value": "12,0",
        "baseline_date": "2025-01-01",
        "followed": "on",
        "loaded_version": version,
        **fields,
    }


def test_the_history_shows_definition_targets_and_values(client, cel_user, plan, numeric):
    values.set_target(numeric, 2031, "6", by=cel_user)
    values.record_value(numeric, "11,5", date=datetime.date(2026, 6, 30), by=cel_user)
    client.force_login(cel_user)
    page = client.get(reverse("indicators:history", args=[plan.slug, numeric.pk])).text
    assert "streefwaarde 2031: 6,0 %" in page and "waarde op 30/06/2026: 11,5 %" in page


def test_an_eigenaar_enters_values_of_their_own_indicator_only(client, make_user, plan, numeric):

    from core import changes
    from core.roles import OWNER
    from plans.models import Department

    own, other = make_user("eigen", None), make_user("ander", None)
    for user in (own, other):
        user.is_superuser = user.is_staff = False
        user.save()
        add_member(user, default_organisation(), OWNER)
    department = changes.save(Department(organisation=default_organisation(), name="Dienst welzijn"), by=None)
    department.members.add(own)
    changes.update(numeric, {"department": department}, by=None, version=numeric.version)
    url = reverse("indicators:save_value", args=[plan.slug, numeric.pk])
    client.force_login(other)
    before = database_state()
    assert client.post(url, {"date": "2026-06-30", "value": "11"}).status_code == 403
    assert database_state() == before
    client.force_login(own)
    assert client.post(url, {"date": "2026-06-30", "value": "11"}, HTTP_HX_REQUEST="true").status_code == 200
    assert Value.objects.get().history.get().history_user == own


def test_an_ambiguous_or_unknown_number_is_refused_naming_it(plan):
    from django.core.exceptions import ValidationError

    from indicators.links import parse_links

    GoalFactory(plan=plan, number="10")
    ActionPlanFactory(plan=plan, number="10")
    with pytest.raises(ValidationError) as refused:
        parse_links(plan, "10, 99.9")
    text = " ".join(refused.value.messages)
    assert "“99.9”" in text and "“10” is het nummer van meer dan één soort item" in text
    assert [a.number for a in parse_links(plan, "actieplan 10").action_plans] == ["10"]


def test_beheer_saves_an_indicator_with_history_and_never_deletes(client, admin_user, plan, numeric):
    client.force_login(admin_user)
    change = reverse("admin:indicators_indicator_change", args=[numeric.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:indicators_indicator_history", args=[numeric.pk])).status_code == 200
    before = database_state()
    assert client.post(reverse("admin:indicators_indicator_delete", args=[numeric.pk])).status_code == 403
    assert database_state() == before


@pytest.mark.parametrize("count", [2, 40])
def test_the_detail_page_takes_a_fixed_number_of_queries(
    client, cel_user, plan, numeric, count, django_assert_max_num_queries
):
    for n in range(count):
        values.record_value(
            numeric, str(n), date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n), by=None
        )
    open_round(plan=plan, name="Rapportering juni 2027", date=datetime.date(2027, 6, 30), by=cel_user)
    client.force_login(cel_user)
    url = reverse("indicators:detail", args=[plan.slug, numeric.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url)
    assert page.text.count('class="value"') == 2 * count  # each chart drawn wide and for a phone


@pytest.mark.parametrize(
    ("kind", "steps", "typed", "shown", "stored"),
    [
        (Kind.YES_NO, [], "ja", '<option value="ja"', Decimal(1)),
        (Kind.STEPS, STEPS, "Werken gestart", '<option value="Werken gestart"', Decimal(3)),
    ],
)
def test_yes_no_and_steps_are_chosen_from_a_list(client, cel_user, plan, kind, steps, typed, shown, stored):
    indicator = IndicatorFactory(plan=plan, kind=kind, unit="", steps=steps)
    client.force_login(cel_user)
    assert shown in client.get(reverse("indicators:detail", args=[plan.slug, indicator.pk])).text
    answer = client.post(
        reverse("indicators:save_value", args=[plan.slug, indicator.pk]),
        {"date": "2026-06-30", "value": typed},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert Value.objects.get().value == stored
    assert f'value="{typed}" selected' in answer.text
