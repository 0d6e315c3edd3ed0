"""Issue 16's journey: the cel opens a round with a deadline; an eigenaar gets the e-mail (read from a
real SMTP server), follows its link, updates their two acties and marks them klaar; the cel sees 100%
for that dienst; a late eigenaar gets the reminder after the deadline; closing lists what is open."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from core import changes
from notifications.reminders import send_reminders
from plans.models import Action, ActionPlan, Department, Status
from rounds.models import ItemUpdate, ReportingRound, RoundState, UpdateState
from tests.factories import default_organisation

pytestmark = pytest.mark.browser

PLAN = "turnhout-2014-2019"


def _owners() -> None:
    """Dirk heads the Dienst Vrijwilligers, which owns acties 80.1 and 80.2; Pieter owns actieplan 410."""
    users = {user.username: user for user in get_user_model().objects.all()}
    dienst = changes.save(
        Department(
            organisation=default_organisation(), name="Dienst Vrijwilligers", head=users["diensthoofd"]
        ),
        by=None,
    )
    for action in Action.objects.filter(action_plan__plan__slug=PLAN, number__in=["80.1", "80.2"]):
        changes.update(action, {"department": dienst}, by=None, version=action.version)
    action_plan = ActionPlan.objects.get(plan__slug=PLAN, number="410")
    changes.update(action_plan, {"owner": users["projectleider"]}, by=None, version=action_plan.version)


def _listed(text: str) -> list[str]:
    """The items a reminder lists ("- Actie 80.1: title"), not numbers that happen to be in a link."""
    return re.findall(r"^- (.+?):", text, flags=re.MULTILINE)


def test_a_round_from_deadline_to_closing_with_its_eigenaars(
    demo, open_page, live_server, smtp_server, settings, screenshot
):
    settings.SITE_URL = live_server.url
    _owners()
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=20)

    # The cel opens the round with a deadline.
    cel = open_page("cel")
    cel.goto(f"{live_server.url}/plannen/{PLAN}/rapporteringen/")
    cel.get_by_label("Naam").fill("Rapportering juni 2018")
    cel.get_by_label("Datum", exact=True).fill("2018-06-30")
    cel.get_by_label("Deadline voor de eigenaars").fill(deadline.isoformat())
    cel.get_by_role("button", name="Openen").click()
    expect(cel.get_by_role("heading", name="Rapportering juni 2018")).to_be_visible()
    round = ReportingRound.objects.get(plan__slug=PLAN, name="Rapportering juni 2018")
    assert (round.deadline, round.opened_on) == (deadline, today)

    # The daily run sends the opening e-mails: Dirk's lists his dienst's two acties.
    send_reminders(today)
    [mail] = smtp_server.to("diensthoofd@example.org")
    assert _listed(mail.text) == ["Actie 80.1", "Actie 80.2"]
    link = re.search(rf"{re.escape(live_server.url)}/mijn-acties/\S*", mail.text).group(0)

    # Dirk follows the link, updates his two acties and marks them klaar.
    dirk = open_page("diensthoofd", lands_on="/mijn-acties/")
    dirk.goto(link)
    expect(dirk.get_by_role("heading", name="Mijn acties")).to_be_visible()
    for number in ("80.1", "80.2"):
        action = Action.objects.get(action_plan__plan__slug=PLAN, number=number)
        row = dirk.locator(f"#row-actie-{action.pk}")
        row.get_by_label(re.compile(f"Status van Actie {re.escape(number)}")).select_option(label="afgewerkt")
        row.get_by_label(re.compile(f"Toelichting bij Actie {re.escape(number)}")).fill(
            f"Klaar in juni ({number})."
        )
        row.get_by_label(re.compile(f"Toelichting bij Actie {re.escape(number)}")).press("Tab")
        expect(row.locator("output")).to_contain_text("opgeslagen om")
        dirk.get_by_role("button", name=f"Klaar voor deze rapportering: Actie {number}").click()
        expect(dirk.locator(f"#todo-actie-{action.pk}")).to_contain_text("is klaar voor deze rapportering")
    screenshot(dirk, "eigenaar-mijn-acties-klaar")
    done = Action.objects.filter(action_plan__plan__slug=PLAN, number__in=["80.1", "80.2"])
    assert {a.status for a in done} == {Status.COMPLETED}
    assert set(ItemUpdate.objects.filter(round=round).values_list("state", flat=True)) == {UpdateState.READY}

    # The cel sees 100% for that dienst; Pieter's actieplan is still open.
    cel.goto(f"{live_server.url}/plannen/{PLAN}/rapporteringen/{round.pk}/voortgang/")
    dienst_row = cel.get_by_role("row", name=re.compile("Dienst Vrijwilligers"))
    expect(dienst_row).to_contain_text("2 van 2")
    expect(dienst_row).to_contain_text("100")
    expect(cel.get_by_role("row", name=re.compile("Pieter"))).to_contain_text("0 van 1")
    screenshot(cel, "voortgang-per-dienst")

    # Three days after the deadline, only the late eigenaar gets the reminder.
    before = len(smtp_server.received)
    send_reminders(deadline + datetime.timedelta(days=3))
    late = smtp_server.received[before:]
    assert [mail.recipients for mail in late] == [["projectleider@example.org"]]
    assert _listed(late[0].text) == ["Actieplan 410"]

    # Closing lists what is still open and closes only when confirmed.
    cel.goto(f"{live_server.url}/plannen/{PLAN}/rapporteringen/{round.pk}/")
    cel.get_by_role("button", name="Rapportering afsluiten").click()
    expect(cel.get_by_role("heading", name="1 item is nog niet klaar gemeld")).to_be_visible()
    expect(cel.get_by_role("link", name=re.compile("410"))).to_be_visible()
    round.refresh_from_db()
    assert round.state == RoundState.OPEN
    cel.get_by_role("button", name="Toch afsluiten").click()
    expect(cel.get_by_text(re.compile("afgesloten", re.I)).first).to_be_visible()
    round.refresh_from_db()
    assert round.state == RoundState.CLOSED
