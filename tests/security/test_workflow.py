"""Posted fields beyond the form's are ignored: nobody sets a state, an author or a version by hand."""

from django.test import Client
from django.urls import reverse

from plans.models import ChangeProposal, LifeCycle, ProposalKind, ProposalState, Status
from tests.security.world import build_world, user_of


def logged_in(world, role: str) -> Client:
    client = Client()
    client.force_login(user_of(world, role))
    return client


def test_extra_fields_on_a_new_proposal_are_ignored(plan, users):
    world = build_world(plan, users)
    action_plan = world.action_plan
    action_plan.proposals.update(state=ProposalState.WITHDRAWN)  # free the actieplan for a new one
    data = {
        "kind": ProposalKind.REWORD,
        "new_title": "Een nieuwe formulering.",
        "motivation": "Duidelijker.",
        "state": ProposalState.APPLIED,
        "created_by": users["mt"].pk,
        "decided_by": users["mt"].pk,
        "applied_by": users["mt"].pk,
        "council_decision_date": "2017-12-18",
    }
    url = reverse("plans:draft_proposal", args=[plan.slug, action_plan.number])
    assert logged_in(world, "strategische cel").post(url, data).status_code == 302
    proposal = ChangeProposal.objects.latest("pk")
    assert (proposal.state, proposal.created_by, proposal.decided_by, proposal.applied_by) == (
        ProposalState.DRAFT,
        users["cel"],
        None,
        None,
    )
    assert proposal.council_decision_date is None


def test_extra_fields_on_a_status_save_are_ignored_and_the_version_is_the_servers(plan, users):
    world = build_world(plan, users)
    action = world.action
    title, version = action.title, action.version
    data = {
        "status": Status.COMPLETED,
        "version": version,
        "seen_status": action.status,
        "title": "Gekaapt",
        "life_cycle": LifeCycle.REMOVED,
        "responsible": "Iemand anders",
    }
    url = reverse("plans:save_status", args=[plan.slug, "actie", action.pk])
    assert logged_in(world, "strategische cel").post(url, data).status_code == 200
    action.refresh_from_db()
    assert (action.status, action.title, action.life_cycle) == (Status.COMPLETED, title, LifeCycle.ACTIVE)
    assert action.version == version + 1


def test_a_forged_higher_version_does_not_skip_the_conflict_check(plan, users):
    world = build_world(plan, users)
    action = world.action
    data = {"status": Status.ON_HOLD, "version": action.version + 10, "seen_status": "not_started"}
    if action.status == "not_started":
        data["seen_status"] = Status.COMPLETED
    url = reverse("plans:save_status", args=[plan.slug, "actie", action.pk])
    assert logged_in(world, "strategische cel").post(url, data).status_code == 409


def test_an_extra_state_on_a_decision_is_ignored(plan, users):
    world = build_world(plan, users)
    proposal = world.proposal
    data = {"decision": "approve", "remark": "Akkoord.", "new_title": "Nieuw", "state": ProposalState.APPLIED}
    logged_in(world, "managementteam").post(reverse("plans:decide", args=[plan.slug, proposal.pk]), data)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPROVED


def test_editing_a_proposal_on_an_outdated_copy_is_refused(plan, users, make_user):
    world = build_world(plan, users)
    action_plan = world.action_plan
    action_plan.proposals.update(state=ProposalState.WITHDRAWN)
    cel = logged_in(world, "strategische cel")
    draft = {"kind": ProposalKind.REWORD, "new_title": "Eerste.", "motivation": "Waarom."}
    cel.post(reverse("plans:draft_proposal", args=[plan.slug, action_plan.number]), draft)
    proposal = ChangeProposal.objects.latest("pk")
    opened = {"new_title": "Eerste.", "motivation": "Waarom.", "version": proposal.version}
    url = reverse("plans:edit_proposal", args=[plan.slug, proposal.pk])
    assert cel.post(url, {**opened, "new_title": "Van de eerste collega."}).status_code == 302
    colleague = Client()
    colleague.force_login(make_user("an", "strategische cel"))
    history = proposal.history.count()
    refused = colleague.post(url, {**opened, "new_title": "Van de tweede collega."})
    assert refused.status_code == 200
    assert "werd intussen gewijzigd door Sofie" in refused.content.decode()  # the cel's first name
    proposal.refresh_from_db()
    assert (proposal.new_title, proposal.history.count()) == ("Van de eerste collega.", history)


def test_the_admin_refuses_an_outdated_or_versionless_edit_of_a_goal(plan, users):
    world = build_world(plan, users)
    goal = world.goal
    admin = logged_in(world, "beheerder")
    url = reverse("admin:plans_goal_change", args=[goal.pk])
    form = {"plan": plan.pk, "number": goal.number, "title": "Nieuwe titel", "loaded_version": goal.version}
    assert admin.post(url, {**form, "loaded_version": goal.version - 1 or 99}).status_code == 200
    assert admin.post(url, {k: v for k, v in form.items() if k != "loaded_version"}).status_code == 200
    goal.refresh_from_db()
    assert goal.title == "Doelstelling"
    assert admin.post(url, form).status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Nieuwe titel"
