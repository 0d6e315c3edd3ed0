"""The edition as JSON: the plan, the version, the stand van zaken, then three flat lists (items,
bedragen, indicatorwaarden) whose members carry the same names as the CSV columns. Flat, with each
item's parent code, rather than nested: a project belongs to several actieplannen, and a flat list
reads the same way as the CSV and the workbook. Amounts and values are JSON numbers, years integers,
dates ISO 8601 text, an empty field ``null``.
"""

import json
from decimal import Decimal

from opendata.addresses import plan_uri, version_uri
from opendata.tables import PlanTables, Table

JSON = "application/json"


def _value(column, value):
    if value is None or value == "":
        return None
    if column.kind == "number":
        return float(Decimal(value))
    if column.kind == "integer":
        return int(value)
    return value


def _records(table: Table) -> list[dict]:
    return [{column.key: _value(column, column.value(row)) for column in table.columns} for row in table.rows]


def document(tables: PlanTables) -> dict:
    edition = tables.edition
    version, round = edition.version, edition.round
    return {
        "organisatie": {"naam": edition.plan.organisation.name, "slug": edition.plan.organisation.slug},
        "plan": {
            "naam": edition.plan.name,
            "slug": edition.plan.slug,
            "beginjaar": edition.plan.start_year,
            "eindjaar": edition.plan.end_year,
            "uri": plan_uri(edition),
        },
        "versie": {
            "nummer": version.number,
            "naam": version.name,
            "datum_raadsbeslissing": version.council_date.isoformat() if version.council_date else None,
            "van_kracht": edition.is_current,
            "vervangen_op": edition.until.isoformat() if edition.until else None,
            "uri": version_uri(edition),
        },
        "stand_van_zaken": {
            "datum": edition.reported_on.isoformat() if edition.reported_on else None,
            "rapportering": round.name if round else None,
        },
        "items": _records(tables.items),
        "bedragen": _records(tables.amount_table),
        "indicatorwaarden": _records(tables.value_table),
    }


def json_bytes(tables: PlanTables) -> bytes:
    return json.dumps(document(tables), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
