"""One small world for the access tests: the Turnhout plan with its proposals and closed round, one
open round, a pending import per importing user, and every URL of the product with sample arguments."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from core import changes
from core.roles import ADMINISTRATOR, CEL, COUNCIL, MANAGEMENT_TEAM, OWNER
from demo.rounds import load_round
from indicators import values as indicator_values
from indicators.models import Indicator
from organisations.membership import add_member
from plans.models import (
    Action,
    ActionPlan,
    Amount,
    AmountKind,
    ChangeProposal,
    Department,
    Entity,
    Goal,
    Plan,
    PolicyField,
    ProposalState,
)
from publicsite import publishing
from reporting.rounds import open_round
from rounds.models import ReportingRound
from tests.security.draft_world import DraftWorld, build_draft_world, draft_paths
from tests.security.version_world import VersionWorld, build_version_world, version_paths
from uploads.models import PendingImport
from versions.models import ItemKind, VersionItem

ROLES = (
    "anonymous",
    "raad",
    "managementteam",
    "strategische cel",
    "beheerder",
    "eigenaar",
    "eigenaar ander",
    "organisatiebeheerder",
)
USERNAMES = {
    "raad": "raad",
    "managementteam": "mt",
    "strategische cel": "cel",
    "beheerder": "beheerder",  # the platform beheerder (a superuser)
    "eigenaar": "eigenaar-welzijn",
    "eigenaar ander": "eigenaar-ander",
    "organisatiebeheerder": "turnhout-beheerder",  # the beheerder of OCMW Turnhout only
}
# The second organisation: everything it holds carries a word no page of OCMW Turnhout may show.
ELSEWHERE = "Elders"
ELSEWHERE_USERS = {
    CEL: "elders-cel",
    MANAGEMENT_TEAM: "elders-mt",
    COUNCIL: "elders-raad",
    OWNER: "elders-eigenaar",
    ADMINISTRATOR: "elders-beheerder",
}


@dataclass
class World:
    plan: Plan
    action_plan: ActionPlan
    action: Action
    proposal: ChangeProposal
    closed_round: ReportingRound
    open_round: ReportingRound
    pending: PendingImport
    pending_new_plan: PendingImport
    goal: Goal
    entity: Entity
    policy_field: PolicyField
    amount: Amount
    login_records: list
    users: dict
    pending_amounts: PendingImport | None = None
    pending_values: PendingImport | None = None
    pending_policy_fields: PendingImport | None = None
    indicator: Indicator | None = None
    department: Department | None = None
    export_job: object | None = None  # a download made in the background, asked by the cel
    drafting: DraftWorld | None = None  # a draft of the next plan, one record of every drafting kind
    versions: VersionWorld | None = None  # the plan's first version and an aanpassing in ontwerp
    other: "World | None" = None  # the second organisation's world, built by build_other_world


def _owners(plan: Plan) -> None:
    """eigenaar-welzijn owns actieplan 40 through their dienst; eigenaar-ander owns actieplan 10."""
    own, other = (
        get_user_model().objects.create_user(name, f"{name}@example.org", first_name=name.title())
        for name in (USERNAMES["eigenaar"], USERNAMES["eigenaar ander"])
    )
    for user in (own, other):
        add_member(user, plan.organisation, OWNER)
    department = changes.save(Department(organisation=plan.organisation, name="Dienst welzijn"), by=None)
    department.members.add(own)
    for number, values in (("40", {"department": department}), ("10", {"owner": other})):
        item = ActionPlan.objects.get(plan=plan, number=number)
        changes.update(item, values, by=None, version=item.version)


def build_world(plan: Plan, users: dict) -> World:
    # The world holds an amount and an indicator: its plan uses every BBC 2020 feature (plans/features.py).
    Plan.objects.filter(pk=plan.pk).update(uses_priorities=True, uses_money=True, uses_indicators=True)
    plan.refresh_from_db()
    _owners(plan)
    load_round(plan, by=users["cel"])
    closed = ReportingRound.objects.get(plan=plan)
    later = closed.date.replace(year=closed.date.year + 1)
    open_ = open_round(plan=plan, name="Rapportering december 2018", date=later, by=users["cel"])
    action = Action.objects.get(action_plan__plan=plan, number="40.1")
    amount = Amount(action=action, kind=AmountKind.ESTIMATE, year=plan.start_year, category="E")
    amount.direction, amount.amount = "uitgave", Decimal("1234.56")
    indicator = changes.save(
        Indicator(
            plan=plan,
            name="Aantal cliënten in budgetbegeleiding",
            department=Department.objects.get(name="Dienst welzijn"),
        ),
        by=None,
    )
    indicator_values.record_value(indicator, "120", round=open_, by=None)
    indicator_values.set_target(indicator, plan.end_year, "150", by=None)
    world = World(
        indicator=indicator,
        plan=plan,
        action_plan=ActionPlan.objects.get(plan=plan, number="40"),
        action=Action.objects.get(action_plan__plan=plan, number="40.1"),
        proposal=ChangeProposal.objects.filter(action_plan__plan=plan, state=ProposalState.SUBMITTED).first(),
        closed_round=closed,
        open_round=open_,
        pending=PendingImport.objects.create(
            kind="round_trip",
            organisation=plan.organisation,
            plan=plan,
            user=users["cel"],
            filename="x.xlsx",
            data=b"x",
        ),
        pending_new_plan=PendingImport.objects.create(
            kind="new_plan",
            organisation=plan.organisation,
            plan=None,
            user=users["beheerder"],
            filename="nieuw.xlsx",
            data=b"x",
        ),
        goal=changes.save(Goal(plan=plan, number="1", title="Doelstelling"), by=None),
        entity=changes.save(Entity(plan=plan, code="OCMW", name="OCMW Turnhout"), by=None),
        policy_field=changes.save(PolicyField(code="0900", name="Welzijn"), by=None),
        amount=changes.save(amount, by=None),
        login_records=_login_records(),
        users=users,
        pending_amounts=PendingImport.objects.create(
            organisation=plan.organisation,
            plan=plan,
            user=users["cel"],
            filename="realisaties.csv",
            data=b"x",
            kind="amounts",
            details={"kind": "realisatie"},
        ),
        pending_values=PendingImport.objects.create(
            organisation=plan.organisation,
            plan=plan,
            user=users["cel"],
            filename="waarden.csv",
            data=b"x",
            kind="indicator_values",
        ),
        pending_policy_fields=PendingImport.objects.create(
            plan=None,
            user=users["beheerder"],
            filename="beleidsvelden.csv",
            data=b"x",
            kind="policy_fields",
        ),
    )
    world.export_job = _export_job(closed, users["cel"])
    world.drafting = build_draft_world(
        plan.organisation,
        department=Department.objects.get(name="Dienst welzijn"),
        title="Turnhout",
        by=users["cel"],
    )
    world.versions = build_version_world(plan, by=users["cel"])
    publishing.switch(plan, on=True, by=None)  # the public site shows its adopted version
    world.other = build_other_world(world)
    return world


def _export_job(round: ReportingRound, by):
    """A finished background download of the round's workbook (stored when the round closed)."""
    from django.utils import timezone

    from outputs.models import ExportJob, ExportState, OutputKind, StoredOutput

    output = StoredOutput.objects.get(round=round, kind=OutputKind.WORKBOOK)
    return ExportJob.objects.create(
        round=round,
        kind=OutputKind.WORKBOOK,
        requested_by=by,
        state=ExportState.DONE,
        output=output,
        created_at=timezone.now(),
    )


def build_other_world(world: World) -> World:
    """A second organisation, "Gemeente Elders", with a plan of its own holding one of every kind of
    record (items, an open and a closed round, a submitted proposal, a comment, an indicator with a
    value and a target, a dienst, pending imports, a sent e-mail) and a member in every role. None
    of it may reach a user of OCMW Turnhout."""
    from django.utils import timezone

    from indicators.models import Indicator
    from notifications.models import EmailReason, SentEmail
    from organisations.models import Organisation
    from plans.comments import add_comment
    from plans.models import Project, ProposalKind
    from plans.proposals import draft_proposal, submit
    from reporting.rounds import close_round

    organisation = changes.save(Organisation(name=f"Gemeente {ELSEWHERE}", slug="gemeente-elders"), by=None)
    users = {}
    for role, username in ELSEWHERE_USERS.items():
        users[role] = get_user_model().objects.create_user(
            username,
            f"{username}@elders.example.org",
            password="geheim-wachtwoord",
            first_name="Geheime",
            last_name=f"{role.title()} {ELSEWHERE}",
            is_staff=role in (CEL, ADMINISTRATOR),
        )
        add_member(users[role], organisation, role)
    cel = users[CEL]
    plan = changes.save(
        Plan(
            organisation=organisation,
            name=f"Plan van {ELSEWHERE}",
            authority=f"Gemeente {ELSEWHERE}",
            start_year=2026,
            end_year=2031,
            slug="plan-van-elders",
        ),
        by=None,
    )
    department = changes.save(
        Department(organisation=organisation, name=f"Geheime dienst {ELSEWHERE}"), by=None
    )
    department.members.add(users[OWNER])
    goal = changes.save(Goal(plan=plan, number="1", title=f"Geheime doelstelling {ELSEWHERE}"), by=None)
    action_plan = changes.save(
        ActionPlan(
            plan=plan, goal=goal, number="10", title=f"Geheim actieplan {ELSEWHERE}", department=department
        ),
        by=None,
    )
    action = changes.save(
        Action(
            action_plan=action_plan, number="10.1", title=f"Geheime actie {ELSEWHERE}", owner=users[OWNER]
        ),
        by=None,
    )
    second = changes.save(
        Action(action_plan=action_plan, number="10.2", title=f"Tweede geheime actie {ELSEWHERE}"), by=None
    )
    project = changes.save(Project(plan=plan, name=f"Geheim project {ELSEWHERE}"), by=None)
    project.actions.add(action)
    entity = changes.save(Entity(plan=plan, code="GE", name=f"Gemeente {ELSEWHERE}"), by=None)
    amount = Amount(action=action, kind=AmountKind.ESTIMATE, year=plan.start_year, category="E")
    amount.direction, amount.amount = "uitgave", Decimal("777.77")
    amount = changes.save(amount, by=None)
    closed = open_round(
        plan=plan, name=f"Rapportering {ELSEWHERE} 2026", date=datetime.date(2026, 12, 31), by=cel
    )
    proposal = draft_proposal(
        plan=plan,
        kind=ProposalKind.REMOVE,
        action_plan=action_plan,
        actions=[second],
        motivation=f"Geheime motivering {ELSEWHERE}",
        round=closed,
        by=cel,
    )
    proposal = submit(proposal, by=cel)
    closed = close_round(closed, by=cel)
    open_ = open_round(
        plan=plan, name=f"Rapportering {ELSEWHERE} 2027", date=datetime.date(2027, 6, 30), by=cel
    )
    add_comment(action, cel, f"Geheime opmerking {ELSEWHERE} voor @elders-eigenaar")
    indicator = changes.save(
        Indicator(plan=plan, name=f"Geheime indicator {ELSEWHERE}", department=department), by=None
    )
    indicator_values.record_value(indicator, "42", round=open_, by=None)
    indicator_values.set_target(indicator, plan.end_year, "50", by=None)
    SentEmail.objects.create(
        organisation=organisation,
        round=open_,
        recipient=users[OWNER],
        address=users[OWNER].email,
        reason=EmailReason.OPENED,
        subject=f"Geheime herinnering {ELSEWHERE}",
        sent_at=timezone.now(),
    )

    def pending(kind: str, **details) -> PendingImport:
        return PendingImport.objects.create(
            kind=kind,
            organisation=organisation,
            plan=plan,
            user=cel,
            filename="elders.xlsx",
            data=b"x",
            **details,
        )

    return World(
        plan=plan,
        action_plan=action_plan,
        action=action,
        proposal=proposal,
        closed_round=closed,
        open_round=open_,
        pending=pending("round_trip"),
        pending_new_plan=PendingImport.objects.create(
            kind="new_plan",
            organisation=organisation,
            plan=None,
            user=users[ADMINISTRATOR],
            filename="elders.xlsx",
            data=b"x",
        ),
        goal=goal,
        entity=entity,
        policy_field=world.policy_field,
        amount=amount,
        login_records=world.login_records,
        # by username, as the own world's; "cel" names the cel, as sample_paths expects
        users={"cel": cel} | {user.username: user for user in users.values()},
        pending_amounts=pending("amounts", details={"kind": "realisatie"}),
        pending_values=pending("indicator_values"),
        pending_policy_fields=world.pending_policy_fields,
        indicator=indicator,
        department=department,
        export_job=_export_job(closed, cel),
        drafting=build_draft_world(organisation, department=department, title=ELSEWHERE, by=cel),
        versions=build_version_world(plan, by=cel),
    )


def _login_records() -> list:
    """One record of each kind django-axes keeps: a lockout, a login and a failed login."""
    request = {
        "ip_address": "10.0.0.1",
        "user_agent": "test",
        "http_accept": "*/*",
        "path_info": "/aanmelden/",
    }
    return [
        AccessAttempt.objects.create(
            username="iemand", failures_since_start=1, get_data="", post_data="", **request
        ),
        AccessLog.objects.create(username="cel", **request),
        AccessFailureLog.objects.create(username="iemand", locked_out=False, **request),
    ]


def walk(patterns=None, prefix: str = "", namespace: str | None = None):
    """Every URL pattern as (name or route, route, pattern), recursively through includes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or route, route


# The public site, its downloads and the API: no login, the same for every role (see the matrix).
PUBLIC_NAMESPACES = ("public", "opendata", "api")


def public_paths(world: World) -> dict[str, str]:
    """A sample path for every public url name: the organisation, the plan, its adopted version 1 and,
    for a page of one item, the first item of the kind its url name says (by code or by id)."""
    plan, first = world.plan, world.versions.first
    held = VersionItem.objects.filter(version=first).order_by("sort_key", "item_id")
    item_of = {
        kind: held.filter(kind=kind).first()
        for kind in (
            ItemKind.GOAL,
            ItemKind.ACTION_PLAN,
            ItemKind.ACTION,
            ItemKind.PROJECT,
            ItemKind.INDICATOR,
        )
    }
    # The kind in a url name, most specific first ("actieplan" before "actie").
    words = [
        (("doelstelling", "goal"), ItemKind.GOAL),
        (("actieplan", "action_plan"), ItemKind.ACTION_PLAN),
        (("actie", "action"), ItemKind.ACTION),
        (("project",), ItemKind.PROJECT),
        (("indicator",), ItemKind.INDICATOR),
    ]
    values = {
        "organisation": plan.organisation.slug,
        "plan": plan.slug,
        "version": first.number,
        "rest": "bestaat-niet",  # the API's answer to an unknown address
        "format": "csv",  # a download
    }
    paths = {}
    for name, route in walk():
        if name.split(":", 1)[0] not in PUBLIC_NAMESPACES or ":" not in name:
            continue
        kind = next((kind for names, kind in words if any(word in name for word in names)), None)
        item = item_of.get(kind)
        arguments = dict(values)
        if item is not None:
            arguments["code"] = item.number or f"{item.kind}-{item.item_id}"
            arguments["item_id"] = item.item_id
        wanted = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
        kwargs = {a or b: arguments.get(a or b) for a, b in wanted}
        try:
            paths[name] = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return paths


def sample_paths(world: World) -> dict[str, str]:
    """A concrete path for every URL pattern, keyed by its name (or its route when unnamed)."""
    plan, slug = world.plan, world.plan.slug
    paths = {
        "plans:home": "/",
        "plans:preferences": "/voorkeuren/",
        "plans:status_stylesheet": "/stijl/statussen.css",
        "organisations:choose": "/organisatie/kiezen/",
        "plans:overview": f"/plannen/{slug}/",
        "plans:plan_status": f"/plannen/{slug}/status/",
        "plans:action_plan_status": f"/plannen/{slug}/actieplannen/{world.action_plan.number}/",
        "plans:project_status": f"/plannen/{slug}/projecten/",
        "plans:finances": f"/plannen/{slug}/financien/",
        "plans:search": f"/plannen/{slug}/zoeken/?q=40",
        "plans:save_status": f"/plannen/{slug}/actie/{world.action.pk}/opslaan/",
        "plans:timeline": f"/plannen/{slug}/actie/{world.action.pk}/tijdlijn/",
        "plans:unlinked": "/verantwoordelijken/",
        "reporting:comments": f"/plannen/{slug}/actie/{world.action.pk}/opmerkingen/",
        "plans:draft_proposal": f"/plannen/{slug}/actieplannen/{world.action_plan.number}/voorstel/",
        "plans:proposals": f"/plannen/{slug}/voorstellen/",
        "plans:review": f"/plannen/{slug}/voorstellen/beoordelen/",
        "plans:council_decision": f"/plannen/{slug}/voorstellen/raadsbeslissing/",
        "plans:proposal": f"/plannen/{slug}/voorstellen/{world.proposal.pk}/",
        "plans:edit_proposal": f"/plannen/{slug}/voorstellen/{world.proposal.pk}/bewerken/",
        "plans:decide": f"/plannen/{slug}/voorstellen/{world.proposal.pk}/beslissen/",
        "plans:proposal_step": f"/plannen/{slug}/voorstellen/{world.proposal.pk}/withdraw/",
        "reporting:new_plan": "/nieuw-plan/",
        "reporting:plan_template": "/nieuw-plan/sjabloon.xlsx",
        "reporting:dashboard": f"/plannen/{slug}/dashboard/",
        "reporting:rounds": f"/plannen/{slug}/rapporteringen/",
        "reporting:round": f"/plannen/{slug}/rapporteringen/{world.closed_round.pk}/",
        "reporting:close": f"/plannen/{slug}/rapporteringen/{world.open_round.pk}/afsluiten/",
        "reporting:closing_state": f"/plannen/{slug}/rapporteringen/{world.open_round.pk}/afsluiten/stand/",
        "reporting:round_texts": f"/plannen/{slug}/rapporteringen/{world.open_round.pk}/teksten/",
        "reporting:ask_more": (
            f"/plannen/{slug}/rapporteringen/{world.open_round.pk}/aanvulling/actie/{world.action.pk}/"
        ),
        "reporting:round_schedule": f"/plannen/{slug}/rapporteringen/{world.open_round.pk}/deadline/",
        "reporting:completion": f"/plannen/{slug}/rapporteringen/{world.open_round.pk}/voortgang/",
        "reporting:item_ready": (
            f"/plannen/{slug}/rapporteringen/{world.open_round.pk}/actie/{world.action.pk}/klaar/"
        ),
        "reporting:my_items": "/mijn-acties/",
        "reporting:digital_checks": f"/plannen/{slug}/digitale-rapportering/",
        "reporting:workbook": f"/plannen/{slug}/rapporteringen/{world.closed_round.pk}/rapportering.xlsx",
        "reporting:report": f"/plannen/{slug}/rapporteringen/{world.closed_round.pk}/verslag/",
        "reporting:report_docx": f"/plannen/{slug}/rapporteringen/{world.closed_round.pk}/verslag.docx",
        "reporting:house_style": "/huisstijl/",
        "reporting:policy_fields": "/beleidsvelden/",
        "reporting:house_style_template": "/huisstijl/sjabloon.docx",
        "reporting:report_pdf": f"/plannen/{slug}/rapporteringen/{world.closed_round.pk}/verslag.pdf",
        "reporting:export_job": f"/plannen/{slug}/uitvoer/{world.export_job.pk}/",
        "reporting:export_file": f"/plannen/{slug}/uitvoer/{world.export_job.pk}/bestand",
        "reporting:upload": f"/plannen/{slug}/import/",
        "uploads:upload": f"/opladen/{world.pending.pk}/",
        "uploads:confirm": f"/opladen/{world.pending.pk}/bevestigen/",
        "reporting:amounts_upload": f"/plannen/{slug}/bedragen/import/",
        "indicators:upload_values": f"/plannen/{slug}/indicatoren/waarden-opladen/",
        "indicators:values_example": f"/plannen/{slug}/indicatoren/waarden-opladen/voorbeeld.csv",
        "indicators:list": f"/plannen/{slug}/indicatoren/",
        "indicators:create": f"/plannen/{slug}/indicatoren/nieuw/",
        "indicators:detail": f"/plannen/{slug}/indicatoren/{world.indicator.pk}/",
        "indicators:edit": f"/plannen/{slug}/indicatoren/{world.indicator.pk}/bewerken/",
        "indicators:save_value": f"/plannen/{slug}/indicatoren/{world.indicator.pk}/waarde/",
        "indicators:save_target": f"/plannen/{slug}/indicatoren/{world.indicator.pk}/streefwaarde/",
        "indicators:history": f"/plannen/{slug}/indicatoren/{world.indicator.pk}/historiek/",
        "login": "/aanmelden/",
        "logout": "/afmelden/",
        "health": "/health/",
        "ready": "/health/klaar/",
        "admin:index": "/beheer/",
        "admin:login": "/beheer/login/",
        "admin:logout": "/beheer/logout/",
        "admin:password_change": "/beheer/password_change/",
        "admin:password_change_done": "/beheer/password_change/done/",
        "admin:autocomplete": "/beheer/autocomplete/",
        "admin:jsi18n": "/beheer/jsi18n/",
        "admin:app_list": "/beheer/plans/",
        "beheer/(?P<url>.*)$": "/beheer/bestaat-niet/",
        "admin:view_on_site": (
            f"/beheer/r/{ContentType.objects.get_for_model(ActionPlan).pk}/{world.action_plan.pk}/"
        ),
        "admin:auth_user_password_change": f"/beheer/auth/user/{world.users['cel'].pk}/password/",
        **draft_paths(world.drafting),
        **version_paths(world.versions),
        **public_paths(world),
        # the beheerder's page of the public website (publication per plan, the statement's contact)
        "publishing:manage": "/publicatie/",
        "publishing:switch": f"/publicatie/plan/{plan.pk}/",
        "publishing:contact": "/publicatie/contact/",
    }
    objects = {
        "auth_group": Group.objects.first(),
        "auth_user": world.users["cel"],
        "plans_plan": plan,
        "plans_goal": world.goal,
        "plans_actionplan": world.action_plan,
        "plans_action": world.action,
        "plans_project": plan.projects.first(),
        "plans_changeproposal": world.proposal,
        "plans_department": world.department or Department.objects.get(name="Dienst welzijn"),
        "organisations_organisation": plan.organisation,
        "organisations_membership": world.users["cel"].memberships.first(),
        "plans_entity": world.entity,
        "plans_policyfield": world.policy_field,
        "plans_amount": world.amount,
        "rounds_reportinground": world.closed_round,
        "indicators_indicator": world.indicator,
        "indicators_target": world.indicator.targets.first(),
        "indicators_value": world.indicator.values.first(),
    }
    objects |= {f"axes_{type(record).__name__.lower()}": record for record in world.login_records}
    for label, obj in objects.items():
        app, model = label.split("_", 1)
        object_id = obj.pk
        base = f"/beheer/{app}/{model}/"
        paths |= {
            f"admin:{label}_changelist": base,
            f"admin:{label}_add": f"{base}add/",
            f"admin:{label}_change": f"{base}{object_id}/change/",
            f"admin:{label}_history": f"{base}{object_id}/history/",
            f"admin:{label}_delete": f"{base}{object_id}/delete/",
            f"beheer/{app}/{model}/<path:object_id>/": f"{base}{object_id}/",
        }
        if obj is not None and hasattr(type(obj), "history"):
            record = obj.history.first()
            paths[f"admin:{label}_simple_history"] = f"{base}{object_id}/history/{record.history_id}/"
    return paths


def user_of(world: World, role: str):
    return None if role == "anonymous" else get_user_model().objects.get(username=USERNAMES[role])
