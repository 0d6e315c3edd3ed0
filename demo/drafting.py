"""The demo's draft: Turnhout's drafting of the "Strategisch meerjarenplan 2020–2025" as seed 004 tells it.

From the seed: the bestuursakkoord's four chapters (Welzijn, Omgeving, Beleving, Organisatie); the
Welzijn example "We ontwikkelen een preventief gezondheidsbeleid" with politiek aanspreekpunt Kelly
Verheyen, the partners LOGO, gezins- en gezondheidsraad, Orion and Licalab, and the aandachtspunten
doelgroep, wijk and ambitie; the meeting dates of 2019 (conclaaf 7/2, managers 21/2, CBS 28/2 for
the actieplannen; CBS 14/3 for the goals; CBS 6/6 for the detailing); the poverty goal in its two
wordings, the second one "aangepast" in a meeting. Everything else is invented and says so in its
title or text: "(verzonnen voor de demo)" — the ambitions, the other proposals and goals, the other
mandatarissen, the decisions' remarks, the dates of the meetings the seed does not date, the
envelopes, the room, the scenario, the acties and their ramingen.

The draft is left NOT adopted, with proposals still on an agenda, so a user can take it further.
Loading is idempotent: a draft of that name in the organisation is left as it is.
"""

import datetime

from django.db import transaction

from core import clock
from demo.plans import LoadReport, seed_moment
from drafting import drafts, envelopes, framework, scenarios, steps
from drafting.models import ChangeKind, Draft, ItemKind, Outcome, ProposalKind, Subject
from organisations.models import Organisation

INVENTED = "(verzonnen voor de demo)"
DRAFT_NAME = "Strategisch meerjarenplan 2020–2025"
D = datetime.date

# The akkoord's chapters (seed 004) and a few ambitions each (invented: the seed quotes none).
CHAPTERS = {
    "Welzijn": [
        "Preventie krijgt een vaste plaats in het gezondheidsbeleid",
        "Geen kind groeit op in armoede",
        "Zorg dicht bij huis, in elke deelgemeente",
    ],
    "Omgeving": [
        "Een groene long in het centrum",
        "Veilig en comfortabel fietsen naar school en werk",
        "Betaalbaar wonen voor jonge gezinnen",
    ],
    "Beleving": [
        "Cultuur voor iedereen, in elke wijk",
        "Wijken die elkaar ontmoeten",
    ],
    "Organisatie": [
        "Een digitale stad die de burger niet laat wachten",
        "Eén huis voor alle stadsdiensten",
    ],
}

# The actieplannen: (key, chapter, title, ambition indexes in the chapter, mandataris key, story).
HEALTH = "We ontwikkelen een preventief gezondheidsbeleid"
ACTION_PLANS = [
    ("health", "Welzijn", HEALTH, [0], "kelly"),
    ("child_poverty", "Welzijn", f"We bouwen een sluitend netwerk tegen kinderarmoede {INVENTED}", [1], "a"),
    ("social_house", "Welzijn", f"We openen een sociaal huis in elke deelgemeente {INVENTED}", [2], "a"),
    ("park", "Omgeving", f"We vernieuwen het stadspark {INVENTED}", [0], "b"),
    ("bike", "Omgeving", f"We leggen een fietsostrade naar het station aan {INVENTED}", [1], "b"),
    ("culture", "Beleving", f"We maken van de bibliotheek een open cultuurhuis {INVENTED}", [0], "c"),
    ("counter", "Organisatie", f"We digitaliseren het stadsloket {INVENTED}", [0], "c"),
]
LATE_ACTION_PLANS = [  # proposed after the CBS of 28/2: still on their way
    ("neighbourhood", "Beleving", f"We steunen een jaarlijks feest in elke wijk {INVENTED}", [1], "c"),
    ("admin_centre", "Organisatie", f"We bouwen een nieuw administratief centrum {INVENTED}", [1], "a"),
]
MANDATARIES = {
    "kelly": ("Kelly Verheyen", ""),  # the seed's politiek aanspreekpunt of the Welzijn example
    "a": (f"An Vermeulen {INVENTED}", f"schepen van sociale zaken {INVENTED}"),
    "b": (f"Bram Jacobs {INVENTED}", f"schepen van omgeving {INVENTED}"),
    "c": (f"Chris Willems {INVENTED}", f"schepen van cultuur en organisatie {INVENTED}"),
}
POVERTY_BEFORE = (
    "We voorkomen en bestrijden armoede, en in het bijzonder de kinder-, de generatie- en nieuwe armoede, "
    "via een gerichte inzet van lokale beleidsinstrumenten"
)
POVERTY_AFTER = (
    "We reduceren tegen 2030 het aantal Turnhoutenaars die onder de armoedegrens leven met de helft"
)
GOALS = [
    ("poverty", POVERTY_BEFORE),
    ("healthy", f"Turnhout is een gezonde stad om in op te groeien en oud te worden {INVENTED}"),
    ("culture", f"Iedere Turnhoutenaar vindt zijn weg naar cultuur {INVENTED}"),
    ("service", f"We werken als één klantgerichte organisatie {INVENTED}"),
    ("climate", f"We halveren de CO2-uitstoot van de stad tegen 2030 {INVENTED}"),
]
# The steps' meetings: the seed's dates are set on the steps; the others are invented and only date
# the decisions (their steps keep no date).
ACTION_PLAN_MEETINGS = {
    1: (D(2019, 1, 28), False),
    2: (D(2019, 1, 31), False),
    3: (D(2019, 2, 7), True),  # conclaaf 7/2
    4: (D(2019, 2, 21), True),  # verwerken input conclaaf met managers 21/2
    5: (D(2019, 2, 25), False),
    6: (D(2019, 2, 28), True),  # CBS 28/2
}
GOAL_MEETINGS = {1: (D(2019, 3, 4), False), 2: (D(2019, 3, 7), False), 3: (D(2019, 3, 11), False)}
GOAL_MEETINGS[4] = (D(2019, 3, 14), True)  # CBS 14/3
DETAILING_CBS = D(2019, 6, 6)  # CBS 6/6: the detailing per actieplan
# Exceptions to akkoord: (key, step position) -> (outcome, remark).
ACTION_PLAN_OUTCOMES = {
    ("social_house", 3): (
        Outcome.REFUSED,
        f"Het conclaaf kiest voor één sterk sociaal huis in het centrum {INVENTED}.",
    ),
    ("bike", 4): (Outcome.AMENDED, f"Tracé langs het kanaal in plaats van langs de ring {INVENTED}."),
    ("bike", 6): (Outcome.POSTPONED, f"Eerst de subsidie van de provincie afwachten {INVENTED}."),
}
GOAL_OUTCOMES = {
    ("poverty", 2): (
        Outcome.AMENDED,
        "Herschreven in klare, meetbare taal, zoals de uitgangspunten vragen (seed 004): “We reduceren "
        "tegen 2030 het aantal Turnhoutenaars die onder de armoedegrens leven met de helft”.",
    ),
    ("climate", 3): (Outcome.POSTPONED, f"De clusters vragen eerst een nulmeting {INVENTED}."),
}
LINKS = {"health": "healthy", "child_poverty": "poverty", "culture": "culture", "counter": "service"}
# Envelopes per year 2020–2025 (exploitatie, investeringen), all invented; the park makes 2022 go over.
ENVELOPES = {
    "health": [(150_000, 0)] * 6,
    "child_poverty": [(200_000, 0)] * 6,
    "park": [(0, 100_000), (0, 400_000), (0, 1_600_000), (0, 300_000), (0, 0), (0, 0)],
    "culture": [(120_000, 50_000)] * 6,
    "counter": [(80_000, 150_000), (80_000, 150_000), (60_000, 0), (60_000, 0), (60_000, 0), (60_000, 0)],
}
ROOM = [1_200_000, 1_200_000, 1_500_000, 1_300_000, 1_300_000, 1_300_000]
LAST_MARGIN = 900_000


def _moment(day: datetime.date, hour: int = 10):
    return clock.dated(seed_moment(day, hour))


@transaction.atomic
def load_draft(organisation: Organisation, *, by) -> LoadReport:
    """Turnhout's draft of the SMJP 2020–2025, as far as the seed tells it and a little further."""
    report = LoadReport()
    if Draft.objects.filter(organisation=organisation, name=DRAFT_NAME).exists():
        return report
    with _moment(D(2019, 1, 21), 9):
        draft = drafts.start(
            organisation,
            by=by,
            name=DRAFT_NAME,
            authority="Stad Turnhout",
            start_year=2020,
            end_year=2025,
            agreement="Bestuursakkoord 2019–2024",
            note=(
                "Opmaak SMJP 2020-2025 (seed 004): stap 1 actieplannen (conclaaf 7/2, managers 21/2, CBS "
                "28/2), stap 2 reality check, stap 3 strategisch kader (CBS 14/3), stap 4 uitwerking per "
                f"actieplan (CBS 6/6/2019). Wat niet uit de seed komt, is {INVENTED}."
            ),
        )
        report.count("ontwerp")
        for subject, meetings in (
            (Subject.ACTION_PLANS, ACTION_PLAN_MEETINGS),
            (Subject.GOALS, GOAL_MEETINGS),
        ):
            for step in steps.steps_of(draft, subject):
                day, from_seed = meetings[step.position]
                if from_seed:
                    steps.rename_step(
                        step,
                        name=step.name,
                        meeting_date=day,
                        decider=step.decider,
                        by=by,
                        version=step.version,
                    )
        ambitions = {}
        for name, texts in CHAPTERS.items():
            chapter = drafts.add_chapter(draft, name, by=by)
            ambitions[name] = drafts.add_ambitions(chapter, [f"{text} {INVENTED}" for text in texts], by=by)
            report.count("hoofdstuk")
        chapters = {chapter.name: chapter for chapter in draft.chapters.all()}
        mandataries = {}
        for key, (name, mandate) in MANDATARIES.items():
            found = organisation.mandataries.filter(name=name).first()
            mandataries[key] = found or drafts.add_mandatary(organisation, name=name, mandate=mandate, by=by)

        def propose(key, chapter, title, indexes, contact, **more):
            report.count("actieplan")
            return steps.propose(
                draft,
                kind=ProposalKind.ACTION_PLAN,
                by=by,
                title=title,
                chapter=chapters[chapter],
                political_contact=mandataries[contact],
                ambitions=[ambitions[chapter][i] for i in indexes],
                **more,
            )

        plans = {}
        for key, chapter, title, indexes, contact in ACTION_PLANS:
            more = {}
            if key == "health":
                more = {
                    "partners": "LOGO, gezins- en gezondheidsraad, Orion, Licalab",
                    "points_of_attention": (
                        "Bepaalde doelgroep? Focus op een bepaalde wijk? Verduidelijken van de ambitie."
                    ),
                }
            else:
                more = {"partners": f"Adviesraden en partners van de stad {INVENTED}"}
            plans[key] = propose(key, chapter, title, indexes, contact, **more)
    with _moment(D(2019, 2, 14)):  # the workshop with the adviesraden the conclaaf chose (date invented)
        drafts.add_remark(
            plans["health"],
            source="Workshop met de adviesraden",
            text=f"Betrek de scholen bij de preventie, niet alleen de zorgpartners {INVENTED}.",
            by=by,
        )
    _meetings(draft, Subject.ACTION_PLANS, plans, ACTION_PLAN_MEETINGS, ACTION_PLAN_OUTCOMES, by=by)

    with _moment(D(2019, 3, 1), 9):
        for key, chapter, title, indexes, contact in LATE_ACTION_PLANS:
            plans[key] = propose(key, chapter, title, indexes, contact)
        goals = {}
        for key, title in GOALS:
            goals[key] = steps.propose(draft, kind=ProposalKind.GOAL, by=by, title=title)
            report.count("doelstelling")
    with _moment(D(2019, 3, 4)):  # the wijkfeest passes the voorzet; the administratief centrum waits
        steps.decide(plans["neighbourhood"], plans["neighbourhood"].step, Outcome.AGREED, by=by)
    _meetings(draft, Subject.GOALS, goals, GOAL_MEETINGS, GOAL_OUTCOMES, by=by)

    for proposal in (*plans.values(), *goals.values()):
        proposal.refresh_from_db()
    with _moment(D(2019, 3, 15)):
        for plan_key, goal_key in LINKS.items():  # the park is left without a goal
            framework.link(plans[plan_key], goals[goal_key], by=by)
    with _moment(D(2019, 3, 20)):
        for key, figures in ENVELOPES.items():
            for year, (operating, investment) in zip(draft.years, figures, strict=True):
                envelopes.set_envelope(plans[key], year, operating=operating, investment=investment, by=by)
        for year, available in zip(draft.years, ROOM, strict=True):
            margin = LAST_MARGIN if year == draft.end_year else None
            envelopes.set_room(draft, year, available=available, self_financing_margin=margin, by=by)
    with _moment(D(2019, 3, 25)):
        scenario = scenarios.start(
            draft,
            name=f"Stadspark gespreid tot 2025 {INVENTED}",
            note="De investering van 2022 spreiden over 2022–2025, zodat 2022 binnen de ruimte blijft.",
            by=by,
        )
        scenarios.add_change(
            scenario, plans["park"], ChangeKind.SPREAD, first_year=2022, last_year=2025, by=by
        )
        report.count("scenario")
    with _moment(DETAILING_CBS, 9):
        _detail(plans["health"], by=by)
        report.count("uitgewerkt actieplan")
    return report


def _meetings(draft, subject, proposals, meetings, outcomes, *, by) -> None:
    """Each meeting of ``subject`` in order, on its day: akkoord, but for the exceptions."""
    for step in steps.steps_of(draft, subject):
        day, _from_seed = meetings[step.position]
        with _moment(day):
            for key, proposal in proposals.items():
                proposal.refresh_from_db()
                if proposal.step_id != step.pk:
                    continue
                outcome, remark = outcomes.get((key, step.position), (Outcome.AGREED, ""))
                if key == "poverty" and outcome == Outcome.AMENDED:
                    proposal = drafts.edit_proposal(
                        proposal, {"title": POVERTY_AFTER}, by=by, version=proposal.version
                    )
                steps.decide(proposal, step, outcome, by=by, remark=remark)


def _detail(proposal, *, by) -> None:
    """The health plan in acties and a project, with ramingen per year and budget code (invented)."""
    proposal.refresh_from_db()
    loket = drafts.add_item(
        proposal,
        by=by,
        kind=ItemKind.ACTION,
        title=f"Een gezondheidspunt in de wijk Zevendonk {INVENTED}",
        start_year=2020,
        end_year=2022,
        task_city="Zoekt de plek en coördineert.",
        task_partners="LOGO en Orion bemannen het punt.",
        task_citizens="Buurtbewoners tekenen mee de openingsuren uit.",
    )
    campagne = drafts.add_item(
        proposal,
        by=by,
        kind=ItemKind.ACTION,
        title=f"Een jaarlijkse campagne rond bewegen en voeding {INVENTED}",
        start_year=2020,
        end_year=2025,
        task_city="Organiseert de campagne.",
        task_partners="De gezins- en gezondheidsraad levert de thema's.",
    )
    drafts.add_item(
        proposal,
        by=by,
        kind=ItemKind.PROJECT,
        title=f"Zorginnovatie met Licalab {INVENTED}",
        start_year=2021,
        end_year=2023,
        task_partners="Licalab test de nieuwe diensten met bewoners.",
    )
    for year, amount in ((2020, "90.000"), (2021, "60.000"), (2022, "60.000")):
        drafts.set_estimate(
            loket,
            year=year,
            category="E",
            direction="uitgave",
            budget_code="0980/6130000",
            amount=amount,
            by=by,
        )
    drafts.set_estimate(
        loket,
        year=2020,
        category="I",
        direction="uitgave",
        budget_code="0980/2300000",
        amount="45.000",
        by=by,
    )
    for year in range(2020, 2026):
        drafts.set_estimate(
            campagne,
            year=year,
            category="E",
            direction="uitgave",
            budget_code="0980/6140000",
            amount="25.000",
            by=by,
        )
    drafts.set_estimate(
        campagne,
        year=2020,
        category="E",
        direction="ontvangst",
        budget_code="0980/7400000",
        amount="10.000",
        by=by,
    )
