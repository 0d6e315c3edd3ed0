"""The statuses of the rapportering, each declared once: its code, its Dutch name, its colours and
what it means for the rules. Everything that shows or counts a status reads it here: the choices of
the status field (``Status``), the screen's stylesheet (``templates/plans/statuses.css``), the
overview's bars, the verslag's chart, its PDF, the workbook's drop-down, cell colours and chart, the
Word file's status cells, vertraagd and the share that is done.

Adding a status is one entry in ``STATUSES``, in the order the raad reads them; Django then asks
for a migration of the status field's choices and check constraint.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The app's dark text (--ink in static/css/app.css) and white.
INK, WHITE = "1D2530", "FFFFFF"

ON_HOLD_WITHOUT_EXPLANATION = _(
    "Een item on hold heeft een toelichting nodig: schrijf waarom het stilligt en wat er nodig is om "
    "verder te gaan."
)


@dataclass(frozen=True)
class DeclaredStatus:
    """One status. Colours are six hex digits without "#", as openpyxl and Word take them."""

    name: str  # the member of ``Status`` code uses: Status.ON_HOLD
    value: str  # stored, and used in addresses and CSS classes
    label: Promise
    colour: str  # chips, bars, legends, row edges, charts and the Word file's status cells
    ink: str  # text on ``colour``, at least 4.5:1 against it (WCAG AA)
    tint: str  # the pale fill of the workbook's status cells, under their black text
    is_completed: bool = False  # done: never vertraagd, counted in "afgewerkt of regulier"
    unexplained: Promise | None = None  # refuses entering it without a toelichting, with this message

    @property
    def css_colour(self) -> str:
        return f"#{self.colour.lower()}"

    @property
    def css_ink(self) -> str:
        return f"#{self.ink.lower()}"


STATUSES = (
    DeclaredStatus("NOT_STARTED", "not_started", _("niet gestart"), "9AA5B1", INK, "D9DDE2"),
    DeclaredStatus("IN_PROGRESS", "in_progress", _("loopt"), "2370C9", WHITE, "CFE2F8"),
    DeclaredStatus(
        "ON_HOLD", "on_hold", _("on hold"), "E8912D", INK, "FCE3C4", unexplained=ON_HOLD_WITHOUT_EXPLANATION
    ),
    DeclaredStatus("COMPLETED", "completed", _("afgewerkt"), "208046", WHITE, "CDEFD8", is_completed=True),
    DeclaredStatus("REGULAR", "regular", _("regulier"), "7B5CC4", WHITE, "E3DAF5", is_completed=True),
)
DECLARED = {status.value: status for status in STATUSES}

Status = models.TextChoices(
    "Status", [(status.name, (status.value, status.label)) for status in STATUSES], module=__name__
)
Status.__doc__ = "The statuses of the rapportering, exactly as the raad knows them (declared in STATUSES)."

DONE = tuple(status.value for status in STATUSES if status.is_completed)
NOT_DONE = tuple(status.value for status in STATUSES if not status.is_completed)


def _in_words() -> str:
    """The statuses' names as a Dutch sentence lists them: "niet gestart, loopt, … of regulier"."""
    labels = [str(status.label) for status in STATUSES]
    return f"{', '.join(labels[:-1])} of {labels[-1]}" if len(labels) > 1 else "".join(labels)


IN_WORDS = lazy(_in_words, str)()


def naming_statuses(message: Promise) -> Promise:
    """``message`` with ``{statuses}`` filled in by the statuses' names, lazily; its ``%(value)s``
    stays for the form or the importer to fill."""
    return format_lazy(message, statuses=IN_WORDS)
