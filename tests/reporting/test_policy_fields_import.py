"""The beleidsveld list: imported by the beheerder; duplicates refused; codes never removed."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import changes
from core.roles import CEL
from plans.models import PolicyField
from reporting.policy_fields_import import PolicyFieldsRefused, apply_policy_fields, read_policy_fields
from tests.factories import ActionFactory, PolicyFieldFactory
from tests.helpers import confirmed, database_state, uploaded
from uploads.models import PendingImport
from uploads.reading import UploadRefused

pytestmark = pytest.mark.django_db


def read(data: bytes, name: str = "beleidsvelden.csv"):
    return read_policy_fields(io.BytesIO(data), len(data), filename=name)


def test_new_codes_are_created_existing_ones_renamed_with_history_and_none_removed(admin_user):
    used = PolicyFieldFactory(code="0119", name="Algemene diensten")
    ActionFactory(policy_field=used)
    PolicyFieldFactory(code="0200", name="Afvalbeleid")
    upload = read(b"code;naam\n0119;Overige algemene diensten\n0490;Verkeer en mobiliteit\n")
    assert upload.ok and upload.new == [("0490", "Verkeer en mobiliteit")]
    assert upload.renamed == [("0119", "Algemene diensten", "Overige algemene diensten")]
    assert upload.kept == 1
    apply_policy_fields(upload, by=admin_user)
    assert dict(PolicyField.objects.values_list("code", "name")) == {
        "0119": "Overige algemene diensten",
        "0200": "Afvalbeleid",
        "0490": "Verkeer en mobiliteit",
    }
    record = PolicyField.objects.get(code="0119").history.first()
    assert record.history_change_reason == "beleidsvelden geïmporteerd uit beleidsvelden.csv"
    assert record.history_user == admin_user


def test_an_xlsx_with_codes_typed_as_numbers_keeps_their_leading_zero(admin_user):
    book = openpyxl.Workbook()
    book.active.append(["Code", "Omschrijving"])
    book.active.append([119, "Overige algemene diensten"])
    output = io.BytesIO()
    book.save(output)
    upload = read(output.getvalue(), "bv.xlsx")
    assert upload.new == [("0119", "Overige algemene diensten")]


def test_duplicate_codes_are_refused_naming_them_and_nothing_is_written(admin_user):
    PolicyFieldFactory(code="0119", name="Oud")
    before = database_state()
    upload = read(b"code;naam\n0119;A\n0200;B\n0119;C\n0200;D\n0300;E\n")
    assert upload.errors[0].startswith("Deze codes staan meer dan één keer in het bestand: 0119, 0200.")
    with pytest.raises(PolicyFieldsRefused):
        apply_policy_fields(upload, by=admin_user)
    assert database_state() == before


def test_an_empty_name_or_wrong_columns_are_refused(admin_user):
    before = database_state()
    assert "Regel 2, kolom naam: Deze cel is leeg" in read(b"code;naam\n0119;\n").errors[0]
    with pytest.raises(UploadRefused, match="“naam”"):
        read(b"code;omschrijvingen\n0119;x\n")
    with pytest.raises(UploadRefused, match="leeg"):
        read(b"")
    assert database_state() == before


def test_importing_the_same_list_twice_changes_nothing(admin_user):
    data = b"code;naam\n0119;Overige algemene diensten\n"
    apply_policy_fields(read(data), by=admin_user)
    before = database_state()
    again = apply_policy_fields(read(data), by=admin_user)
    assert again.unchanged == 1 and not again.writes
    assert database_state() == before


def test_the_beheerder_previews_and_confirms_the_list_on_its_page(client, admin_user):
    client.force_login(admin_user)
    url = reverse("reporting:policy_fields")
    file = SimpleUploadedFile("beleidsvelden.csv", b"code,naam\n0119,Overige algemene diensten\n")
    page = uploaded(client, url, {"file": file})
    assert "Voorbeeld van beleidsvelden.csv" in page.content.decode()
    assert not PolicyField.objects.exists()
    page = confirmed(client, page)
    assert page.redirect_chain[-1][0] == url and not PendingImport.objects.exists()
    assert "0119" in page.content.decode() and "Nieuw: 1, hernoemd: 0." in page.content.decode()
    assert PolicyField.objects.get().name == "Overige algemene diensten"


def test_the_cel_may_not_import_the_list(client, make_user):
    client.force_login(make_user("cel", CEL))
    assert client.get(reverse("reporting:policy_fields")).status_code == 403


def test_the_admin_saves_a_beleidsveld_through_the_write_path_with_history(client, admin_user):
    field = changes.save(PolicyField(code="0119", name="Oud"), by=None)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:plans_policyfield_change", args=[field.pk]),
        {"code": "0119", "name": "Nieuw", "loaded_version": field.version},
    )
    assert response.status_code == 302
    field.refresh_from_db()
    assert field.name == "Nieuw" and field.version == 2
    assert field.history.first().history_user == admin_user
