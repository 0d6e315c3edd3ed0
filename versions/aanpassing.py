"""An aanpassing of the meerjarenplan (AMJP) drafted as a version, and the raad's decisions recorded as
versions.

``start`` makes the next version in ontwerp, based on the version in force. Its changes are gathered
as change proposals with ``plan_version`` set (plans/proposals.py, plans/amendments.py): the MT approves
or rejects each, the cel records the college's akkoord, and ``adopt`` carries out every proposal the
college agreed with, in one transaction, and puts the version in force (versions/adopting.py takes the
snapshot). Rejected and withdrawn proposals stay as they are.

``record_council_decision`` is the Turnhout practice (the raad applying approved proposals one by
one): plans/proposals.apply_decision calls it through plans/decision_hooks.py, so that decision is a
numbered version too. A refusal raises ValidationError (or PermissionDenied) and changes nothing.
"""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import changes, clock
from plans import proposals
from plans.models import OPEN_STATES, ChangeProposal, Plan, ProposalState
from versions import access, adopting, in_force, snapshots
from versions.models import PlanVersion, VersionState

NO_VERSION_IN_FORCE = _(
    "%(plan)s heeft nog geen vastgestelde versie. Leg eerst de startversie vast (het plan zoals de raad "
    "het vaststelde); een aanpassing vertrekt van de versie die van kracht is."
)
OTHER_IN_DRAFT = _(
    "%(version)s is nog in ontwerp. Er is één aanpassing tegelijk: stel die eerst vast voor u een "
    "nieuwe start."
)
NAME_MISSING = _("Geef de aanpassing een naam, bv. AMJP 2027-1.")
UNDECIDED = _(
    "%(version)s kan nog niet vastgesteld worden: %(list)s %(verb)s nog niet beslist. Elk voorstel is "
    "eerst goedgekeurd door het managementteam en kreeg het akkoord van het college, of is afgewezen of "
    "ingetrokken."
)
ADOPT_FAILED = _("%(proposal)s kan niet doorgevoerd worden: %(reason)s Er werd niets vastgesteld.")
ADOPTED_BY_COUNCIL = _("door de aanpassing %(name)s (raad van %(date)s)")
STOP_REASON_MISSING = _("Schrijf waarom de aanpassing stopgezet wordt: de raad en wie later leest, zien het.")
STOPPED_REASON = _("aanpassing stopgezet: %(reason)s")
DECISION_NAME = _("Raadsbeslissing %(date)s")
DECISION_NOTE = _("Wijzigingsvoorstellen doorgevoerd na de raad van %(date)s: %(proposals)s.")
UNDECIDED_STATES = (ProposalState.DRAFT, ProposalState.SUBMITTED, ProposalState.APPROVED)


def _long_date(date: datetime.date) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return formats.date_format(date, "j F Y")


def _may_keep(by: AbstractBaseUser) -> None:
    if not access.may_keep(by):
        raise PermissionDenied(access.ONLY_CEL)


@transaction.atomic
def start(plan: Plan, *, name: str, by: AbstractBaseUser, note: str = "") -> PlanVersion:
    """The next version in ontwerp, based on the version in force."""
    _may_keep(by)
    Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one aanpassing at a time
    if not name.strip():
        raise ValidationError({"name": ValidationError(NAME_MISSING, code="name_missing")})
    current = in_force.current(plan)
    if current is None:
        raise ValidationError(NO_VERSION_IN_FORCE, code="no_version_in_force", params={"plan": plan.name})
    other = in_force.in_draft(plan)
    if other is not None:
        raise ValidationError(OTHER_IN_DRAFT, code="other_in_draft", params={"version": other.name})
    version = PlanVersion(
        plan=plan,
        number=adopting.next_number(plan),
        name=name.strip(),
        note=note.strip(),
        state=VersionState.DRAFT,
        based_on=current,
        created_by=by,
    )
    return changes.save(version, by=by, reason=str(_("aanpassing gestart")))


@transaction.atomic
def stop(version: PlanVersion, *, reason: str, by: AbstractBaseUser) -> PlanVersion:
    """The cel stops an aanpassing the raad will not adopt: it stays, stopgezet, with its reason, and
    its proposals still open are withdrawn (kept, with their history). The plan can then get a new
    aanpassing, or a raad decision as the Turnhout practice makes them."""
    _may_keep(by)
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != VersionState.DRAFT:
        raise ValidationError(
            adopting.NOT_IN_DRAFT,
            code="not_in_draft",
            params={"version": version.name, "state": version.get_state_display()},
        )
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(STOP_REASON_MISSING, code="reason_missing")})
    why = str(STOPPED_REASON % {"reason": reason.strip()})
    still_open = list(proposals_of(version).filter(state__in=OPEN_STATES))
    for proposal in still_open:
        proposal.state = ProposalState.WITHDRAWN
    changes.update_many(still_open, ["state"], by=by, reason=why)
    version.state = VersionState.STOPPED
    version.note = "\n\n".join(part for part in (version.note, why) if part)
    return changes.save(version, by=by, reason=why)


def proposals_of(version: PlanVersion):
    return ChangeProposal.objects.filter(plan_version=version)


def undecided(version: PlanVersion) -> list[ChangeProposal]:
    """What stands in the way of adoption: proposals in ontwerp, ingediend, or goedgekeurd by the MT
    without the college's akkoord yet."""
    return list(proposals_of(version).filter(state__in=UNDECIDED_STATES).order_by("pk"))


def adoption_reason(version: PlanVersion, council_date: datetime.date) -> str:
    """The history reason of every change the adoption makes: "door de aanpassing AMJP 2027-1 (raad van
    16 december 2027)"."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(ADOPTED_BY_COUNCIL % {"name": version.name, "date": _long_date(council_date)})


def _undecided_error(version: PlanVersion, open_ones: list[ChangeProposal]) -> ValidationError:
    names = [f"{p} ({p.get_state_display()})" for p in open_ones]
    return ValidationError(
        UNDECIDED,
        code="undecided",
        params={
            "version": version.name,
            "list": ", ".join(names),
            "verb": ngettext("is", "zijn", len(names)),
        },
    )


@transaction.atomic
def adopt(
    version: PlanVersion,
    *,
    council_date: datetime.date | None,
    by: AbstractBaseUser,
    published_on: datetime.date | None = None,
) -> PlanVersion:
    """The raad adopts the aanpassing: every proposal with the college's akkoord is carried out (each
    change with the adoption as its reason; the proposal doorgevoerd with the council date), then the
    version is put in force and its snapshot taken. All or nothing."""
    _may_keep(by)
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    if version.state != VersionState.DRAFT:
        raise ValidationError(
            adopting.NOT_IN_DRAFT,
            code="not_in_draft",
            params={"version": version.name, "state": version.get_state_display()},
        )
    if council_date is None:
        raise ValidationError({"council_date": ValidationError(adopting.DATE_MISSING, code="date_missing")})
    if published_on is not None and published_on < council_date:
        raise ValidationError(
            {
                "published_on": ValidationError(
                    adopting.PUBLISHED_BEFORE_ADOPTION,
                    code="before_adoption",
                    params={"date": formats.date_format(council_date)},
                )
            }
        )
    if open_ones := undecided(version):
        raise _undecided_error(version, open_ones)
    reason = adoption_reason(version, council_date)
    _carry_out_endorsed(version, council_date=council_date, by=by, reason=reason)
    return adopting.adopt(version, council_date=council_date, by=by, reason=reason, published_on=published_on)


def _carry_out_endorsed(
    version: PlanVersion, *, council_date: datetime.date, by: AbstractBaseUser, reason: str
) -> None:
    endorsed = list(proposals_of(version).filter(state=ProposalState.ENDORSED).select_related("action_plan"))
    for proposal in sorted(endorsed, key=proposals._plan_order):
        try:
            proposals.adopt_in_version(proposal, by=by, decision_date=council_date, reason=reason)
        except ValidationError as error:
            raise ValidationError(
                ADOPT_FAILED,
                code="adopt_failed",
                params={"proposal": capfirst(str(proposal)), "reason": " ".join(error.messages)},
            ) from error


def preview(version: PlanVersion, *, by: AbstractBaseUser) -> snapshots.Snapshot:
    """What the aanpassing would make of the plan if the raad adopted it today: every proposal with
    the college's akkoord carried out inside a transaction that is rolled back, and the plan read as a
    snapshot in between. Nothing is kept. For the gewijzigde strategische nota the raad adopts with the
    aanpassing; refused as the adoption would be when a proposal no longer fits."""
    _may_keep(by)
    if version.state != VersionState.DRAFT:
        raise ValidationError(
            adopting.NOT_IN_DRAFT,
            code="not_in_draft",
            params={"version": version.name, "state": version.get_state_display()},
        )
    today = clock.now().date()
    with transaction.atomic():
        _carry_out_endorsed(version, council_date=today, by=by, reason=str(_("voorbeeld")))
        snapshot = snapshots.live(version)
        transaction.set_rollback(True)
    return snapshot


def record_council_decision(
    plan: Plan, *, decision_date: datetime.date, proposals: Sequence[ChangeProposal], by
) -> PlanVersion:
    """The Turnhout practice: a raad decision that applied change proposals one by one, recorded as the
    plan's next version ("Raadsbeslissing 18 december 2017") with its snapshot. Refused while an
    aanpassing is in ontwerp (versions/adopting.py)."""
    when = _long_date(decision_date)
    numbers = ", ".join(f"#{proposal.pk}" for proposal in proposals)
    with translation.override(settings.LANGUAGE_CODE):
        name = str(DECISION_NAME % {"date": when})
        note = str(DECISION_NOTE % {"date": when, "proposals": numbers})
        reason = str(_("raadsbeslissing van %(date)s") % {"date": when})
    return adopting.record(plan, name=name, council_date=decision_date, by=by, note=note, reason=reason)
