"""Which organisation a user acts in, with which role; a user without one; the switch between two."""

import re

import pytest
from django.urls import reverse

from core.roles import CEL, COUNCIL
from organisations.membership import add_member
from tests.factories import ActionFactory, OrganisationFactory, PlanFactory, default_organisation
from tests.helpers import database_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(make_user):
    """Plans of two organisations, and Ann: cel in the first, raad in the second."""
    first, second = default_organisation(), OrganisationFactory(name="Zemst (elders)", slug="elders")
    own = PlanFactory(name="Plan van hier", slug="hier")
    other = PlanFactory(name="Plan van Elders", slug="elders-plan", organisation=second)
    ann = make_user("ann", CEL, first)
    add_member(ann, second, COUNCIL)
    return {"first": first, "second": second, "own": own, "other": other, "ann": ann}


def test_a_user_without_organisation_gets_a_dutch_page_everywhere_but_logging_out(client, django_user_model):
    PlanFactory(name="Plan van hier", slug="hier")
    nobody = django_user_model.objects.create_user("niemand", password="geheim-wachtwoord")
    client.force_login(nobody)
    for url in (
        reverse("plans:home"),
        reverse("plans:overview", args=["hier"]),
        reverse("plans:preferences"),
    ):
        response = client.get(url)
        assert response.status_code == 403
        page = response.content.decode()
        assert "U hoort nog bij geen enkele organisatie" in page
        assert "Vraag de beheerder van uw bestuur" in page
        assert "Plan van hier" not in page
    # The page's own status colours, as anyone gets them.
    assert client.get(reverse("plans:status_stylesheet")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_an_ended_membership_is_no_membership(client, make_user):
    PlanFactory(slug="hier")
    ann = make_user("ann", CEL)
    membership = ann.memberships.get()
    from core import changes

    changes.update(membership, {"active": False}, by=None, version=membership.version)
    client.force_login(ann)
    assert client.get(reverse("plans:overview", args=["hier"])).status_code == 403


def test_a_member_of_two_acts_in_the_first_and_switches_to_the_other(client, two):
    client.force_login(two["ann"])
    page = client.get(reverse("plans:home"), follow=True).content.decode()
    assert "Plan van hier" in page and "Plan van Elders" not in page
    assert 'id="organisation-choice"' in page  # the switch, labelled
    response = client.post(reverse("organisations:choose"), {"organisation": two["second"].pk}, follow=True)
    page = response.content.decode()
    assert "Plan van Elders" in page and "Plan van hier" not in page


def test_a_forged_organisation_is_refused_and_changes_nothing(client, two):
    stranger = OrganisationFactory(name="Niet de mijne", slug="niet-de-mijne")
    client.force_login(two["ann"])
    before = database_state()
    for value in (stranger.pk, "x", ""):
        assert client.post(reverse("organisations:choose"), {"organisation": value}).status_code == 404
    assert database_state() == before
    assert "organisation" not in client.session
    page = client.get(reverse("plans:home"), follow=True).content.decode()
    assert "Plan van hier" in page


def test_a_link_to_a_plan_of_the_other_organisation_acts_there_with_that_role(client, two):
    """Ann is cel in her first organisation and raad in the second: she may save a status there only."""
    own_action = ActionFactory(action_plan__plan=two["own"])
    other_action = ActionFactory(action_plan__plan=two["other"])
    client.force_login(two["ann"])
    assert client.get(reverse("plans:overview", args=["elders-plan"])).status_code == 200
    before = database_state()

    def save(plan, action):
        url = reverse("plans:save_status", args=[plan.slug, "actie", action.pk])
        return client.post(url, {"status": "completed", "version": action.version}, HTTP_HX_REQUEST="true")

    assert save(two["other"], other_action).status_code == 403
    assert database_state() == before
    assert save(two["own"], own_action).status_code == 200


def test_an_item_id_of_another_organisation_under_an_own_plan_is_404(client, two):
    other_action = ActionFactory(action_plan__plan=two["other"])
    client.force_login(two["ann"])
    before = database_state()
    url = reverse("plans:save_status", args=["hier", "actie", other_action.pk])
    assert client.post(url, {"status": "completed", "version": 1}).status_code == 404
    assert database_state() == before


def test_the_platform_beheerder_sees_every_organisations_plans_by_organisation(client, two, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("plans:home")).content.decode()
    assert "Plan van hier" in page and "Plan van Elders" in page
    assert page.index("Zemst (elders)") < page.index("Plan van Elders")
    assert "platformbeheerder" in page


def _choices(page: str) -> list[str]:
    """The organisations the header's switch offers, as their names."""
    select = page[page.index('id="organisation-choice"') : page.index("</select>")]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_platform_beheerder_switches_between_every_organisation_whichever_they_act_in(
    client, two, admin_user
):
    """After switching to one organisation, the switch still lists all: the list is read outside the
    scope of the organisation acted in."""
    client.force_login(admin_user)
    everything = ["alle organisaties", str(two["first"]), "Zemst (elders)"]
    assert _choices(client.get(reverse("plans:home")).content.decode()) == everything
    client.post(reverse("organisations:choose"), {"organisation": two["second"].pk})
    page = client.get(reverse("plans:home"), follow=True).content.decode()
    assert _choices(page) == everything
    assert "Plan van Elders" in page and "Plan van hier" not in page
    # straight on to the first organisation, without going back to "alle organisaties"
    response = client.post(reverse("organisations:choose"), {"organisation": two["first"].pk})
    assert response.status_code == 302
    page = client.get(reverse("plans:home"), follow=True).content.decode()
    assert "Plan van hier" in page and "Plan van Elders" not in page
    assert _choices(page) == everything


def test_a_member_of_two_still_sees_both_after_switching(client, two):
    client.force_login(two["ann"])
    client.post(reverse("organisations:choose"), {"organisation": two["second"].pk})
    page = client.get(reverse("plans:preferences")).content.decode()
    assert _choices(page) == [str(two["first"]), "Zemst (elders)"]
