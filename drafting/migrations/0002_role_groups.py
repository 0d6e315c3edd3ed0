from django.db import migrations

from plans.migrations._roles import create_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("drafting", "0001_initial"),
        ("versions", "0001_initial"),
        # After every app's moves: creating permissions earlier would make content types that a
        # later move (reporting/0015) expects not to exist.
        ("reporting", "0015_models_moved_to_their_apps"),
        ("rounds", "0003_started_at"),
        ("outputs", "0003_started_at"),
        ("uploads", "0002_uploads_run_as_tasks"),
        ("indicators", "0003_round_in_rounds"),
        ("notifications", "0002_moved_from_reporting_keys"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
