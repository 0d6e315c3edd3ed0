"""Link the existing items' verantwoordelijken (projectleiders) to the user or dienst they name.

Names that match no one, or more than one, stay as they are: the beheerder links them on the page
"Verantwoordelijken koppelen". On a fresh database nothing matches."""

from django.db import migrations


def link(apps, schema_editor):
    from plans.people_links import link_existing

    link_existing(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0014_owners_departments_comments"),
    ]

    operations = [
        migrations.RunPython(link, migrations.RunPython.noop),
    ]
