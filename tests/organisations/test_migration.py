"""An installation from before organisations keeps everything, now in one organisation."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0016_preferences_versioned"), ("reporting", "0010_round_todo_and_emails")]
AFTER = [("plans", "0020_organisation_required"), ("reporting", "0012_organisation_required")]


@pytest.mark.django_db(transaction=True)
def test_existing_plans_diensten_and_people_move_into_one_organisation_with_their_roles(role_groups):
    executor = MigrationExecutor(connection)
    executor.migrate([*BEFORE, ("organisations", None)])
    apps = executor.loader.project_state(BEFORE).apps
    Group, User = apps.get_model("auth", "Group"), apps.get_model("auth", "User")
    plan = apps.get_model("plans", "Plan").objects.create(
        name="Plan", organisation="OCMW Turnhout", start_year=2014, end_year=2019, slug="p"
    )
    dienst = apps.get_model("plans", "Department").objects.create(name="Dienst welzijn")
    cel, raad, both, _without_role = (
        User.objects.create(username=name) for name in ("cel", "raad", "beide", "geen")
    )
    cel.groups.add(Group.objects.get(name="strategische cel"))
    raad.groups.add(Group.objects.get(name="raad"))
    both.groups.add(Group.objects.get(name="raad"), Group.objects.get(name="strategische cel"))
    try:
        executor.loader.build_graph()
        executor.migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        organisation = apps.get_model("organisations", "Organisation").objects.get()
        assert organisation.name == "OCMW Turnhout"  # the bestuur the plans name
        Plan = apps.get_model("plans", "Plan")
        assert Plan.objects.get(pk=plan.pk).organisation_id == organisation.pk
        assert Plan.objects.get(pk=plan.pk).authority == "OCMW Turnhout"
        department = apps.get_model("plans", "Department").objects.get(pk=dienst.pk)
        assert department.organisation_id == organisation.pk
        roles = dict(
            apps.get_model("organisations", "Membership").objects.values_list("user__username", "role")
        )
        assert roles == {
            "cel": "strategische cel",
            "raad": "raad",
            "beide": "strategische cel",
        }  # "geen": none
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
