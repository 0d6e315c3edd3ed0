"""The demo's reporting rounds: Turnhout's "Rapportering december 2017" with its version table and the
rapportering's proposals, closed; after it an invented open round, so Turnhout's eigenaars have work
on their first page; and the fictitious BBC 2020 plan with its opvolgingsrapportering."""

import datetime
import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core import changes, clock
from demo.indicators import load_indicators
from demo.plans import (
    DEMO_FILE,
    DEMO_REASON,
    LoadReport,
    load_owners,
    load_plan_data,
    load_proposals,
    seed_moment,
)
from demo.versions import load_voorbeeldgemeente_aanpassing, load_voorbeeldgemeente_version
from plans.models import Action, Amount, AmountKind, Plan
from reporting.amounts_import import import_amounts
from reporting.rounds import TEXT_FIELDS, close_round, open_round, set_texts
from rounds.models import ReportingRound, RoundKind, RoundState, RoundVersion


@transaction.atomic
def load_round(plan: Plan, *, by, path: Path = DEMO_FILE) -> LoadReport:
    """Open the plan file's round, report the plan file's proposals in it, add its version table and
    close it, unless the round exists already."""
    report = LoadReport()
    data = tomllib.loads(path.read_text(encoding="utf-8")).get("reporting_round")
    if not data or ReportingRound.objects.filter(plan=plan, name=data["name"]).exists():
        return report
    # The seed's story: the round opens with its first version, the proposals are written and
    # submitted on the rapportering's date, and the cel closes it that afternoon.
    versions = data.get("versions", [])
    with clock.dated(seed_moment(versions[0]["date"] if versions else data["date"], 8)):
        round = open_round(plan=plan, name=data["name"], date=data["date"], by=by)
    with clock.dated(seed_moment(data["date"], 10)):
        report.created.update(load_proposals(plan, by=by, round=round, path=path).created)
        unreported = list(plan.proposals.filter(round=None))  # loaded before the round existed
        for proposal in unreported:
            proposal.round = round
        changes.update_many(unreported, ["round"], by=by, reason=f"gemeld in {round.name}")
    for version in versions:
        RoundVersion.objects.create(round=round, **version)
    with clock.dated(seed_moment(data["date"], 16)):
        close_round(round, by=by)
    report.count(str(ReportingRound._meta.verbose_name_plural))
    return report


# Not in the seed: the seed ends with December 2017. Its name says it is invented, wherever it shows.
INVENTED_ROUND_NAME = "Rapportering juni 2018 (verzonnen voor de demo)"
INVENTED_ROUND_OPENED = datetime.date(2018, 5, 15)
INVENTED_ROUND_DEADLINE = datetime.date(2018, 6, 15)
INVENTED_ROUND_DATE = datetime.date(2018, 6, 30)


@transaction.atomic
def load_invented_round(plan: Plan, *, by) -> LoadReport:
    """Open the invented round that follows the seed's December 2017 rapportering, so the eigenaars of
    Turnhout find their items to update in Mijn acties. It freezes nothing and changes no item: the
    December round, closed before, keeps its content and its outputs. Skipped when it exists, or when
    another round of the plan is open (only one may be)."""
    report = LoadReport()
    rounds = ReportingRound.objects.filter(plan=plan)
    if rounds.filter(name=INVENTED_ROUND_NAME).exists() or rounds.filter(state=RoundState.OPEN).exists():
        return report
    with clock.dated(seed_moment(INVENTED_ROUND_OPENED, 9)):
        open_round(
            plan=plan,
            name=INVENTED_ROUND_NAME,
            date=INVENTED_ROUND_DATE,
            deadline=INVENTED_ROUND_DEADLINE,
            by=by,
        )
    report.count(str(ReportingRound._meta.verbose_name_plural))
    return report


BBC_DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "voorbeeldgemeente_2026_2031.toml"
BBC_ESTIMATES_FILE = Path(settings.BASE_DIR) / "fixtures" / "voorbeeldgemeente_ramingen.csv"
BBC_ACTUALS_FILE = Path(settings.BASE_DIR) / "fixtures" / "voorbeeldgemeente_realisaties_2026.csv"


@transaction.atomic
def load_bbc_demo(*, by) -> tuple[Plan, LoadReport]:
    """The fictitious meerjarenplan 2026–2031 of Voorbeeldgemeente: its plan file; the rapportering of
    March 2026, closed; its ramingen and the realisaties of the first semester of 2026 imported from the
    finance package's files; and the opvolgingsrapportering of 2026, open and ready to close. Adds
    only what is missing."""
    data = tomllib.loads(BBC_DEMO_FILE.read_text(encoding="utf-8"))
    is_new = not Plan.objects.filter(slug=data["plan"]["slug"]).exists()
    now = {}  # actie number -> its status after the March round
    for action_plan in data["action_plans"]:
        for action in action_plan.get("actions", []):
            if "earlier_status" in action:
                now[action["number"]] = action["status"]
                action["status"] = action.pop("earlier_status")
    with clock.dated(seed_moment(datetime.date(2026, 1, 15), 9)):
        plan, report = load_plan_data(data, by=by)
    # The diensten first: an indicator names one as its verantwoordelijke.
    _add(report, load_owners(plan, by=by, path=BBC_DEMO_FILE))
    if not Amount.objects.filter(action__action_plan__plan=plan, kind=AmountKind.ESTIMATE).exists():
        with clock.dated(seed_moment(datetime.date(2026, 1, 15), 10)):
            import_amounts(BBC_ESTIMATES_FILE, plan=plan, kind=AmountKind.ESTIMATE, by=by)
        report.created[str(Amount._meta.verbose_name_plural)] = Amount.objects.filter(
            action__action_plan__plan=plan
        ).count()
    # The MJP as the raad adopted it, with its ramingen and indicators, before the year's statuses and
    # values moved on.
    with clock.dated(seed_moment(datetime.date(2026, 1, 15), 10)):
        _add(report, load_indicators(plan, by=by, path=BBC_DEMO_FILE, with_values=False))
    _add(report, load_voorbeeldgemeente_version(plan, by=by))
    if is_new:
        _add(report, _close_earlier_round(plan, data["earlier_round"], by=by))
        _add(report, load_voorbeeldgemeente_aanpassing(plan, by=by))
        changed = list(Action.objects.in_plan(plan).filter(number__in=now))
        for action in changed:
            action.status = now[action.number]
        changes.update_many(
            changed, ["status"], by=by, reason=DEMO_REASON, date=seed_moment(datetime.date(2026, 8, 28), 14)
        )
        report.count(str(ReportingRound._meta.verbose_name_plural))
    if not Amount.objects.filter(action__action_plan__plan=plan, kind=AmountKind.ACTUAL).exists():
        with clock.dated(seed_moment(datetime.date(2026, 7, 10), 10)):
            import_amounts(BBC_ACTUALS_FILE, plan=plan, kind=AmountKind.ACTUAL, by=by)
        amounts = Amount.objects.filter(action__action_plan__plan=plan).count()
        report.created[str(Amount._meta.verbose_name_plural)] = amounts
    round_data = data["follow_up_round"]
    if not ReportingRound.objects.filter(plan=plan, name=round_data["name"]).exists():
        texts = {name: round_data.pop(name) for name in TEXT_FIELDS}
        with clock.dated(seed_moment(datetime.date(2026, 9, 1), 9)):
            round = open_round(plan=plan, by=by, kind=RoundKind.FOLLOW_UP, **round_data)
        with clock.dated(seed_moment(datetime.date(2026, 9, 10), 11)):
            set_texts(round, texts=texts, version=round.version, by=by)
        report.count(str(ReportingRound._meta.verbose_name_plural))
    # The indicators' values of the opvolgingsrapportering (and anything else still missing).
    with clock.dated(seed_moment(datetime.date(2026, 9, 10), 14)):
        _add(report, load_indicators(plan, by=by, path=BBC_DEMO_FILE))
    return plan, report


def _close_earlier_round(plan: Plan, round_data: dict, *, by) -> LoadReport:
    """Open the March round, enter the indicators' values of that round, and close it (which freezes them)."""
    with clock.dated(seed_moment(round_data["date"], 9)):
        round = open_round(plan=plan, name=round_data["name"], date=round_data["date"], by=by)
    with clock.dated(seed_moment(round_data["date"], 11)):
        report = load_indicators(plan, by=by, path=BBC_DEMO_FILE)
    with clock.dated(seed_moment(round_data["date"], 16)):
        close_round(round, by=by)
    return report


def _add(report: LoadReport, more: LoadReport) -> None:
    for kind, count in more.created.items():
        report.created[kind] = report.created.get(kind, 0) + count
