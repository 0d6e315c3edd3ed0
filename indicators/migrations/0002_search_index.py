"""A full-text search index on PostgreSQL (Dutch configuration) for the indicators group of
``plans/search.py``: the same expression as ``SearchVector("name", "description", config="dutch")``
(see plans/migrations/0012_search_indexes.py). On SQLite this migration does nothing."""

from django.db import migrations

NAME, TABLE, FIELDS = "indicators_indicator_search", "indicators_indicator", ("name", "description")


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    vector = " || ' ' || ".join(f"COALESCE(\"{name}\", '')" for name in FIELDS)
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "{TABLE}" '
        f"USING gin (to_tsvector('dutch'::regconfig, {vector}))"
    )


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_indicators")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
