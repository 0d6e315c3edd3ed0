"""What a row of an exported workbook showed, so an import cannot overwrite a later edit.

Each row of Projecten and Acties carries a short token (the hidden column "Controle") with a
fingerprint of its status and toelichting as exported. On import, per field:

- the file still shows what was exported: the user left it alone, the plan's value stays;
- the file shows a new value and the plan still holds what was exported: the new value is applied;
- the file shows a new value and someone changed the plan since the export: refused, both kept.

The same three-way rule as two editors on the status page: ``core.changes.check_unchanged``,
with the fingerprints as what the editor saw.
"""

import hashlib

from core.changes import Fingerprint

FIELDS = ("status", "explanation")


def _fingerprint(value: str) -> str:
    return hashlib.sha256(normalised(value).encode()).hexdigest()[:10]


def normalised(value: str | None) -> str:
    """Values as a spreadsheet gives them back: trimmed, with plain line breaks."""
    return (value or "").replace("\r\n", "\n").strip()


def _check(parts: list[str]) -> str:
    return hashlib.sha256("-".join(parts).encode()).hexdigest()[:4]


def seen_token(*values: str) -> str:
    """The token of a row showing ``values`` in the FIELDS, ending in a check of the fingerprints, so
    that a token someone edited is told apart from an item someone changed."""
    parts = [_fingerprint(value) for value in values]
    return "-".join([*parts, _check(parts)])


def parse_token(token: str) -> dict[str, Fingerprint] | None:
    """What the exported row showed, per field, or None when the token is empty, damaged or edited."""
    *parts, check = (token or "").strip().split("-")
    if len(parts) != len(FIELDS) or not all(len(part) == 10 for part in parts) or check != _check(parts):
        return None
    return {
        name: Fingerprint(lambda value, part=part: _fingerprint(value) == part)
        for name, part in zip(FIELDS, parts, strict=True)
    }
