"""The public indicators pages: the list and one indicator's page, with its chart and its table."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from indicators.values import record_value, set_target
from publicsite import publishing
from reporting.rounds import close_round, open_round
from tests.factories import IndicatorFactory, OrganisationFactory, PlanFactory
from tests.publicsite.builders import a_published_plan
from versions import adopting

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with scopes_disabled():
        yield a_published_plan()


def a_plan_with_indicators(count: int, *, slug: str):
    """A published plan with ``count`` indicators (baseline 10 in 2019, target 50 in 2025), adopted, and
    a closed rapportering in June 2021 reporting a value for each: the even ones on koers (40), the odd
    ones not (12)."""
    organisation = OrganisationFactory(slug=f"gemeente-{slug}", name=f"Gemeente {slug}")
    plan = PlanFactory(organisation=organisation, slug=slug, name=f"Plan {slug}", uses_indicators=True)
    indicators = [
        IndicatorFactory(
            plan=plan,
            name=f"Indicator {number:03}",
            baseline_value=Decimal(10),
            baseline_date=datetime.date(2019, 12, 31),
        )
        for number in range(count)
    ]
    for indicator in indicators:
        set_target(indicator, 2025, "50", by=None)
    adopting.record(plan, name="MJP 2020-2025", council_date=datetime.date(2020, 3, 2), by=None)
    round = open_round(plan=plan, name="Rapportering juni 2021", date=datetime.date(2021, 6, 30))
    for number, indicator in enumerate(indicators):
        record_value(indicator, "40" if number % 2 == 0 else "12", by=None, round=round)
    close_round(round)
    publishing.switch(plan, on=True, by=None)
    return plan, indicators


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("version", ["", "v1/", "v2/"])
def test_the_list_shows_each_indicator_with_its_latest_value_target_and_track(client, world, version):
    response = client.get(f"{world.base}{version}indicatoren/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Indicatoren van MJP 2020-2025" in text
    assert "Gezinnen in budgetbegeleiding" in text
    assert "nog niet te beoordelen" in text  # no baseline: nothing to measure the value against
    html = response.content.decode()
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    # Links stay in the version read.
    assert f'href="{world.base}{version}indicator/{world.indicator.pk}/"' in html


@pytest.mark.parametrize("version", ["", "v1/"])
def test_an_indicators_page_has_its_chart_with_a_text_alternative_and_the_same_figures_as_a_table(
    client, world, version
):
    response = client.get(f"{world.base}{version}indicator/{world.indicator.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert '<svg viewBox="0 0 640 260" role="img"' in html
    assert f'<desc id="chart-{world.indicator.pk}-desc">' in html
    table = html[html.index('<table class="indicator-figures">') :]
    table = text_of_html(table[: table.index("</table>")])
    assert "streefwaarde" in table and "120" in table  # the target of 2025
    assert "30/06/2020" in table and "35" in table  # the value the rapportering reported
    text = text_of(response)
    assert "Stand nog niet te beoordelen" in text
    assert "Rapportering juni 2020" in text


def text_of_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_track_in_words_on_and_off(client):
    with scopes_disabled():
        plan, indicators = a_plan_with_indicators(2, slug="koers")
    base = f"/publiek/{plan.organisation.slug}/{plan.slug}/"
    text = text_of(client.get(f"{base}indicatoren/"))
    assert "Indicator 000 40 inwoners" in text and "op koers" in text
    assert "niet op koers" in text
    on = text_of(client.get(f"{base}indicator/{indicators[0].pk}/"))
    assert "Stand op koers" in on
    assert "Basiswaarde 10 inwoners op 31 december 2019" in on
    off = text_of(client.get(f"{base}indicator/{indicators[1].pk}/"))
    assert "Stand niet op koers" in off


def test_a_plan_without_indicators_says_so(client, world):
    with scopes_disabled():
        type(world.plan).objects.filter(pk=world.plan.pk).update(uses_indicators=False)
    response = client.get(f"{world.base}indicatoren/")
    assert response.status_code == 200
    assert "volgt zijn doelstellingen niet op met indicatoren" in text_of(response)
    assert "Gezinnen in budgetbegeleiding" not in text_of(response)
    assert client.get(f"{world.base}indicator/{world.indicator.pk}/").status_code == 404


def test_unknown_indicators_pages_and_versions_are_not_found(client, world):
    assert client.get(f"{world.base}indicator/999999/").status_code == 404
    assert client.get(f"{world.base}v9/indicatoren/").status_code == 404
    assert client.get(f"{world.base}indicatoren/?pagina=2").status_code == 404
    assert client.get(f"{world.base}indicatoren/?pagina=tien").status_code == 400
    assert client.get(f"{world.base}indicatoren/?pagina=0").status_code == 400


def test_an_unpublished_plans_indicators_are_not_found(client, world):
    with scopes_disabled():
        publishing.switch(world.plan, on=False, by=None, version=world.plan.publication.version)
    assert client.get(f"{world.base}indicatoren/").status_code == 404
    assert client.get(f"{world.base}indicator/{world.indicator.pk}/").status_code == 404


def test_the_list_pages_by_a_hundred(client):
    with scopes_disabled():
        plan, _indicators = a_plan_with_indicators(101, slug="veel")
    base = f"/publiek/{plan.organisation.slug}/{plan.slug}/indicatoren/"
    first = client.get(base).content.decode()
    assert first.count('<th scope="row">') == 100
    assert "Indicator 099" in first and "Indicator 100" not in first
    assert 'href="?pagina=2"' in first
    second = client.get(base + "?pagina=2").content.decode()
    assert second.count('<th scope="row">') == 1 and "Indicator 100" in second


def test_the_pages_read_in_the_same_number_of_queries_for_3_or_30_indicators(
    client, django_assert_max_num_queries
):
    with scopes_disabled():
        small, few_indicators = a_plan_with_indicators(3, slug="klein")
        big, many_indicators = a_plan_with_indicators(30, slug="groot")
    for page, small_page, big_page in (
        ("list", "indicatoren/", "indicatoren/"),
        ("indicator", f"indicator/{few_indicators[0].pk}/", f"indicator/{many_indicators[-1].pk}/"),
    ):
        with CaptureQueriesContext(connection) as few:
            response = client.get(f"/publiek/{small.organisation.slug}/{small.slug}/{small_page}")
            assert response.status_code == 200, page
        with django_assert_max_num_queries(len(few)):
            response = client.get(f"/publiek/{big.organisation.slug}/{big.slug}/{big_page}")
            assert response.status_code == 200, page
