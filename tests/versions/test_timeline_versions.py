"""An item's timeline marks the versions it passed through: "in versie …", "nieuw in versie …",
"geschrapt in versie …", placed by date among the timeline's entries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.lifecycle import remove_items
from plans.timeline import TimelineEntry, with_versions
from tests.factories import ActionFactory
from tests.versions.builders import a_plan_with_items, first_version
from versions import adopting
from versions.as_of import markers
from versions.models import ItemKind

pytestmark = pytest.mark.django_db

SECOND = datetime.date(2021, 1, 5)
THIRD = datetime.date(2022, 12, 15)


@pytest.fixture
def world(admin_user):
    plan, _goal, action_plan, first, second = a_plan_with_items()
    first_version(plan)
    newer = ActionFactory(action_plan=action_plan, number="1.3", title="We starten een repaircafé.")
    adopting.record(plan, name="AMJP 2021-1", council_date=SECOND, by=admin_user)
    remove_items([second], on=THIRD, reason="schrappen", by=admin_user)
    adopting.record(plan, name="AMJP 2022-1", council_date=THIRD, by=admin_user)
    return plan, first, second, newer


def texts(plan, kind, item) -> list[str]:
    return [marker.text for marker in markers(plan, kind, item.pk)]


def test_each_version_that_held_the_item(world):
    plan, first, _second, _newer = world
    assert texts(plan, ItemKind.ACTION, first) == [
        "in versie 1: MJP 2020-2025 (vastgesteld 2 maart 2020)",
        "in versie 2: AMJP 2021-1 (vastgesteld 5 januari 2021)",
        "in versie 3: AMJP 2022-1 (vastgesteld 15 december 2022)",
    ]


def test_new_and_struck_in_a_version(world):
    plan, _first, second, newer = world
    assert (
        texts(plan, ItemKind.ACTION, newer)[0]
        == "nieuw in versie 2: AMJP 2021-1 (vastgesteld 5 januari 2021)"
    )
    assert texts(plan, ItemKind.ACTION, second)[-1] == (
        "geschrapt in versie 3: AMJP 2022-1 (vastgesteld 15 december 2022)"
    )


def test_an_item_no_version_held_has_no_markers(world):
    plan, first, *_ = world
    later = ActionFactory(action_plan=first.action_plan, number="1.9")
    assert markers(plan, ItemKind.ACTION, later.pk) == []


def test_markers_are_placed_by_date_among_the_entries(world):
    plan, first, *_ = world

    def entry(day: datetime.date) -> TimelineEntry:
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        return TimelineEntry(when=moment, user="cel", kind="gewijzigd", reason="", changes=[])

    entries = [entry(datetime.date(2023, 1, 1)), entry(SECOND), entry(datetime.date(2020, 1, 1))]
    placed = with_versions(entries, markers(plan, ItemKind.ACTION, first.pk))
    days = [getattr(line, "on", None) or timezone.localtime(line.when).date() for line in placed]
    kinds = ["version" if getattr(line, "is_version", False) else "entry" for line in placed]
    assert kinds == ["entry", "version", "version", "entry", "version", "entry"]
    assert days == sorted(days, reverse=True)


def test_the_timeline_page_shows_the_versions_in_a_fixed_number_of_queries(
    client, admin_user, world, django_assert_max_num_queries
):
    plan, first, second, _newer = world
    client.force_login(admin_user)
    url = reverse("plans:timeline", args=[plan.slug, "actie", second.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as captured:
        page = client.get(url).content.decode()
    assert "in versie 1: MJP 2020-2025 (vastgesteld 2 maart 2020)" in page
    assert "geschrapt in versie 3: AMJP 2022-1" in page
    assert f"{url}?op=2020-03-02" in page
    few = len(captured)
    for number in range(4, 8):
        adopting.record(plan, name=f"AMJP {number}", council_date=THIRD, by=admin_user)
    with django_assert_max_num_queries(few):
        client.get(url)
    assert first.pk
