from django.db import migrations, models


KINDS = ("amounts", "policy_fields", "indicator_values")  # the old pages' keys in plan_details


def earlier_previews_are_uploaded_again(apps, schema_editor):
    """A preview kept by the old pages has no rendered preview to show: its page asks for the file
    again. The row is kept (it expires within a day, like every upload)."""
    for pending in apps.get_model("uploads", "PendingImport").objects.all():
        known = [kind for kind in KINDS if kind in pending.details]
        pending.kind = known[0] if known else ("round_trip" if pending.plan_id else "new_plan")
        pending.state = "refused"
        pending.message = "Dit bestand werd opgeladen vóór een update van de toepassing. Laad het opnieuw op."
        pending.data = b""
        pending.save()


class Migration(migrations.Migration):
    dependencies = [("uploads", "0001_moved_from_reporting")]

    operations = [
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
        migrations.RunPython(earlier_previews_are_uploaded_again, migrations.RunPython.noop),
    ]
