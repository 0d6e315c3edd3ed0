"""The detailing pages (stap 4): the actieplannen against their envelopes, and per actieplan its acties
and projecten with their ramingen. Every refusal says what to do and changes nothing."""

import pytest
from django.urls import reverse

from core.roles import OWNER
from drafting import drafts, envelopes
from drafting.models import DraftAmount, DraftItem, ItemKind
from tests.drafting.builders import a_draft, an_action_plan, retained_action_plan

pytestmark = pytest.mark.django_db


def a_detailed_draft(n: int = 1):
    draft = a_draft()
    plans = [retained_action_plan(draft, f"Actieplan {i}") for i in range(n)]
    for proposal in plans:
        envelopes.set_envelope(proposal, 2020, operating="100.000", investment="0", by=None)
        item = drafts.add_item(
            proposal, by=None, title=f"Actie van {proposal.title}", start_year=2020, end_year=2021
        )
        drafts.set_estimate(
            item,
            year=2020,
            category="E",
            direction="uitgave",
            budget_code="0950/6130000",
            amount="125.000",
            by=None,
        )
    return draft, plans


def test_the_overview_shows_each_actieplan_against_its_envelope_with_the_difference_in_words(
    client, cel_user
):
    draft, _plans = a_detailed_draft()
    client.force_login(cel_user)
    page = client.get(reverse("drafting:detailing", args=[draft.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Actieplan 0" in text
    assert "€ 100.000" in text and "€ 125.000,00" in text
    assert "€ 25.000,00 boven de enveloppe" in text


def test_an_actieplan_under_way_is_not_on_the_detailing_overview(client, cel_user):
    draft = a_draft()
    an_action_plan(draft, "Nog in behandeling")
    client.force_login(cel_user)
    page = client.get(reverse("drafting:detailing", args=[draft.pk]))
    assert "Nog in behandeling" not in page.content.decode()
    assert "Er is nog geen actieplan weerhouden" in page.content.decode()


def test_the_overview_asks_the_same_number_of_queries_for_one_actieplan_or_many(
    client, cel_user, django_assert_max_num_queries
):
    small, _ = a_detailed_draft(1)
    large, _ = a_detailed_draft(1)
    for proposal in [retained_action_plan(large, f"Meer {i}") for i in range(8)]:
        item = drafts.add_item(proposal, by=None, title="Nog een actie", start_year=2020, end_year=2020)
        drafts.set_estimate(
            item, year=2020, category="I", direction="uitgave", budget_code="", amount="5", by=None
        )
    client.force_login(cel_user)
    client.get(reverse("drafting:detailing", args=[small.pk]))  # warm the permissions
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("drafting:detailing", args=[small.pk]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("drafting:detailing", args=[large.pk]))
    assert page.content.decode().count("boven de enveloppe") + page.content.decode().count("onder de") >= 9


def test_the_mt_reads_the_detailing_without_edit_controls_and_may_not_write(client, mt_user):
    draft, (proposal,) = a_detailed_draft()
    item = proposal.items.get()
    client.force_login(mt_user)
    page = client.get(reverse("drafting:detailing_action_plan", args=[draft.pk, proposal.pk]))
    assert page.status_code == 200
    assert "Actie van Actieplan 0" in page.content.decode()
    assert "Toevoegen" not in page.content.decode() and "schrappen" not in page.content.decode()
    url = reverse("drafting:detailing_add_item", args=[draft.pk, proposal.pk])
    answer = client.post(url, {"kind": "actie", "title": "Van het MT", "start_year": 2020, "end_year": 2020})
    assert answer.status_code == 403
    assert not DraftItem.objects.filter(title="Van het MT").exists()
    answer = client.post(
        reverse("drafting:detailing_estimate", args=[draft.pk, item.pk]),
        {"year": 2020, "category": "E", "direction": "uitgave", "budget_code": "", "amount": "5"},
    )
    assert answer.status_code == 403


def test_an_eigenaar_and_the_raad_do_not_see_the_detailing(client, make_user, council_user):
    draft, (proposal,) = a_detailed_draft()
    for user in (make_user("eigenaar", OWNER), council_user):
        client.force_login(user)
        assert client.get(reverse("drafting:detailing", args=[draft.pk])).status_code == 403
        url = reverse("drafting:detailing_action_plan", args=[draft.pk, proposal.pk])
        assert client.get(url).status_code == 403


def test_the_cel_adds_an_actie_with_its_task_split(client, cel_user):
    draft, (proposal,) = a_detailed_draft()
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:detailing_add_item", args=[draft.pk, proposal.pk]),
        {
            "kind": "project",
            "number": "",
            "title": "Gezondheidsloket",
            "start_year": 2021,
            "end_year": 2023,
            "task_city": "Coördineert",
            "task_partners": "LOGO levert kennis",
            "task_citizens": "Buurtambassadeurs",
        },
    )
    assert answer.status_code == 302
    item = DraftItem.objects.get(title="Gezondheidsloket")
    assert (item.kind, item.start_year, item.end_year) == (ItemKind.PROJECT, 2021, 2023)
    assert item.task_partners == "LOGO levert kennis"
    assert item.history.first().history_user == cel_user
    page = client.get(answer.url)
    assert "Buurtambassadeurs" in page.content.decode()


def test_a_year_outside_the_plan_is_refused_in_dutch_and_nothing_is_written(client, cel_user):
    draft, (proposal,) = a_detailed_draft()
    client.force_login(cel_user)
    before = DraftItem.objects.count()
    answer = client.post(
        reverse("drafting:detailing_add_item", args=[draft.pk, proposal.pk]),
        {"kind": "actie", "title": "Te laat", "start_year": 2020, "end_year": 2031},
    )
    assert answer.status_code == 422
    assert "Het jaar 2031 valt buiten de planperiode (2020–2025)" in answer.content.decode()
    assert DraftItem.objects.count() == before


def test_a_raming_is_typed_the_flemish_way_and_0_takes_it_back(client, cel_user):
    draft, (proposal,) = a_detailed_draft()
    item = proposal.items.get()
    client.force_login(cel_user)
    url = reverse("drafting:detailing_estimate", args=[draft.pk, item.pk])
    values = {"year": 2021, "category": "I", "direction": "uitgave", "budget_code": "0950/2200000"}
    assert client.post(url, {**values, "amount": "12.500,50"}).status_code == 302
    amount = DraftAmount.objects.get(item=item, year=2021)
    assert str(amount.amount) == "12500.50"
    assert client.post(url, {**values, "amount": "0", "version": amount.version}).status_code == 302
    amount.refresh_from_db()
    assert amount.amount == 0
    assert "€ 125.000,00" in client.get(reverse("drafting:detailing", args=[draft.pk])).content.decode()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"year": 2030, "amount": "5"}, "Het jaar 2030 valt buiten de planperiode"),
        ({"year": 2020, "amount": "-5"}, "Een raming is nooit negatief"),
        ({"year": 2020, "amount": "veel"}, "“veel” is geen bedrag"),
    ],
)
def test_a_wrong_raming_is_refused_in_dutch_and_nothing_changes(client, cel_user, values, message):
    draft, (proposal,) = a_detailed_draft()
    item = proposal.items.get()
    client.force_login(cel_user)
    before = list(DraftAmount.objects.values_list("pk", "amount", "version"))
    answer = client.post(
        reverse("drafting:detailing_estimate", args=[draft.pk, item.pk]),
        {"category": "E", "direction": "uitgave", "budget_code": "0950/6130000", **values},
    )
    assert answer.status_code == 422
    assert message in answer.content.decode()
    assert list(DraftAmount.objects.values_list("pk", "amount", "version")) == before


def test_a_raming_changed_by_someone_else_meanwhile_is_refused(client, cel_user):
    draft, (proposal,) = a_detailed_draft()
    item = proposal.items.get()
    amount = item.amounts.get()
    seen = amount.version
    drafts.set_estimate(
        item,
        year=2020,
        category="E",
        direction="uitgave",
        budget_code="0950/6130000",
        amount="130.000",
        by=None,
    )
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:detailing_estimate", args=[draft.pk, item.pk]),
        {
            "year": 2020,
            "category": "E",
            "direction": "uitgave",
            "budget_code": "0950/6130000",
            "amount": "1",
            "version": seen,
        },
    )
    assert answer.status_code == 409
    amount.refresh_from_db()
    assert str(amount.amount) == "130000.00"


def test_an_actie_edited_by_someone_else_meanwhile_is_refused(client, cel_user):
    draft, (proposal,) = a_detailed_draft()
    item = proposal.items.get()
    seen = item.version
    drafts.edit_item(item, {"title": "Door een collega"}, by=None, version=seen)
    client.force_login(cel_user)
    url = reverse("drafting:detailing_item", args=[draft.pk, item.pk])
    assert client.get(url).status_code == 200
    answer = client.post(
        url, {"version": seen, "kind": "actie", "title": "Van mij", "start_year": 2020, "end_year": 2021}
    )
    assert answer.status_code == 409
    item.refresh_from_db()
    assert item.title == "Door een collega"


def test_schrappen_keeps_the_actie_marked_geschrapt_and_its_ramingen_no_longer_count(client, cel_user):
    draft, (proposal,) = a_detailed_draft()
    item = proposal.items.get()
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:detailing_remove", args=[draft.pk, item.pk]), {"version": item.version}
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.removed and DraftItem.objects.filter(pk=item.pk).exists()
    page = client.get(
        reverse("drafting:detailing_action_plan", args=[draft.pk, proposal.pk])
    ).content.decode()
    assert "geschrapt" in page
    assert "€ 100.000,00 onder de enveloppe" in page


def test_an_actieplan_not_retained_has_no_detailing_page(client, cel_user):
    draft = a_draft()
    proposal = an_action_plan(draft)
    client.force_login(cel_user)
    assert (
        client.get(reverse("drafting:detailing_action_plan", args=[draft.pk, proposal.pk])).status_code == 404
    )


def test_the_cel_numbers_an_actie_afterwards(client, cel_user):
    draft, (proposal,) = a_detailed_draft()
    item = proposal.items.get()
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:detailing_item", args=[draft.pk, item.pk]),
        {
            "version": item.version,
            "kind": "actie",
            "number": "1.1.1",
            "title": item.title,
            "start_year": 2020,
            "end_year": 2021,
        },
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.number == "1.1.1"
    assert item.history.first().history_user == cel_user


def test_schrappen_without_the_copy_seen_changes_nothing(client, cel_user):
    draft, (proposal,) = a_detailed_draft()
    item = proposal.items.get()
    client.force_login(cel_user)
    answer = client.post(reverse("drafting:detailing_remove", args=[draft.pk, item.pk]), {}, follow=True)
    assert "Laad de pagina opnieuw" in answer.content.decode()
    item.refresh_from_db()
    assert not item.removed


def test_schrappen_an_actie_changed_meanwhile_is_refused(client, cel_user):
    draft, (proposal,) = a_detailed_draft()
    item = proposal.items.get()
    seen = item.version
    drafts.edit_item(item, {"title": "Door een collega"}, by=None, version=seen)
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:detailing_remove", args=[draft.pk, item.pk]), {"version": seen}, follow=True
    )
    assert "Door een collega" in answer.content.decode()
    item.refresh_from_db()
    assert not item.removed


def test_an_actieplans_page_asks_the_same_number_of_queries_for_one_actie_or_many(
    client, cel_user, django_assert_max_num_queries
):
    draft, (proposal,) = a_detailed_draft()
    url = reverse("drafting:detailing_action_plan", args=[draft.pk, proposal.pk])
    client.force_login(cel_user)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        item = drafts.add_item(proposal, by=None, title=f"Actie {i}", start_year=2020, end_year=2022)
        for year in (2020, 2021, 2022):
            drafts.set_estimate(
                item, year=year, category="E", direction="uitgave", budget_code="", amount="10", by=None
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert "Actie 5" in page.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("cel", 200), ("mt", 200), ("beheerder", 200), ("raad", 403), ("eigenaar", 403)],
)
def test_who_reads_the_detailing(client, make_user, role, status):
    from core.roles import ADMINISTRATOR, CEL, COUNCIL, MANAGEMENT_TEAM

    roles = {
        "cel": CEL,
        "mt": MANAGEMENT_TEAM,
        "beheerder": ADMINISTRATOR,
        "raad": COUNCIL,
        "eigenaar": OWNER,
    }
    draft, (proposal,) = a_detailed_draft()
    client.force_login(make_user(f"lezer-{role}", roles[role]))
    for url in (
        reverse("drafting:detailing", args=[draft.pk]),
        reverse("drafting:detailing_action_plan", args=[draft.pk, proposal.pk]),
        reverse("drafting:detailing_item", args=[draft.pk, proposal.items.get().pk]),
        reverse("drafting:adoption", args=[draft.pk]),
    ):
        assert client.get(url).status_code == status, url
