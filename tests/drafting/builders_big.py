"""A big draft for the bench (issue 31's "Scale and speed") and the tests that count queries: 300
actieplannen with the seed's six steps, envelopes for six years, the room for those years, and 1,500
acties with their ramingen, all made in bulk (``core.changes.create_many``: each row with its history).

Every actieplan has passed the first five meetings (their decisions are its trail) and waits on the
agenda of the last, the college (CBS), where the detailing is approved: that meeting's nota and
decision page show them all. With ``retained=True`` the college decided akkoord on every one, so they
are weerhouden and the reality check weighs all their envelopes against the room.
"""

import datetime
from decimal import Decimal

from core import changes
from drafting import drafts, steps
from drafting.models import (
    Decision,
    Draft,
    DraftAmount,
    DraftItem,
    Envelope,
    ItemKind,
    Mandatary,
    Outcome,
    Proposal,
    ProposalKind,
    Room,
    Standing,
    Subject,
)
from plans.models import Category, Direction
from tests.factories import default_organisation

CHAPTERS = ("Welzijn", "Omgeving", "Beleving", "Organisatie")
PARTNERS = "LOGO Kempen, gezins- en gezondheidsraad, Orion, Licalab, adviesraden"
POINTS = "Doelgroep: kwetsbare gezinnen.\nWijk: centrum en Zuiderkempen.\nAmbitie verduidelijken."


def a_big_draft(
    organisation=None,
    *,
    action_plans: int = 300,
    items: int = 1_500,
    start_year: int = 2020,
    years: int = 6,
    retained: bool = False,
    name: str = "",
) -> Draft:
    """The big draft (see the module's docstring); ``action_plans`` and ``items`` scale it down for a
    test that compares query counts."""
    organisation = organisation or default_organisation()
    end_year = start_year + years - 1
    draft = drafts.start(
        organisation,
        by=None,
        name=name or f"Groot meerjarenplan {start_year}–{end_year} (verzonnen)",
        authority="Stad Groot (verzonnen)",
        start_year=start_year,
        end_year=end_year,
        agreement="Bestuursakkoord (verzonnen)",
    )
    chapters = [drafts.add_chapter(draft, chapter, by=None) for chapter in CHAPTERS]
    existing = set(Mandatary.objects.filter(organisation=organisation).values_list("name", flat=True))
    wanted = [f"Schepen {n} (verzonnen)" for n in range(1, 11)]
    changes.create_many(
        [
            Mandatary(organisation=organisation, name=each, mandate="schepen")
            for each in wanted
            if each not in existing
        ],
        by=None,
        reason="groot ontwerp",
    )
    mandataries = list(Mandatary.objects.filter(organisation=organisation, name__in=wanted).order_by("name"))
    course = list(steps.steps_of(draft, Subject.ACTION_PLANS))
    last = course[-1]
    proposals = changes.create_many(
        [
            Proposal(
                draft=draft,
                kind=ProposalKind.ACTION_PLAN,
                number=str(n),
                title=f"Verzonnen actieplan {n}: we versterken het aanbod in wijk {n % 25 + 1}",
                short_title=f"Verzonnen actieplan {n}",
                chapter=chapters[n % len(chapters)],
                political_contact=mandataries[n % len(mandataries)],
                partners=PARTNERS,
                points_of_attention=POINTS,
                position=n,
                step=None if retained else last,
                standing=Standing.RETAINED if retained else Standing.UNDER_WAY,
            )
            for n in range(1, action_plans + 1)
        ],
        by=None,
        reason="groot ontwerp",
    )
    decided = course if retained else course[:-1]
    moment = datetime.datetime(start_year - 1, 2, 7, 12, tzinfo=datetime.UTC)
    changes.create_many(
        [
            Decision(proposal=p, step=s, outcome=Outcome.AGREED, decided_at=moment)
            for p in proposals
            for s in decided
        ],
        by=None,
        reason="groot ontwerp",
    )
    changes.create_many(
        [
            Envelope(
                proposal=p,
                year=year,
                operating=Decimal(10_000 * (n % 40 + 1)),
                investment=Decimal(25_000 * (n % 7)),
            )
            for n, p in enumerate(proposals)
            for year in draft.years
        ],
        by=None,
        reason="groot ontwerp",
    )
    changes.create_many(
        [
            Room(
                draft=draft,
                year=year,
                available=Decimal(60_000_000),
                self_financing_margin=Decimal(9_000_000),
            )
            for year in draft.years
        ],
        by=None,
        reason="groot ontwerp",
    )
    per_plan = max(1, items // max(1, action_plans))
    made = changes.create_many(
        [
            DraftItem(
                proposal=p,
                kind=ItemKind.ACTION,
                number=f"{p.number}.{k}",
                title=f"Verzonnen actie {p.number}.{k}",
                position=k,
                start_year=start_year + k % years,
                end_year=min(end_year, start_year + k % years + 1),
                task_city="Coördineren en financieren.",
                task_partners="Uitvoeren in de wijk.",
                task_citizens="Meedenken in de adviesraad.",
            )
            for p in proposals
            for k in range(1, per_plan + 1)
        ][:items],
        by=None,
        reason="groot ontwerp",
    )
    changes.create_many(
        [
            DraftAmount(
                item=item,
                year=year,
                category=Category.OPERATING,
                direction=Direction.EXPENSE,
                budget_code="0950/6130000",
                amount=Decimal(5_000 + n % 97 * 100),
            )
            for n, item in enumerate(made)
            for year in range(item.start_year, item.end_year + 1)
        ],
        by=None,
        reason="groot ontwerp",
    )
    return draft


def the_last_meeting(draft: Draft):
    """The college (CBS), on whose agenda every actieplan of a draft not yet retained waits."""
    return steps.steps_of(draft, Subject.ACTION_PLANS).last()
