"""The cel's page "Bedragen importeren": upload → preview (per actie, old → new in euro) → confirm."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.roles import CEL, COUNCIL
from plans.models import Amount, AmountKind
from tests.factories import ActionFactory, ActionPlanFactory, AmountFactory, PlanFactory
from tests.helpers import confirmed, database_state, no_file_kept, uploaded
from uploads.models import PendingImport, UploadState

pytestmark = pytest.mark.django_db
HEADER = "actie;jaar;categorie;uitgave/ontvangst;bedrag"


@pytest.fixture
def plan():
    plan = PlanFactory(start_year=2026, end_year=2031, slug="voorbeeld")
    action_plan = ActionPlanFactory(plan=plan, number="10")
    action = ActionFactory(action_plan=action_plan, number="10.1", external_code="AC000001")
    AmountFactory(action=action, kind=AmountKind.ACTUAL, year=2026, amount=Decimal("100"))
    return plan


def upload_file(name: str, *lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([HEADER, *lines]).encode())


def test_cel_previews_a_realisaties_file_and_confirms_it(client, make_user, plan):
    cel = make_user("cel", CEL)
    client.force_login(cel)
    url = reverse("reporting:amounts_upload", args=[plan.slug])
    page = client.get(url)
    assert "Bedragen van het plan per jaar: realisatie" in page.content.decode()
    file = upload_file("realisaties-2026.csv", "AC000001;2026;E;U;1.000", "AC000001;2026;E;U;234,56")
    page = uploaded(client, url, {"kind": "realisatie", "file": file})
    html = page.content.decode()
    assert "Voorbeeld van realisaties-2026.csv (realisatie)" in html
    assert "2 lijnen voor actie AC000001 (10.1), 2026, exploitatie uitgaven samengeteld" in html
    assert "€ 100,00" in html and "€ 1.234,56" in html
    assert Amount.objects.get().amount == Decimal("100")  # nothing written before the confirmation
    page = confirmed(client, page)
    assert Amount.objects.get().amount == Decimal("1234.56")
    assert Amount.objects.get().source == "realisaties-2026.csv"
    html = page.content.decode()
    assert "Ingelezen. realisaties-2026.csv (realisatie)" in html and "€ 1.234,56" in html
    assert not PendingImport.objects.exists()


def test_a_refused_file_shows_its_errors_and_offers_no_confirmation(client, make_user, plan):
    client.force_login(make_user("cel", CEL))
    before = database_state()
    page = uploaded(
        client,
        reverse("reporting:amounts_upload", args=[plan.slug]),
        {"kind": "raming", "file": upload_file("r.csv", "AC000009;2026;E;U;10")},
    )
    html = page.content.decode()
    assert "Regel 2, kolom actie: Geen actie met code of nummer “AC000009”" in html
    assert "doorvoeren" not in html
    assert database_state() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.pdf", b"%PDF", "Kies een Excel-werkmap (.xlsx) of een CSV-bestand (.csv)"),
        ("r.csv", b"naam;code\nx;y", "de kolom(men)"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused(client, make_user, plan, name, content, message):
    client.force_login(make_user("cel", CEL))
    before = database_state()
    page = uploaded(
        client,
        reverse("reporting:amounts_upload", args=[plan.slug]),
        {"kind": "raming", "file": SimpleUploadedFile(name, content)},
    )
    assert message in page.content.decode()
    assert database_state() == before and no_file_kept()


def test_the_raad_may_not_import_amounts(client, make_user, plan):
    client.force_login(make_user("raad", COUNCIL))
    assert client.get(reverse("reporting:amounts_upload", args=[plan.slug])).status_code == 403


def test_an_upload_of_a_kind_the_user_may_not_import_is_not_shown_or_confirmed(client, make_user, plan):
    cel = make_user("cel", CEL)
    client.force_login(cel)
    pending = PendingImport.objects.create(
        kind="policy_fields", organisation=None, user=cel, filename="x.xlsx", data=b"x", ready=True
    )
    PendingImport.objects.filter(pk=pending.pk).update(state=UploadState.PREVIEWED)
    before = database_state()
    assert client.get(reverse("uploads:upload", args=[pending.pk])).status_code == 403
    assert client.post(reverse("uploads:confirm", args=[pending.pk])).status_code == 403
    assert database_state() == before and PendingImport.objects.get().state == UploadState.PREVIEWED


def test_the_rounds_page_links_to_the_amounts_import(client, make_user, plan):
    client.force_login(make_user("cel", CEL))
    page = client.get(reverse("reporting:rounds", args=[plan.slug]))
    assert reverse("reporting:amounts_upload", args=[plan.slug]) in page.content.decode()
