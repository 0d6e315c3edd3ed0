"""The demo's reporting round: "Rapportering december 2017" with its version table and the
rapportering's proposals, closed."""

import tomllib
from pathlib import Path

from django.db import transaction

from plans import changes
from plans.demo import DEMO_FILE, LoadReport, load_proposals
from plans.models import Plan
from reporting.models import ReportingRound, RoundVersion
from reporting.rounds import close_round, open_round


@transaction.atomic
def load_round(plan: Plan, *, by, path: Path = DEMO_FILE) -> LoadReport:
    """Open the plan file's round, report the plan file's proposals in it, add its version table and
    close it, unless the round exists already."""
    report = LoadReport()
    data = tomllib.loads(path.read_text(encoding="utf-8")).get("reporting_round")
    if not data or ReportingRound.objects.filter(plan=plan, name=data["name"]).exists():
        return report
    round = open_round(plan=plan, name=data["name"], date=data["date"], by=by)
    report.created.update(load_proposals(plan, by=by, round=round, path=path).created)
    unreported = list(plan.proposals.filter(round=None))  # loaded before the round existed
    for proposal in unreported:
        proposal.round = round
    changes.update_many(unreported, ["round"], by=by, reason=f"gemeld in {round.name}")
    for version in data.get("versions", []):
        RoundVersion.objects.create(round=round, **version)
    close_round(round, by=by)
    report.count(str(ReportingRound._meta.verbose_name_plural))
    return report
