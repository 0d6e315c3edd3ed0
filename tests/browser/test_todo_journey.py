"""An eigenaar lands on Mijn acties and marks an item klaar from the keyboard; the cel sees it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from core import changes
from core.roles import OWNER
from organisations.membership import add_member
from plans.models import ActionPlan, Department, Plan
from reporting.rounds import open_round
from rounds.models import ItemUpdate, UpdateState
from tests.factories import default_organisation

pytestmark = pytest.mark.browser

PLAN = "turnhout-2014-2019"


def test_an_eigenaar_marks_an_item_klaar_on_mijn_acties(demo, open_page, live_server, screenshot):
    user = get_user_model().objects.create_user("els", password="turnhout2017", first_name="Els")
    add_member(user, default_organisation(), OWNER)
    welzijn = changes.save(Department(organisation=default_organisation(), name="Dienst welzijn"), by=None)
    welzijn.members.add(user)
    action_plan = ActionPlan.objects.get(plan__slug=PLAN, number="10")
    changes.update(action_plan, {"department": welzijn}, by=None, version=action_plan.version)
    round = open_round(
        plan=Plan.objects.get(slug=PLAN),
        name="Rapportering juni 2018",
        date=datetime.date(2018, 6, 30),
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )

    page = open_page("els", lands_on="/mijn-acties/")
    expect(page.get_by_role("heading", name="Mijn acties")).to_be_visible()
    expect(page.locator(".deadline")).to_contain_text("nog 10 dagen")
    counter = page.locator(f"#todo-count-{round.pk}")
    total = len(page.locator(".todo-entry").all())
    expect(counter).to_have_text(f"Nog {total} van {total} items open.")
    button = page.get_by_role("button", name="Klaar voor deze rapportering: Actieplan 10")
    button.focus()
    page.keyboard.press("Enter")
    state = page.locator(f"#todo-actieplan-{action_plan.pk}")
    expect(state).to_contain_text("is klaar voor deze rapportering")
    not_yet = page.get_by_role("button", name="Toch nog niet klaar: Actieplan 10")
    expect(not_yet).to_be_focused()
    expect(counter).to_have_text(f"Nog {total - 1} van {total} items open.")  # without a reload
    expect(counter).to_have_attribute("aria-live", "polite")
    assert not_yet.bounding_box()["height"] >= 24  # a secondary button, no longer the browser's grey one
    screenshot(page, "mijn-acties-klaar")
    update = ItemUpdate.objects.get(round=round, kind="actieplan", item_id=action_plan.pk)
    assert (update.state, update.history.first().history_user) == (UpdateState.READY, user)
