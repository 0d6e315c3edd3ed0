"""The same edit through every entry point gives the same record: one history row with the user and
the reason, the version raised by one per save, the natural sort key; and an outdated copy is
refused the same way everywhere, leaving the database as it was.

Entry points: the status page, the admin (form and list), a change proposal applied after the raad,
the round-trip import, the plan import from the template, and the generator."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from core import changes
from core.numbering import natural_sort_key
from demo.rounds import load_round
from demo.synthetic import generate_plan
from plans.models import Action, ActionPlan, Goal, Plan, Project, Status
from plans.proposals import apply_proposal, approve
from reporting.plan_import import create_plan, read_plan_upload
from reporting.round_trip import ImportRefused, import_rapportering
from reporting.rounds import round_rows
from reporting.workbook import build_workbook
from rounds.models import ReportingRound
from tests.factories import default_organisation, edit_item
from tests.helpers import database_state
from tests.reporting.test_plan_import import sd_od_plan

pytestmark = pytest.mark.django_db
RAAD = datetime.date(2017, 12, 18)


def assert_written_by_the_path(records, *, user, reason: str) -> None:
    """Each record: version = number of history rows (one per save), the latest row by ``user``
    for ``reason``, and its sort key from its number."""
    for record in records:
        record.refresh_from_db()
        history = list(record.history.order_by("-history_date", "-history_id"))
        assert record.version == len(history), record
        assert (history[0].history_user, history[0].history_change_reason) == (user, reason), record
        if hasattr(record, "sort_key"):
            assert record.sort_key == natural_sort_key(record.number)


# Each entry point sets action 10.2 to "afgewerkt" (or, for a proposal, rewords it) as ``user``.


def through_the_page(client, plan, user) -> str:
    action = Action.objects.get(number="10.2")
    client.force_login(user)
    url = reverse("plans:save_status", args=[plan.slug, "actie", action.pk])
    seen = {"seen_status": action.status, "seen_explanation": action.explanation}
    client.post(url, {**seen, "version": action.version, "status": Status.COMPLETED, "explanation": ""})
    return None  # the page gives no reason: the editor's own save


def through_the_admin(client, plan, user) -> str:
    action = Action.objects.get(number="10.2")
    client.force_login(user)
    url = reverse("admin:plans_action_change", args=[action.pk])
    form = {
        "action_plan": action.action_plan.pk,
        "number": action.number,
        "title": action.title,
        "status": Status.COMPLETED,
        "explanation": action.explanation,
        "life_cycle": action.life_cycle,
        "loaded_version": action.version,
    }
    assert client.post(url, form).status_code == 302
    return None


def through_a_proposal(client, plan, user) -> str:
    proposal = plan.proposals.get(actions__number="140.1")  # herformuleren
    approve(proposal, by=next_reviewer(), new_title="We werken samen met de huisartsen.")
    apply_proposal(proposal, by=user, decision_date=RAAD)
    return f"door wijzigingsvoorstel #{proposal.pk} (raad van 18 december 2017)"


def through_the_import(client, plan, user) -> str:
    book = exported_workbook(plan, user)
    row = next(r for r in book["Acties"].iter_rows(min_row=2) if r[2].value == "10.2")
    row[4].value = "afgewerkt"
    data = as_bytes(book)
    import_rapportering(
        io.BytesIO(data), size=len(data), filename="terug.xlsx", plan=plan, user=user, dry_run=False
    )
    return "import terug.xlsx"


def next_reviewer():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="mt")


def exported_workbook(plan, user) -> openpyxl.Workbook:
    load_round(plan, by=user)
    output = io.BytesIO()
    build_workbook(round_rows(ReportingRound.objects.get(plan=plan)), output)
    return openpyxl.load_workbook(io.BytesIO(output.getvalue()))


def as_bytes(book) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@pytest.mark.parametrize(
    ("edit", "changed"),
    [
        (through_the_page, "10.2"),
        (through_the_admin, "10.2"),
        (through_a_proposal, "140.1"),
        (through_the_import, "10.2"),
    ],
    ids=["page", "admin", "proposal", "import"],
)
def test_an_edit_writes_one_history_row_with_user_and_reason_and_one_version(
    client, plan, users, edit, changed
):
    action = Action.objects.get(number=changed)
    versions_before = action.version
    reason = edit(client, plan, users["cel"])
    action.refresh_from_db()
    assert action.version == versions_before + 1
    assert_written_by_the_path([action], user=users["cel"], reason=reason)


def test_the_plan_import_writes_each_record_once_with_user_and_reason(users):
    data = as_bytes(sd_od_plan())
    upload = read_plan_upload(io.BytesIO(data), len(data))
    assert upload.ok, upload.errors
    details = {"name": "Plan", "authority": "Gemeente", "start_year": 2026, "end_year": 2031, "slug": "g"}
    plan = create_plan(
        upload,
        organisation=default_organisation(),
        details=details,
        filename="plan.xlsx",
        by=users["beheerder"],
    )
    records = [
        plan,
        *Goal.objects.filter(plan=plan),
        *ActionPlan.objects.in_plan(plan),
        *Action.objects.in_plan(plan),
    ]
    assert len(records) == 1 + 2 + 2 + 4
    assert_written_by_the_path(records, user=users["beheerder"], reason="import plan.xlsx")
    # A project's links are set after it exists: a history row of their own, no new version.
    project = Project.objects.get(plan=plan)
    created = project.history.get(history_type="+")
    assert (project.version, created.history_user, created.history_change_reason) == (
        1,
        users["beheerder"],
        "import plan.xlsx",
    )
    assert project.action_plans.count() == 2


def test_the_generator_writes_through_the_same_path(users):
    plan = generate_plan(
        slug="gen",
        goals=2,
        action_plans=4,
        actions=12,
        projects=3,
        rounds=2,
        by=users["cel"],
        reviewer=users["mt"],
    )
    for model in (ActionPlan, Action, Project):
        for record in model.objects.in_plan(plan):
            assert record.version == record.history.count(), record
            if hasattr(record, "sort_key"):
                assert record.sort_key == natural_sort_key(record.number)
    assert Plan.objects.get(slug="gen").version == 1


# An outdated copy: someone else saved the action after the editor loaded it.


def outdated_on_the_page(client, plan, user, action, loaded) -> None:
    client.force_login(user)
    url = reverse("plans:save_status", args=[plan.slug, "actie", action.pk])
    seen = {"seen_status": loaded.status, "seen_explanation": loaded.explanation}
    response = client.post(
        url, {**seen, "version": loaded.version, "status": Status.ON_HOLD, "explanation": ""}
    )
    assert response.status_code == 409


def outdated_in_the_admin(client, plan, user, action, loaded) -> None:
    client.force_login(user)
    form = {
        "action_plan": action.action_plan.pk,
        "number": action.number,
        "title": action.title,
        "status": Status.ON_HOLD,
        "life_cycle": action.life_cycle,
        "loaded_version": loaded.version,
    }
    response = client.post(reverse("admin:plans_action_change", args=[action.pk]), form)
    assert response.status_code == 200 and "werd intussen gewijzigd door Bart" in response.content.decode()


def outdated_in_the_domain(client, plan, user, action, loaded) -> None:
    loaded.status = Status.ON_HOLD
    with pytest.raises(changes.Conflict) as conflict:
        changes.save(loaded, by=user, version=loaded.version)
    assert conflict.value.who() == "Bart"


@pytest.mark.parametrize(
    "refuse",
    [outdated_on_the_page, outdated_in_the_admin, outdated_in_the_domain],
    ids=["page", "admin", "domain"],
)
def test_an_outdated_copy_is_refused_and_changes_nothing(client, plan, users, refuse):
    action = Action.objects.get(number="10.2")
    loaded = Action.objects.get(pk=action.pk)
    edit_item(action, by=users["beheerder"], status=Status.COMPLETED)
    before = database_state()
    refuse(client, plan, users["cel"], action, loaded)
    assert database_state() == before


def test_an_outdated_workbook_is_refused_and_changes_nothing(plan, users):
    book = exported_workbook(plan, users["cel"])
    edit_item(Action.objects.get(number="10.2"), by=users["beheerder"], status=Status.COMPLETED)
    row = next(r for r in book["Acties"].iter_rows(min_row=2) if r[2].value == "10.2")
    row[4].value = "on hold"
    data = as_bytes(book)
    before = database_state()
    with pytest.raises(ImportRefused):
        import_rapportering(
            io.BytesIO(data), size=len(data), filename="oud.xlsx", plan=plan, user=users["cel"], dry_run=False
        )
    assert database_state() == before


def test_save_mine_anyway_passes_with_what_the_conflict_says_is_there_now(plan, users):
    action = Action.objects.get(number="10.2")
    loaded = {"status": action.status, "explanation": action.explanation}
    edit_item(action, by=users["beheerder"], status=Status.COMPLETED)
    with pytest.raises(changes.Conflict) as conflict:
        changes.update(
            action, {"status": Status.ON_HOLD}, by=users["cel"], version=1, seen={"status": loaded["status"]}
        )
    done = changes.update(
        action, {"status": Status.ON_HOLD}, by=users["cel"], version=1, seen=conflict.value.seen_now()
    )
    assert done.changed and done.record.status == Status.ON_HOLD and done.record.version == 3
