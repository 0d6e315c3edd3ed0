"""The compare page, its Excel, and the gewijzigde strategische nota in Word and PDF."""

import datetime
import io

import docx
import openpyxl
import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import changes
from core.roles import COUNCIL, OWNER
from plans.models import Action
from reporting import version_annex_pdf
from reporting.version_annex import build_annex
from tests.factories import ActionFactory, ActionPlanFactory, GoalFactory, PlanFactory
from tests.printing import flowing, printed_text
from tests.services import POPPLER
from tests.versions.builders import first_version
from tests.versions.compare_builders import REWORDED, two_versions
from versions import adopting, compare
from versions.models import PlanVersion, VersionState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_marks_left():
    """The task marks live in the progress cache, which the tests' cache fixture leaves alone."""
    caches["progress"].clear()
    yield
    caches["progress"].clear()


@pytest.fixture
def world(admin_user):
    return two_versions(admin_user)


@pytest.fixture
def reader(client, make_user):
    client.force_login(make_user("raadslid", COUNCIL))
    return client


def page_url(world, query: str = "") -> str:
    return reverse("versions:compare", args=[world.plan.slug]) + (f"?{query}" if query else "")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_page_compares_the_version_in_force_with_the_one_before(reader, world):
    response = reader.get(page_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "AMJP 2021-1 tegenover MJP 2020-2025" in page
    for label in ("geherformuleerd", "geschrapt", "gebundeld", "prioriteit gewijzigd", "verplaatst"):
        assert label in page
    assert '<ins><span class="visually-hidden">[toegevoegd: </span> voor elk gezin' in page
    assert "Was niet prioritair, wordt prioritair (aangeduid)." in page
    assert "+ € 2.500,00" in page  # the plan's difference, with its sign in words
    assert "2025: 120 → 150" in page
    assert "gewijzigde-strategische-nota.docx" in page


def test_the_filters_work_without_javascript(reader, world):
    page = reader.get(page_url(world, "oud=1&nieuw=2&wijziging=geschrapt")).content.decode()
    assert "We openen een sociale kruidenier." in page and REWORDED not in page.split("Wijzigingen")[-1]
    page = reader.get(page_url(world, f"oud=1&nieuw=2&doelstelling={world.other_goal.pk}&prioritair=on"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "We isoleren daken." in text and "We openen een sociale kruidenier." not in text
    assert "gefilterd" in text
    assert reader.get(page_url(world, "oud=1&nieuw=2&wijziging=alles")).status_code == 422
    assert reader.get(page_url(world, "oud=1&nieuw=7")).status_code == 422


def test_the_changes_are_paged(reader, world, monkeypatch):
    monkeypatch.setattr(compare, "CHANGES_PER_PAGE", 5)
    first = reader.get(page_url(world, "oud=1&nieuw=2")).content.decode()
    assert "pagina 1 van 3" in first and "We bouwen een woonzorgcentrum." not in first.split("Ramingen:")[0]
    last = reader.get(page_url(world, "oud=1&nieuw=2&pagina=3")).content.decode()
    assert "2025: 120 → 150" in last


def test_the_versions_list_links_each_version_to_the_one_before(reader, world):
    page = reader.get(reverse("versions:list", args=[world.plan.slug])).content.decode()
    assert f"{page_url(world)}?oud=1&amp;nieuw=2" in page and "vergelijk met vorige" in page


def test_a_version_in_ontwerp_cannot_be_compared(reader, admin_user):
    plan = PlanFactory()
    older = first_version(plan)
    changes.save(
        PlanVersion(plan=plan, number=2, name="AMJP", state=VersionState.DRAFT, based_on=older), by=admin_user
    )
    response = reader.get(reverse("versions:compare", args=[plan.slug]) + "?oud=1&nieuw=2")
    assert response.status_code == 422
    alone = reader.get(reverse("versions:compare", args=[plan.slug])).content.decode()
    assert "nog geen twee vastgestelde versies" in alone


def test_the_workbook_opens_with_the_changes_and_the_money(reader, world):
    reader.get(page_url(world))
    response = reader.get(reverse("versions:compare_workbook", args=[world.plan.slug]) + "?oud=1&nieuw=2")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    assert book.sheetnames == ["Wijzigingen", "Ramingen"]
    changed = list(book["Wijzigingen"].iter_rows(values_only=True))
    assert changed[0] == ("Soort item", "Nr.", "Titel", "Wijziging", "Wat veranderde", "Prioritair")
    assert ("actie", "1.2", "We openen een sociale kruidenier.", "geschrapt", "Geschrapt.", "nee") in changed
    assert changed[-1][0] == "Alle wijzigingen, zonder filters."
    money = list(book["Ramingen"].iter_rows(values_only=True))
    plan_total = [row for row in money if row[0] == "plan" and row[3] == "totaal" and row[4] == "exploitatie"]
    assert [row[5:8] for row in plan_total] == [(1100, 3600, 2500)]
    assert book["Wijzigingen"].freeze_panes == "A2" and book["Wijzigingen"].print_title_rows == "$1:$1"
    filtered = reader.get(
        reverse("versions:compare_workbook", args=[world.plan.slug])
        + "?oud=1&nieuw=2&wijziging=geschrapt&gefilterd=1"
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(body(filtered)))["Wijzigingen"].iter_rows(values_only=True))
    assert [row[1] for row in rows[1:-2]] == ["1.2"]
    assert rows[-1][0] == "Gefilterd: enkel: geschrapt."


def document_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def annex_url(world, fmt: str, number: int = 2) -> str:
    return reverse("reporting:version_annex", args=[world.plan.slug, number, fmt])


def test_the_annex_in_word_lists_every_change_in_plan_order(reader, world):
    response = reader.get(annex_url(world, "docx"))
    assert response.status_code == 200 and ".docx" in response["Content-Disposition"]
    text = document_text(body(response))
    assert "Gewijzigde strategische nota" in text
    assert "AMJP 2021-1 tegenover MJP 2020-2025" in text
    assert "Doelstelling SD 1 Iedereen kan meedoen." in text
    assert f"Gebundeld in 1.1 {REWORDED}" in text and ".." not in text  # one full stop
    assert "Verplaatst van 1 We stimuleren zelfhulp. naar 2 We renoveren sociale woningen." in text
    order = [
        text.index(words)
        for words in ("We openen een sociale kruidenier.", "We isoleren daken.", "2025: 120")
    ]
    assert order == sorted(order)
    assert "+\u00a0€\u00a02.500,00" in text  # the plan's difference, never broken


@pytest.mark.skipif(not POPPLER, reason="pdftotext not installed (apt-get install poppler-utils): SKIPPED")
def test_the_annex_as_pdf_says_the_same(reader, world):
    response = reader.get(annex_url(world, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = printed_text(body(response))
    for phrase in (
        "Gewijzigde strategische nota",
        "AMJP 2021-1 tegenover MJP 2020-2025",
        f"Gebundeld in 1.1 {REWORDED}",
        "Was niet prioritair, wordt prioritair (aangeduid).",
        "Geschrapt.",
    ):
        assert flowing(phrase) in text
    assert text.index(flowing("We openen een sociale kruidenier.")) < text.index(
        flowing("We isoleren daken.")
    )


def test_the_pdf_is_made_by_a_task_when_the_queue_holds_it(reader, world, queued):
    reader.get(page_url(world))
    waiting = reader.get(annex_url(world, "pdf"))
    assert waiting.status_code == 202 and "wordt aangemaakt" in waiting.content.decode()
    annex = build_annex(compare.stored(world.older, world.newer))
    assert version_annex_pdf.render_annex_pdf.call(world.newer.pk, annex.fingerprint()) == "done"
    assert reader.get(annex_url(world, "pdf"))["Content-Type"] == "application/pdf"


def test_the_first_version_has_no_annex(reader, world):
    response = reader.get(annex_url(world, "docx", number=1))
    assert response.status_code == 302
    assert reader.get(annex_url(world, "odt")).status_code == 404


def test_a_large_compare_is_followed_on_a_page_while_a_task_computes_it(reader, world, queued, monkeypatch):
    monkeypatch.setattr(compare, "SMALL", 3)
    response = reader.get(page_url(world, "oud=1&nieuw=2"))
    assert response.status_code == 202 and "worden vergeleken" in response.content.decode()
    polled = reader.get(page_url(world, "oud=1&nieuw=2&gezien=waiting"), headers={"HX-Request": "true"})
    assert polled.status_code == 204
    assert compare.compare_versions.call(world.older.pk, world.newer.pk) == "done"
    ready = reader.get(page_url(world, "oud=1&nieuw=2&gezien=waiting"), headers={"HX-Request": "true"})
    assert ready["HX-Redirect"].endswith("?oud=1&nieuw=2")
    assert reader.get(page_url(world, "oud=1&nieuw=2")).status_code == 200


def a_plan_reworded(count: int):
    """Two versions: ``count`` acties under as many actieplannen and goals, each reworded."""
    plan = PlanFactory()
    actions = []
    for number in range(1, count + 1):
        goal = GoalFactory(plan=plan, number=f"SD {number}")
        action_plan = ActionPlanFactory(plan=plan, goal=goal, number=str(number))
        actions.append(ActionFactory(action_plan=action_plan, number=f"{number}.1", title="Oud"))
    first_version(plan)
    for action in Action.objects.filter(pk__in=[a.pk for a in actions]):
        changes.update(action, {"title": "Nieuw"}, by=None, reason="test", version=action.version)
    adopting.record(plan, name="AMJP", council_date=datetime.date(2021, 1, 4), by=None)
    return plan


def test_the_query_count_does_not_grow_with_the_comparison(client, make_user):
    client.force_login(make_user("eigenaar", OWNER))
    counts = {}
    for count in (2, 30):
        url = reverse("versions:compare", args=[a_plan_reworded(count).slug]) + "?oud=1&nieuw=2"
        assert client.get(url).status_code == 200  # computes and stores it
        with CaptureQueriesContext(connection) as captured:
            again = client.get(url)
        assert again.status_code == 200
        assert '<table class="stacked compare-changes">' in again.content.decode()  # kept, not escaped
        counts[count] = len(captured)
    assert counts[2] == counts[30]
