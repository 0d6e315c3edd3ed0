"""The open data downloads of a published plan: CSV, Excel and JSON per version (JSON-LD:
test_linked_data.py); what they never hold; refusals; headers and caching."""

import csv
import datetime
import io
import json
import zipfile

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import changes
from opendata import downloads
from opendata.tables import plan_tables
from plans.models import Status
from publicsite import editions
from publicsite.models import Publication
from tests.factories import ActionFactory
from tests.publicsite.builders import INTERNAL_TOELICHTING, PUBLIC_TOELICHTING, a_published_plan
from versions import adopting
from versions.models import PlanVersion, VersionItem, VersionState

pytestmark = pytest.mark.django_db

FORMATS = ("csv", "xlsx", "json", "jsonld")
OWNER_EMAIL = "an.eigenaar@gemeente-x.be"


@pytest.fixture
def world():
    return a_published_plan()


def url(world, format: str, version: int | None = None) -> str:
    kwargs = {"organisation": world.organisation.slug, "plan": world.plan.slug, "format": format}
    if version is not None:
        kwargs["version"] = version
    return reverse("opendata:download", kwargs=kwargs)


def csv_rows(content: bytes) -> list[dict]:
    assert content.startswith("\ufeff".encode())  # the BOM: Excel reads the accents right
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def by_code(rows: list[dict]) -> dict[str, dict]:
    return {row["code"]: row for row in rows}


def workbook_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )


def a_third_version(world, *, titles: dict | None = None) -> PlanVersion:
    """Actie 1.1 gets an eigenaar with an e-mail address (and the titles given), then the raad adopts
    version 3."""
    owner = get_user_model().objects.create(
        username="eigenaar", first_name="Annelies", last_name="Eigenaar", email=OWNER_EMAIL
    )
    world.first.refresh_from_db()
    changes.update(world.first, {"owner": owner}, by=None, version=world.first.version)
    for action, title in (titles or {}).items():
        action.refresh_from_db()
        changes.update(action, {"title": title}, by=None, version=action.version)
    return adopting.record(world.plan, name="AMJP 2021-2", council_date=datetime.date(2021, 2, 1), by=None)


# ---------------------------------------------------------------------------------------------------
# What each format holds


def test_the_csv_holds_one_row_per_item_with_its_parent_status_and_address(client, world):
    response = client.get(url(world, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response.content)
    assert [row["soort"] for row in rows] == [
        "doelstelling",
        "actieplan",
        "actie",
        "actie",
        "actie",
        "project",
        "indicator",
    ]
    found = by_code(rows)
    assert found["1"]["bovenliggende_code"] == "SD 1"
    assert found["1.1"]["bovenliggende_code"] == "1"
    assert found["1.1"]["status"] == Status.IN_PROGRESS
    assert found["1.1"]["status_label"] == "loopt"
    assert found["1.1"]["toelichting"] == PUBLIC_TOELICHTING
    assert found["1.1"]["beleidsdomein"] == "Welzijn"  # the goal's, on every row under it
    assert found["1.2"]["status"] == Status.COMPLETED and found["1.2"]["toelichting"] == ""
    assert found["1.3"]["titel"] == "We starten een repair café."
    project = next(row for row in rows if row["soort"] == "project")
    assert project["gekoppeld_aan"] == "1"
    assert found["1.1"]["uri"] == ("http://127.0.0.1:8000/publiek/gemeente-x/welzijn-2020-2025/v2/actie/1.1/")
    assert found["SD 1"]["uri"].endswith("/v2/doelstelling/SD%201/")


def test_an_older_version_downloads_what_the_raad_adopted_then(client, world):
    response = client.get(url(world, "csv", version=1))
    assert response.status_code == 200
    assert 'filename="welzijn-2020-2025-v1.csv"' in response["Content-Disposition"]
    found = by_code(csv_rows(response.content))
    assert "1.3" not in found
    assert found["1.2"]["titel"] == "We openen een sociale kruidenier."
    assert found["1.1"]["uri"].endswith("/v1/actie/1.1/")


def test_the_workbook_has_a_tab_per_kind_with_a_frozen_styled_header(client, world):
    response = client.get(url(world, "xlsx"))
    assert response.status_code == 200
    assert 'filename="welzijn-2020-2025-v2.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Doelstellingen",
        "Actieplannen",
        "Acties",
        "Projecten",
        "Indicatoren",
        "Bedragen",
        "Indicatorwaarden",
    ]
    acties = book["Acties"]
    assert acties.freeze_panes == "A2"
    assert acties["A1"].value == "Code" and acties["A1"].font.bold
    rows = list(acties.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["1.1", "1.2", "1.3"]
    money = list(book["Bedragen"].iter_rows(min_row=2, values_only=True))
    # Actie 1.1: ramingen 2020 and 2021 (E, uitgave), a realisatie in 2020.
    assert [cell.value for cell in book["Bedragen"][1]][4:] == [
        "Raming uitgaven (euro)",
        "Raming ontvangsten (euro)",
        "Realisatie uitgaven (euro)",
        "Realisatie ontvangsten (euro)",
    ]
    assert money == [
        ("1.1", "1", 2020, "E", 1000, None, 640, None),
        ("1.1", "1", 2021, "E", 2500.5, None, None, None),
    ]
    values = list(book["Indicatorwaarden"].iter_rows(min_row=2, values_only=True))
    assert [(row[3], row[5], row[6]) for row in values] == [("streefwaarde", 2025, 120), ("meting", 2020, 35)]


def test_the_json_holds_plan_version_stand_van_zaken_and_flat_lists(client, world):
    response = client.get(url(world, "json", version=1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["plan"]["naam"] == "MJP 2020-2025"
    assert data["versie"] == {
        "nummer": 1,
        "naam": "MJP 2020-2025",
        "datum_raadsbeslissing": "2020-03-02",
        "van_kracht": False,
        "vervangen_op": "2020-12-14",
        "uri": "http://127.0.0.1:8000/publiek/gemeente-x/welzijn-2020-2025/v1/",
    }
    assert data["stand_van_zaken"] == {"datum": "2020-06-30", "rapportering": world.round.name}
    actie = next(item for item in data["items"] if item["code"] == "1.1")
    assert actie["bovenliggende_code"] == "1" and actie["toelichting"] == PUBLIC_TOELICHTING
    assert actie["beginjaar"] is None or isinstance(actie["beginjaar"], int)
    assert {"actie": "1.1", "jaar": 2020, "raming": 1000.0, "realisatie": 640.0}.items() <= data["bedragen"][
        0
    ].items()
    assert data["indicatorwaarden"][-1]["waarde"] == 35.0


@pytest.mark.parametrize("version", [None, 1])
def test_no_file_holds_the_internal_toelichting(client, world, version):
    for format in FORMATS:
        content = client.get(url(world, format, version)).content
        text = workbook_text(content) if format == "xlsx" else content.decode("utf-8-sig")
        assert PUBLIC_TOELICHTING in text, format
        assert INTERNAL_TOELICHTING not in text, format


def test_no_file_names_an_owner_or_an_email_address(client, world):
    a_third_version(world)
    assert VersionItem.objects.filter(owner="Annelies Eigenaar").exists()  # the snapshot holds them
    for format in FORMATS:
        content = client.get(url(world, format)).content
        text = workbook_text(content) if format == "xlsx" else content.decode("utf-8-sig")
        assert "Annelies" not in text and "Eigenaar" not in text and "@gemeente-x.be" not in text, format


def test_text_that_looks_like_a_formula_is_never_a_formula(client, world):
    a_third_version(
        world,
        titles={
            world.first: '=HYPERLINK("http://kwaad.example","klik")',
            world.second: "-1 is geen getal",
            world.third: "@SUM(A1)",
        },
    )
    found = by_code(csv_rows(client.get(url(world, "csv")).content))
    assert found["1.1"]["titel"] == '\'=HYPERLINK("http://kwaad.example","klik")'
    assert found["1.2"]["titel"] == "'-1 is geen getal"
    assert found["1.3"]["titel"] == "'@SUM(A1)"
    book = openpyxl.load_workbook(io.BytesIO(client.get(url(world, "xlsx")).content))
    cells = {row[0].value: row[2] for row in book["Acties"].iter_rows(min_row=2)}
    assert cells["1.1"].value == '=HYPERLINK("http://kwaad.example","klik")'
    assert all(cell.data_type == "s" for cell in cells.values())  # text, never a formula
    # The JSON holds the title as it is: JSON is no spreadsheet.
    items = json.loads(client.get(url(world, "json")).content)["items"]
    assert next(item for item in items if item["code"] == "1.3")["titel"] == "@SUM(A1)"


# ---------------------------------------------------------------------------------------------------
# Refusals


def test_unknown_and_unpublished_addresses_get_the_public_404_and_change_nothing(client, world):
    hidden = a_published_plan(slug="verborgen", organisation_slug="gemeente-y", published=False)
    draft = PlanVersion(plan=world.plan, number=3, name="AMJP 2022-1", state=VersionState.DRAFT)
    changes.save(draft, by=None, reason="aanpassing gestart")
    counts = (VersionItem.objects.count(), PlanVersion.objects.count(), Publication.objects.count())
    org, plan = world.organisation.slug, world.plan.slug
    for address in (
        f"/publiek/onbekend/{plan}/open-data.csv",
        f"/publiek/{org}/onbekend/open-data.csv",
        f"/publiek/{hidden.organisation.slug}/{hidden.plan.slug}/open-data.csv",
        f"/publiek/{org}/{plan}/v3/open-data.csv",  # in ontwerp
        f"/publiek/{org}/{plan}/v9/open-data.json",
        f"/publiek/{org}/{plan}/open-data.pdf",
        f"/publiek/{org}/{plan}/v1/open-data.exe",
        "/publiek/onbekend/open-data.zip",
    ):
        response = client.get(address)
        assert response.status_code == 404, address
        assert "Content-Disposition" not in response
    # The hidden plan's organisation has no published plan: its ZIP is empty but for the README.
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/publiek/{hidden.organisation.slug}/open-data.zip").content)
    )
    assert archive.namelist() == ["README.txt"]
    assert (VersionItem.objects.count(), PlanVersion.objects.count(), Publication.objects.count()) == counts


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_download_has_no_write_method(client, world, method):
    counts = (VersionItem.objects.count(), PlanVersion.objects.count())
    for address in (
        url(world, "csv"),
        url(world, "json", 1),
        f"/publiek/{world.organisation.slug}/open-data.zip",
    ):
        assert getattr(client, method)(address).status_code == 405, (method, address)
    assert (VersionItem.objects.count(), PlanVersion.objects.count()) == counts


# ---------------------------------------------------------------------------------------------------
# Headers and caching


def test_the_headers_name_the_file_and_let_a_proxy_cache_it(client, world):
    current = client.get(url(world, "jsonld"))
    assert current["Content-Type"] == "application/ld+json; charset=utf-8"
    assert current["Content-Disposition"] == 'attachment; filename="welzijn-2020-2025-v2.jsonld"'
    assert current["Cache-Control"] == "public, max-age=300"
    assert current["Last-Modified"] and current["ETag"]
    older = client.get(url(world, "jsonld", 1))
    assert older["Cache-Control"] == "public, max-age=86400"
    assert older["ETag"] != current["ETag"]
    head = client.head(url(world, "csv"))
    assert head.status_code == 200 and head["Content-Disposition"].endswith('v2.csv"')


def test_a_reader_with_the_same_copy_gets_304(client, world):
    first = client.get(url(world, "xlsx", 1))
    again = client.get(url(world, "xlsx", 1), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "public, max-age=86400"
    other = client.get(url(world, "csv", 1), headers={"If-None-Match": first["ETag"]})
    assert other.status_code == 200  # another format is another file


@pytest.mark.parametrize("format", FORMATS)
def test_a_second_download_reads_the_file_from_the_cache(client, world, format):
    with CaptureQueriesContext(connection) as first:
        built = client.get(url(world, format)).content
    with CaptureQueriesContext(connection) as second:
        again = client.get(url(world, format)).content
    assert again == built
    assert any("versions_versionitem" in query["sql"] and "data" in query["sql"] for query in first)
    assert not any("versions_versionitem" in query["sql"] for query in second)
    assert len(second) < len(first)


def test_the_file_is_built_in_the_same_number_of_queries_for_3_or_30_acties(world):
    def queries_for_a_version_with(count: int) -> int:
        for position in range(count):
            ActionFactory(
                action_plan=world.action_plan, number=f"1.{count * 100 + position}", title="Nog een actie"
            )
        version = adopting.record(
            world.plan, name=f"AMJP {count}", council_date=datetime.date(2021, 1, count), by=None
        )
        edition = editions.edition(world.plan, version.number)
        edition.plan.organisation  # noqa: B018 (read once by the view already)
        with CaptureQueriesContext(connection) as captured:
            tables = plan_tables(edition)
            for format in FORMATS:
                downloads.FORMATS[format].build(tables)
        return len(captured)

    assert queries_for_a_version_with(3) == queries_for_a_version_with(30)


def test_one_url_name_serves_both_addresses(world):
    assert url(world, "csv") == "/publiek/gemeente-x/welzijn-2020-2025/open-data.csv"
    assert url(world, "xlsx", 2) == "/publiek/gemeente-x/welzijn-2020-2025/v2/open-data.xlsx"
    assert reverse("opendata:organisation_zip", kwargs={"organisation": "gemeente-x"}) == (
        "/publiek/gemeente-x/open-data.zip"
    )


# ---------------------------------------------------------------------------------------------------
# The organisation's ZIP


def test_the_organisation_zip_holds_each_published_plan_in_force_and_a_readme(client, world):
    second = a_published_plan(slug="cultuur", organisation_slug="gemeente-z")
    # Move the second plan into the first organisation? Each builder makes its own organisation, so
    # the ZIP of gemeente-x holds one plan; gemeente-z's another.
    response = client.get(f"/publiek/{world.organisation.slug}/open-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="gemeente-x-open-data.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [
        "README.txt",
        "welzijn-2020-2025-v2/items.csv",
        "welzijn-2020-2025-v2/bedragen.csv",
        "welzijn-2020-2025-v2/indicatorwaarden.csv",
    ]
    readme = archive.read("README.txt").decode("utf-8")
    assert "MJP 2020-2025, versie 2 (AMJP 2021-1)" in readme
    assert "Modellicentie Gratis Hergebruik" in readme
    assert "bovenliggende_code" in readme and "realisatie" in readme
    items = csv_rows(archive.read("welzijn-2020-2025-v2/items.csv"))
    assert len(items) == 7
    amounts = csv_rows(archive.read("welzijn-2020-2025-v2/bedragen.csv"))
    assert [(row["jaar"], row["raming"], row["realisatie"]) for row in amounts] == [
        ("2020", "1000,00", "640,00"),
        ("2021", "2500,50", ""),
    ]
    values = csv_rows(archive.read("welzijn-2020-2025-v2/indicatorwaarden.csv"))
    assert [row["waarde"] for row in values] == ["120", "35"]
    text = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8-sig", "replace")
    assert INTERNAL_TOELICHTING not in text
    assert "cultuur" not in text  # another organisation's plan
    assert second.plan.slug == "cultuur"


def test_the_organisation_zip_is_built_once_and_answers_304(client, world):
    address = f"/publiek/{world.organisation.slug}/open-data.zip"
    first = client.get(address)
    with CaptureQueriesContext(connection) as again:
        second = client.get(address)
    assert second.content == first.content
    assert not any("versions_versionitem" in query["sql"] and "data" in query["sql"] for query in again)
    assert first["Cache-Control"] == "public, max-age=300" and first["Last-Modified"]
    assert client.get(address, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_code_repeated_in_a_freely_numbered_plan_gets_an_address_of_its_own(client, world):
    from plans.models import Numbering
    from tests.factories import ActionPlanFactory

    world.plan.refresh_from_db()
    world.plan = changes.update(
        world.plan, {"numbering": Numbering.FREE}, by=None, version=world.plan.version
    ).record
    other = ActionPlanFactory(plan=world.plan, goal=world.goal, number="2", title="We helpen gezinnen.")
    repeated = ActionFactory(action_plan=other, number="1.1", title="Dezelfde code, een ander actieplan.")
    a_third_version(world)
    rows = [row for row in csv_rows(client.get(url(world, "csv")).content) if row["code"] == "1.1"]
    assert [row["bovenliggende_code"] for row in rows] == ["1", "2"]
    assert {row["uri"].rsplit("/actie/", 1)[1] for row in rows} == {
        f"actie-{world.first.pk}/",
        f"actie-{repeated.pk}/",
    }


def test_the_organisation_zip_holds_every_published_plan_and_no_other(client, world):
    from publicsite import publishing
    from tests.factories import ActionPlanFactory, GoalFactory, PlanFactory

    def a_plan(slug: str, *, published: bool):
        plan = PlanFactory(organisation=world.organisation, slug=slug, name=f"Plan {slug}")
        goal = GoalFactory(plan=plan, number="1", title=f"Doel van {slug}")
        ActionFactory(
            action_plan=ActionPlanFactory(plan=plan, goal=goal, number="1", title="Ap"), number="1.1"
        )
        adopting.record(plan, name=f"MJP {slug}", council_date=datetime.date(2020, 1, 6), by=None)
        if published:
            publishing.switch(plan, on=True, by=None)

    a_plan("cultuur", published=True)
    a_plan("intern", published=False)
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/publiek/{world.organisation.slug}/open-data.zip").content)
    )
    folders = sorted({name.split("/")[0] for name in archive.namelist() if "/" in name})
    assert folders == ["cultuur-v1", "welzijn-2020-2025-v2"]
    readme = archive.read("README.txt").decode("utf-8")
    assert "Plan cultuur, versie 1 (MJP cultuur)" in readme and "intern" not in readme
    assert "Doel van cultuur" in archive.read("cultuur-v1/items.csv").decode("utf-8-sig")
