"""The demo's reporting round: "Rapportering december 2017" with its version table and the
rapportering's proposals, closed."""

import tomllib
from pathlib import Path

from django.db import transaction

from plans import changes, clock
from plans.demo import DEMO_FILE, LoadReport, load_proposals, seed_moment
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
