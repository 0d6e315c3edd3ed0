from django.db import migrations

from plans.migrations._roles import create_role_groups


class Migration(migrations.Migration):
    """The roles get their permissions on reporting rounds."""

    dependencies = [("reporting", "0001_rounds"), ("plans", "0004_role_groups_for_proposals")]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
