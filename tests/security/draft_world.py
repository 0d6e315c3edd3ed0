"""A draft of the next plan in a security world: one record of every drafting kind, so every drafting
URL has a sample (the role matrix) and the other organisation's draft must stay out of reach."""

from dataclasses import dataclass

from django_scopes import scopes_disabled

from drafting import drafts, envelopes, scenarios, steps
from drafting.models import (
    ChangeKind,
    Draft,
    DraftItem,
    Outcome,
    Proposal,
    ProposalKind,
    Scenario,
    Step,
    Subject,
)
from plans.models import Goal, Plan


@dataclass
class DraftWorld:
    draft: Draft
    step: Step  # the first step of the actieplannen, with a proposal on its agenda
    action_plan: Proposal  # weerhouden, of the world's dienst (its eigenaar sees it)
    waiting: Proposal  # still on the first step's agenda
    goal: Proposal
    scenario: Scenario
    item: DraftItem
    carry_from: str = ""  # the slug of the organisation's plan: the carry-over wizard's sample
    carry_goal: int = 0  # a goal of that plan (its version 1 is recorded by the version world)


def build_draft_world(organisation, *, department, title: str, by) -> DraftWorld:
    draft = drafts.start(
        organisation,
        by=by,
        name=f"Meerjarenplan 2026–2031 ({title})",
        authority=title,
        start_year=2026,
        end_year=2031,
        agreement=f"Bestuursakkoord {title}",
    )
    chapter = drafts.add_chapter(draft, f"Welzijn {title}", by=by)
    (ambition,) = drafts.add_ambitions(chapter, [f"Ambitie {title}"], by=by)
    action_plan = steps.propose(
        draft,
        kind=ProposalKind.ACTION_PLAN,
        title=f"Actieplan {title}",
        chapter=chapter,
        department=department,
        ambitions=[ambition],
        by=by,
    )
    while action_plan.standing != "weerhouden":
        action_plan = steps.decide(action_plan, action_plan.step, Outcome.AGREED, by=by).proposal
    waiting = steps.propose(
        draft,
        kind=ProposalKind.ACTION_PLAN,
        title=f"Wachtend actieplan {title}",
        department=department,
        by=by,
    )
    goal = steps.propose(draft, kind=ProposalKind.GOAL, title=f"Doelstelling {title}", by=by)
    envelopes.set_envelope(action_plan, 2026, operating="100.000", investment="0", by=by)
    envelopes.set_room(draft, 2026, available="50.000", self_financing_margin="", by=by)
    scenario = scenarios.start(draft, name=f"Scenario {title}", by=by)
    scenarios.add_change(scenario, action_plan, ChangeKind.LOWER, percent=10, by=by)
    item = drafts.add_item(action_plan, title=f"Actie {title}", start_year=2026, end_year=2027, by=by)
    drafts.set_estimate(
        item, year=2026, category="E", direction="uitgave", budget_code="0900/6130000", amount="1.000", by=by
    )
    first = steps.steps_of(draft, Subject.ACTION_PLANS).first()
    with scopes_disabled():
        plan = Plan.objects.filter(organisation=organisation).order_by("pk").first()
        carry_goal = Goal.objects.filter(plan=plan).order_by("sort_key", "pk").first() if plan else None
    return DraftWorld(
        draft,
        first,
        action_plan,
        waiting,
        goal,
        scenario,
        item,
        carry_from=plan.slug if plan else "geen-plan",
        carry_goal=carry_goal.pk if carry_goal else 0,
    )


def draft_paths(world: DraftWorld) -> dict[str, str]:
    """A sample path for every drafting URL."""
    base = f"/ontwerp/{world.draft.pk}"
    item = world.item.pk
    scenario = world.scenario.pk
    return {
        "drafting:drafts": "/ontwerp/",
        "drafting:draft": f"{base}/",
        "drafting:agreement": f"{base}/akkoord/",
        "drafting:add_chapter": f"{base}/akkoord/hoofdstuk/",
        "drafting:add_ambitions": f"{base}/akkoord/ambities/",
        "drafting:add_mandatary": f"{base}/akkoord/mandataris/",
        "drafting:proposals": f"{base}/voorstellen/",
        "drafting:new_proposal": f"{base}/voorstellen/nieuw/",
        "drafting:proposal": f"{base}/voorstellen/{world.action_plan.pk}/",
        "drafting:edit_proposal": f"{base}/voorstellen/{world.action_plan.pk}/bewerken/",
        "drafting:steps": f"{base}/stappen/",
        "drafting:add_step": f"{base}/stappen/actieplannen/toevoegen/",
        "drafting:meeting": f"{base}/stappen/{world.step.pk}/",
        "drafting:edit_step": f"{base}/stappen/{world.step.pk}/aanpassen/",
        "drafting:remove_step": f"{base}/stappen/{world.step.pk}/schrappen/",
        "drafting:decide": f"{base}/stappen/{world.step.pk}/beslissen/{world.waiting.pk}/",
        "drafting:nota": f"{base}/stappen/{world.step.pk}/nota.docx",
        "drafting:envelopes": f"{base}/enveloppes/",
        "drafting:save_envelope": f"{base}/enveloppes/{world.action_plan.pk}/",
        "drafting:save_room": f"{base}/enveloppes/ruimte/",
        "drafting:scenarios": f"{base}/scenarios/",
        "drafting:start_scenario": f"{base}/scenarios/nieuw/",
        "drafting:scenario": f"{base}/scenarios/{scenario}/",
        "drafting:scenario_change": f"{base}/scenarios/{scenario}/keuze/",
        "drafting:scenario_apply": f"{base}/scenarios/{scenario}/toepassen/",
        "drafting:scenario_drop": f"{base}/scenarios/{scenario}/verwerpen/",
        "drafting:framework": f"{base}/kader/",
        "drafting:framework_link": f"{base}/kader/koppelen/",
        "drafting:detailing": f"{base}/uitwerking/",
        "drafting:detailing_action_plan": f"{base}/uitwerking/{world.action_plan.pk}/",
        "drafting:detailing_add_item": f"{base}/uitwerking/{world.action_plan.pk}/nieuw/",
        "drafting:detailing_item": f"{base}/uitwerking/actie/{item}/",
        "drafting:detailing_remove": f"{base}/uitwerking/actie/{item}/schrappen/",
        "drafting:detailing_estimate": f"{base}/uitwerking/actie/{item}/raming/",
        "drafting:adoption": f"{base}/vaststelling/",
        "drafting:carry_over": "/ontwerp/vervolg/",
        "drafting:carry_over_goals": f"/ontwerp/vervolg/{world.carry_from}/",
        "drafting:carry_over_goal": f"/ontwerp/vervolg/{world.carry_from}/doelstelling/{world.carry_goal}/",
        "drafting:carry_over_confirm": f"/ontwerp/vervolg/{world.carry_from}/bevestigen/",
        "drafting:carry_over_progress": f"/ontwerp/vervolg/{world.carry_from}/wordt-aangemaakt/onbekend/",
    }
