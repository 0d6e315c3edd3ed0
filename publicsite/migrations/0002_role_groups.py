from django.db import migrations

from plans.migrations._roles import create_role_groups


class Migration(migrations.Migration):
    """The beheerder switches a plan's publication on and names the public contact."""

    dependencies = [
        ("publicsite", "0001_initial"),
        ("versions", "0004_version_stopped"),
        ("drafting", "0003_carried_over"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
