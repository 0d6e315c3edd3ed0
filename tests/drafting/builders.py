"""Small drafts for the tests: a draft with the seed's steps, chapters, ambitions and proposals,
and a helper that takes a proposal through steps as the meetings would."""

from drafting import drafts, steps
from drafting.models import Draft, Outcome, Proposal, ProposalKind, Standing, Subject
from tests.factories import default_organisation


def a_draft(
    *, start_year: int = 2020, end_year: int = 2025, chapters=("Welzijn", "Omgeving"), organisation=None
) -> Draft:
    draft = drafts.start(
        organisation or default_organisation(),
        by=None,
        name=f"Meerjarenplan {start_year}–{end_year}",
        authority="Stad Voorbeeld",
        start_year=start_year,
        end_year=end_year,
        agreement="Bestuursakkoord",
    )
    for name in chapters:
        chapter = drafts.add_chapter(draft, name, by=None)
        drafts.add_ambitions(chapter, [f"Ambitie A van {name}\nAmbitie B van {name}"], by=None)
    return draft


def an_action_plan(
    draft: Draft, title: str = "We ontwikkelen een preventief gezondheidsbeleid", **fields
) -> Proposal:
    return steps.propose(draft, kind=ProposalKind.ACTION_PLAN, title=title, by=None, **fields)


def a_goal(draft: Draft, title: str = "We halveren de armoede tegen 2030", **fields) -> Proposal:
    return steps.propose(draft, kind=ProposalKind.GOAL, title=title, by=None, **fields)


def through_all_steps(proposal: Proposal, by=None) -> Proposal:
    """Akkoord in every meeting: the proposal is weerhouden."""
    while proposal.standing == Standing.UNDER_WAY:
        proposal = steps.decide(proposal, proposal.step, Outcome.AGREED, by=by).proposal
    return proposal


def retained_action_plan(
    draft: Draft, title: str = "We ontwikkelen een preventief gezondheidsbeleid", **fields
) -> Proposal:
    return through_all_steps(an_action_plan(draft, title, **fields))


def step_named(draft: Draft, subject: str, position: int):
    return steps.steps_of(draft, subject).get(position=position)


__all__ = ["Subject"]
