"""A draft and what it is made of: the akkoord's chapters and ambitions, the mandatarissen, the
proposals' own fields, the remarks, and the acties and projecten that detail an actieplan (stap 4).
Each write checks who writes and that the draft is not adopted yet; an edit on an outdated copy is
refused (``core/changes.py``).
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core import changes
from drafting import access, steps
from drafting.models import (
    Ambition,
    Chapter,
    Draft,
    DraftAmount,
    DraftItem,
    Mandatary,
    Proposal,
    ProposalKind,
    Remark,
    Standing,
)
from reporting.amounts_import import parse_amount

EMPTY_REMARK = _("Schrijf de opmerking en zeg van wie ze komt (de bron).")
NOT_DETAILED = _("Enkel een weerhouden actieplan wordt uitgewerkt in acties en projecten.")
NOT_AN_AMOUNT = _("“%(value)s” is geen bedrag. Schrijf een bedrag in euro, bv. 125.000 of 12.500,50.")
NEGATIVE_AMOUNT = _("Een raming is nooit negatief (%(value)s). Kies ontvangst voor geld dat binnenkomt.")


def _check_cel(by) -> None:
    if by is not None and not access.may_draft(by):
        raise PermissionDenied(access.ONLY_CEL)


@transaction.atomic
def start(organisation, *, by: AbstractBaseUser | None, **fields) -> Draft:
    """A new draft for a new period, with the seed's decision steps (which the cel may then change)."""
    _check_cel(by)
    draft = changes.save(
        Draft(organisation=organisation, created_by=by, **fields), by=by, reason=str(_("ontwerp gestart"))
    )
    steps.add_default_steps(draft, by=by)
    return draft


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def add_chapter(draft: Draft, name: str, *, by: AbstractBaseUser | None) -> Chapter:
    steps.check_drafting(draft)
    _check_cel(by)
    chapter = Chapter(draft=draft, name=name.strip(), position=_next_position(draft.chapters.all()))
    return changes.save(chapter, by=by, reason=str(_("hoofdstuk toegevoegd")))


def add_ambitions(chapter: Chapter, texts: Iterable[str], *, by: AbstractBaseUser | None) -> list[Ambition]:
    """Ambitions typed or pasted from the akkoord: one per non-empty line."""
    steps.check_drafting(chapter.draft)
    _check_cel(by)
    start_at = _next_position(chapter.ambitions.all())
    lines = [line.strip(" \t-•*") for text in texts for line in text.splitlines()]
    ambitions = [
        Ambition(chapter=chapter, text=line, position=start_at + index)
        for index, line in enumerate(line for line in lines if line)
    ]
    return changes.create_many(ambitions, by=by, reason=str(_("ambities uit het akkoord")))


def add_mandatary(organisation, *, name: str, mandate: str = "", by: AbstractBaseUser | None) -> Mandatary:
    _check_cel(by)
    return changes.save(
        Mandatary(organisation=organisation, name=name.strip(), mandate=mandate.strip()),
        by=by,
        reason=str(_("mandataris")),
    )


@transaction.atomic
def edit_proposal(
    proposal: Proposal,
    values: Mapping[str, Any],
    *,
    by: AbstractBaseUser | None,
    version: int | None,
    ambitions: Iterable | None = None,
) -> Proposal:
    """The proposal's own fields (not its standing: that is the meetings' to decide)."""
    steps.check_drafting(proposal.draft)
    _check_cel(by)
    current = changes.locked(proposal)
    changes.check_unchanged(current, version)
    for name, value in values.items():
        setattr(current, name, value)
    links = {"ambitions": list(ambitions)} if ambitions is not None else None
    return changes.save(current, by=by, reason=str(_("voorstel aangepast")), links=links)


def add_remark(proposal: Proposal, *, source: str, text: str, by: AbstractBaseUser | None) -> Remark:
    if by is not None and not access.may_remark(by, proposal):
        raise PermissionDenied(access.NOT_YOURS)
    if not source.strip() or not text.strip():
        raise ValidationError(EMPTY_REMARK, code="empty_remark")
    remark = Remark(proposal=proposal, source=source.strip(), text=text.strip(), author=by)
    return changes.save(remark, by=by, reason=str(_("opmerking")))


@transaction.atomic
def add_item(proposal: Proposal, *, by: AbstractBaseUser | None, **fields) -> DraftItem:
    """An actie or project that details a retained actieplan."""
    proposal = Proposal.objects.select_related("draft").get(pk=proposal.pk)  # as it stands now
    steps.check_drafting(proposal.draft)
    _check_cel(by)
    if proposal.kind != ProposalKind.ACTION_PLAN or proposal.standing != Standing.RETAINED:
        raise ValidationError(NOT_DETAILED, code="not_detailed")
    item = DraftItem(proposal=proposal, position=_next_position(proposal.items.all()), **fields)
    return changes.save(item, by=by, reason=str(_("uitgewerkt in acties")))


def edit_item(
    item: DraftItem, values: Mapping[str, Any], *, by: AbstractBaseUser | None, version: int | None
) -> DraftItem:
    steps.check_drafting(item.proposal.draft)
    _check_cel(by)
    reason = str(_("actie aangepast"))
    return changes.update(item, values, by=by, reason=reason, version=version).record


def parse_estimate(value) -> Decimal:
    text = str(value).strip()
    try:
        amount = parse_amount(text or "x")
    except ValueError:
        raise ValueError(NOT_AN_AMOUNT % {"value": text}) from None
    if amount < 0:
        raise ValueError(NEGATIVE_AMOUNT % {"value": text})
    return amount


@transaction.atomic
def set_estimate(
    item: DraftItem,
    *,
    year: int,
    category: str,
    direction: str,
    budget_code: str,
    amount,
    by: AbstractBaseUser | None,
    version: int | None = None,
) -> DraftAmount:
    """A raming of one year, category, direction and budget code (0 to take it back)."""
    steps.check_drafting(item.proposal.draft)
    _check_cel(by)
    try:
        value = parse_estimate(amount)
    except ValueError as error:
        raise ValidationError({"amount": ValidationError(str(error), code="amount")}) from None
    key = {
        "item": item,
        "year": year,
        "category": category,
        "direction": direction,
        "budget_code": budget_code.strip(),
    }
    existing = DraftAmount.objects.filter(**key).first()
    reason = str(_("raming %(year)s") % {"year": year})
    if existing is None:
        return changes.save(DraftAmount(**key, amount=value), by=by, reason=reason)
    version = existing.version if version is None else version
    return changes.update(existing, {"amount": value}, by=by, reason=reason, version=version).record
