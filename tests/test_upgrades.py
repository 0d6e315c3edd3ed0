"""An installation upgraded from the first release keeps what users wrote through every data migration:

1. a proposal's moment (text) becomes a link to the round of that name (plans/0006);
2. plans, diensten and people move into one organisation, with their roles (organisations);
3. the models that left reporting keep every row, every history row and their permissions (rounds,
   uploads, outputs, notifications).

One walk back to the first release and one walk forward through the three, on each database: every
walk through the migrations costs half a minute, so the three share theirs.
"""

import datetime
import decimal

import pytest
from django.apps import apps as current_apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

NEW_APPS = ["rounds", "uploads", "outputs", "notifications"]
MOVED = {
    "rounds": [
        "ReportingRound", "HistoricalReportingRound", "RoundVersion", "HistoricalRoundVersion",
        "ItemUpdate", "HistoricalItemUpdate", "FrozenItem", "FrozenAmount", "FrozenProposal",
    ],
    "uploads": ["PendingImport"],
    "outputs": ["HouseStyle", "HistoricalHouseStyle", "StoredOutput", "ExportJob"],
    "notifications": ["SentEmail"],
}  # fmt: skip

FIRST = [("plans", "0005_versions"), ("reporting", "0004_versions"), ("organisations", None)]
PROPOSAL_ROUNDS = [("plans", "0006_proposal_round")]
BEFORE_ORGANISATIONS = [
    ("plans", "0016_preferences_versioned"),
    ("reporting", "0010_round_todo_and_emails"),
    ("organisations", None),
]
ORGANISATIONS = [("plans", "0020_organisation_required"), ("reporting", "0012_organisation_required")]
BEFORE_MOVE = [
    ("reporting", "0013_stored_outputs"),
    ("indicators", "0002_search_index"),
    ("plans", "0020_organisation_required"),
    *[(app, None) for app in NEW_APPS],
]


def migrated(executor: MigrationExecutor, targets: list):
    """The database migrated to ``targets``; the models as they were there."""
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def made(Model, **given):
    """A row of a model as the migration state has it: the given values, and any value for the fields
    that need one."""
    values = dict(given)
    for field in Model._meta.concrete_fields:
        if (
            {field.name, field.attname} & set(values)
            or field.has_default()
            or field.null
            or field.auto_created
        ):
            continue
        if isinstance(field, models.AutoField) or getattr(field, "auto_now_add", False):
            continue
        if field.choices:
            values[field.name] = field.choices[0][0]
        elif isinstance(field, models.DateTimeField):
            values[field.name] = timezone.now()
        elif isinstance(field, models.DateField):
            values[field.name] = datetime.date(2017, 12, 18)
        elif isinstance(field, models.DecimalField):
            values[field.name] = decimal.Decimal("1250.50")
        elif isinstance(field, models.IntegerField):
            values[field.name] = 7
        elif isinstance(field, models.BinaryField):
            values[field.name] = b"PK"
        elif isinstance(field, models.CharField | models.TextField):
            values[field.name] = f"{Model.__name__} {field.name}"[: field.max_length]
        else:
            raise AssertionError(f"{Model.__name__}.{field.name}: give it a value")
    return Model.objects.create(**values)


@pytest.mark.django_db(transaction=True)
def test_an_installation_from_the_first_release_keeps_everything_through_every_data_migration(role_groups):
    executor = MigrationExecutor(connection)
    try:
        plan_id = proposal_moments_become_rounds(executor)
        plans_and_people_move_into_one_organisation(executor, plan_id)
        the_models_that_left_reporting_keep_their_rows(executor, plan_id)
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def proposal_moments_become_rounds(executor) -> int:
    apps = migrated(executor, FIRST)
    user = apps.get_model("auth", "User").objects.create(username="cel")
    plan = apps.get_model("plans", "Plan").objects.create(
        name="Plan", organisation="OCMW Turnhout", start_year=2014, end_year=2019, slug="p"
    )
    action_plan = apps.get_model("plans", "ActionPlan").objects.create(plan=plan, number="10", title="T")
    round = apps.get_model("reporting", "ReportingRound").objects.create(
        plan=plan, name="Rapportering december 2017", date=datetime.date(2017, 12, 6)
    )
    Proposal = apps.get_model("plans", "ChangeProposal")
    values = {
        "plan": plan,
        "kind": "remove",
        "action_plan": action_plan,
        "motivation": "M",
        "created_by": user,
    }
    named = Proposal.objects.create(moment=" rapportering December 2017", **values)
    unknown = Proposal.objects.create(moment="Een moment zonder rapportering", **values)
    apps.get_model("plans", "HistoricalChangeProposal").objects.create(
        id=named.pk,
        moment=named.moment,
        history_date=datetime.datetime.now(datetime.UTC),
        history_type="+",
        **values,
        titles_when_written={},
        state="draft",
        created_at=named.created_at,
    )

    apps = migrated(executor, PROPOSAL_ROUNDS)
    Proposal = apps.get_model("plans", "ChangeProposal")
    assert Proposal.objects.get(pk=named.pk).round_id == round.pk
    assert Proposal.objects.get(pk=unknown.pk).round_id is None
    history = apps.get_model("plans", "HistoricalChangeProposal").objects.get(id=named.pk)
    assert history.round_id == round.pk
    return plan.pk


def plans_and_people_move_into_one_organisation(executor, plan_id: int) -> None:
    apps = migrated(executor, BEFORE_ORGANISATIONS)
    Group_, User = apps.get_model("auth", "Group"), apps.get_model("auth", "User")
    dienst = apps.get_model("plans", "Department").objects.create(name="Dienst welzijn")
    cel = User.objects.get(username="cel")
    raad, both, _without_role = (User.objects.create(username=name) for name in ("raad", "beide", "geen"))
    cel.groups.add(Group_.objects.get(name="strategische cel"))
    raad.groups.add(Group_.objects.get(name="raad"))
    both.groups.add(Group_.objects.get(name="raad"), Group_.objects.get(name="strategische cel"))

    apps = migrated(executor, ORGANISATIONS)
    organisation = apps.get_model("organisations", "Organisation").objects.get()
    assert organisation.name == "OCMW Turnhout"  # the bestuur the plans name
    plan = apps.get_model("plans", "Plan").objects.get(pk=plan_id)
    assert (plan.organisation_id, plan.authority) == (organisation.pk, "OCMW Turnhout")
    assert apps.get_model("plans", "Department").objects.get(pk=dienst.pk).organisation_id == organisation.pk
    roles = dict(apps.get_model("organisations", "Membership").objects.values_list("user__username", "role"))
    assert roles == {"cel": "strategische cel", "raad": "raad", "beide": "strategische cel"}  # "geen": none


def the_models_that_left_reporting_keep_their_rows(executor, plan_id: int) -> None:
    old = migrated(executor, BEFORE_MOVE)
    cel = old.get_model("auth", "User").objects.get(username="cel")
    organisation = old.get_model("organisations", "Organisation").objects.get()
    get = lambda name: old.get_model("reporting", name)  # noqa: E731
    round = made(get("ReportingRound"), plan_id=plan_id, closed_by_id=cel.pk)
    house_style = made(get("HouseStyle"), organisation_id=organisation.pk, uploaded_by_id=cel.pk)
    output = made(get("StoredOutput"), round_id=round.pk)
    made_before = {
        "ReportingRound": round.pk,
        "RoundVersion": made(get("RoundVersion"), round_id=round.pk).pk,
        "ItemUpdate": made(get("ItemUpdate"), round_id=round.pk).pk,
        "FrozenItem": made(get("FrozenItem"), round_id=round.pk).pk,
        "FrozenAmount": made(get("FrozenAmount"), round_id=round.pk).pk,
        "FrozenProposal": made(get("FrozenProposal"), round_id=round.pk).pk,
        "PendingImport": made(get("PendingImport"), organisation_id=organisation.pk, user_id=cel.pk).pk,
        "HouseStyle": house_style.pk,
        "StoredOutput": output.pk,
        "ExportJob": made(get("ExportJob"), round_id=round.pk, requested_by_id=cel.pk).pk,
        "SentEmail": made(
            get("SentEmail"), organisation_id=organisation.pk, round_id=round.pk, recipient_id=cel.pk
        ).pk,
    }  # fmt: skip
    for name in ("ReportingRound", "RoundVersion", "ItemUpdate", "HouseStyle"):
        made(get(f"Historical{name}"), id=made_before[name], history_type="~", history_user_id=cel.pk)
        made_before[f"Historical{name}"] = made_before[name]
    ContentType_ = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    archive = old.get_model("auth", "Group").objects.create(name="archief")
    archive.permissions.add(
        Permission.objects.get(
            codename="view_reportinground",
            content_type=ContentType_.objects.get(app_label="reporting", model="reportinground"),
        )
    )

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    for app, names in MOVED.items():
        for name in names:
            Model = current_apps.get_model(app, name)
            key = "id" if name.startswith("Historical") else "pk"
            assert Model._base_manager.filter(**{key: made_before[name]}).exists(), name
            assert ContentType.objects.get_for_model(Model).app_label == app
    assert not ContentType.objects.filter(
        app_label="reporting", model__in=[name.lower() for names in MOVED.values() for name in names]
    ).exists()
    # A preview kept by the old pages asks for its file again (uploads/0002).
    pending = current_apps.get_model("uploads", "PendingImport")._base_manager.get()
    assert (pending.kind, pending.state, bytes(pending.data)) == ("new_plan", "refused", b"")
    ReportingRound = current_apps.get_model("rounds", "ReportingRound")
    moved_round = ReportingRound._base_manager.get(pk=round.pk)
    assert moved_round.history.get().history_user.username == "cel"
    assert moved_round.outputs.get().pk == output.pk
    assert Group.objects.get(name="archief").permissions.get().content_type.app_label == "rounds"
    assert (
        Group.objects.get(name="strategische cel")
        .permissions.filter(content_type__app_label="rounds", codename="change_reportinground")
        .exists()
    )
