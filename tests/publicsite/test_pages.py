"""The public site's pages: the drill-down from plan to actie, both versions, what never shows."""

import pytest
from django_scopes import scopes_disabled

from tests.publicsite.builders import INTERNAL_TOELICHTING, PUBLIC_TOELICHTING, a_published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with scopes_disabled():
        yield a_published_plan()


def test_smoke(client, world):
    for suffix in ("", "v1/", "doelstelling/SD%201/", "actieplan/1/", "actie/1.1/", "v1/actie/1.2/", "zoeken/?q=kruidenier", f"project/{world.project.pk}/"):
        response = client.get(world.base + suffix)
        print(suffix, response.status_code)
        assert response.status_code == 200, response.content.decode()[:3000]
    print(client.get(world.base + "actie/1.1/").content.decode())
