"""The role matrix across organisations: a user of OCMW Turnhout reaches nothing of Gemeente Elders.

Every URL (the walk of test_access) with the other organisation's sample objects, for every role of
the own organisation, answers 403/404/405 (the login page for the anonymous user) and changes nothing;
every page, fragment and download of the own organisation carries none of the other's names. The
world is built once for the module: the walk is long.
"""

import io
import re
import shutil
import zipfile

import pytest
from django.db import transaction
from django.test import Client
from django_scopes import scopes_disabled

from outputs.models import OutputKind
from reporting import stored_outputs
from tests.helpers import database_state
from tests.printing import flowing, printed_text
from tests.security.world import (
    ELSEWHERE,
    ELSEWHERE_USERS,
    PUBLIC_NAMESPACES,
    ROLES,
    build_world,
    sample_paths,
    user_of,
    walk,
)

METHODS = ("GET", "POST")
LOGIN_PAGES = ("/aanmelden/", "/beheer/login/")
REFUSED = {403, 404, 405}
PLATFORM = "beheerder"  # the platform beheerder sees every organisation: not a member of one
MEMBER_ROLES = [role for role in ROLES if role not in ("anonymous", PLATFORM)]
# Words only the other organisation's records hold: its plan, its items, its people, its addresses.
MARKERS = (f"Plan van {ELSEWHERE}", f"Gemeente {ELSEWHERE}", "Geheim", "elders-", "plan-van-elders")
ELSEWHERE_ROLES = tuple(ELSEWHERE_USERS)
OOXML = ("application/vnd.openxmlformats", "application/zip")

pytestmark = pytest.mark.django_db
ADMIN = ("admin:", "beheer/")
# The pages and the admin (Beheer) apart: two shorter tests, and a failure says which side leaks.
PARTS = ["pages", "admin"]


def in_part(key: str, part: str) -> bool:
    return key.startswith(ADMIN) == (part == "admin")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Both organisations, built once; rolled back when the module ends."""
    from demo.plans import create_demo_users, load_plan_file, load_proposals

    with django_db_blocker.unblock(), scopes_disabled(), transaction.atomic():
        users = create_demo_users()
        plan, _report = load_plan_file()
        load_proposals(plan, by=users["cel"])
        world = build_world(plan, users)
        # Every download of the walk is then served from the store, as a second download is; the
        # walk reads what they hold for every role, without printing each again.
        for round in (world.closed_round, world.open_round, world.other.closed_round, world.other.open_round):
            for kind in OutputKind.values:
                stored_outputs.obtain(round, kind)
        yield world
        transaction.set_rollback(True)


def text_of(response) -> str:
    """What a response shows: its HTML or text, the XML of an Excel or Word file, a PDF's text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if content.startswith(b"PK") or kind.startswith(OOXML):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if content.startswith(b"%PDF"):
        assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF"
        return printed_text(content)  # a marker broken over two lines is still seen
    return content.decode("utf-8", "replace")


def leaks(response) -> list[str]:
    shown = text_of(response)
    return [marker for marker in MARKERS if marker in shown or flowing(marker) in shown]


def send(client: Client, method: str, path: str):
    return client.get(path) if method == "GET" else client.post(path)


def foreign_paths(world) -> list[tuple[str, str]]:
    """Each URL pattern whose sample path names a record of the other organisation. The public site
    shows every organisation's published plans to anyone: what it may show is tested in
    tests/security/test_public_subset.py."""
    own, other = sample_paths(world), sample_paths(world.other)
    return [
        (key, other[key])
        for key, _route in walk()
        if other[key] != own[key] and key.split(":", 1)[0] not in PUBLIC_NAMESPACES
    ]


def test_the_other_organisation_has_a_record_of_every_kind(world):
    other = world.other
    assert other.plan.organisation != world.plan.organisation
    assert other.closed_round.is_closed and not other.open_round.is_closed
    assert other.proposal.state == "submitted"
    assert other.indicator.values.exists() and other.indicator.targets.exists()
    assert {user.memberships.get().role for user in other.users.values()} == set(ELSEWHERE_ROLES)
    # The walk reaches the other organisation's objects on every page that names one.
    assert len(foreign_paths(world)) > 100


@pytest.mark.walk
@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("role", ["anonymous", *MEMBER_ROLES])
def test_the_other_organisations_objects_are_refused_and_change_nothing(world, role, part):
    user, before = user_of(world, role), database_state()
    wrong, changed, leaked = [], [], []
    for key, path in foreign_paths(world):
        if not in_part(key, part):
            continue
        for method in METHODS:
            savepoint = transaction.savepoint()
            client = Client()
            if user:
                client.force_login(user)
            response = send(client, method, path)
            status = response.status_code
            to_login = status == 302 and response["Location"].startswith(LOGIN_PAGES)
            # The admin answers an object it cannot find with a redirect to its index and a message.
            admin_not_found = status == 302 and key.startswith(("admin:", "beheer/")) and user is not None
            refused = to_login or (role != "anonymous" and (status in REFUSED or admin_not_found))
            if not refused:
                wrong.append((key, method, path, status))
            if leaks(response):
                leaked.append((key, method, path, leaks(response)))
            if method == "POST" and status in REFUSED | {302} and database_state() != before:
                changed.append((key, path, status))
            transaction.savepoint_rollback(savepoint)
    assert wrong == [], "\n".join(map(str, wrong))
    assert leaked == [], "\n".join(map(str, leaked))
    assert changed == [], "\n".join(map(str, changed))


@pytest.mark.walk
@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_the_own_organisations_pages_and_downloads_show_nothing_of_the_other(world, role, part):
    paths, user = sample_paths(world), user_of(world, role)
    leaked = []
    for key, _route in walk():
        if not in_part(key, part):
            continue
        for method in METHODS:
            savepoint = transaction.savepoint()
            client = Client()
            client.force_login(user)
            response = send(client, method, paths[key])
            found = leaks(response)
            if found:
                leaked.append((key, method, response.status_code, found))
            transaction.savepoint_rollback(savepoint)
    assert leaked == [], "\n".join(map(str, leaked))


def test_a_page_of_the_own_organisation_is_checked_for_the_others_names(world):
    """The check itself: the other organisation's own cel does see its names."""
    client = Client()
    client.force_login(world.other.users["cel"])
    response = client.get(f"/plannen/{world.other.plan.slug}/")
    assert response.status_code == 200
    assert re.search("Geheim actieplan", text_of(response))


# Forged ids in the fields of the own organisation's forms: refused, nothing changed.


def post_as(world, username: str, path: str, data: dict):
    client = Client()
    client.force_login(world.users[username] if username in world.users else user_of(world, username))
    return client.post(path, data)


def test_a_proposal_naming_the_other_organisations_actions_is_refused(world):
    other, before = world.other, database_state()
    path = f"/plannen/{world.plan.slug}/actieplannen/{world.action_plan.number}/voorstel/"
    for data in (
        {"kind": "remove", "actions": [other.action.pk], "motivation": "Weg ermee."},
        {
            "kind": "merge",
            "actions": [world.action.pk],
            "merge_into": other.action.pk,
            "motivation": "Samen.",
        },
        {"kind": "remove", "actions": [world.action.pk], "round": other.open_round.pk, "motivation": "Weg."},
    ):
        response = post_as(world, "cel", path, data)
        assert response.status_code == 200, data
        assert "errorlist" in response.content.decode(), data
        assert database_state() == before


def test_the_council_decision_cannot_apply_the_other_organisations_proposal(world):
    before = database_state()
    response = post_as(
        world,
        "cel",
        f"/plannen/{world.plan.slug}/voorstellen/raadsbeslissing/",
        {"decision_date": "2017-12-18", "proposals": [world.other.proposal.pk]},
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert database_state() == before


def test_an_indicator_cannot_name_a_person_or_dienst_of_the_other_organisation(world):
    other, before = world.other, database_state()
    for responsible in (f"user-{other.users['elders-cel'].pk}", f"department-{other.department.pk}"):
        response = post_as(
            world,
            "cel",
            f"/plannen/{world.plan.slug}/indicatoren/nieuw/",
            {"name": "Nieuwe indicator", "kind": "number", "better": "higher", "responsible": responsible},
        )
        assert "Kies een verantwoordelijke uit de lijst." in response.content.decode(), responsible
        assert database_state() == before


def test_the_indicator_form_offers_only_the_own_organisations_people(world):
    client = Client()
    client.force_login(user_of(world, "strategische cel"))
    page = client.get(f"/plannen/{world.plan.slug}/indicatoren/nieuw/").content.decode()
    assert "(cel)" in page and "elders-" not in page


def test_a_verantwoordelijke_cannot_be_linked_to_a_person_of_the_other_organisation(world):
    from core import changes
    from plans.models import Action

    changes.save(
        Action(action_plan=world.action_plan, number="40.99", title="Nieuw", responsible="Iemand"), by=None
    )
    before = database_state()
    for target in (f"user-{world.other.users['elders-cel'].pk}", f"department-{world.other.department.pk}"):
        response = post_as(
            world, "organisatiebeheerder", "/verantwoordelijken/", {"name": "Iemand", "target": target}
        )
        assert response.status_code == 422, target
        assert "Kies een persoon of dienst uit de lijst." in response.content.decode()
        assert "elders-" not in response.content.decode()
        assert database_state() == before


def test_names_match_only_the_members_of_the_organisation_in_scope(world):
    from django_scopes import scope

    from plans.people_links import Directory

    with scope(organisation=world.plan.organisation_id):
        directory = Directory.load()
        assert not directory.match("elders-cel")
        assert not directory.match(world.other.department.name)
        assert directory.match("cel").user == world.users["cel"]


def test_a_comment_does_not_mention_a_person_of_the_other_organisation(world):
    from plans.models import Comment

    client = Client()
    client.force_login(user_of(world, "strategische cel"))
    response = client.post(
        f"/plannen/{world.plan.slug}/actie/{world.action.pk}/opmerkingen/", {"text": "Zie @elders-cel"}
    )
    assert response.status_code < 400
    comment = Comment.objects.filter(plan=world.plan).latest("pk")
    assert comment.text.endswith("@elders-cel") and list(comment.mentions.all()) == []


def test_choosing_the_other_organisation_is_refused(world):
    client = Client()
    client.force_login(user_of(world, "strategische cel"))
    response = client.post("/organisatie/kiezen/", {"organisation": world.other.plan.organisation_id})
    assert response.status_code == 404
    assert "organisation" not in client.session
    assert "Geheim" not in client.get("/").content.decode()


# Forged ids in uploaded files: the row that names the other organisation's record is refused, by its
# number, and nothing of the file is applied.


def test_a_workbook_row_naming_the_other_organisations_indicator_is_refused(world):
    import openpyxl
    from django_scopes import scope

    from reporting.indicator_tab import TAB
    from reporting.round_trip import ImportRefused, import_rapportering
    from reporting.rounds import round_rows
    from reporting.workbook import build_workbook

    before = database_state()
    with scope(organisation=world.plan.organisation_id):
        output = io.BytesIO()
        build_workbook(round_rows(world.open_round), output)
        book = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
        (row,) = [row for row in book[TAB].iter_rows(min_row=2) if row[0].value == world.indicator.pk]
        row[0].value = world.other.indicator.pk
        edited = io.BytesIO()
        book.save(edited)
        data = edited.getvalue()

        def run(dry_run: bool):
            return import_rapportering(
                io.BytesIO(data),
                size=len(data),
                filename="r.xlsx",
                plan=world.plan,
                user=world.users["cel"],
                dry_run=dry_run,
            )

        preview = run(True)
        (refused,) = preview.refused
        assert f"Indicator {world.other.indicator.pk} bestaat niet in dit plan" in " ".join(refused.messages)
        assert refused.row == row[0].row
        with pytest.raises(ImportRefused):
            run(False)
    assert database_state() == before


def test_an_indicator_values_file_naming_the_other_organisations_indicator_is_refused(world):
    from django_scopes import scope

    from indicators.uploads import ValuesRefused, apply_values, read_values

    other = world.other
    text = (
        "Indicator;Datum;Rapportering;Waarde;Toelichting\n"
        f"{world.indicator.pk};;{world.open_round.name};130;\n"
        f"{other.indicator.pk};;{world.open_round.name};1;\n"
        f"{other.indicator.name};;{world.open_round.name};1;\n"
        f"{world.indicator.name};;{other.open_round.name};1;\n"
    ).encode()
    before = database_state()
    with scope(organisation=world.plan.organisation_id):
        upload = read_values(io.BytesIO(text), len(text), filename="waarden.csv", plan=world.plan)
        assert [str(error).split(",")[0].split(":")[0] for error in upload.errors] == [
            "Regel 3",
            "Regel 4",
            "Regel 5",
        ]
        with pytest.raises(ValuesRefused):
            apply_values(upload, by=world.users["cel"])
    assert database_state() == before


def test_an_amounts_file_naming_the_other_organisations_action_is_refused(world):
    from django_scopes import scope

    from core import changes
    from reporting.amounts_import import AmountsRefused, apply_amounts, read_amounts

    other = world.other
    changes.update(other.action, {"external_code": "AC999001"}, by=None, version=other.action.version)
    text = (
        "actie;jaar;categorie;uitgave/ontvangst;bedrag\r\n"
        f"{world.action.number};2017;E;U;10\r\n"
        "AC999001;2017;E;U;10\r\n"
    ).encode()
    before = database_state()
    with scope(organisation=world.plan.organisation_id):
        upload = read_amounts(
            io.BytesIO(text), len(text), filename="r.csv", plan=world.plan, kind="realisatie"
        )
        assert len(upload.errors) == 1 and "AC999001" in str(upload.errors[0])
        with pytest.raises(AmountsRefused):
            apply_amounts(upload, by=world.users["cel"])
    assert database_state() == before


def test_a_new_plans_verantwoordelijken_are_linked_only_within_its_organisation(world):
    """The platform beheerder reads a new plan for OCMW Turnhout (scope: all organisations): names
    of the other organisation's people and diensten stay text."""
    from reporting.plan_import import read_plan_upload
    from tests.reporting.test_plan_import import as_bytes, put, sd_od_plan

    book = sd_od_plan()
    for number, name in (
        ("OD 2.1.3", "elders-cel"),
        ("OD 2.1.4", world.other.department.name),
        ("OD 2.1.5", "cel"),
    ):
        put(book, "Acties", Actieplan="OD 2.1", Nummer=number, Titel="T", Verantwoordelijke=name)
    data = as_bytes(book)
    upload = read_plan_upload(io.BytesIO(data), len(data), organisation=world.plan.organisation)
    owners = {action.number: (action.owner, action.department) for action in upload.actions}
    assert owners["OD 2.1.3"] == owners["OD 2.1.4"] == (None, None)
    assert owners["OD 2.1.5"] == (world.users["cel"], None)
