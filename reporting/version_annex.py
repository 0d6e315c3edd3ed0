"""The gewijzigde strategische nota: the annex the raad adopts with an aanpassing of the meerjarenplan.

Every change of a version against the one before it, in plan order: per doelstelling its changed
items (the doelstelling itself, its actieplannen and their acties), then the projecten and the
indicatoren, and the ramingen that changed, per doelstelling and for the whole plan, old, new and the
difference. One content model, read from the stored comparison (``versions/compare.py``); the Word
file (``version_annex_word.py``) and the PDF (``version_annex_pdf.py``) are both written from it.
"""

import functools
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.code_version import code_version
from plans.money import euro
from versions import compare
from versions.models import ADOPTED_STATES, Comparison, ItemKind, PlanVersion

FORMATS = ("docx", "pdf")
NO_VERSION_BEFORE = gettext_lazy(
    "%(version)s is de eerste versie van het plan: er is geen vorige versie om ze mee te vergelijken."
)
STILL_A_DRAFT = gettext_lazy(
    "%(version)s is nog een ontwerp. De gewijzigde strategische nota volgt uit de vastgestelde versie: "
    "maak ze aan zodra de raad de aanpassing vaststelt."
)


@dataclass(frozen=True)
class AnnexLine:
    kind: str  # doelstelling, actieplan, actie, project, indicator
    number: str
    title: str
    change: str  # in words: toegevoegd, geschrapt, …
    text: str  # what changed, in words
    priority: bool


@dataclass(frozen=True)
class AnnexSection:
    heading: str
    lines: tuple[AnnexLine, ...]


@dataclass(frozen=True)
class MoneyLine:
    year: str  # a year, or "alle jaren"
    category: str
    expenses: tuple[str, str, str]  # old, new, the difference with its sign (as printed)
    receipts: tuple[str, str, str]
    is_total: bool


@dataclass(frozen=True)
class MoneyBlock:
    heading: str
    lines: tuple[MoneyLine, ...]


@dataclass(frozen=True)
class Annex:
    plan_name: str
    authority: str
    newer_name: str
    older_name: str
    council_date: object  # the raad's date of the newer version
    sections: tuple[AnnexSection, ...] = field(default=())
    money: tuple[MoneyBlock, ...] = field(default=())

    @property
    def title(self) -> str:
        return _("Gewijzigde strategische nota")

    @property
    def subtitle(self) -> str:
        return _("%(newer)s tegenover %(older)s") % {"newer": self.newer_name, "older": self.older_name}

    @property
    def date_text(self) -> str:
        if self.council_date is None:
            return _(
                "Ontwerp voor de raad: de wijzigingen met het akkoord van het college, zoals ze vandaag "
                "doorgevoerd zouden worden."
            )
        return _("Vastgesteld door de raad op %(date)s") % {
            "date": formats.date_format(self.council_date, "j F Y")
        }

    @property
    def count(self) -> int:
        return sum(len(section.lines) for section in self.sections)

    @property
    def count_text(self) -> str:
        if not self.count:
            return _("%(newer)s veranderde niets aan de strategische nota tegenover %(older)s.") % {
                "newer": self.newer_name,
                "older": self.older_name,
            }
        return _(
            "Deze bijlage somt elke wijziging van %(newer)s tegenover %(older)s op, in de volgorde van het "
            "plan: %(count)s wijzigingen."
        ) % {"newer": self.newer_name, "older": self.older_name, "count": self.count}

    @property
    def money_text(self) -> str:
        return _(
            "De ramingen die veranderden, per doelstelling en voor het hele plan: oud, nieuw en het verschil "
            "(+ meer, − minder), per jaar en per categorie."
        )

    def headers(self) -> list[str]:
        return [_("Nr."), _("Item"), _("Wijziging"), _("Wat veranderde")]

    def money_headers(self) -> list[str]:
        return [
            _("Jaar"),
            _("Categorie"),
            _("Uitgaven oud"),
            _("Uitgaven nieuw"),
            _("Verschil uitgaven"),
            _("Ontvangsten oud"),
            _("Ontvangsten nieuw"),
            _("Verschil ontvangsten"),
        ]

    def fingerprint(self) -> str:
        """A digest of what the annex shows and of the code that writes it (a stored PDF's name)."""
        return hashlib.sha256(repr((self, _code_version())).encode()).hexdigest()


@functools.cache
def _code_version() -> str:
    return code_version(settings.BASE_DIR)


def version_before(version: PlanVersion) -> PlanVersion:
    """The version the annex compares ``version`` with: the one before it. Refused (ValidationError)
    for the first version and for a version still in ontwerp."""
    if version.state not in ADOPTED_STATES:
        raise ValidationError(STILL_A_DRAFT, code="draft", params={"version": version.name})
    before = (
        PlanVersion.objects.filter(plan_id=version.plan_id, number__lt=version.number)
        .filter(state__in=ADOPTED_STATES)
        .order_by("-number")
        .first()
    )
    if before is None:
        raise ValidationError(NO_VERSION_BEFORE, code="first", params={"version": version.name})
    return before


def _unbroken(text: str) -> str:
    return text.replace(" ", "\u00a0")


def _line(row: dict) -> AnnexLine:
    text = compare.describe(row)
    return AnnexLine(
        kind=compare.kind_label(row),
        number=row["number"],
        title=row["title"],
        change=compare.change_label(row),
        text=text,
        priority=bool(row["priority"]),
    )


def _money_block(row: dict) -> MoneyBlock:
    heading = compare.money_heading(row)
    lines = []
    for line in compare.money_lines(row["money"]):
        exp_old, exp_new, exp_difference = line["expenses"]
        rec_old, rec_new, rec_difference = line["receipts"]
        lines.append(
            MoneyLine(
                year=_("alle jaren") if line["is_total"] else line["year"],
                category=line["category_label"],
                expenses=(
                    _unbroken(euro(exp_old)),
                    _unbroken(euro(exp_new)),
                    _unbroken(compare.signed_euro(exp_difference)),
                ),
                receipts=(
                    _unbroken(euro(rec_old)),
                    _unbroken(euro(rec_new)),
                    _unbroken(compare.signed_euro(rec_difference)),
                ),
                is_total=line["is_total"],
            )
        )
    return MoneyBlock(heading, tuple(lines))


def build_annex(comparison: Comparison) -> Annex:
    """The annex from the stored comparison's rows: no query beyond what ``comparison`` holds."""
    rows = comparison.rows
    goals = {goal["item_id"]: goal for goal in compare.goals(rows)}
    sections: list[AnnexSection] = []
    heading, lines = None, []

    def close() -> None:
        if lines:
            sections.append(AnnexSection(heading or "", tuple(lines)))

    for row in compare.changes_of(rows):
        if row["kind"] == ItemKind.PROJECT:
            wanted = _("Projecten")
        elif row["kind"] == ItemKind.INDICATOR:
            wanted = _("Indicatoren")
        elif row.get("goal_id") in goals:
            goal = goals[row["goal_id"]]
            wanted = _("Doelstelling %(goal)s") % {"goal": f"{goal['number']} {goal['title']}".strip()}
        else:
            wanted = _("Zonder doelstelling")
        if wanted != heading:
            close()
            heading, lines = wanted, []
        lines.append(_line(row))
    close()
    money = tuple(
        _money_block(row)
        for row in compare.money_of(rows)
        if row["level"] in (compare.PLAN_LEVEL, ItemKind.GOAL) and row["money"]
    )
    plan = comparison.older.plan
    return Annex(
        plan_name=plan.name,
        authority=plan.authority,
        newer_name=comparison.newer.name,
        older_name=comparison.older.name,
        council_date=comparison.newer.council_date,
        sections=tuple(sections),
        money=money,
    )


def file_name(annex: Annex, extension: str) -> str:
    """E.g. ``gemeente-x-gewijzigde-strategische-nota-amjp-2026-1.docx``."""
    return f"{slugify(annex.authority)}-gewijzigde-strategische-nota-{slugify(annex.newer_name)}.{extension}"
