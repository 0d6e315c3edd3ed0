"""A verantwoordelijke as written, linked to the person or dienst it names.

Plans name their verantwoordelijken in free text ("Sofie Janssens", "sofie@turnhout.be", "Dienst
thuiszorg", "diensthoofd thuiszorg"). ``Directory.match`` finds the one user (by full name,
username or e-mail) or dienst (by name) such a text names, ignoring case and spacing; a text that
could name two of them, or none, matches nothing. The text stays what every output prints; the link
(``owner`` or ``department``) says who updates the item.

Used by the data migration that links the existing items, by the plan import and by the
beheerder's page of names not linked yet (``unlinked_names``, ``link_name``).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import changes
from organisations.membership import people_in_scope
from plans.models import Action, ActionPlan, Department, LifeCycle, Project

LINKED = "verantwoordelijke gekoppeld"
# The field that holds the name every output prints, per kind of item.
NAME_FIELDS = {"ActionPlan": "responsible", "Action": "responsible", "Project": "project_leader"}
HEAD_PREFIX = "diensthoofd "
DEPARTMENT_PREFIX = "dienst "
CHOOSE_ONE = _("Kies een persoon óf een dienst om de naam aan te koppelen.")
NOTHING_TO_LINK = _("Geen enkel item heeft nog “%(name)s” als verantwoordelijke zonder koppeling.")


def normal(text: str) -> str:
    """A name as compared: case and spacing ignored."""
    return " ".join((text or "").split()).casefold()


@dataclass(frozen=True)
class Match:
    user: object | None = None
    department: object | None = None
    ambiguous: bool = False

    def __bool__(self) -> bool:
        return self.user is not None or self.department is not None

    @property
    def name(self) -> str:
        """The name the item prints once linked: the person's full name or the dienst's name."""
        if self.user is not None:
            return full_name(self.user)
        return self.department.name if self.department is not None else ""

    def values(self) -> dict:
        return {"owner": self.user, "department": self.department}


NO_MATCH = Match()
AMBIGUOUS = Match(ambiguous=True)


def full_name(user) -> str:
    return " ".join(f"{user.first_name} {user.last_name}".split()) or user.username


@dataclass
class Directory:
    """Every active user and every dienst by the keys a verantwoordelijke may be written as."""

    users: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    departments: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    _by_pk: dict = field(default_factory=dict)

    @classmethod
    def load(cls, user_model=None, department_model=None) -> "Directory":
        """Two queries. The models may be a migration's historical ones; with the live ones, only the
        members of the organisation in scope (``people_in_scope``) and its diensten."""
        users = user_model.objects.filter(is_active=True) if user_model else people_in_scope()
        department_model = department_model or Department
        directory = cls()
        for user in users.only("pk", "username", "first_name", "last_name", "email"):
            directory.add_user(user)
        for department in department_model.objects.only("pk", "name", "head_id"):
            directory.add_department(department)
        return directory

    def add_user(self, user) -> None:
        self._by_pk[("user", user.pk)] = user
        names = [user.username, user.email, f"{user.first_name} {user.last_name}"]
        names.append(f"{user.last_name} {user.first_name}")
        for name in names:
            if normal(name):
                self.users[normal(name)].add(user.pk)

    def add_department(self, department) -> None:
        self._by_pk[("department", department.pk)] = department
        key = normal(department.name)
        self.departments[key].add(department.pk)
        if key.startswith(DEPARTMENT_PREFIX):
            self.departments[key.removeprefix(DEPARTMENT_PREFIX)].add(department.pk)

    def _department_keys(self, key: str) -> set:
        found = set(self.departments.get(key, set()))
        if key.startswith(DEPARTMENT_PREFIX):
            found |= self.departments.get(key.removeprefix(DEPARTMENT_PREFIX), set())
        return found

    def match(self, text: str) -> Match:
        """The one user or dienst ``text`` names; ``AMBIGUOUS`` when it may name several, ``NO_MATCH``
        when none. "diensthoofd X" names the head of dienst X (the dienst itself if it has none)."""
        key = normal(text)
        if not key:
            return NO_MATCH
        if key.startswith(HEAD_PREFIX):
            found = self._department_keys(key.removeprefix(HEAD_PREFIX))
            if len(found) > 1:
                return AMBIGUOUS
            if found:
                department = self._by_pk[("department", found.pop())]
                head = self._by_pk.get(("user", department.head_id))
                return Match(user=head) if head is not None else Match(department=department)
        users = self.users.get(key, set())
        departments = self._department_keys(key)
        if len(users) + len(departments) > 1:
            return AMBIGUOUS
        if users:
            return Match(user=self._by_pk[("user", users.pop())])
        if departments:
            return Match(department=self._by_pk[("department", departments.pop())])
        return NO_MATCH


def link_existing(apps, *, reason: str = LINKED) -> int:
    """Link every item without an eigenaar whose verantwoordelijke (projectleider) names exactly one
    user or dienst; the text stays as written. Called by migration 0015 with its historical
    ``apps`` (then no ``save()``: bulk updates, and a history row per linked item). Returns how many
    items it linked."""
    from django.conf import settings

    directory = Directory.load(
        apps.get_model(*settings.AUTH_USER_MODEL.split(".")), apps.get_model("plans", "Department")
    )
    linked = 0
    now = timezone.now()
    for model_name, text_field in NAME_FIELDS.items():
        model = apps.get_model("plans", model_name)
        history = apps.get_model("plans", f"Historical{model_name}")
        history_fields = {f.attname for f in history._meta.concrete_fields}
        changed = []
        for item in model.objects.filter(owner__isnull=True, department__isnull=True).exclude(
            **{text_field: ""}
        ):
            match = directory.match(getattr(item, text_field))
            if match:
                item.owner_id = match.user.pk if match.user else None
                item.department_id = match.department.pk if match.department else None
                item.version += 1
                changed.append(item)
        model.objects.bulk_update(changed, ["owner", "department", "version"], batch_size=1000)
        history.objects.bulk_create(
            [
                history(
                    **{
                        f.attname: getattr(item, f.attname)
                        for f in model._meta.concrete_fields
                        if f.attname in history_fields
                    },
                    history_date=now,
                    history_type="~",
                    history_change_reason=reason,
                )
                for item in changed
            ],
            batch_size=1000,
        )
        linked += len(changed)
    return linked


@dataclass
class UnlinkedName:
    """A verantwoordelijke as written on items without an eigenaar: how many, in which plans."""

    name: str
    count: int = 0
    plans: set = field(default_factory=set)
    suggestion: Match = NO_MATCH

    @property
    def plan_names(self) -> list[str]:
        return sorted(self.plans)


MODELS = {"ActionPlan": ActionPlan, "Action": Action, "Project": Project}
PLAN_PATH = {"ActionPlan": "plan", "Action": "action_plan__plan", "Project": "plan"}


def _unlinked(model_name: str):
    text_field = NAME_FIELDS[model_name]
    return (
        MODELS[model_name]
        .objects.filter(owner__isnull=True, department__isnull=True, life_cycle=LifeCycle.ACTIVE)
        .exclude(**{text_field: ""})
    )


def unlinked_names() -> list[UnlinkedName]:
    """The names of active items not linked to a person or dienst yet, grouped as compared (case and
    spacing ignored), with counts and plans: one query per kind of item, and two for suggestions."""
    names: dict[str, UnlinkedName] = {}
    for model_name, text_field in NAME_FIELDS.items():
        path = PLAN_PATH[model_name]
        rows = _unlinked(model_name).values_list(text_field, f"{path}__name", f"{path}__authority")
        for text, plan_name, organisation in rows:
            entry = names.setdefault(normal(text), UnlinkedName(name=" ".join(text.split())))
            entry.count += 1
            entry.plans.add(f"{plan_name} ({organisation})")
    directory = Directory.load()
    for entry in names.values():
        entry.suggestion = directory.match(entry.name)
    return sorted(names.values(), key=lambda entry: normal(entry.name))


@transaction.atomic
def link_name(name: str, *, user=None, department=None, by) -> int:
    """Link every active item whose verantwoordelijke reads ``name`` (case and spacing ignored) and
    that has no eigenaar yet to ``user`` or ``department``, in one go; its text becomes the person's
    full name or the dienst's name. One history row per item ("verantwoordelijke gekoppeld").
    Raises ValidationError (nothing changed) without exactly one target, or when no item has that
    name. Returns how many items it linked."""
    if (user is None) == (department is None):
        raise ValidationError(CHOOSE_ONE, code="choose_one")
    match = Match(user=user, department=department)
    key, total = normal(name), 0
    for model_name, text_field in NAME_FIELDS.items():
        records = [
            item
            for item in _unlinked(model_name).select_for_update()
            if normal(getattr(item, text_field)) == key
        ]
        for item in records:
            item.owner, item.department = match.user, match.department
            setattr(item, text_field, match.name)
        changes.update_many(records, ["owner", "department", text_field], by=by, reason=LINKED)
        total += len(records)
    if not total:
        raise ValidationError(NOTHING_TO_LINK, code="nothing_to_link", params={"name": name})
    return total


def link_records(records: Iterable, directory: Directory) -> list[tuple[str, bool]]:
    """Link unsaved items (an import) whose verantwoordelijke names one user or dienst. Returns the
    names that matched nothing, once each in order, with whether they were ambiguous (kept as text)."""
    unmatched: dict[str, bool] = {}
    for record in records:
        text = getattr(record, NAME_FIELDS[type(record).__name__])
        if not normal(text):
            continue
        match = directory.match(text)
        if match:
            record.owner, record.department = match.user, match.department
        else:
            unmatched.setdefault(" ".join(text.split()), match.ambiguous)
    return list(unmatched.items())
