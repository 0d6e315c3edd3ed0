"""A change proposal reaches its reporting round by a foreign key instead of the round's name."""

import django.db.models.deletion
from django.db import migrations, models


def moment_to_round(apps, schema_editor):
    """Link each proposal (and each of its history rows) to the round of its plan whose name its
    "rapporteringsmoment" held; a text that names no round is reported and left unlinked."""
    Round = apps.get_model("reporting", "ReportingRound")
    rounds = {
        (plan_id, name.strip().casefold()): pk for pk, plan_id, name in Round.objects.values_list("pk", "plan_id", "name")
    }
    for model_name in ("ChangeProposal", "HistoricalChangeProposal"):
        model = apps.get_model("plans", model_name)
        for row in model.objects.exclude(moment="").only("pk", "plan_id", "moment"):
            round_id = rounds.get((row.plan_id, row.moment.strip().casefold()))
            if round_id is not None:
                model.objects.filter(pk=row.pk).update(round_id=round_id)
            elif model_name == "ChangeProposal":
                print(f"\n  wijzigingsvoorstel #{row.pk}: geen rapportering “{row.moment}” in zijn plan; koppel het in Beheer.")


def round_to_moment(apps, schema_editor):
    for model_name in ("ChangeProposal", "HistoricalChangeProposal"):
        model = apps.get_model("plans", model_name)
        for row in model.objects.exclude(round=None).select_related("round"):
            model.objects.filter(pk=row.pk).update(moment=row.round.name)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_versions'),
        ('reporting', '0004_versions'),
    ]

    operations = [
        migrations.AddField(
            model_name='changeproposal',
            name='round',
            field=models.ForeignKey(blank=True, help_text='De rapportering waarin het voorstel aan de raad gemeld wordt.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='reporting.reportinground', verbose_name='rapportering'),
        ),
        migrations.AddField(
            model_name='historicalchangeproposal',
            name='round',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='De rapportering waarin het voorstel aan de raad gemeld wordt.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.reportinground', verbose_name='rapportering'),
        ),
        migrations.RunPython(moment_to_round, round_to_moment),
        migrations.RemoveField(
            model_name='changeproposal',
            name='moment',
        ),
        migrations.RemoveField(
            model_name='historicalchangeproposal',
            name='moment',
        ),
    ]
