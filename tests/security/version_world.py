"""What the access tests need of versions: a plan's first version, adopted, and an aanpassing in
ontwerp after it; sample paths for every versions URL."""

import datetime
from dataclasses import dataclass

from core import changes
from plans.models import Plan
from versions import adopting
from versions.models import ItemKind, PlanVersion, VersionItem, VersionState


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
    held = VersionItem.objects.filter(version=world.first)
    action_plan = held.filter(kind=ItemKind.ACTION_PLAN).order_by("sort_key").first()
    indicator = held.filter(kind=ItemKind.INDICATOR).order_by("sort_key").first()
    first = f"{base}/{world.first.number}"
    return {
        "versions:list": f"{base}/",
        "versions:start": f"{base}/startversie/",
        "versions:publish": f"{base}/{world.first.number}/publicatie/",
        "versions:version": f"{first}/",
        "versions:version_action_plan": f"{first}/actieplannen/{action_plan.number}/",
        "versions:version_finances": f"{first}/financien/",
        "versions:version_indicators": f"{first}/indicatoren/",
        "versions:version_indicator": f"{first}/indicatoren/{indicator.item_id}/",
        "versions:aanpassing_start": f"{base}/aanpassing/",
        **{
            name: f"{base}/{world.draft.number}/aanpassing/{tail}"
            for name, tail in [
                ("versions:aanpassing", ""),
                ("versions:aanpassing_action_plan", "actieplan/"),
                ("versions:aanpassing_action", "actie/"),
                ("versions:aanpassing_amounts", "ramingen/"),
                ("versions:aanpassing_priority", "prioriteit/"),
                ("versions:aanpassing_college", "college/"),
                ("versions:aanpassing_adopt", "vaststellen/"),
                ("versions:aanpassing_stop", "stopzetten/"),
            ]
        },
        # the first version with itself: a comparison without changes (the second is in ontwerp)
        "versions:compare": f"{base}/vergelijken/?oud=1&nieuw=1",
        "versions:compare_workbook": f"/plannen/{world.plan.slug}/versies/vergelijken.xlsx?oud=1&nieuw=1",
        # the first version has none before it: refused with a message on the versions page (302)
        "reporting:version_annex": f"{base}/1/gewijzigde-strategische-nota.docx",
    }
