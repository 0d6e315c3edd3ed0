"""The roles: Django groups with model permissions.

The table below is the source of truth; a data migration applies it, and later migrations
call ``sync_role_groups`` again when models or permissions are added. The beheerder is a
platform beheerder is a superuser and needs no group; a role holds in one organisation at a time
(``organisations/membership.py``).
"""

from django.utils.translation import gettext_lazy as _

CEL = "strategische cel"
MANAGEMENT_TEAM = "managementteam"
COUNCIL = "raad"
OWNER = "eigenaar"
ADMINISTRATOR = "beheerder"  # of one organisation: its users, diensten and plans in Beheer

ROLE_LABELS = {
    CEL: _("strategische cel"),
    MANAGEMENT_TEAM: _("managementteam"),
    COUNCIL: _("raad"),
    OWNER: _("eigenaar"),
    ADMINISTRATOR: _("beheerder"),
}
MEMBER_ROLE_CHOICES = list(ROLE_LABELS.items())

_VIEW = ("view",)
_KEEP = ("view", "add", "change")  # never "delete": nothing is hard-deleted

# Drafting the next plan (drafting/): the cel drafts; the MT reads and records its own steps; an
# eigenaar sees the proposals that name their dienst (a rule per proposal: drafting/access.py); the
# raad sees the plan once it adopted it.
DRAFTING_MODELS = (
    "draft",
    "chapter",
    "ambition",
    "mandatary",
    "step",
    "proposal",
    "decision",
    "remark",
    "envelope",
    "room",
    "scenario",
    "scenariochange",
    "draftitem",
    "draftamount",
)

_READ_ALL = {
    "plans.plan": _VIEW,
    "plans.goal": _VIEW,
    "plans.actionplan": _VIEW,
    "plans.action": _VIEW,
    "plans.project": _VIEW,
    "plans.changeproposal": _VIEW,
    "rounds.reportinground": _VIEW,
    "rounds.roundversion": _VIEW,
    "indicators.indicator": _VIEW,
    "indicators.target": _VIEW,
    "indicators.value": _VIEW,
    "versions.planversion": _VIEW,
}

ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    CEL: {
        "plans.plan": _VIEW,
        "plans.goal": _KEEP,
        "plans.actionplan": _KEEP,
        "plans.action": _KEEP,
        "plans.project": _KEEP,
        "plans.changeproposal": (*_KEEP, "apply"),
        "rounds.reportinground": _KEEP,
        "rounds.roundversion": _KEEP,
        "indicators.indicator": _KEEP,
        "indicators.target": _KEEP,
        "indicators.value": _KEEP,
        **{f"drafting.{name}": _KEEP for name in DRAFTING_MODELS},
        # Drafts an aanpassing, records the college's step and the raad's adoption (versions/).
        "versions.planversion": _KEEP,
    },
    MANAGEMENT_TEAM: {
        "plans.plan": _VIEW,
        "plans.goal": _VIEW,
        "plans.actionplan": _VIEW,
        "plans.action": _VIEW,
        "plans.project": _VIEW,
        "plans.changeproposal": ("view", "review"),
        "rounds.reportinground": _VIEW,
        "rounds.roundversion": _VIEW,
        "indicators.indicator": _VIEW,
        "indicators.target": _VIEW,
        "indicators.value": _VIEW,
        # Reads every draft; records the decisions of the steps the MT decides (drafting/access.py).
        **{f"drafting.{name}": _VIEW for name in DRAFTING_MODELS},
        "versions.planversion": _VIEW,
    },
    COUNCIL: _READ_ALL,
    # Reads the plan like the raad; edits only the status and toelichting of the items they own,
    # a rule per item: plans/owners.py.
    OWNER: _READ_ALL,
}
# Everything the cel may, and in Beheer the organisation's plans, diensten, entiteiten and people.
ROLE_PERMISSIONS[ADMINISTRATOR] = {
    **ROLE_PERMISSIONS[CEL],
    "plans.plan": _KEEP,
    "plans.department": _KEEP,
    "plans.entity": _KEEP,
    "auth.user": _KEEP,
    "organisations.membership": _KEEP,
    "organisations.organisation": ("view", "change"),
    # Switches a plan's public website on or off, and names its contact (publicsite/).
    "publicsite.publication": _KEEP,
    "publicsite.publicprofile": _KEEP,
}


def sync_role_groups(apps) -> None:
    """Make each role group hold exactly the permissions of ROLE_PERMISSIONS.

    ``apps`` is the app registry: ``django.apps.apps`` or a migration's historical one.
    Models the registry does not know yet (an older migration state) are left for the
    migration that adds them, which calls this again.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for label, actions in models.items():
            app_label, model = label.split(".")
            try:
                apps.get_model(app_label, model)
            except LookupError:
                continue
            codenames = [f"{action}_{model}" for action in actions]
            found = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
            if len(found) != len(codenames):
                missing = set(codenames) - {p.codename for p in found}
                raise LookupError(f"Permissions not created yet: {sorted(missing)}")
            wanted.extend(found)
        group.permissions.set(wanted)
