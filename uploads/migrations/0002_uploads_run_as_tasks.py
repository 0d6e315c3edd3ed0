from django.db import migrations, models


def drop_earlier_previews(apps, schema_editor):
    """Previews kept by the old pages cannot be shown by the new ones: the user uploads again."""
    apps.get_model("uploads", "PendingImport").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("uploads", "0001_moved_from_reporting")]

    operations = [
        migrations.RunPython(drop_earlier_previews, migrations.RunPython.noop),
        migrations.RenameField("pendingimport", "plan_details", "details"),
        migrations.AddField("pendingimport", "kind", models.CharField(default="", max_length=40), preserve_default=False),
        migrations.AddField(
            "pendingimport",
            "state",
            models.CharField(
                choices=[
                    ("reading", "wordt gelezen"),
                    ("previewed", "voorbeeld klaar"),
                    ("applying", "wordt ingelezen"),
                    ("applied", "ingelezen"),
                    ("refused", "geweigerd"),
                    ("failed", "mislukt"),
                ],
                default="reading",
                max_length=10,
            ),
        ),
        migrations.AddField("pendingimport", "preview", models.TextField(blank=True)),
        migrations.AddField("pendingimport", "ready", models.BooleanField(default=False)),
        migrations.AddField("pendingimport", "confirm_label", models.CharField(blank=True, max_length=200)),
        migrations.AddField("pendingimport", "message", models.TextField(blank=True)),
        migrations.AddField("pendingimport", "next_url", models.CharField(blank=True, max_length=300)),
    ]
