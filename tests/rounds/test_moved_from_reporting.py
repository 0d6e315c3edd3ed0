"""An installation from before the move keeps every row and every history row of the models that left
reporting for rounds, uploads, outputs and notifications; their permissions stay with the groups."""

import datetime
import decimal

import pytest
from django.apps import apps as current_apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("reporting", "0013_stored_outputs"),
    ("indicators", "0002_search_index"),
    ("plans", "0020_organisation_required"),
]
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
def test_every_moved_row_and_history_row_is_read_by_its_new_app_and_groups_keep_their_permissions(
    role_groups,
):
    executor = MigrationExecutor(connection)
    executor.migrate([*BEFORE, *[(app, None) for app in NEW_APPS]])
    old = executor.loader.project_state(BEFORE).apps
    User, Group_ = old.get_model("auth", "User"), old.get_model("auth", "Group")
    cel = User.objects.create(username="cel")
    Organisation = old.get_model("organisations", "Organisation")
    organisation = Organisation.objects.create(name="OCMW Turnhout", slug="t")
    plan = old.get_model("plans", "Plan").objects.create(
        name="Plan", organisation_id=organisation.pk, start_year=2014, end_year=2019, slug="p"
    )
    get = lambda name: old.get_model("reporting", name)  # noqa: E731
    round = made(get("ReportingRound"), plan_id=plan.pk, closed_by_id=cel.pk)
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
    archive = Group_.objects.create(name="archief")
    archive.permissions.add(
        Permission.objects.get(
            codename="view_reportinground",
            content_type=ContentType_.objects.get(app_label="reporting", model="reportinground"),
        )
    )
    try:
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
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
