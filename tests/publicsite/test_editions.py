"""An edition: an adopted version with the last rapportering the raad received before the next one."""

import pytest
from django.http import Http404
from django_scopes import scopes_disabled

from plans.models import Status
from publicsite import editions
from tests.publicsite.builders import INTERNAL_TOELICHTING, PUBLIC_TOELICHTING, a_published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with scopes_disabled():
        yield a_published_plan()


def by_number(found):
    return {item.number: item for item in found}


def test_the_version_in_force_shows_its_items_with_the_rapporterings_status(world):
    edition = editions.edition(world.plan)
    assert edition.version == world.v2 and edition.is_current
    assert edition.round == world.round
    acties = by_number(editions.items(edition, editions.rows(edition, "actie")))
    assert set(acties) == {"1.1", "1.2", "1.3"}
    assert acties["1.1"].status == Status.IN_PROGRESS
    assert acties["1.1"].explanation == PUBLIC_TOELICHTING
    assert acties["1.2"].title == "We openen een sociale kruidenier met buurtrestaurant."
    # Marked internal: the status is public, the toelichting never.
    assert acties["1.2"].status == Status.COMPLETED and acties["1.2"].explanation == ""
    assert INTERNAL_TOELICHTING not in repr(acties)
    # New in version 2, after the rapportering: its status at adoption.
    assert acties["1.3"].status == Status.NOT_STARTED


def test_an_older_version_holds_what_the_raad_adopted_then(world):
    edition = editions.edition(world.plan, 1)
    assert not edition.is_current and edition.until == world.v2.council_date
    acties = by_number(editions.items(edition, editions.rows(edition, "actie")))
    assert set(acties) == {"1.1", "1.2"}
    assert acties["1.2"].title == "We openen een sociale kruidenier."


def test_live_edits_after_the_last_version_are_not_public(world):
    world.first.refresh_from_db()
    from core import changes

    changes.update(
        world.first, {"title": "Live titel", "status": Status.ON_HOLD}, by=None, version=world.first.version
    )
    acties = by_number(
        editions.items(editions.edition(world.plan), editions.rows(editions.edition(world.plan), "actie"))
    )
    assert acties["1.1"].title == "We organiseren budgetbegeleiding."
    assert acties["1.1"].status == Status.IN_PROGRESS


def test_unknown_versions_and_unpublished_plans_are_not_found(world):
    with pytest.raises(Http404):
        editions.edition(world.plan, 3)
    with pytest.raises(Http404):
        editions.published_plan(world.organisation, "ander-plan")
    hidden = a_published_plan(slug="verborgen", organisation_slug="gemeente-y", published=False)
    with pytest.raises(Http404):
        editions.published_plan(hidden.organisation, hidden.plan.slug)


def test_progress_rolls_up_from_the_acties(world):
    rollup = editions.rollup(editions.edition(world.plan))
    assert rollup.plan.total == 3
    assert rollup.plan.counts[Status.COMPLETED] == 1
    assert rollup.goals[world.goal.pk].total == 3
    assert round(rollup.action_plans[world.action_plan.pk].done_share) == 33


def test_realisaties_come_from_the_rapportering(world):
    edition = editions.edition(world.plan)
    assert editions.realisations(edition, [world.first.pk]) == {
        world.first.pk: {"2020": {"E": ["640.00", "0.00"]}}
    }


def test_indicators_hold_the_adopted_target_and_the_reported_values(world):
    (series,) = editions.indicators(editions.edition(world.plan))
    assert series.name == "Gezinnen in budgetbegeleiding"
    assert [point.value for point in series.points] == [35]
    assert {year: str(value) for year, value in series.targets.items()} == {2025: "120"}
