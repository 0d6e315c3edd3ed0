"""Item numbers: identifiers kept as text ("10.10" is not "10.1"), sorted naturally (10.2 < 10.10)."""

import re

NUMBER_PATTERN = re.compile(r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$")
_DIGITS = re.compile(r"(\d+)")
SEGMENT_WIDTH = 8


def is_valid_number(number: str) -> bool:
    """A number is one or more segments of letters and digits joined by dots: "40", "40.2", "SD1"."""
    return bool(NUMBER_PATTERN.match(number))


def natural_sort_key(number: str) -> str:
    """A text key that sorts numbers the way people read them: 2 < 10, and 10.2 < 10.10.

    Each run of digits is zero-padded, so plain string ordering (in Python and in the
    database) gives natural order; letters compare case-insensitively.
    """
    return _DIGITS.sub(lambda match: match.group(1).zfill(SEGMENT_WIDTH), number.strip().lower())


def belongs_to(child: str, parent: str) -> bool:
    """True when ``child`` is ``parent`` followed by exactly one more segment: 40.2 under 40."""
    prefix = f"{parent}."
    return child.startswith(prefix) and "." not in child[len(prefix) :] and len(child) > len(prefix)
