"""The rapportering's models now belong to the apps that hold them. Their tables and history tables
keep their names (db_table), so no row moves; their content types move with them, so that the
permissions the role groups hold and the admin's history follow."""

from django.db import migrations

from plans.migrations._roles import create_role_groups

MOVED = {
    "rounds": [
        "reportinground", "historicalreportinground", "roundversion", "historicalroundversion",
        "itemupdate", "historicalitemupdate", "frozenitem", "frozenamount", "frozenproposal",
    ],
    "uploads": ["pendingimport"],
    "outputs": ["housestyle", "historicalhousestyle", "storedoutput", "exportjob"],
    "notifications": ["sentemail"],
}  # fmt: skip


def _move_content_types(apps, *, forward: bool) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app, models in MOVED.items():
        source, target = ("reporting", app) if forward else (app, "reporting")
        taken = set(ContentType.objects.filter(app_label=target, model__in=models).values_list("model", flat=True))
        ContentType.objects.filter(app_label=source, model__in=set(models) - taken).update(app_label=target)


def content_types_to_their_apps(apps, schema_editor):
    _move_content_types(apps, forward=True)


def content_types_back_to_reporting(apps, schema_editor):
    _move_content_types(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_round_in_rounds"),
        ("plans", "0021_round_in_rounds"),
        ("reporting", "0014_models_leave_state"),
        ("rounds", "0001_moved_from_reporting"),
        ("uploads", "0001_moved_from_reporting"),
        ("outputs", "0002_moved_from_reporting_keys"),
        ("notifications", "0002_moved_from_reporting_keys"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    state_operations = [
        migrations.DeleteModel(
            name='ReportingRound',
        ),
        migrations.DeleteModel(
            name='SentEmail',
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(content_types_to_their_apps, content_types_back_to_reporting),
        # The role table now names the rounds' models in their app: the groups hold their permissions again.
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
