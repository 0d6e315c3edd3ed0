from django.db import migrations

from plans.migrations._roles import create_role_groups


class Migration(migrations.Migration):
    """The cel keeps versions (an aanpassing in ontwerp, its adoption)."""

    dependencies = [
        ("versions", "0002_snapshot_and_comparison"),
        ("plans", "0023_aanpassing_proposals_and_continues"),
        ("drafting", "0003_carried_over"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
