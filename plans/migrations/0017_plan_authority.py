from django.db import migrations


class Migration(migrations.Migration):
    """The plan's "organisatie" text becomes its "bestuur" (as the documents name it): the name
    ``organisation`` goes to the organisation the plan belongs to (next migration)."""

    dependencies = [("plans", "0016_preferences_versioned")]

    operations = [
        migrations.RenameField("plan", "organisation", "authority"),
        migrations.RenameField("historicalplan", "organisation", "authority"),
    ]
