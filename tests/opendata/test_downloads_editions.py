"""What editions.py adds for the downloads: a whole version at once, the same as page by page."""

import pytest

from publicsite import editions
from tests.publicsite.builders import INTERNAL_TOELICHTING, PUBLIC_TOELICHTING, a_published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return a_published_plan()


@pytest.mark.parametrize("number", [None, 1])
def test_every_item_is_what_items_gives_with_only_public_toelichtingen(world, number):
    edition = editions.edition(world.plan, number)
    for kind in ("doelstelling", "actieplan", "actie", "project", "indicator"):
        assert editions.every_item(edition, kind) == editions.items(edition, editions.rows(edition, kind))
    explanations = [item.explanation for item in editions.every_item(edition, "actie")]
    assert PUBLIC_TOELICHTING in explanations and INTERNAL_TOELICHTING not in explanations


def test_every_realisation_is_what_realisations_gives(world):
    edition = editions.edition(world.plan)
    ids = [item.id for item in editions.every_item(edition, "actie")]
    assert editions.every_realisation(edition) == editions.realisations(edition, ids)
    assert editions.every_realisation(edition) == {world.first.pk: {"2020": {"E": ["640.00", "0.00"]}}}
