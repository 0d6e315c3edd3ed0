"""The demo: OCMW Turnhout's plan as its "Rapportering december 2017" reports it, and one user per role.

Loading is idempotent and never overwrites: what exists (matched on plan slug, action plan
and action number, project name, username) is left as the users may have edited it; only what
is missing is created, validated by the models' own rules, with history.
"""

import contextlib
import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core import changes, clock
from core.roles import ADMINISTRATOR, CEL, COUNCIL, MANAGEMENT_TEAM, OWNER
from organisations.membership import add_member
from organisations.models import Organisation
from plans import projects
from plans.models import (
    Action,
    ActionPlan,
    ChangeProposal,
    Department,
    Entity,
    Goal,
    Plan,
    PolicyField,
    Project,
)
from plans.proposals import draft_proposal, free_action_number, submit

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "turnhout_2017.toml"
DEMO_REASON = "demo geladen"
DEMO_PASSWORD = "turnhout2017"
TURNHOUT = "ocmw-turnhout"
VOORBEELDGEMEENTE = "voorbeeldgemeente"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    role: str | None  # None: the platform beheerder, a superuser
    last_name: str = ""
    organisation: str = TURNHOUT  # the slug of the organisation they are a member of


# Invented people: per demo organisation one user per role, and a diensthoofd and a project leader who
# own items; above both, the platform beheerder.
DEMO_USERS = [
    DemoUser("cel", "Sofie", CEL),
    DemoUser("mt", "Marc", MANAGEMENT_TEAM),
    DemoUser("raad", "Rita", COUNCIL),
    DemoUser("turnhout-beheerder", "Tom", ADMINISTRATOR, "Janssens"),
    DemoUser("diensthoofd", "Dirk", OWNER, "Peeters"),
    DemoUser("projectleider", "Pieter", OWNER, "Wouters"),
    DemoUser("vg-cel", "Lotte", CEL, "Wuyts", VOORBEELDGEMEENTE),
    DemoUser("vg-mt", "Koen", MANAGEMENT_TEAM, "Goossens", VOORBEELDGEMEENTE),
    DemoUser("vg-raad", "Ines", COUNCIL, "Jacobs", VOORBEELDGEMEENTE),
    DemoUser("vg-beheerder", "Wim", ADMINISTRATOR, "Mertens", VOORBEELDGEMEENTE),
    DemoUser("vg-diensthoofd", "Veerle", OWNER, "Maes", VOORBEELDGEMEENTE),
    DemoUser("vg-projectleider", "Jonas", OWNER, "Claes", VOORBEELDGEMEENTE),
    DemoUser("beheerder", "Bart", None),
]
DEMO_MAIL_DOMAIN = "example.org"  # reserved for examples: the demo's e-mails reach nobody


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def __str__(self) -> str:
        return ", ".join(f"{kind}: {count}" for kind, count in sorted(self.created.items()))


def untitled_action() -> str:
    """The title of an actie the rapportering names only by its number. Short, since every output
    shows it after the number ("120.2 (titel niet vermeld)"); honest: it says so, invents nothing."""
    return _("(titel niet vermeld)")


def seed_moment(day: datetime.date, hour: int) -> datetime.datetime:
    """A moment of the seed's story: ``day`` at ``hour`` o'clock, Belgian time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _story_moment(data: dict) -> contextlib.AbstractContextManager:
    """The plan's items are written as the rapportering reports them: dated on its date."""
    round_data = data.get("reporting_round")
    return clock.dated(seed_moment(round_data["date"], 9)) if round_data else contextlib.nullcontext()


@transaction.atomic
def load_plan_file(path: Path = DEMO_FILE, *, by=None) -> tuple[Plan, LoadReport]:
    """Create the plan described in a plan file (TOML), adding only what is not there yet, written by
    ``by`` (None: "systeem") and dated on the date of the file's rapportering when it has one."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    with _story_moment(data):
        return load_plan_data(data, by=by)


def load_plan_data(data: dict, *, by) -> tuple[Plan, LoadReport]:
    """Create the plan a plan file's data describe, adding only what is not there yet."""
    report = LoadReport()

    def _create(
        model: type[Model], report: LoadReport, *, links: changes.Links | None = None, **values
    ) -> Model:
        obj = changes.save(model(**values), by=by, reason=DEMO_REASON, links=links)
        report.count(str(model._meta.verbose_name_plural))
        return obj

    organisation = organisation_of(data, by=by)
    plan = Plan.objects.filter(slug=data["plan"]["slug"]).first() or _create(
        Plan, report, organisation=organisation, **data["plan"]
    )

    policy_fields = {field.code: field for field in PolicyField.objects.all()}
    for item in data.get("policy_fields", []):
        if item["code"] not in policy_fields:
            policy_fields[item["code"]] = _create(PolicyField, report, **item)
    entities = {entity.code: entity for entity in plan.entities.all()}
    for item in data.get("entities", []):
        if item["code"] not in entities:
            entities[item["code"]] = _create(Entity, report, plan=plan, **item)
    goals = {goal.number: goal for goal in plan.goals.all()}
    for item in data.get("goals", []):
        if item["number"] not in goals:
            goals[item["number"]] = _create(Goal, report, plan=plan, **item)

    action_plans = {ap.number: ap for ap in plan.action_plans.all()}
    actions = {a.number: a for a in Action.objects.in_plan(plan)}
    for item in data["action_plans"]:
        action_plan = action_plans.get(item["number"])
        if action_plan is None:
            values = {key: value for key, value in item.items() if key != "actions"}
            if "goal" in values:
                values["goal"] = goals[values["goal"]]
            action_plan = action_plans[item["number"]] = _create(ActionPlan, report, plan=plan, **values)
        for action_item in item.get("actions", []):
            if action_item["number"] in actions:
                continue
            values = {"title": untitled_action(), **action_item}
            if "entity" in values:
                values["entity"] = entities[values["entity"]]
            if "policy_field" in values:
                values["policy_field"] = policy_fields[values["policy_field"]]
            actions[action_item["number"]] = _create(Action, report, action_plan=action_plan, **values)

    existing_projects = set(plan.projects.values_list("name", flat=True))
    for item in data.get("projects", []):
        if item["name"] in existing_projects:
            continue
        values = {key: value for key, value in item.items() if key not in {"action_plans", "actions"}}
        links = {
            "action_plans": [action_plans[number] for number in item.get("action_plans", [])],
            "actions": [actions[number] for number in item.get("actions", [])],
        }
        projects.check_links(plan, **links)
        _create(Project, report, plan=plan, links=links, **values)
    return plan, report


def organisation_of(data: dict, *, by=None) -> Organisation:
    """The organisation a plan file's ``[organisation]`` names, created when missing."""
    details = data["organisation"]
    found = Organisation.objects.filter(slug=details["slug"]).first()
    return found or changes.save(Organisation(**details), by=by, reason=DEMO_REASON)


@transaction.atomic
def create_demo_users(password: str = DEMO_PASSWORD) -> dict[str, object]:
    """One user per role and organisation, by username; an existing user keeps the password it has."""
    User = get_user_model()
    users = {}
    organisations = {
        organisation.slug: organisation
        for organisation in (
            organisation_of(tomllib.loads(path.read_text(encoding="utf-8")))
            for path in (DEMO_FILE, Path(settings.BASE_DIR) / "fixtures" / "voorbeeldgemeente_2026_2031.toml")
        )
    }
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@{DEMO_MAIL_DOMAIN}",
                # The admin is for the beheerders and the cel; the others work in the pages.
                "is_staff": demo.role in (None, CEL, ADMINISTRATOR),
                "is_superuser": demo.role is None,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        if demo.role and not user.memberships.exists():
            add_member(user, organisations[demo.organisation], demo.role)
        users[demo.username] = user
    return users


def seed_proposals(path: Path = DEMO_FILE) -> list[dict]:
    """The report's change proposals, as the plan file holds them."""
    return tomllib.loads(path.read_text(encoding="utf-8")).get("proposals", [])


@transaction.atomic
def load_proposals(plan: Plan, *, by, round=None, path: Path = DEMO_FILE) -> LoadReport:
    """Submit, as ``by``, each proposal of the plan file that the plan does not have yet, to be
    reported in ``round`` (the demo's rapportering, see ``demo/rounds.py``).

    A proposal is matched on its kind and the items it targets. Each goes through the same rules
    as one written on the pages (``plans/proposals.py``).
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    report = LoadReport()
    existing = {
        (p.kind, p.action_plan.number, frozenset(a.number for a in p.actions.all()))
        for p in plan.proposals.select_related("action_plan").prefetch_related("actions")
    }
    actions = {a.number: a for a in Action.objects.in_plan(plan).select_related("action_plan")}
    for item in data.get("proposals", []):
        targets = [actions[number] for number in item.get("actions", [])]
        action_plan = targets[0].action_plan if targets else plan.action_plans.get(number=item["action_plan"])
        if (item["kind"], action_plan.number, frozenset(item.get("actions", []))) in existing:
            continue
        merge_into = actions[item["into"]] if "into" in item else None
        new_number = free_action_number(action_plan) if item["kind"] == "merge" and not merge_into else ""
        proposal = draft_proposal(
            plan=plan,
            kind=item["kind"],
            action_plan=action_plan,
            actions=targets,
            merge_into=merge_into,
            new_action_number=new_number,
            new_title=item.get("new_title") or item.get("into_title", ""),
            motivation=item["motivation"],
            round=round,
            by=by,
        )
        submit(proposal, by=by)
        report.count(str(ChangeProposal._meta.verbose_name_plural))
    return report


@transaction.atomic
def load_owners(plan: Plan, *, by, path: Path = DEMO_FILE) -> LoadReport:
    """Give the plan file's diensten (with head and members) and eigenaars their items, by username.
    Creates a dienst only when missing and sets an eigenaar only on an item that has none, so what
    users changed stays as it is."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    report = LoadReport()
    users = {user.username: user for user in get_user_model().objects.all()}
    owners = []
    for item in data.get("departments", []):
        department = Department.objects.filter(organisation=plan.organisation, name=item["name"]).first()
        if department is None:
            department = changes.save(
                Department(
                    organisation=plan.organisation,
                    name=item["name"],
                    head=users[item["head"]] if "head" in item else None,
                ),
                by=by,
                reason=DEMO_REASON,
                links={"members": [users[name] for name in item.get("members", [])]},
            )
            report.count(str(Department._meta.verbose_name_plural))
        owners.append(({"department": department}, item))
    owners += [({"owner": users[item["username"]]}, item) for item in data.get("owners", [])]
    with _story_moment(data):
        _give_items(plan, owners, by=by)
    return report


def _give_items(plan: Plan, owners: list[tuple[dict, dict]], *, by) -> None:
    for values, item in owners:
        for model, key, field_name in (
            (ActionPlan, "action_plans", "number"),
            (Action, "actions", "number"),
            (Project, "projects", "name"),
        ):
            items = model.objects.in_plan(plan).filter(
                **{f"{field_name}__in": item.get(key, [])}, owner=None, department=None
            )
            for record in items:
                changes.update(record, values, by=by, reason=DEMO_REASON, version=record.version)
