"""E-mails reach members of the plan's organisation only: the reminders, and the people a comment names."""

import pytest

from core import changes
from core.roles import CEL, OWNER
from notifications.reminders import send_reminders
from organisations.membership import add_member
from plans.comments import add_comment
from tests.factories import ActionPlanFactory, OrganisationFactory, PlanFactory, default_organisation
from tests.reporting.test_reminders import OPENED_ON, new_round, person

pytestmark = pytest.mark.django_db


def test_someone_who_left_the_organisation_gets_no_more_reminders(smtp_server):
    plan = PlanFactory(slug="gemeente")
    ann, bob = person("ann"), person("bob")
    ActionPlanFactory(plan=plan, number="10", owner=ann)
    ActionPlanFactory(plan=plan, number="20", owner=bob)
    membership = bob.memberships.get()
    changes.update(membership, {"active": False}, by=None, version=membership.version)
    new_round(plan)
    sent = send_reminders(OPENED_ON)
    assert [reminder.recipient for reminder, _record in sent] == [ann]
    assert [message.recipients for message in smtp_server.received] == [["ann@gemeente.be"]]


def test_each_organisation_s_reminders_go_to_its_own_people_with_its_own_organisation(smtp_server):
    ours, elders = (
        PlanFactory(slug="gemeente"),
        PlanFactory(slug="elders", organisation=OrganisationFactory(name="Gemeente Elders", slug="elders")),
    )
    ann, eva = person("ann"), person("eva")
    eva.memberships.update(organisation=elders.organisation)
    ActionPlanFactory(plan=ours, number="10", owner=ann)
    ActionPlanFactory(plan=elders, number="10", owner=eva)
    new_round(ours), new_round(elders)
    sent = {reminder.recipient.username: record for reminder, record in send_reminders(OPENED_ON)}
    assert set(sent) == {"ann", "eva"}
    assert sent["ann"].organisation == default_organisation()
    assert sent["eva"].organisation == elders.organisation
    bodies = {message.recipients[0]: message.text for message in smtp_server.received}
    assert "/plannen/elders/" not in bodies["ann@gemeente.be"]
    assert "/plannen/gemeente/" not in bodies["eva@gemeente.be"]


def test_a_comment_mentions_nobody_of_another_organisation(smtp_server):
    plan = PlanFactory(slug="gemeente")
    jan = person("jan")
    add_member(jan, default_organisation(), OWNER)
    action_plan = ActionPlanFactory(plan=plan, number="10", owner=jan)
    cel = person("sofie")
    add_member(cel, default_organisation(), CEL)
    stranger = person("eva")
    stranger.memberships.update(organisation=OrganisationFactory(name="Gemeente Elders", slug="elders"))
    comment = add_comment(action_plan, cel, "Kijk jij even, @eva en @jan?")
    assert [user.username for user in comment.mentions.all()] == ["jan"]
    assert all("eva@" not in ",".join(message.recipients) for message in smtp_server.received)
