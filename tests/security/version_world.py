"""What the access tests need of versions: a plan's first version, adopted, and an aanpassing in
ontwerp after it; sample paths for every versions URL."""

import datetime
from dataclasses import dataclass

from core import changes
from plans.models import Plan
from versions import adopting
from versions.models import PlanVersion, VersionState


@dataclass
class VersionWorld:
    plan: Plan
    first: PlanVersion
    draft: PlanVersion  # an aanpassing in ontwerp


def build_version_world(plan: Plan, *, by) -> VersionWorld:
    first = adopting.record(plan, name="MJP", council_date=datetime.date(2014, 12, 15), by=by)
    draft = changes.save(
        PlanVersion(
            plan=plan, number=2, name="AMJP 2018-1", state=VersionState.DRAFT, based_on=first, created_by=by
        ),
        by=by,
    )
    return VersionWorld(plan, first, draft)


def version_paths(world: VersionWorld) -> dict[str, str]:
    """A sample path for every versions URL."""
    base = f"/plannen/{world.plan.slug}/versies"
    return {
        "versions:list": f"{base}/",
        "versions:start": f"{base}/startversie/",
        # the first version with itself: a comparison without changes (the second is in ontwerp)
        "versions:compare": f"{base}/vergelijken/?oud=1&nieuw=1",
        "versions:compare_workbook": f"/plannen/{world.plan.slug}/versies/vergelijken.xlsx?oud=1&nieuw=1",
        # the first version has none before it: refused with a message on the versions page (302)
        "reporting:version_annex": f"{base}/1/gewijzigde-strategische-nota.docx",
    }
