import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from core.roles import CEL, COUNCIL
from organisations.models import Membership, Organisation
from plans.models import Action, Plan
from tests.helpers import database_state

pytestmark = pytest.mark.django_db

SMALL = ["--actions", "40", "--actionplans", "4", "--rounds", "1", "--readers", "2", "--editors", "1"]


def test_generate_organisations_gives_each_its_own_plan_with_history_and_members(client, monkeypatch):
    monkeypatch.setenv("SYNTHETIC_PASSWORD", "een-lang-wachtwoord")
    out = io.StringIO()
    call_command("generate_organisations", "--first", "7", "--count", "2", *SMALL, stdout=out)
    for number in (7, 8):
        organisation = Organisation.objects.get(slug=f"gemeente-{number:03d}")
        plan = Plan.objects.get(organisation=organisation)
        assert organisation.name == f"Gemeente {number:03d}"
        assert plan.name == f"Plan van gemeente {number:03d}"
        actions = Action.objects.in_plan(plan)
        assert actions.count() >= 40
        assert Action.history.filter(action_plan__plan=plan).count() > actions.count()  # created, then edited
        roles = sorted(
            Membership.objects.filter(organisation=organisation, user__username__contains="-0").values_list(
                "user__username", "role"
            )
        )
        assert roles == [
            (f"lezer-{number:03d}-0", COUNCIL),
            (f"lezer-{number:03d}-1", COUNCIL),
            (f"redacteur-{number:03d}-0", CEL),
        ]
    assert "2 organisaties gemaakt" in out.getvalue()
    # A reader sees their own plan, not the other organisation's.
    reader = get_user_model().objects.get(username="lezer-007-0")
    assert reader.check_password("een-lang-wachtwoord")
    client.force_login(reader)
    own = client.get("/plannen/gemeente-007/")
    assert own.status_code == 200 and "Plan van gemeente 007" in own.content.decode()
    assert "Plan van gemeente 008" not in own.content.decode()
    assert client.get("/plannen/gemeente-008/").status_code == 404


def test_generate_organisations_refuses_numbers_already_taken():
    call_command("generate_organisations", "--first", "1", "--count", "1", *SMALL, stdout=io.StringIO())
    before = database_state()
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("generate_organisations", "--first", "1", "--count", "1", *SMALL, stdout=io.StringIO())
    assert database_state() == before
