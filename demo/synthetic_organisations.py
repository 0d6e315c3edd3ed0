"""Many organisations on one installation, for the cluster load test: each with its own plan of
the same size, its own readers (raad) and editors (cel).

Every organisation and plan is named by its number ("Gemeente 137", "Plan van gemeente 137"), zero
padded to the same width, so a response carrying another organisation's data is found by its name.
Built in bulk: the plans through ``generate_plan`` (``changes.create_many`` and ``update_many``,
history included), the users in one ``bulk_create`` (``auth.User`` has no history) and the
memberships through ``changes.create_many``.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from core import changes
from core.roles import CEL, COUNCIL, MANAGEMENT_TEAM
from demo.synthetic import generate_plan
from organisations.membership import activate, add_member
from organisations.models import Membership, Organisation
from plans.models import Plan

WIDTH = 3  # "Gemeente 007": no name is the start of another


def organisation_name(number: int) -> str:
    return f"Gemeente {number:0{WIDTH}d}"


def plan_name(number: int) -> str:
    return f"Plan van gemeente {number:0{WIDTH}d}"


def plan_slug(number: int) -> str:
    return f"gemeente-{number:0{WIDTH}d}"


def reader_name(number: int, index: int) -> str:
    return f"lezer-{number:0{WIDTH}d}-{index}"


def editor_name(number: int, index: int) -> str:
    return f"redacteur-{number:0{WIDTH}d}-{index}"


def generate_organisations(
    *,
    numbers: range,
    actions: int,
    action_plans: int,
    rounds: int,
    readers: int,
    editors: int,
    password: str | None,
    by: AbstractBaseUser,
    reviewer: AbstractBaseUser,
    progress: Callable[[int], None] = lambda number: None,
) -> list[Plan]:
    """One organisation per number, each with a plan of ``actions`` acties (history included) and
    ``readers`` raad and ``editors`` cel members; ``password`` for all of them (None: no login).
    Run it with the scopes disabled (a command works across organisations)."""
    plans = []
    for number in numbers:
        with transaction.atomic():
            organisation = changes.save(
                Organisation(name=organisation_name(number), slug=plan_slug(number)),
                by=by,
                reason="gegenereerd",
            )
            # The generator drafts and reviews proposals through the real rules: its users act in
            # this organisation, with their roles there.
            for user, role in ((by, CEL), (reviewer, MANAGEMENT_TEAM)):
                add_member(user, organisation, role)
                activate(user, organisation, role)
            plan = generate_plan(
                slug=plan_slug(number),
                goals=5,
                action_plans=action_plans,
                actions=actions,
                projects=max(1, actions // 50),
                rounds=rounds,
                by=by,
                reviewer=reviewer,
                seed=number,
                organisation=organisation,
                estimates=False,
            )
            plan.name = plan_name(number)
            changes.save(plan, by=by, reason="gegenereerd")
        plans.append(plan)
        progress(number)
    _members(plans, numbers, readers, editors, password, by)
    return plans


def _members(plans: list[Plan], numbers: range, readers: int, editors: int, password, by) -> None:
    hashed = make_password(password)  # hashed once: a hash per user would take minutes
    roles = {}
    for plan, number in zip(plans, numbers, strict=True):
        for index in range(readers):
            roles[reader_name(number, index)] = (plan.organisation, COUNCIL)
        for index in range(editors):
            roles[editor_name(number, index)] = (plan.organisation, CEL)
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=name, password=hashed) for name in roles], batch_size=2000
    )
    changes.create_many(
        [
            Membership(user=user, organisation=roles[user.username][0], role=roles[user.username][1])
            for user in users
        ],
        by=by,
        reason="gegenereerd",
    )
