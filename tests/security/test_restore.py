"""The restore drill: a backup restored into a scratch database holds the same rows, history
included, table by table."""

import hashlib
import sqlite3
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from demo.rounds import load_round
from plans.backup import backup, backup_files, files_archive, restore, restore_files, table_digests
from plans.models import Action, Status
from tests.factories import edit_item


def raw_cursor(settings_dict: dict):
    """A cursor straight from the driver, the same way for the original and the restored database
    (Django's own connection converts some types)."""
    if connection.vendor == "sqlite":
        return sqlite3.connect(settings_dict["NAME"], uri=settings_dict["NAME"].startswith("file:")).cursor()
    params = {**connection.get_connection_params(), "dbname": settings_dict["NAME"]}
    return psycopg2.connect(**params).cursor()


@pytest.fixture
def scratch_database(tmp_path):
    """The settings of an empty scratch database beside the test database."""
    if connection.vendor == "sqlite":
        yield {"NAME": str(tmp_path / "hersteld.sqlite3")}
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(**{**connection.get_connection_params(), "dbname": "postgres"})
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    admin.cursor().execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_every_row_of_every_table(role_groups, tmp_path, scratch_database):
    from demo.plans import create_demo_users, load_plan_file, load_proposals

    users = create_demo_users()  # committed, as a backup reads them: not the module's kept users
    plan, _report = load_plan_file()
    load_proposals(plan, by=users["cel"])
    load_round(plan, by=users["cel"])
    edit_item(
        Action.objects.get(number="40.1"), by=users["cel"], status=Status.COMPLETED, explanation="Klaar."
    )

    tables = connection.introspection.table_names()
    original = table_digests(raw_cursor(connection.settings_dict), tables)
    assert original["plans_historicalaction"][0] > 0 and original["reporting_frozenitem"][0] > 0

    dump = backup(tmp_path / "plan.backup")
    restore(dump, scratch_database, connection.vendor)

    assert table_digests(raw_cursor(scratch_database), tables) == original


def test_the_stored_outputs_come_back_with_their_hash(plan, users, tmp_path):
    from outputs.models import StoredOutput
    from reporting import stored_outputs

    load_round(plan, by=users["cel"])
    folder = Path(stored_outputs.storage().location)
    archive = backup_files(folder, files_archive(tmp_path / "plan.backup"))
    restored = tmp_path / "uitvoer"
    restore_files(archive, restored)

    rows = list(StoredOutput.objects.all())
    assert rows
    for row in rows:
        assert hashlib.sha256((restored / row.name).read_bytes()).hexdigest() == row.sha256
