"""Full-text search indexes on PostgreSQL (Dutch configuration) for ``plans/search.py``.

Each index expression is the SQL Django writes for ``SearchVector(<fields>, config="dutch")``, so
PostgreSQL uses it for the search's ``@@`` match (a test checks the plan). SQLite has no full-text
search here: on SQLite this migration does nothing.
"""

from django.db import migrations

INDEXES = {
    "plans_actionplan_search": ("plans_actionplan", ("title", "explanation", "responsible")),
    "plans_action_search": ("plans_action", ("title", "explanation", "responsible")),
    "plans_project_search": ("plans_project", ("name", "explanation", "project_leader")),
}


def _vector(fields: tuple[str, ...]) -> str:
    return " || ' ' || ".join(f"COALESCE(\"{name}\", '')" for name in fields)


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, fields) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin (to_tsvector('dutch'::regconfig, {_vector(fields)}))"
        )


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("plans", "0011_proposal_created_at_dated")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
