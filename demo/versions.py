"""The demo plans' first versions: each plan as the demo loads it, adopted on the date the seed or the
demo's story gives (versions/adopting.py). Adds only what is missing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from core import clock
from demo.plans import LoadReport, seed_moment
from plans import amendments, proposals
from plans.models import ActionPlan, Plan
from versions import aanpassing, adopting
from versions.models import PlanVersion

# OCMW Turnhout: the seed says the plan 2014–2019 was drawn up in 2013 and changed a first time in
# 2016; it gives no date of either raad decision, and the demo knows only the plan after the change.
TURNHOUT_ADOPTED = datetime.date(2013, 12, 16)
TURNHOUT_NOTE = (
    "Opgemaakt in 2013 en in 2016 een eerste keer gewijzigd (de acties van de seniorenzorg gingen naar "
    "het strategisch plan van Orion), zoals de rapportering van december 2017 vertelt. De demo kent "
    "enkel het plan na die wijziging: deze startversie toont dat plan. De datum van de raadsbeslissing "
    "is verzonnen voor de demo."
)
# Voorbeeldgemeente (fictitious): its raad adopted the MJP 2026–2031 before the end of 2025.
VOORBEELDGEMEENTE_ADOPTED = datetime.date(2025, 12, 18)
VOORBEELDGEMEENTE_NOTE = (
    "Het meerjarenplan 2026–2031 zoals de raad het vaststelde (fictief, zoals de hele gemeente)."
)


def load_first_version(
    plan: Plan, *, name: str, council_date: datetime.date, note: str, moment: datetime.datetime, by
) -> LoadReport:
    report = LoadReport()
    if PlanVersion.objects.filter(plan=plan).exists():
        return report
    with clock.dated(moment):
        adopting.record(plan, name=name, council_date=council_date, by=by, note=note)
    report.count(str(PlanVersion._meta.verbose_name_plural))
    return report


def load_turnhout_version(plan: Plan, *, by) -> LoadReport:
    return load_first_version(
        plan,
        name=_("Strategisch plan 2014-2019"),
        council_date=TURNHOUT_ADOPTED,
        note=TURNHOUT_NOTE,
        moment=seed_moment(datetime.date(2017, 12, 6), 9),
        by=by,
    )


def load_voorbeeldgemeente_version(plan: Plan, *, by) -> LoadReport:
    return load_first_version(
        plan,
        name="MJP 2026-2031",
        council_date=VOORBEELDGEMEENTE_ADOPTED,
        note=VOORBEELDGEMEENTE_NOTE,
        moment=seed_moment(datetime.date(2026, 1, 15), 11),
        by=by,
    )


# Voorbeeldgemeente's first aanpassing (fictitious): a new actie without ramingen, adopted in June 2026,
# after the rapportering of March and before the year's realisaties.
AANPASSING_NAME = "AMJP 2026-1"
AANPASSING_COLLEGE = datetime.date(2026, 6, 8)
AANPASSING_ADOPTED = datetime.date(2026, 6, 25)


def load_voorbeeldgemeente_aanpassing(plan: Plan, *, by) -> LoadReport:
    """The aanpassing drafted by the cel, approved by the MT, with the college's akkoord, adopted by the
    raad: version 2 of the plan. Skipped when the plan has a second version already."""
    report = LoadReport()
    if PlanVersion.objects.filter(plan=plan, number__gte=2).exists():
        return report
    mt = get_user_model().objects.get(username="vg-mt")
    action_plan = ActionPlan.objects.get(plan=plan, number="1.1")
    with clock.dated(seed_moment(datetime.date(2026, 5, 4), 10)):
        draft = aanpassing.start(
            plan, name=AANPASSING_NAME, by=by, note=_("Fictief, zoals de hele gemeente.")
        )
        added = amendments.draft_action(
            draft,
            action_plan=action_plan,
            number="1.1.5",
            title="We openen een tweede welzijnsloket in de deelgemeente.",
            motivation="Het eerste loket kan de vraag niet aan.",
            by=by,
            start_year=2027,
            end_year=2029,
        )
        proposals.submit(added, by=by)
    with clock.dated(seed_moment(datetime.date(2026, 5, 26), 11)):
        proposals.approve(added, by=mt, remark="Akkoord.")
    with clock.dated(seed_moment(AANPASSING_COLLEGE, 16)):
        proposals.endorse_many([added], by=by, college_date=AANPASSING_COLLEGE)
    with clock.dated(seed_moment(AANPASSING_ADOPTED, 21)):
        aanpassing.adopt(draft, council_date=AANPASSING_ADOPTED, by=by)
    report.count(str(PlanVersion._meta.verbose_name_plural))
    return report
