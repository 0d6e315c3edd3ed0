"""The reports BBC 2020 asks of the raad: the opvolgingsrapportering and the doelstellingenrealisatie,
on screen, as workbook, Word and PDF, frozen when the round closes; and the digital-report checks.

The plan is the fictitious shape of issue 15, small enough to compute every figure by hand:

    BD 1  AP 10 (prioritair through actie 10.1)   10.1 prioritair, GEM · 10.2 OCMW
          AP 20                                   20.1 GEM
    BD 2  AP 30 (marked prioritair)               30.1 GEM · 30.2 OCMW
    —     AP 40                                   40.1 GEM
"""

import datetime
import re
from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from core import changes
from plans.models import AmountKind, Category, Direction, Status
from reporting.bbc_reports import build_bbc_report, rate
from reporting.bbc_workbook import build_bbc_workbook
from reporting.digital_checks import Finding, too_long
from reporting.docx_report import build_docx
from reporting.rounds import close_round, open_round, set_texts
from rounds.models import ReportingRound, RoundKind
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AmountFactory,
    EntityFactory,
    GoalFactory,
    PlanFactory,
    edit_item,
)
from tests.helpers import database_state

pytestmark = pytest.mark.django_db

E, INV, F = Category.OPERATING, Category.INVESTMENT, Category.FINANCING
OUT, IN = Direction.EXPENSE, Direction.RECEIPT
RAMING, REALISATIE = AmountKind.ESTIMATE, AmountKind.ACTUAL
D = Decimal


def money(action, kind, category, direction, amount, year=2026):
    return AmountFactory(
        action=action, kind=kind, category=category, direction=direction, amount=D(amount), year=year
    )


@pytest.fixture
def bbc(users):
    """The fictitious plan, a closed status round of January, and the opvolgingsrapportering."""
    plan = PlanFactory(name="Meerjarenplan 2026–2031", slug="voorbeeld", start_year=2026, end_year=2031)
    gem = EntityFactory(plan=plan, code="GEM", name="Gemeente")
    ocmw = EntityFactory(plan=plan, code="OCMW", name="OCMW")
    bd1 = GoalFactory(plan=plan, number="1", title="Een veilige gemeente")
    bd2 = GoalFactory(plan=plan, number="2", title="Een zorgzame gemeente")
    ap10 = ActionPlanFactory(
        plan=plan, goal=bd1, number="10", title="Veilig verkeer", status=Status.IN_PROGRESS
    )
    ap20 = ActionPlanFactory(plan=plan, goal=bd1, number="20", title="Brandweer")
    ap30 = ActionPlanFactory(
        plan=plan, goal=bd2, number="30", title="Thuiszorg", priority=True, status=Status.ON_HOLD
    )
    ap40 = ActionPlanFactory(plan=plan, number="40", title="Zonder doelstelling")
    a = {
        "10.1": ActionFactory(action_plan=ap10, number="10.1", title="Fietspaden", priority=True, entity=gem),
        "10.2": ActionFactory(action_plan=ap10, number="10.2", title="Zebrapaden", entity=ocmw),
        "20.1": ActionFactory(action_plan=ap20, number="20.1", title="Kazerne", entity=gem),
        "30.1": ActionFactory(
            action_plan=ap30, number="30.1", title="Warme maaltijden", entity=gem, status=Status.COMPLETED
        ),
        "30.2": ActionFactory(
            action_plan=ap30, number="30.2", title="Dienstencentrum", entity=ocmw, status=Status.REGULAR
        ),
        "40.1": ActionFactory(action_plan=ap40, number="40.1", title="Archief", entity=gem),
    }
    money(a["10.1"], RAMING, E, OUT, "1000.00")
    money(a["10.1"], RAMING, INV, OUT, "5000.00")
    money(a["10.1"], RAMING, E, IN, "200.00")
    money(a["10.1"], RAMING, E, OUT, "9999.00", year=2027)  # another year: not in the report
    money(a["10.1"], REALISATIE, E, OUT, "400.00")
    money(a["10.1"], REALISATIE, INV, OUT, "1000.00")
    money(a["10.2"], RAMING, E, OUT, "300.00")
    money(a["10.2"], REALISATIE, E, OUT, "150.00")
    money(a["20.1"], RAMING, E, OUT, "700.00")
    money(a["20.1"], REALISATIE, E, OUT, "700.00")
    money(a["20.1"], REALISATIE, F, IN, "50.00")
    money(a["30.1"], RAMING, E, OUT, "2000.00")
    money(a["30.1"], REALISATIE, E, OUT, "500.00")
    money(a["30.2"], RAMING, INV, OUT, "10000.00")
    money(a["30.2"], REALISATIE, INV, OUT, "2500.00")
    money(a["40.1"], RAMING, E, OUT, "80.00")
    january = open_round(plan=plan, name="Rapportering januari 2026", date=datetime.date(2026, 1, 15))
    close_round(january, by=users["cel"])
    edit_item(a["10.1"], by=users["cel"], status=Status.IN_PROGRESS, explanation="De eerste 2 km liggen er.")
    round = open_round(
        plan=plan,
        name="Opvolgingsrapportering 2026",
        date=datetime.date(2026, 7, 15),
        kind=RoundKind.FOLLOW_UP,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        by=users["cel"],
    )
    return plan, round, a


def line(goal, label):
    return next(m for m in goal.money if m.label == label)


def test_the_follow_up_shows_exactly_the_prioritaire_items_with_status_and_previous_status(bbc):
    _plan, round, _a = bbc
    report = build_bbc_report(round)
    stand = [
        (goal.number, item.row.kind, item.row.number, item.status, item.previous_status)
        for goal in report.goals
        for item in goal.items
    ]
    assert stand == [
        ("1", "actieplan", "10", "loopt", "loopt"),
        ("1", "actie", "10.1", "loopt", "niet gestart"),  # moved since January
        ("2", "actieplan", "30", "on hold", "on hold"),
        ("2", "actie", "30.1", "afgewerkt", "afgewerkt"),
        ("2", "actie", "30.2", "regulier", "regulier"),
    ]
    assert report.goals[0].items[1].row.explanation == "De eerste 2 km liggen er."
    assert [item.moved for item in report.goals[0].items] == [False, True]
    assert [g.number for g in report.goals] == ["1", "2", ""]
    assert report.year == 2026


def test_raming_against_realisatie_per_goal_matches_the_hand_computed_figures(bbc):
    _plan, round, _a = bbc
    one, two, none = build_bbc_report(round).goals
    ap10 = line(one, "Actieplan 10")
    assert (ap10.estimate.get(E, OUT), ap10.estimate.get(INV, OUT), ap10.estimate.get(E, IN)) == (
        D("1000.00"),
        D("5000.00"),
        D("200.00"),
    )
    assert (ap10.actual.get(E, OUT), ap10.actual.get(INV, OUT)) == (D("400.00"), D("1000.00"))
    cells = {(c.category, c.direction): c for c in ap10.cells()}
    assert (cells[E, OUT].rate, cells[INV, OUT].rate, cells[E, IN].rate, cells[F, OUT].rate) == (
        D("40.0"),
        D("20.0"),
        D("0.0"),
        None,
    )
    assert line(one, "Actie 10.1").estimate == ap10.estimate
    other = line(one, "Niet-prioritair (totaal)")  # 10.2 and 20.1
    assert (other.estimate.get(E, OUT), other.actual.get(E, OUT), other.actual.get(F, IN)) == (
        D("1000.00"),
        D("850.00"),
        D("50.00"),
    )
    assert cells[F, IN].rate is None and rate(D("0"), D("50")) is None  # nothing estimated: no rate
    total = one.total
    assert (total.estimate.expenses, total.actual.expenses, total.actual.receipts) == (
        D("7000.00"),
        D("2250.00"),
        D("50.00"),
    )
    assert total.estimate == ap10.estimate + other.estimate  # the total is the sum of its lines
    ap30 = line(two, "Actieplan 30")
    assert (ap30.estimate.expenses, ap30.actual.expenses) == (D("12000.00"), D("3000.00"))
    assert line(two, "Actie 30.1").estimate + line(two, "Actie 30.2").estimate == ap30.estimate
    assert line(two, "Niet-prioritair (totaal)").estimate.is_zero
    assert (none.heading, none.total.estimate.expenses, none.items) == (
        "Zonder beleidsdoelstelling",
        D("80.00"),
        [],
    )


def test_the_entity_filter_keeps_the_entitys_acties_and_their_money(bbc):
    _plan, round, _a = bbc
    report = build_bbc_report(round, entity="Gemeente")
    assert report.entities == ["Gemeente", "OCMW"]
    assert [item.row.number for g in report.goals for item in g.items] == ["10", "10.1", "30", "30.1"]
    one, two, _none = report.goals
    assert line(one, "Niet-prioritair (totaal)").estimate.get(E, OUT) == D("700.00")  # 20.1 only
    assert line(two, "Actieplan 30").estimate.expenses == D("2000.00")
    everyone = build_bbc_report(round, entity="bestaat niet")  # an unknown entity: every entity
    assert everyone.entity == "" and everyone.total.estimate.expenses == D("19080.00")


def open_annual(plan):
    """The doelstellingenrealisatie of 2026, opened once the opvolgingsrapportering is closed."""
    return open_round(
        plan=plan,
        name="Jaarrekening 2026",
        date=datetime.date(2027, 3, 31),
        kind=RoundKind.ANNUAL,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )


def test_the_doelstellingenrealisatie_counts_the_prioritaire_acties_per_status(bbc, users):
    plan, round, _a = bbc
    close_round(round, by=users["cel"])
    annual = open_annual(plan)
    report = build_bbc_report(annual)
    one, two, _none = report.goals
    assert (one.counts.counts[Status.IN_PROGRESS], one.counts.total, one.counts.done_share) == (1, 1, 0.0)
    assert (two.counts.counts[Status.COMPLETED], two.counts.counts[Status.REGULAR]) == (1, 1)
    assert two.counts.done_share == 100.0
    assert (report.counts.total, report.year) == (3, 2026)
    output = BytesIO()
    build_bbc_workbook(report, output)
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["Doelstellingen", "Stand van zaken", "Financiën"]
    goals = book["Doelstellingen"]
    assert [c.value for c in goals[1]][:2] == ["BD", "Beleidsdoelstelling"]
    assert [c.value for c in goals[3]][:2] == ["2", "Een zorgzame gemeente"]
    assert goals.cell(3, 9).value == 100  # % afgewerkt of regulier


def workbook_cells(report) -> dict:
    output = BytesIO()
    build_bbc_workbook(report, output)
    book = openpyxl.load_workbook(output)
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book}


def test_the_follow_up_workbook_has_its_tabs_real_numbers_and_print_setup(bbc):
    _plan, round, _a = bbc
    changes.update(
        round,
        {"changed_assumptions": "De index stijgt sneller."},
        by=None,
        version=round.version,
    )
    output = BytesIO()
    build_bbc_workbook(build_bbc_report(ReportingRound.objects.get(pk=round.pk)), output)
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["Stand van zaken", "Financiën", "Toelichting"]
    stand = book["Stand van zaken"]
    assert [c.value for c in stand[1]] == [
        "BD",
        "Beleidsdoelstelling",
        "Soort",
        "Nr.",
        "Titel",
        "Entiteit",
        "Status",
        "Status vorige rapportering",
        "Toelichting",
    ]
    assert [c.value for c in stand[3]][2:8] == [
        "actie",
        "10.1",
        "Fietspaden",
        "Gemeente",
        "loopt",
        "niet gestart",
    ]
    finance = book["Financiën"]
    rows = [[c.value for c in row] for row in finance.iter_rows(min_row=2)]
    ap10_e = next(r for r in rows if r[1] == "Actieplan 10" and r[3] == "exploitatie")
    assert ap10_e[4:] == [1000, 400, 40, 200, 0, 0]
    amount = next(row for row in finance.iter_rows(min_row=2) if row[1].value == "Actieplan 10")[4]
    assert amount.data_type == "n" and "€" in amount.number_format and "#,##0.00" in amount.number_format
    plan_total = [r for r in rows if r[1] == "Totaal van het plan"]
    assert sum(r[4] for r in plan_total) == 19080  # every raming uitgaven of 2026
    for sheet in book:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.print_title_rows == "$1:$1" and "&P" in sheet.oddFooter.right.text
    assert [c.value for c in book["Toelichting"][2]] == [
        "Gewijzigde veronderstellingen",
        "De index stijgt sneller.",
    ]
    assert [c.value for c in book["Toelichting"][3]] == ["Gewijzigde financiële risico's", "Geen."]


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def test_closing_freezes_the_report_whatever_is_imported_later(bbc, users, client):
    plan, round, a = bbc
    client.force_login(users["raad"])
    url = reverse("reporting:report", args=[plan.slug, round.pk])
    round = close_round(round, by=users["cel"])
    screen, cells = article(client.get(url).content.decode()), workbook_cells(build_bbc_report(round))
    # new realisaties after closing, as an import makes them (through core.changes), and a new status
    changes.create_many(
        [
            type(a["10.1"].amounts.first())(
                action=a["10.1"], kind=REALISATIE, year=2026, category=F, direction=OUT, amount=D("123.45")
            )
        ],
        by=users["cel"],
        reason="import realisaties.xlsx",
    )
    money(a["30.1"], REALISATIE, INV, OUT, "999.00")
    edit_item(a["10.1"], by=users["cel"], status=Status.COMPLETED, explanation="Later anders.")
    assert article(client.get(url).content.decode()) == screen
    assert workbook_cells(build_bbc_report(ReportingRound.objects.get(pk=round.pk))) == cells
    assert "€ 400,00" in screen and "Later anders." not in screen


def test_the_report_reads_a_constant_number_of_queries(bbc, users, django_assert_max_num_queries):
    _plan, round, a = bbc
    with django_assert_max_num_queries(12) as open_count:
        build_bbc_report(round)
    for n in range(5):  # more acties with money: the same queries
        extra = ActionFactory(action_plan=a["10.1"].action_plan, number=f"10.{n + 3}", priority=True)
        money(extra, RAMING, E, OUT, "1.00")
    with django_assert_max_num_queries(len(open_count.captured_queries)):
        build_bbc_report(round)
    closed = close_round(round, by=users["cel"])
    with django_assert_max_num_queries(len(open_count.captured_queries)):
        build_bbc_report(closed)


def test_the_cel_writes_the_two_texts_while_the_round_is_open(bbc, users, client):
    plan, round, _a = bbc
    client.force_login(users["cel"])
    page = client.get(reverse("reporting:round", args=[plan.slug, round.pk])).content.decode()
    assert "Gewijzigde veronderstellingen" in page and 'name="changed_financial_risks"' in page
    assert "De opvolgingsrapportering bekijken" in page
    response = client.post(
        reverse("reporting:round_texts", args=[plan.slug, round.pk]),
        {
            "changed_assumptions": "De rente steeg.",
            "changed_financial_risks": "Een energiecontract loopt af.",
            "version": round.version,
        },
        follow=True,
    )
    assert "zijn opgeslagen" in response.content.decode()
    round.refresh_from_db()
    assert (round.changed_assumptions, round.changed_financial_risks) == (
        "De rente steeg.",
        "Een energiecontract loopt af.",
    )
    record = round.history.first()
    assert (record.history_user, record.history_change_reason) == (
        users["cel"],
        "teksten van de rapportering",
    )
    # an outdated copy is refused
    before = database_state(), ReportingRound.history.count(), round.changed_assumptions
    response = client.post(
        reverse("reporting:round_texts", args=[plan.slug, round.pk]),
        {"changed_assumptions": "Ouder", "changed_financial_risks": "", "version": round.version - 1},
        follow=True,
    )
    assert "werd intussen gewijzigd" in response.content.decode()
    round.refresh_from_db()
    assert (database_state(), ReportingRound.history.count(), round.changed_assumptions) == before


def test_the_texts_of_a_closed_round_are_refused(bbc, users, client):
    plan, round, _a = bbc
    round = close_round(round, by=users["cel"])
    before = database_state(), ReportingRound.history.count(), round.changed_assumptions
    with pytest.raises(ValidationError, match="is afgesloten: de teksten liggen vast"):
        set_texts(round, texts={"changed_assumptions": "Nieuw"}, version=round.version, by=users["cel"])
    client.force_login(users["cel"])
    response = client.post(
        reverse("reporting:round_texts", args=[plan.slug, round.pk]),
        {"changed_assumptions": "Nieuw", "changed_financial_risks": "", "version": round.version},
        follow=True,
    )
    assert "de teksten liggen vast" in response.content.decode()
    assert 'name="changed_assumptions"' not in response.content.decode()  # read-only once closed
    round.refresh_from_db()
    assert (database_state(), ReportingRound.history.count(), round.changed_assumptions) == before
    client.force_login(users["raad"])
    assert client.post(reverse("reporting:round_texts", args=[plan.slug, round.pk]), {}).status_code == 403


def test_only_a_follow_up_has_the_two_texts(bbc, users, client):
    plan, round, _a = bbc
    close_round(round, by=users["cel"])
    annual = open_annual(plan)
    client.force_login(users["cel"])
    page = client.get(reverse("reporting:round", args=[plan.slug, annual.pk])).content.decode()
    assert "Gewijzigde veronderstellingen" not in page and 'name="changed_assumptions"' not in page
    before = database_state()
    response = client.post(
        reverse("reporting:round_texts", args=[plan.slug, annual.pk]),
        {"changed_assumptions": "Nieuw", "changed_financial_risks": "", "version": annual.version},
        follow=True,
    )
    assert "Jaarrekening 2026 is geen opvolgingsrapportering" in response.content.decode()
    assert database_state() == before


def test_the_cel_opens_a_follow_up_with_its_period(users, client):
    plan = PlanFactory(start_year=2026, end_year=2031)
    client.force_login(users["cel"])
    page = client.get(reverse("reporting:rounds", args=[plan.slug])).content.decode()
    assert re.search(r'name="period_start" value="\d{4}-01-01"', page)
    assert re.search(r'name="period_end" value="\d{4}-06-30"', page)
    before = database_state(), ReportingRound.objects.count()
    response = client.post(
        reverse("reporting:rounds", args=[plan.slug]),
        {
            "name": "Opvolging",
            "date": "2026-07-15",
            "kind": RoundKind.FOLLOW_UP,
            "period_start": "",
            "period_end": "",
        },
    )
    assert "vul begin en einde in" in response.content.decode()
    assert (database_state(), ReportingRound.objects.count()) == before
    response = client.post(
        reverse("reporting:rounds", args=[plan.slug]),
        {
            "name": "Opvolgingsrapportering 2026",
            "date": "2026-07-15",
            "kind": RoundKind.FOLLOW_UP,
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
        },
    )
    round = ReportingRound.objects.get(plan=plan)
    assert response.status_code == 302
    assert (round.kind, round.period_start, round.period_end, round.year) == (
        RoundKind.FOLLOW_UP,
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 30),
        2026,
    )
    # still one open round per plan, whatever its kind
    with pytest.raises(ValidationError, match="is nog open"):
        open_round(plan=plan, name="Rapportering juli 2026", date=datetime.date(2026, 7, 20))


def test_the_word_and_pdf_verslag_carry_the_follow_up(bbc, users, client):
    plan, round, _a = bbc
    document = docx.Document(BytesIO(build_docx(build_bbc_report(round))))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Stand van zaken van de prioritaire actieplannen en acties" in headings
    assert "Raming en realisatie 2026" in headings and "Gewijzigde financiële risico's" in headings
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    # amounts and realisatiegraden with non-breaking spaces: never broken over two lines
    assert "Actieplan 10 Veilig verkeer" in cells and "€\u00a01.000,00" in cells and "40,0\u00a0%" in cells
    client.force_login(users["raad"])
    response = client.get(reverse("reporting:report_docx", args=[plan.slug, round.pk]), {"entiteit": "OCMW"})
    assert response["Content-Disposition"].endswith('-ocmw-verslag.docx"')
    response = client.get(reverse("reporting:workbook", args=[plan.slug, round.pk]))
    assert openpyxl.load_workbook(BytesIO(response.getvalue())).sheetnames[0] == "Stand van zaken"


def test_the_word_money_tables_have_a_landscape_section_with_the_running_header(bbc):
    _plan, round, _a = bbc
    document = docx.Document(BytesIO(build_docx(build_bbc_report(round))))
    sections = document.sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert (
        sections[1].page_width == sections[2].page_height > sections[1].page_height == sections[2].page_width
    )
    in_section = {}  # per table's last header: the sections it is written in
    section = 0
    for element in document.element.body:
        if element.tag == qn("w:tbl"):
            last_header = docx.table.Table(element, document).rows[0].cells[-1].text
            in_section.setdefault(last_header, set()).add(section)
        elif element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            section += 1
    assert in_section == {"Toelichting": {0}, "Graad": {1}}  # the stand van zaken in portrait, money not
    assert all(s.header.is_linked_to_previous and s.footer.is_linked_to_previous for s in sections[1:])
    assert "Meerjarenplan 2026–2031" in sections[0].header.paragraphs[-1].text


def test_the_pdf_of_a_follow_up(bbc, users, client):
    plan, round, _a = bbc
    client.force_login(users["raad"])
    response = client.get(reverse("reporting:report_pdf", args=[plan.slug, round.pk]))
    assert response.getvalue()[:5] == b"%PDF-"


def test_digital_checks_list_every_text_too_long_with_a_link(bbc, users, client, django_assert_num_queries):
    plan, round, a = bbc
    goal = a["10.1"].action_plan.goal
    changes.update(goal, {"description": "x" * 4001}, by=None, version=goal.version)
    a["10.1"].refresh_from_db()
    changes.update(a["10.1"], {"title": "y" * 101}, by=None, version=a["10.1"].version)
    ap = a["30.1"].action_plan
    changes.update(ap, {"points_of_attention": "z" * 4100, "title": "t" * 100}, by=None, version=ap.version)
    with django_assert_num_queries(3):
        findings = too_long(plan)
    assert [(f.kind, f.number, f.field, f.length, f.limit) for f in findings] == [
        ("doelstelling", "1", "omschrijving", 4001, 4000),
        ("actieplan", "30", "aandachtspunten", 4100, 4000),
        ("actie", "10.1", "titel", 101, 100),
    ]
    assert findings[1].url == reverse("plans:action_plan_status", args=[plan.slug, "30"])
    assert findings[2].url == reverse("admin:plans_action_change", args=[a["10.1"].pk])
    client.force_login(users["cel"])
    page = client.get(reverse("reporting:digital_checks", args=[plan.slug])).content.decode()
    assert "3 teksten zijn te lang" in page and findings[2].url in page
    close_step = client.get(reverse("reporting:round", args=[plan.slug, round.pk])).content.decode()
    assert "3 teksten zijn te lang" in close_step and "Rapportering afsluiten" in close_step
    client.post(reverse("reporting:close", args=[plan.slug, round.pk]))  # it warns; closing is allowed
    assert ReportingRound.objects.get(pk=round.pk).is_closed


def test_the_advice_counts_characters_in_good_dutch():
    finding = Finding("actie", "10.1", "titel", 101, 100, "/")
    assert finding.advice == "Kort de titel in met 1 teken tot hoogstens 100."
    assert replace(finding, length=102).advice == "Kort de titel in met 2 tekens tot hoogstens 100."


def test_the_subtitle_names_the_kind_and_year_once(bbc, users):
    _, round, _ = bbc
    assert build_bbc_report(round).subtitle == "Opvolgingsrapportering 2026"
    changes.update(round, {"name": "Rapportering september"}, by=users["cel"], version=round.version)
    round.refresh_from_db()
    assert build_bbc_report(round).subtitle == "Opvolgingsrapportering 2026 · Rapportering september"
