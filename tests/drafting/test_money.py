"""The reality check's pages: envelopes and room entered by the cel, the check in words, a table and a
chart; scenarios started, weighed, applied or dropped. Refusals change nothing; each role sees what it may."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.changes import Conflict
from core.roles import OWNER
from drafting import envelopes, room_chart, scenarios
from drafting.models import ChangeKind, Envelope, Room, Scenario, ScenarioChange, ScenarioState
from tests.drafting.builders import a_goal, retained_action_plan
from tests.drafting.builders_money import a_checked_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_user(make_user):
    return make_user("eigenaar", OWNER)


def envelopes_url(draft):
    return reverse("drafting:envelopes", args=[draft.pk])


def row_post(draft, proposal, year, operating, investment, *, seen=("100.000", "50.000"), version=None):
    """The envelope row's form as the page sends it, with one year changed."""
    data = {}
    for each in draft.years:
        envelope = Envelope.objects.filter(proposal=proposal, year=each).first()
        data[f"operating_{each}"] = data[f"seen_operating_{each}"] = seen[0]
        data[f"investment_{each}"] = data[f"seen_investment_{each}"] = seen[1]
        data[f"version_{each}"] = envelope.version if envelope else 0
    data[f"operating_{year}"], data[f"investment_{year}"] = operating, investment
    if version is not None:
        data[f"version_{year}"] = version
    return data


def snapshot():
    return sorted(Envelope.objects.values_list("proposal_id", "year", "operating", "investment", "version"))


# ----- the page, per role -----


def test_the_cel_sees_the_years_over_the_room_in_words_a_table_and_a_chart(client, cel_user):
    draft, _plans = a_checked_draft()
    client.force_login(cel_user)
    page = client.get(envelopes_url(draft))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2021 gaat € 100.000 over de beschikbare ruimte" in html
    assert "Te veel:" in html and "icon-cross" in html  # an icon and words, never colour alone
    assert '<table class="room-check">' in html and "<caption>" in html
    assert 'role="img"' in html and "<desc" in html
    assert "De enveloppes gaan over de beschikbare ruimte in: 2021 (€ 100.000 te veel)." in html
    assert 'name="operating_2020"' in html and 'value="100.000"' in html
    assert "Ruimte bewaren" in html


def test_the_mt_reads_without_forms(client, mt_user):
    draft, _plans = a_checked_draft()
    client.force_login(mt_user)
    html = client.get(envelopes_url(draft)).content.decode()
    assert "2021 gaat € 100.000 over" in html
    assert 'name="operating_2020"' not in html and "Ruimte bewaren" not in html
    assert "100.000 / 50.000" in html


def test_the_mt_may_not_save(client, mt_user):
    draft, plans = a_checked_draft()
    client.force_login(mt_user)
    before = snapshot()
    url = reverse("drafting:save_envelope", args=[draft.pk, plans[0].pk])
    assert client.post(url, row_post(draft, plans[0], 2020, "1", "1")).status_code == 403
    assert client.post(reverse("drafting:save_room", args=[draft.pk]), {}).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("who", ["council_user", "owner_user"])
def test_the_raad_and_an_eigenaar_have_no_access(client, request, who):
    draft, plans = a_checked_draft()
    client.force_login(request.getfixturevalue(who))
    assert client.get(envelopes_url(draft)).status_code == 403
    assert client.get(reverse("drafting:scenarios", args=[draft.pk])).status_code == 403
    url = reverse("drafting:save_envelope", args=[draft.pk, plans[0].pk])
    assert client.post(url, row_post(draft, plans[0], 2020, "1", "1")).status_code == 403


def test_the_envelope_page_asks_as_many_queries_for_two_actieplannen_as_for_twelve(client, cel_user):
    counts = []
    for size in (2, 12):
        draft, _plans = a_checked_draft(action_plans=size)
        client.force_login(cel_user)
        client.get(envelopes_url(draft))  # the session and the menu's first look-ups
        with CaptureQueriesContext(connection) as queries:
            assert client.get(envelopes_url(draft)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# ----- saving a row -----


def test_a_row_saves_in_place_the_years_typed_the_flemish_way(client, cel_user):
    draft, plans = a_checked_draft()
    client.force_login(cel_user)
    url = reverse("drafting:save_envelope", args=[draft.pk, plans[0].pk])
    answer = client.post(url, row_post(draft, plans[0], 2021, "1.250.000", "0"), HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert "bewaard om" in answer.content.decode()
    envelope = Envelope.objects.get(proposal=plans[0], year=2021)
    assert (envelope.operating, envelope.investment) == (Decimal(1250000), Decimal(0))
    assert envelope.history.first().history_user == cel_user
    assert 'hx-swap-oob="true"' in answer.content.decode()  # the row's versions follow


def test_a_second_save_of_an_unchanged_row_keeps_the_first_answer(client, cel_user):
    draft, plans = a_checked_draft()
    client.force_login(cel_user)
    url = reverse("drafting:save_envelope", args=[draft.pk, plans[0].pk])
    before = snapshot()
    answer = client.post(url, row_post(draft, plans[0], 2020, "100.000", "50.000"), HTTP_HX_REQUEST="true")
    assert answer.status_code == 204
    assert snapshot() == before


def test_a_row_without_javascript_saves_and_comes_back_with_a_message(client, cel_user):
    draft, plans = a_checked_draft()
    client.force_login(cel_user)
    url = reverse("drafting:save_envelope", args=[draft.pk, plans[1].pk])
    answer = client.post(url, row_post(draft, plans[1], 2022, "75.000", "0"), follow=True)
    assert "De enveloppes van" in answer.content.decode()
    assert Envelope.objects.get(proposal=plans[1], year=2022).operating == 75000


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "Een enveloppe is nooit negatief (-5)"),
        ("veel", "“veel” is geen bedrag"),
        ("1,5", "Enveloppes zijn grootordes: schrijf een bedrag in hele euro"),
    ],
)
def test_bad_amounts_are_refused_in_dutch_and_nothing_changes(client, cel_user, typed, message):
    draft, plans = a_checked_draft()
    client.force_login(cel_user)
    before = snapshot()
    url = reverse("drafting:save_envelope", args=[draft.pk, plans[0].pk])
    data = row_post(draft, plans[0], 2021, typed, "0")
    data["operating_2020"] = "999"  # a good year in the same row is not saved either
    answer = client.post(url, data, HTTP_HX_REQUEST="true")
    assert answer.status_code == 422
    assert message in answer.content.decode()
    assert "2021:" in answer.content.decode()
    assert snapshot() == before
    plain = client.post(url, data, follow=True)
    assert message in plain.content.decode()
    assert snapshot() == before


def test_an_outdated_copy_is_refused_with_a_dutch_message_and_saves_nothing(client, cel_user):
    draft, plans = a_checked_draft()
    client.force_login(cel_user)
    old = row_post(draft, plans[0], 2020, "300.000", "0")
    envelopes.set_envelope(plans[0], 2020, operating="120.000", investment="50.000", by=None)  # someone else
    before = snapshot()
    url = reverse("drafting:save_envelope", args=[draft.pk, plans[0].pk])
    answer = client.post(url, old, HTTP_HX_REQUEST="true")
    assert answer.status_code == 409
    assert "werd intussen gewijzigd" in answer.content.decode()
    assert snapshot() == before


def test_an_envelope_someone_else_made_meanwhile_is_a_conflict_too(client, cel_user):
    draft, _plans = a_checked_draft()
    late = retained_action_plan(draft, "Laat actieplan")
    client.force_login(cel_user)
    old = row_post(draft, late, 2020, "10.000", "0", seen=("", ""))
    envelopes.set_envelope(late, 2020, operating="5", investment="0", by=None)
    answer = client.post(
        reverse("drafting:save_envelope", args=[draft.pk, late.pk]), old, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 409
    assert Envelope.objects.get(proposal=late, year=2020).operating == 5


# ----- the room -----


def room_post(draft, **years):
    data = {}
    for year in draft.years:
        room = Room.objects.filter(draft=draft, year=year).first()
        shown = envelopes.euro(room.available).removeprefix("€ ") if room else ""
        data[f"available_{year}"] = data[f"seen_available_{year}"] = shown
        data[f"margin_{year}"] = data[f"seen_margin_{year}"] = ""
        data[f"version_{year}"] = room.version if room else 0
    for year, (available, margin) in years.items():
        data[f"available_{year[1:]}"], data[f"margin_{year[1:]}"] = available, margin
    return data


def test_the_cel_enters_the_room_and_the_margin(client, cel_user):
    draft, _plans = a_checked_draft()
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:save_room", args=[draft.pk]),
        room_post(draft, y2021=("350.000", "-20.000")),
        follow=True,
    )
    assert "De beschikbare ruimte is bewaard." in answer.content.decode()
    room = Room.objects.get(draft=draft, year=2021)
    assert (room.available, room.self_financing_margin) == (350000, -20000)
    assert "2021 gaat" not in answer.content.decode()  # 300.000 fits in 350.000 now


def test_a_bad_room_is_refused_and_nothing_changes(client, cel_user):
    draft, _plans = a_checked_draft()
    client.force_login(cel_user)
    before = sorted(Room.objects.values_list("year", "available", "version"))
    answer = client.post(
        reverse("drafting:save_room", args=[draft.pk]),
        room_post(draft, y2020=("500.000", ""), y2022=("veel", "")),
        follow=True,
    )
    assert "2022: “veel” is geen bedrag" in answer.content.decode()
    assert sorted(Room.objects.values_list("year", "available", "version")) == before


def test_the_last_years_margin_below_zero_is_named(client, cel_user):
    draft, _plans = a_checked_draft()
    envelopes.set_room(draft, 2022, available="400.000", self_financing_margin="150.000", by=None)
    client.force_login(cel_user)
    html = client.get(envelopes_url(draft)).content.decode()
    assert "De autofinancieringsmarge van 2022, het laatste jaar van het plan, wordt € -50.000" in html


# ----- the chart -----


def test_the_chart_places_a_bar_per_year_and_the_room_as_a_marker():
    draft, _plans = a_checked_draft()
    chart = room_chart.chart(envelopes.check(draft))
    assert [bar.year for bar in chart.bars] == [2020, 2021, 2022]
    assert [bar.over for bar in chart.bars] == [False, True, False]
    assert all(bar.room_y is not None for bar in chart.bars)
    over = chart.bars[1]
    assert over.room_y > over.investment_y  # the bar reaches above the room's marker (y grows downwards)
    assert chart.phone is not None and chart.phone.width < chart.width
    assert chart.table[1].difference == "€ -100.000" and chart.table[1].over


def test_the_chart_without_a_room_says_so():
    draft, _plans = a_checked_draft(with_room=False)
    chart = room_chart.chart(envelopes.check(draft))
    assert chart.description == "De enveloppes per jaar; de beschikbare ruimte is nog niet ingevuld."
    assert all(bar.room_y is None for bar in chart.bars)


# ----- scenarios -----


def test_the_cel_starts_a_scenario_and_adds_a_spread(client, cel_user):
    draft, plans = a_checked_draft()
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:start_scenario", args=[draft.pk]), {"name": "Later", "note": "Na het conclaaf"}
    )
    scenario = Scenario.objects.get(name="Later")
    assert answer.url == reverse("drafting:scenario", args=[draft.pk, scenario.pk])
    answer = client.post(
        reverse("drafting:scenario_change", args=[draft.pk, scenario.pk]),
        {"proposal": plans[0].pk, "kind": ChangeKind.SPREAD, "first_year": "2022", "last_year": "2022"},
        follow=True,
    )
    html = answer.content.decode()
    assert "De keuze is toegevoegd" in html
    assert "2022 blijft boven de ruimte met dit scenario." in html  # 2021 fits now, 2022 does not
    assert "2021 blijft boven" not in html
    assert "€ 600.000" in html  # 2022 carries the actieplan's three years and the other's one
    assert "Uitgesteld tot na de planperiode: € 0." in html


def test_a_scenario_without_a_name_is_refused(client, cel_user):
    draft, _plans = a_checked_draft()
    client.force_login(cel_user)
    answer = client.post(reverse("drafting:start_scenario", args=[draft.pk]), {"name": " ", "note": "x"})
    assert answer.status_code == 422
    assert "Geef het scenario een naam" in answer.content.decode()
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        (
            {"kind": ChangeKind.SPREAD, "first_year": "2022", "last_year": "2020"},
            "Spreiden vraagt een eerste",
        ),
        ({"kind": ChangeKind.LOWER, "percent": "150"}, "Verlagen vraagt een percentage van 1 tot 100."),
        ({"kind": "weg"}, "Kies spreiden, verlagen of uitstellen."),
    ],
)
def test_a_bad_choice_is_refused_and_nothing_is_added(client, cel_user, posted, message):
    draft, plans = a_checked_draft()
    scenario = scenarios.start(draft, name="Proef", by=None)
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:scenario_change", args=[draft.pk, scenario.pk]), {"proposal": plans[0].pk, **posted}
    )
    assert answer.status_code == 422
    assert message in answer.content.decode()
    assert not ScenarioChange.objects.exists()


def test_a_goal_is_no_choice_in_a_scenario(client, cel_user):
    draft, _plans = a_checked_draft()
    goal = a_goal(draft)
    scenario = scenarios.start(draft, name="Proef", by=None)
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:scenario_change", args=[draft.pk, scenario.pk]),
        {"proposal": goal.pk, "kind": ChangeKind.POSTPONE},
    )
    assert answer.status_code == 422 and "geen weerhouden actieplan" in answer.content.decode()
    assert not ScenarioChange.objects.exists()


def test_applying_asks_first_then_writes_the_envelopes_and_locks_the_scenario(client, cel_user):
    draft, plans = a_checked_draft()
    scenario = scenarios.start(draft, name="Uitstel", by=None)
    scenarios.add_change(scenario, plans[1], ChangeKind.POSTPONE, by=None)
    client.force_login(cel_user)
    url = reverse("drafting:scenario_apply", args=[draft.pk, scenario.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ja, toepassen" in confirm.content.decode()
    assert Envelope.objects.get(proposal=plans[1], year=2021).total == 150000  # nothing yet
    answer = client.post(url, follow=True)
    assert "is toegepast" in answer.content.decode()
    assert Envelope.objects.get(proposal=plans[1], year=2021).total == 0
    scenario.refresh_from_db()
    assert scenario.state == ScenarioState.APPLIED
    html = answer.content.decode()
    assert "Keuze toevoegen" not in html and "kan niet meer veranderen" in html
    again = client.post(
        reverse("drafting:scenario_change", args=[draft.pk, scenario.pk]),
        {"proposal": plans[0].pk, "kind": ChangeKind.POSTPONE},
    )
    assert again.status_code == 422 and "Dit scenario is al toegepast" in again.content.decode()
    assert scenario.changes.count() == 1


def test_dropping_asks_first_and_leaves_the_envelopes(client, cel_user):
    draft, plans = a_checked_draft()
    scenario = scenarios.start(draft, name="Lager", by=None)
    scenarios.add_change(scenario, plans[0], ChangeKind.LOWER, by=None, percent=50)
    before = snapshot()
    client.force_login(cel_user)
    url = reverse("drafting:scenario_drop", args=[draft.pk, scenario.pk])
    assert "Ja, verwerpen" in client.get(url).content.decode()
    client.post(url)
    scenario.refresh_from_db()
    assert scenario.state == ScenarioState.DROPPED
    assert snapshot() == before
    answer = client.post(reverse("drafting:scenario_apply", args=[draft.pk, scenario.pk]), follow=True)
    assert "Dit scenario is al verworpen" in answer.content.decode()
    assert snapshot() == before


def test_the_mt_reads_scenarios_but_neither_starts_nor_applies(client, mt_user):
    draft, plans = a_checked_draft()
    scenario = scenarios.start(draft, name="Uitstel", by=None)
    scenarios.add_change(scenario, plans[1], ChangeKind.POSTPONE, by=None)
    client.force_login(mt_user)
    assert "Uitstel" in client.get(reverse("drafting:scenarios", args=[draft.pk])).content.decode()
    html = client.get(reverse("drafting:scenario", args=[draft.pk, scenario.pk])).content.decode()
    assert "Uitgesteld tot na de planperiode: € 450.000." in html and "Keuze toevoegen" not in html
    assert client.post(reverse("drafting:start_scenario", args=[draft.pk]), {"name": "x"}).status_code == 403
    assert client.get(reverse("drafting:scenario_apply", args=[draft.pk, scenario.pk])).status_code == 403
    assert client.post(reverse("drafting:scenario_apply", args=[draft.pk, scenario.pk])).status_code == 403
    scenario.refresh_from_db()
    assert scenario.state == ScenarioState.OPEN


def test_a_row_is_saved_whole_or_not_at_all_when_one_year_clashes():
    _draft, plans = a_checked_draft()
    seen = {e.year: e.version for e in Envelope.objects.filter(proposal=plans[0])}
    envelopes.set_envelope(plans[0], 2022, operating="1", investment="0", by=None)  # someone else
    before = snapshot()
    with pytest.raises(Conflict):
        envelopes.set_envelopes(
            plans[0], {2020: ("5.000", "0", seen[2020]), 2022: ("7.000", "0", seen[2022])}, by=None
        )
    assert snapshot() == before
