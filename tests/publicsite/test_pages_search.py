"""The public search: by number or words, status, prioritair and beleidsdomein, paged; bad values get
the public Dutch 400 and change nothing."""

import pytest
from django_scopes import scopes_disabled

from plans.models import Action
from publicsite.views.pages import PER_PAGE
from tests.publicsite.site_world import a_plan_with_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    with scopes_disabled():
        plan, _actions = a_plan_with_actions(12, slug="zoekplan", priority_every=5)
    return plan


def search(client, plan, query: str = ""):
    return client.get(f"/publiek/{plan.organisation.slug}/{plan.slug}/zoeken/{query}")


def found(client, plan, query: str) -> list[str]:
    """The numbers of the results, in order."""
    response = search(client, plan, query)
    assert response.status_code == 200, response.content.decode()[:500]
    text = response.content.decode()
    return [line.split(">")[1].split("<")[0] for line in text.splitlines() if '<td class="code">' in line]


def test_the_form_is_labelled_and_sent_by_get(client, plan):
    text = search(client, plan).content.decode()
    assert 'method="get"' in text and 'role="search"' in text
    for label in ("Nummer of woorden uit de titel", "Status", "Prioritair", "Beleidsdomein", "Soort"):
        assert label in text
    for status in ("niet gestart", "loopt", "on hold", "afgewerkt", "regulier"):
        assert status in text
    assert ">Milieu<" in text and ">Welzijn<" in text  # the goals' beleidsdomeinen


def test_without_a_question_every_actieplan_and_actie_in_plan_order(client, plan):
    numbers = found(client, plan, "")
    assert numbers[:3] == ["1", "1.1", "1.2"]
    assert len(numbers) == 2 + 13


def test_by_number_and_by_words(client, plan):
    assert found(client, plan, "?q=1.12") == ["1.12"]
    # A number first, then the titles that hold it.
    assert found(client, plan, "?q=2") == ["2", "2.1", "1.2", "1.12"]
    assert found(client, plan, "?q=duizend+bomen") == ["2.1"]
    assert found(client, plan, "?q=nummer+7+buurtwerk") == ["1.7"]
    assert found(client, plan, "?q=geen+treffer") == []


def test_by_status_prioritair_domain_and_kind(client, plan):
    assert found(client, plan, "?status=in_progress") == ["1.1"]
    assert found(client, plan, "?status=in_progress&q=buurtwerk") == ["1.1"]
    assert found(client, plan, "?status=not_started&status=in_progress&q=1") == [
        "1",
        *(f"1.{n}" for n in range(1, 13)),
    ]
    assert found(client, plan, "?status=completed") == []
    # 1.5 and 1.10 are marked; actieplan 1 holds them, so it is prioritair too.
    assert found(client, plan, "?prioritair=ja") == ["1", "1.5", "1.10"]
    assert (
        '<span class="priority-mark">prioritair</span>'
        in search(client, plan, "?prioritair=ja").content.decode()
    )
    assert found(client, plan, "?domein=Milieu") == ["2", "2.1"]
    assert found(client, plan, "?soort=actieplan") == ["1", "2"]


def test_results_are_paged_by_a_hundred(client):
    with scopes_disabled():
        big, _actions = a_plan_with_actions(PER_PAGE + 5, slug="groot")
    first = found(client, big, "?soort=actie")
    assert len(first) == PER_PAGE
    text = search(client, big, "?soort=actie").content.decode()
    assert "Pagina 1 van 2" in text and "?soort=actie&amp;pagina=2" in text
    assert len(found(client, big, "?soort=actie&pagina=2")) == 6


@pytest.mark.parametrize(
    "query",
    [
        "?status=bijna",
        "?pagina=abc",
        "?pagina=0",
        "?pagina=-1",
        "?prioritair=misschien",
        "?domein=Onbekend",
        "?soort=project",
        "?q=" + "x" * 201,
    ],
)
def test_bad_filter_values_get_the_public_dutch_400_and_change_nothing(client, plan, query):
    with scopes_disabled():
        before = list(Action.objects.order_by("pk").values_list("pk", "title", "status"))
    response = search(client, plan, query)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ongeldige aanvraag" in text and "Traceback" not in text
    assert 'class="public-header"' in text
    with scopes_disabled():
        assert list(Action.objects.order_by("pk").values_list("pk", "title", "status")) == before


def test_a_bad_page_number_on_a_list_page_is_a_400(client, plan):
    response = client.get(f"/publiek/{plan.organisation.slug}/{plan.slug}/actieplan/1/?pagina=abc")
    assert response.status_code == 400
    assert "Het paginanummer moet een getal vanaf 1 zijn." in response.content.decode()
