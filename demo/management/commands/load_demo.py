from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from core.roles import ROLE_LABELS
from demo.drafting import load_draft
from demo.indicators import load_indicators
from demo.plans import (
    DEMO_FILE,
    DEMO_PASSWORD,
    DEMO_USERS,
    create_demo_users,
    load_owners,
    load_plan_file,
    load_proposals,
)
from demo.publications import VOORBEELDGEMEENTE_CONTACT, load_publication
from demo.rounds import BBC_DEMO_FILE, load_bbc_demo, load_invented_round, load_round
from demo.versions import load_turnhout_version


class Command(BaseCommand):
    help = _(
        "Laadt de demo: het strategisch plan 2014–2019 van OCMW Turnhout zoals de rapportering van "
        "december 2017 het beschrijft, met zijn wijzigingsvoorstellen en de afgesloten rapportering, en een "
        "verzonnen open rapportering juni 2018 voor de eigenaars; het "
        "verzonnen meerjarenplan 2026–2031 van Voorbeeldgemeente (BBC 2020) met ramingen, realisaties en een "
        "opvolgingsrapportering; de opmaak van Turnhouts strategisch meerjarenplan 2020–2025 zoals seed 004 "
        "ze vertelt (hoofdstukken, het voorbeeld van het preventief gezondheidsbeleid, de data van 2019, de "
        "armoededoelstelling in haar twee formuleringen; al de rest verzonnen en zo gemarkeerd), nog niet "
        "vastgesteld; en één gebruiker per rol. Veilig om opnieuw te draaien: wat er al staat, "
        "blijft zoals het is."
    )

    @scopes_disabled()
    def handle(self, *args, **options) -> None:
        users = create_demo_users()
        plan, report = load_plan_file(by=users["cel"])
        report.created.update(load_turnhout_version(plan, by=users["cel"]).created)
        report.created.update(load_round(plan, by=users["cel"]).created)
        report.created.update(load_proposals(plan, by=users["cel"]).created)
        bbc_plan, bbc_report = load_bbc_demo(by=users["vg-cel"])
        bbc_report.created.update(load_owners(bbc_plan, by=users["vg-cel"], path=BBC_DEMO_FILE).created)
        report.created.update(load_owners(plan, by=users["cel"]).created)
        # After the seed's round: an invented open one, so each eigenaar has items on their first page.
        for kind, count in load_invented_round(plan, by=users["cel"]).created.items():
            report.created[kind] = report.created.get(kind, 0) + count
        # Turnhout's plan file declares no indicators (its rapportering defines none): nothing is invented.
        report.created.update(load_indicators(plan, by=users["cel"], path=DEMO_FILE).created)
        report.created.update(load_draft(plan.organisation, by=users["cel"]).created)
        report.created.update(load_publication(plan, by=users["turnhout-beheerder"]).created)
        bbc_report.created.update(
            load_publication(bbc_plan, by=users["vg-beheerder"], contact=VOORBEELDGEMEENTE_CONTACT).created
        )
        for kind, count in bbc_report.created.items():
            report.created[kind] = report.created.get(kind, 0) + count
        for loaded in (plan, bbc_plan):
            self.stdout.write(self.style.SUCCESS(_("Demo geladen: %(plan)s.") % {"plan": loaded}))
        if report.created:
            self.stdout.write(_("Nieuw aangemaakt: %(report)s.") % {"report": report})
        else:
            self.stdout.write(_("Niets nieuw: alles stond er al (bestaande gegevens blijven ongewijzigd)."))
        self.stdout.write(_("Demo-gebruikers (wachtwoord %(password)s):") % {"password": DEMO_PASSWORD})
        for user in DEMO_USERS:
            role = ROLE_LABELS.get(user.role, _("platformbeheerder"))
            where = user.organisation if user.role else _("alle organisaties")
            self.stdout.write(f"  {user.username:<19} {user.first_name:<7} {role} · {where}")
