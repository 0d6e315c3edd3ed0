from collections import Counter

from django.db import migrations
from django.utils.text import slugify

from plans.migrations._roles import create_role_groups

ROLES_FIRST_TO_LAST = ["strategische cel", "managementteam", "raad", "eigenaar"]


def into_one_organisation(apps, schema_editor):
    """Everything that exists becomes the first organisation's: its plans, diensten, house style,
    pending uploads and sent e-mails, and every user with a role becomes its member with that role
    (the first in ROLES_FIRST_TO_LAST when they had several). Named after the bestuur most plans name."""
    Plan = apps.get_model("plans", "Plan")
    User = apps.get_model("auth", "User")
    Organisation = apps.get_model("organisations", "Organisation")
    Membership = apps.get_model("organisations", "Membership")
    models = [
        Plan,
        apps.get_model("plans", "HistoricalPlan"),
        apps.get_model("plans", "Department"),
        apps.get_model("plans", "HistoricalDepartment"),
        apps.get_model("reporting", "HouseStyle"),
        apps.get_model("reporting", "HistoricalHouseStyle"),
        apps.get_model("reporting", "PendingImport"),
        apps.get_model("reporting", "SentEmail"),
    ]
    members = User.objects.filter(groups__name__in=ROLES_FIRST_TO_LAST).distinct()
    if not any(model.objects.exists() for model in models) and not members.exists():
        return
    authorities = Counter(Plan.objects.values_list("authority", flat=True))
    name = authorities.most_common(1)[0][0] if authorities else "Mijn organisatie"
    organisation = Organisation.objects.create(name=name, slug=slugify(name)[:80] or "organisatie")
    for model in models:
        model.objects.update(organisation=organisation)
    for user in members.prefetch_related("groups"):
        names = {group.name for group in user.groups.all()}
        role = next(role for role in ROLES_FIRST_TO_LAST if role in names)
        Membership.objects.create(user=user, organisation=organisation, role=role)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0018_department_organisation_and_more"),
        ("reporting", "0011_historicalhousestyle_organisation_and_more"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(into_one_organisation, migrations.RunPython.noop),
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),  # adds the beheerder's group
    ]
