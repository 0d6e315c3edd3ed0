"""A large synthetic plan for benchmarks: goals, action plans, actions, projects, rounds and history.

Everything is written in bulk with django-simple-history's bulk helpers, so the plan has the
history a real one would have after years of rounds: several versions per item, every status and
life cycle, and proposals of every kind.
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_scopes import scope

from core import changes
from core.roles import CEL, MANAGEMENT_TEAM
from demo.synthetic_indicators import generate_indicators
from organisations.membership import add_member
from organisations.models import Organisation
from plans.models import (
    Action,
    ActionPlan,
    Amount,
    AmountKind,
    Category,
    Direction,
    Entity,
    Goal,
    LifeCycle,
    Plan,
    PolicyField,
    Project,
    Status,
)
from plans.projects import check_links
from plans.proposals import approve, draft_proposal, free_action_number, submit
from reporting.rounds import close_round, open_round

VERBS = [
    "We versterken",
    "We ondersteunen",
    "We organiseren",
    "We ontwikkelen",
    "We stimuleren",
    "We bewaken",
    "We optimaliseren",
    "We vernieuwen",
    "We verbeteren",
    "We begeleiden",
    "We onderzoeken",
    "We realiseren",
]
OBJECTS = [
    "de vrijwilligerswerking",
    "de buurtgerichte dienstverlening",
    "het welzijnsonthaal",
    "de mantelzorgers",
    "de kinderopvang",
    "het patrimonium",
    "de interne communicatie",
    "de sociale huisvesting",
    "de activering van kwetsbare burgers",
    "de samenwerking met de Stad",
    "het personeelsbeleid",
    "de digitale dienstverlening",
    "de seniorenwerking",
    "het energieverbruik",
    "de jeugdwerking",
]
PURPOSES = [
    "zodat elke inwoner zijn weg vindt",
    "in samenwerking met onze partners",
    "met aandacht voor kwetsbare gezinnen",
    "binnen de beschikbare middelen",
    "in elke deelgemeente",
    "tegen het einde van de legislatuur",
    "samen met de adviesraden",
    "op basis van meetbare indicatoren",
]
PEOPLE = [
    "Dienst welzijn",
    "Sociale zaken",
    "Strategische cel",
    "Team patrimonium",
    "Dienst P&O",
    "ICT",
    "Communicatie",
    "Financiële dienst",
    "Team wonen",
    "Buurtwerking",
]
EXPLANATION = (
    "De werking werd in {year} geëvalueerd. {object} kreeg extra aandacht en de eerste resultaten zijn "
    "zichtbaar. Volgende stap: afstemming met de betrokken diensten en rapportering aan het managementteam."
)


POLICY_FIELDS = [
    ("0119", "Overige algemene diensten"),
    ("0300", "Politiediensten"),
    ("0610", "Gebiedsontwikkeling"),
    ("0629", "Overig woonbeleid"),
    ("0740", "Sportsector"),
    ("0900", "Sociaal beleid"),
    ("0945", "Kinderopvang"),
    ("0959", "Overige verrichtingen betreffende ouderen"),
]
ENTITIES = [("GEM", "Gemeente"), ("OCMW", "OCMW")]


def _title(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}."


@transaction.atomic
def generate_plan(
    *,
    slug: str,
    goals: int,
    action_plans: int,
    actions: int,
    projects: int,
    rounds: int,
    by: AbstractBaseUser,
    reviewer: AbstractBaseUser,
    progress: Callable[[str, float], None] = lambda *a: None,
    seed: int = 2017,
    indicators: int = 0,
    organisation: Organisation | None = None,
    estimates: bool = True,
) -> Plan:
    """Build the plan, in ``organisation`` or else in its own new one named after the slug;
    ``progress(step, fraction)`` is told how far it is. ``estimates=False`` leaves out the ramingen
    (half the build time), for worlds of many plans."""
    rng = random.Random(seed)
    start = 2020 - rounds // 2
    reason = {"by": by, "reason": "gegenereerd"}
    if organisation is None:
        organisation = changes.save(Organisation(name=f"Stad {slug.title()}", slug=slug), **reason)
        add_member(by, organisation, CEL)
        add_member(reviewer, organisation, MANAGEMENT_TEAM)
    # Written as the organisation's cel would: in its scope, with that membership's role.
    with scope(organisation=organisation.pk):
        plan = changes.save(
            Plan(
                organisation=organisation,
                name=f"Meerjarenplan {start}–{start + 5}",
                authority=f"Stad {slug.title()}",
                start_year=start,
                end_year=start + 5,
                slug=slug,
            ),
            **reason,
        )
        goal_objs = changes.create_many(
            [
                Goal(plan=plan, number=f"SD{n}", title=_title(rng), external_code=f"BD{n:06d}")
                for n in range(1, goals + 1)
            ],
            **reason,
        )
        entity_objs = changes.create_many(
            [Entity(plan=plan, code=code, name=f"{name} {slug.title()}") for code, name in ENTITIES], **reason
        )
        policy_field_objs = _policy_fields(reason)
        progress("doelstellingen", 1)
        changes.create_many(
            [
                ActionPlan(
                    plan=plan,
                    goal=goal_objs[n % goals] if goals else None,
                    number=str(n * 10),
                    title=_title(rng),
                    external_code=f"AP{n:06d}",
                    responsible=rng.choice(PEOPLE),
                    status=rng.choice(Status.values),
                    explanation=EXPLANATION.format(year=start, object="Het actieplan"),
                )
                for n in range(1, action_plans + 1)
            ],
            **reason,
        )
        action_plan_objs = list(ActionPlan.objects.in_plan(plan).order_by("sort_key"))
        progress("actieplannen", 1)
        new_actions = []
        for index in range(actions):
            action_plan = action_plan_objs[index % action_plans]
            number = f"{action_plan.number}.{index // action_plans + 1}"
            first = start + rng.randrange(0, 4)
            new_actions.append(
                Action(
                    action_plan=action_plan,
                    number=number,
                    title=_title(rng),
                    responsible=rng.choice(PEOPLE),
                    status=rng.choice(Status.values),
                    start_year=first,
                    end_year=first + rng.randrange(0, 3),
                    explanation=EXPLANATION.format(year=first, object="De actie"),
                    priority=index % 3 == 0,  # a third of the acties prioritair
                    entity=entity_objs[index % len(entity_objs)],
                    policy_field=rng.choice(policy_field_objs),
                    external_code=f"AC{index + 1:06d}",
                )
            )
        for batch in range(0, len(new_actions), 2000):
            changes.create_many(new_actions[batch : batch + 2000], **reason)
            progress("acties", min(1, (batch + 2000) / max(1, len(new_actions))))
        action_objs = list(
            Action.objects.in_plan(plan).select_related("action_plan__plan").order_by("sort_key")
        )
        if estimates:
            _estimates(plan, rng, action_objs, reason)
        progress("ramingen", 1)
        new_projects = [
            Project(
                plan=plan,
                name=f"Project {n:04d} {rng.choice(OBJECTS)}",
                project_leader=rng.choice(PEOPLE),
                status=rng.choice(Status.values),
            )
            for n in range(1, projects + 1)
        ]
        # Chosen after all the names, in their order, as the generator always drew them.
        linked = [rng.sample(action_plan_objs, 2) for _project in new_projects]
        for chosen in linked:
            check_links(plan, action_plans=chosen)
        changes.create_many(new_projects, **reason, links=[{"action_plans": chosen} for chosen in linked])
        project_objs = list(Project.objects.in_plan(plan))
        progress("projecten", 1)
        items = [*action_plan_objs, *action_objs, *project_objs]
        for number in range(rounds):
            date = datetime.date(
                start + number // 2, 6 if number % 2 == 0 else 12, 30 if number % 2 == 0 else 15
            )
            moment = datetime.datetime.combine(date, datetime.time(10), tzinfo=datetime.UTC)
            changed = rng.sample(items, len(items) // 3)
            for model in (ActionPlan, Action, Project):
                objs = [item for item in changed if type(item) is model]
                for item in objs:
                    item.status = rng.choice(Status.values)
                    item.explanation = EXPLANATION.format(year=date.year, object="De opvolging")
                changes.update_many(
                    objs, ["status", "explanation"], by=by, reason="rapportering", date=moment
                )
            close_round(open_round(plan=plan, name=f"Rapportering {date:%m/%Y}", date=date, by=by), by=by)
            progress("rapporteringen", (number + 1) / max(1, rounds))
        _life_cycles(rng, action_objs, by)
        _proposals(plan, rng, action_plan_objs, by, reviewer)
        progress("voorstellen", 1)
        if indicators:
            generate_indicators(plan, count=indicators, by=by)
            progress("indicatoren", 1)
        return plan


def _policy_fields(reason: dict) -> list[PolicyField]:
    """The beleidsvelden of the installation: one list for every plan, so only the missing codes are added."""
    known = {
        field.code: field for field in PolicyField.objects.filter(code__in=[c for c, _n in POLICY_FIELDS])
    }
    missing = [PolicyField(code=code, name=name) for code, name in POLICY_FIELDS if code not in known]
    return [*known.values(), *changes.create_many(missing, **reason)]


# (category, direction, which acties): every actie has exploitatie-uitgaven, half of them
# exploitatie-ontvangsten, a sixth investeringen (uitgaven and ontvangsten), a tenth financiering.
ESTIMATE_KEYS = [
    (Category.OPERATING, Direction.EXPENSE, 1),
    (Category.OPERATING, Direction.RECEIPT, 2),
    (Category.INVESTMENT, Direction.EXPENSE, 6),
    (Category.INVESTMENT, Direction.RECEIPT, 6),
    (Category.FINANCING, Direction.EXPENSE, 10),
    (Category.FINANCING, Direction.RECEIPT, 10),
]


def _estimates(plan: Plan, rng: random.Random, actions: list[Action], reason: dict) -> None:
    """Ramingen for every year of the plan on every actie, in bulk (with history)."""
    batch: list[Amount] = []
    for index, action in enumerate(actions):
        for category, direction, every in ESTIMATE_KEYS:
            if index % every:
                continue
            for year in range(plan.start_year, plan.end_year + 1):
                cents = rng.randrange(100_000, 5_000_000)
                batch.append(
                    Amount(
                        action=action,
                        kind=AmountKind.ESTIMATE,
                        year=year,
                        category=category,
                        direction=direction,
                        amount=Decimal(cents) / 100,
                        source="gegenereerd",
                    )
                )
        if len(batch) >= 5000:
            changes.create_many(batch, **reason)
            batch = []
    changes.create_many(batch, **reason)


def _life_cycles(rng: random.Random, actions: list[Action], by) -> None:
    """About 5% geschrapt and 3% gebundeld into a sibling, as approved proposals would have left them."""
    on = datetime.date(2021, 12, 20)
    sample = rng.sample(actions, len(actions) // 12)
    removed, merged = sample[: len(sample) * 5 // 8], sample[len(sample) * 5 // 8 :]
    for action in removed:
        action.life_cycle, action.life_cycle_date = LifeCycle.REMOVED, on
    siblings = {}
    for action in actions:
        siblings.setdefault(action.action_plan_id, []).append(action)
    merged_ids = {a.pk for a in merged} | {a.pk for a in removed}
    for action in merged:
        target = next((s for s in siblings[action.action_plan_id] if s.pk not in merged_ids), None)
        if target is not None:
            action.life_cycle, action.life_cycle_date, action.merged_into = LifeCycle.MERGED, on, target
    changed = [a for a in sample if a.life_cycle != LifeCycle.ACTIVE]
    fields = ["life_cycle", "life_cycle_date", "merged_into"]
    changes.update_many(changed, fields, by=by, reason="door wijzigingsvoorstel (gegenereerd)")


def _proposals(plan: Plan, rng: random.Random, action_plans: list[ActionPlan], by, reviewer) -> None:
    """A few proposals of every kind, through the real rules: drafted, submitted, some approved."""
    candidates = [ap for ap in action_plans if ap.actions.active().count() >= 3][:12]
    for index, action_plan in enumerate(candidates):
        actions = list(action_plan.actions.active().order_by("sort_key")[:3])
        kind = ["remove", "reword", "merge"][index % 3]
        new_title = _title(rng) if kind != "remove" else ""
        while kind == "reword" and new_title == actions[0].title:  # a rewording must change the text
            new_title = _title(rng)
        proposal = draft_proposal(
            plan=plan,
            kind=kind,
            action_plan=action_plan,
            actions=actions[:1] if kind != "merge" else actions,
            new_title=new_title,
            motivation="Gegenereerd voorstel.",
            new_action_number=free_action_number(action_plan) if kind == "merge" else "",
            by=by,
        )
        submit(proposal, by=by)
        if index % 2:
            approve(proposal, by=reviewer)
