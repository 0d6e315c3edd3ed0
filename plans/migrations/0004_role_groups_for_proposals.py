from django.db import migrations

from plans.migrations._roles import create_role_groups


class Migration(migrations.Migration):
    """The roles get their permissions on change proposals."""

    dependencies = [("plans", "0003_change_proposals")]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
