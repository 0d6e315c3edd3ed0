"""Item numbers as plans write them: identifiers kept as text, exactly as typed ("SD 1", "OD 1.2",
"H 3.2.1", "LSB", "AP000012", "10.10"), ordered and compared the way people read them.

- Natural order: runs of digits compare as numbers (SD 2 < SD 10, 10.2 < 10.10); case, spacing and
  leading zeros do not count.
- The same normal form decides uniqueness: "SD 1", "SD1" and "sd 01" are one number.
- In a hierarchically numbered plan a child's number extends its parent's by one part, whatever
  the letters in front: 10 → 10.2, OD1.1 → OD1.1.1, SD 1 → OD 1.2.
"""

import re

MAX_LENGTH = 40
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]")
_STARTS_WITH_CODE = re.compile(r"^[0-9A-Za-zÀ-ÿ]")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_PREFIX = re.compile(r"^[^\d]*")  # the letters in front of the first digit: "OD ", "S SD ", "AP"
SEGMENT_WIDTH = 8


def is_valid_number(number: str) -> bool:
    """A number starts with a letter or digit, holds no control characters and is not too long."""
    return (
        bool(_STARTS_WITH_CODE.match(number)) and not _FORBIDDEN.search(number) and len(number) <= MAX_LENGTH
    )


def normal_form(number: str) -> str:
    """What two numbers must differ in to be different numbers: no case, no spaces, no leading zeros."""
    compact = _SPACE.sub("", number).casefold()
    return _DIGITS.sub(lambda match: str(int(match.group(0))), compact)


def natural_sort_key(number: str) -> str:
    """A text key of the normal form that sorts the way people read numbers: 2 < 10, 10.2 < 10.10.

    Each run of digits is zero-padded, so plain string ordering (in Python and in the database)
    gives natural order. Equal keys mean equal numbers."""
    return _DIGITS.sub(lambda match: match.group(0).zfill(SEGMENT_WIDTH), normal_form(number))


def parts(number: str) -> list[str]:
    """The numbered parts after the letters in front: "OD 1.2" → ["1", "2"], "LSB" → []."""
    rest = _PREFIX.sub("", normal_form(number))
    return [part for part in rest.split(".") if part]


def belongs_to(child: str, parent: str) -> bool:
    """True when ``child`` extends ``parent`` by exactly one part: 40.2 under 40, OD 1.2 under SD 1."""
    parent_parts = parts(parent)
    child_parts = parts(child)
    return (
        bool(parent_parts) and len(child_parts) == len(parent_parts) + 1 and child_parts[:-1] == parent_parts
    )


def next_child(parent: str, siblings: list[str]) -> str:
    """The first free number under ``parent`` that extends it: one past the highest, e.g. 120.6
    after 120.5; the siblings' own letters in front are kept ("AC 1.4" after "AC 1.3")."""
    last, model = 0, None
    for sibling in siblings:
        tail = parts(sibling)[-1:] or [""]
        if tail[0].isdigit() and belongs_to(sibling, parent) and int(tail[0]) >= last:
            last, model = int(tail[0]), sibling
    if model is not None:
        return re.sub(r"\d+(?=\D*$)", str(last + 1), model)
    return f"{parent}.{last + 1}"
