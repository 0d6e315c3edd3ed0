"""The plan as of a date (``?op=``) and a version's pages: the version in force that day, read from its
snapshot, read-only; the refusals."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from core import changes
from indicators.values import set_target
from plans.lifecycle import remove_items
from plans.models import Amount, Plan, Status
from tests.factories import ActionFactory, ActionPlanFactory
from tests.versions.builders import a_plan_with_items, first_version
from versions import adopting
from versions.models import PlanVersion, VersionItem

pytestmark = pytest.mark.django_db

SECOND = datetime.date(2021, 1, 5)


@pytest.fixture
def world(admin_user):
    """Version 1 (2 March 2020), then edits and version 2 (5 January 2021), then more live edits."""
    plan, _goal, action_plan, first, second = a_plan_with_items(
        uses_money=True, uses_indicators=True, uses_priorities=True
    )
    first_version(plan)
    first.refresh_from_db()
    changes.update(
        first,
        {"title": "Budgetbegeleiding voor elk gezin.", "status": Status.COMPLETED},
        by=admin_user,
        reason="aanpassing",
        version=first.version,
    )
    Amount.objects.filter(action=first, year=2020).update(amount=Decimal("4000.00"))
    remove_items([second], on=SECOND, reason="schrappen", by=admin_user)
    set_target(plan.indicators.get(), 2025, "150", by=None)
    adopting.record(plan, name="AMJP 2021-1", council_date=SECOND, by=admin_user)
    first.refresh_from_db()
    changes.update(first, {"title": "Nu weer anders."}, by=admin_user, reason="later", version=first.version)
    return plan, action_plan, first, second


def main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def get(client, user, name, *args, op=None):
    client.force_login(user)
    url = reverse(name, args=args)
    return client.get(url, {"op": op} if op else {})


def test_the_version_in_force_on_each_side_of_an_adoption(client, admin_user, world):
    plan, action_plan, _first, _second = world
    before = get(
        client, admin_user, "plans:action_plan_status", plan.slug, action_plan.number, op="2021-01-04"
    )
    on = get(client, admin_user, "plans:action_plan_status", plan.slug, action_plan.number, op="2021-01-05")
    assert before.status_code == on.status_code == 200
    assert "MJP 2020-2025" in main(before) and "We organiseren budgetbegeleiding." in main(before)
    assert "AMJP 2021-1" in main(on) and "Budgetbegeleiding voor elk gezin." in main(on)
    assert "Nu weer anders." not in main(before) + main(on)


def test_the_banner_names_the_version_and_links_to_the_current_page(client, admin_user, world):
    plan, action_plan, *_ = world
    page = main(get(client, admin_user, "plans:overview", plan.slug, op="2020-06-01"))
    assert "Het plan zoals het was op 1 juni 2020" in page
    assert "Versie 1: MJP 2020-2025, vastgesteld door de raad op 2 maart 2020." in page
    assert f'href="{reverse("plans:overview", args=[plan.slug])}"' in page
    assert (
        f'href="{reverse("plans:action_plan_status", args=[plan.slug, action_plan.number])}?op=2020-06-01"'
        in page
    )


def test_old_statuses_are_shown_as_text_and_struck_items_as_such(client, admin_user, world):
    plan, action_plan, _first, _second = world
    old = main(
        get(client, admin_user, "plans:action_plan_status", plan.slug, action_plan.number, op="2020-06-01")
    )
    new = main(
        get(client, admin_user, "plans:action_plan_status", plan.slug, action_plan.number, op="2021-06-01")
    )
    assert "afgewerkt" not in old and "afgewerkt" in new  # the label, not a colour alone
    assert "geschrapt" not in old and "geschrapt" in new


def test_no_form_on_an_as_of_page(client, admin_user, world):
    plan, action_plan, first, _second = world
    for name, args in (
        ("plans:overview", [plan.slug]),
        ("plans:action_plan_status", [plan.slug, action_plan.number]),
        ("plans:timeline", [plan.slug, "actie", first.pk]),
        ("plans:finances", [plan.slug]),
        ("indicators:list", [plan.slug]),
        ("indicators:detail", [plan.slug, plan.indicators.get().pk]),
    ):
        response = get(client, admin_user, name, *args, op="2020-06-01")
        assert response.status_code == 200, name
        page = main(response)
        assert "Het plan zoals het was op" in page, name
        for control in ("<form", "<select", "<textarea", "<input", "hx-post", "<button"):
            assert control not in page, (name, control)


def test_the_old_ramingen_and_totals(client, admin_user, world):
    plan, action_plan, *_ = world
    old = main(get(client, admin_user, "plans:finances", plan.slug, op="2020-06-01"))
    new = main(get(client, admin_user, "plans:finances", plan.slug, op="2021-06-01"))
    assert "€ 1.000,00" in old and "€ 4.000,00" not in old
    assert "€ 4.000,00" in new
    page = main(
        get(client, admin_user, "plans:action_plan_status", plan.slug, action_plan.number, op="2020-06-01")
    )
    assert "€ 1.000,00" in page and "€ 2.500,50" in page


def test_the_old_targets_and_that_values_are_not_part_of_a_version(client, admin_user, world):
    plan, *_ = world
    indicator = plan.indicators.get()
    old = main(get(client, admin_user, "indicators:list", plan.slug, op="2020-06-01"))
    new = main(get(client, admin_user, "indicators:list", plan.slug, op="2021-06-01"))
    assert ">120<" in old and ">150<" not in old and ">150<" in new
    detail = main(get(client, admin_user, "indicators:detail", plan.slug, indicator.pk, op="2020-06-01"))
    assert ">120<" in detail and "De gemeten waarden horen niet bij een versie" in detail


def test_the_timeline_as_of_a_date_shows_the_item_then(client, admin_user, world):
    plan, _action_plan, first, _second = world
    page = main(get(client, admin_user, "plans:timeline", plan.slug, "actie", first.pk, op="2020-06-01"))
    assert "We organiseren budgetbegeleiding." in page and "€ 1.000,00" in page


def test_an_item_the_version_did_not_hold_yet(client, admin_user, world):
    plan, action_plan, *_ = world
    newer = ActionPlanFactory(plan=plan, goal=action_plan.goal, number="9")
    later = ActionFactory(action_plan=action_plan, number="1.9")
    assert (
        get(client, admin_user, "plans:action_plan_status", plan.slug, "9", op="2021-06-01").status_code
        == 404
    )
    response = get(client, admin_user, "plans:timeline", plan.slug, "actie", later.pk, op="2021-06-01")
    assert response.status_code == 404 and "bevat dit item niet" in main(response)
    assert newer.pk


@pytest.mark.parametrize(
    ("op", "message"),
    [
        ("2019-12-31", "Op 31 december 2019 was er nog geen versie"),
        ("gisteren", "“gisteren” is geen datum"),
        ("2021-02-30", "is geen datum"),
    ],
)
def test_refusals_say_why_and_change_nothing(client, admin_user, world, op, message):
    plan, action_plan, *_ = world
    before = (VersionItem.objects.count(), list(PlanVersion.objects.values_list("pk", "state", "version")))
    for name, args in (
        ("plans:overview", [plan.slug]),
        ("plans:action_plan_status", [plan.slug, action_plan.number]),
        ("plans:finances", [plan.slug]),
        ("indicators:list", [plan.slug]),
    ):
        response = get(client, admin_user, name, *args, op=op)
        assert response.status_code == 422, name
        assert message in main(response)
        assert f'href="{reverse(name, args=args)}"' in main(response)
    assert (
        VersionItem.objects.count(),
        list(PlanVersion.objects.values_list("pk", "state", "version")),
    ) == before


def test_a_plan_without_versions(client, admin_user):
    plan, *_ = a_plan_with_items()
    response = get(client, admin_user, "plans:overview", plan.slug, op="2021-06-01")
    assert response.status_code == 422
    assert "heeft nog geen vastgestelde versie" in main(response)
    assert not PlanVersion.objects.filter(plan=plan).exists()


def test_without_op_the_live_page(client, admin_user, world):
    plan, action_plan, *_ = world
    page = main(get(client, admin_user, "plans:action_plan_status", plan.slug, action_plan.number))
    assert "Nu weer anders." in page and "Het plan zoals het was op" not in page


def test_a_version_page_shows_that_version(client, admin_user, world):
    plan, action_plan, _first, _second = world
    page = main(get(client, admin_user, "versions:version", plan.slug, 1))
    assert "Het plan zoals versie 1 het vastlegde" in page and "We stimuleren zelfhulp." in page
    link = reverse("versions:version_action_plan", args=[plan.slug, 1, action_plan.number])
    assert f'href="{link}"' in page
    detail = main(client.get(link))
    assert "We organiseren budgetbegeleiding." in detail and "<form" not in detail
    finances = main(get(client, admin_user, "versions:version_finances", plan.slug, 2))
    assert "€ 4.000,00" in finances
    indicators = main(get(client, admin_user, "versions:version_indicators", plan.slug, 1))
    assert ">120<" in indicators
    one = main(get(client, admin_user, "versions:version_indicator", plan.slug, 1, plan.indicators.get().pk))
    assert ">120<" in one
    listing = main(get(client, admin_user, "versions:list", plan.slug))
    assert f'href="{reverse("versions:version", args=[plan.slug, 2])}"' in listing


def test_a_version_in_ontwerp_or_unknown_has_no_page(client, admin_user, world):
    plan, *_ = world
    changes.save(PlanVersion(plan=plan, number=3, name="AMJP 2022-1", based_on=None), by=admin_user)
    assert get(client, admin_user, "versions:version", plan.slug, 3).status_code == 404
    assert get(client, admin_user, "versions:version", plan.slug, 7).status_code == 404


def test_the_version_pages_follow_the_plan_features(client, admin_user, world):
    plan, *_ = world
    Plan.objects.filter(pk=plan.pk).update(uses_money=False, uses_indicators=False)
    assert get(client, admin_user, "versions:version_finances", plan.slug, 1).status_code == 404
    assert get(client, admin_user, "versions:version_indicators", plan.slug, 1).status_code == 404


def test_an_eigenaar_reads_as_of_and_anonymous_is_sent_to_log_in(client, make_user, world):
    from core.roles import OWNER

    plan, action_plan, *_ = world
    eigenaar = make_user("eigenaar", OWNER)
    for name, args in (
        ("plans:overview", [plan.slug]),
        ("plans:action_plan_status", [plan.slug, action_plan.number]),
        ("versions:version", [plan.slug, 1]),
    ):
        assert get(client, eigenaar, name, *args, op="2020-06-01").status_code == 200, name
        client.logout()
        assert client.get(reverse(name, args=args), {"op": "2020-06-01"}).status_code == 302, name


def test_query_counts_do_not_grow_with_the_plan(client, admin_user, django_assert_max_num_queries):
    plan, goal, action_plan, *_ = a_plan_with_items(
        uses_money=True, uses_indicators=True, uses_priorities=True
    )
    first_version(plan)
    client.force_login(admin_user)
    urls = [
        reverse("plans:overview", args=[plan.slug]),
        reverse("plans:action_plan_status", args=[plan.slug, action_plan.number]),
        reverse("plans:finances", args=[plan.slug]),
        reverse("indicators:list", args=[plan.slug]),
    ]

    def counted() -> list[int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, {"op": "2021-01-01"}).status_code == 200
            found.append(len(captured))
        return found

    counted()  # the first request of a session reads what later ones find cached
    small = counted()
    for number in range(2, 12):
        more = ActionPlanFactory(plan=plan, goal=goal, number=str(number))
        for each in range(3):
            ActionFactory(action_plan=more, number=f"{number}.{each}", priority=bool(each))
        ActionFactory(action_plan=action_plan, number=f"1.{number + 10}")
    adopting.record(plan, name="AMJP", council_date=datetime.date(2020, 6, 1), by=admin_user)
    assert counted() == small


def test_the_database_sums_the_ramingen_as_python_does(admin_user):
    from plans.models import Category, Direction
    from tests.factories import AmountFactory
    from versions import as_of

    plan, _goal, action_plan, _first, second = a_plan_with_items()
    AmountFactory(action=second, year=2021, amount=Decimal("-0.05"))
    AmountFactory(
        action=second,
        year=2022,
        category=Category.FINANCING,
        direction=Direction.RECEIPT,
        amount=Decimal("12345678.91"),
    )
    version = first_version(plan)
    in_database = as_of._summed_money(version)
    assert in_database == as_of._summed_in_python(version)
    assert in_database[action_plan.pk, False, "2021", "E"] == (Decimal("-0.05"), Decimal("300.00"))
    assert in_database[action_plan.pk, False, "2022", "F"] == (Decimal("0.00"), Decimal("12345678.91"))


def test_the_as_of_overview_is_paged_and_its_page_links_keep_the_date(client, admin_user, world, monkeypatch):
    from versions import as_of

    plan, action_plan, *_ = world
    other = ActionPlanFactory(plan=plan, goal=action_plan.goal, number="2", title="Tweede actieplan.")
    adopting.record(plan, name="AMJP 2021-2", council_date=datetime.date(2021, 6, 1), by=admin_user)
    monkeypatch.setattr(as_of, "PER_PAGE", 1)
    first_page = main(get(client, admin_user, "plans:overview", plan.slug, op="2021-06-02"))
    assert action_plan.title in first_page and other.title not in first_page
    assert 'href="?op=2021-06-02&amp;pagina=2"' in first_page
    second_page = main(
        client.get(reverse("plans:overview", args=[plan.slug]), {"op": "2021-06-02", "pagina": 2})
    )
    assert other.title in second_page and action_plan.title not in second_page


@pytest.mark.parametrize("name", ["plans:plan_status", "plans:project_status"])
def test_the_status_and_project_pages_on_a_date_show_that_versions_overview_read_only(
    client, admin_user, world, name
):
    plan, *_ = world
    page = get(client, admin_user, name, plan.slug, op="2020-06-01")
    assert page.status_code == 200
    assert "Het plan zoals het was op 1 juni 2020" in main(page)
    assert 'method="post"' not in main(page) and "hx-post" not in main(page)


def test_a_version_recorded_after_the_raads_date_says_when_it_was_recorded(client, admin_user, world):
    plan, *_ = world
    page = main(get(client, admin_user, "plans:overview", plan.slug, op="2020-06-01"))
    assert "De versie werd in de toepassing vastgelegd op" in page
