"""The demo plans on the public website: both published by their organisation's beheerder, and
Voorbeeldgemeente names a (fictitious) contact for its accessibility statement. Turnhout's is left
empty: the demo does not invent a real organisation's contact details. Adds only what is missing."""

from demo.plans import LoadReport
from plans.models import Plan
from publicsite import publishing
from publicsite.models import Publication, PublicProfile

VOORBEELDGEMEENTE_CONTACT = "strategie@voorbeeldgemeente.example"


def load_publication(plan: Plan, *, by, contact: str = "") -> LoadReport:
    report = LoadReport()
    if not Publication.objects.filter(plan=plan).exists():
        publishing.switch(plan, on=True, by=by)
        report.count(str(Publication._meta.verbose_name_plural))
    if contact and not PublicProfile.objects.filter(organisation=plan.organisation).exists():
        publishing.set_contact(plan.organisation, email=contact, phone="", by=by)
        report.count(str(PublicProfile._meta.verbose_name_plural))
    return report
