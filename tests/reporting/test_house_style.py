"""The beheerder's Word template: accepted when it is a plain .docx or .dotx, refused in Dutch, with
nothing changed, when it is anything else."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from outputs.models import HouseStyle
from reporting import house_style
from reporting.house_style import OLE_SIGNATURE, current_template, upload_house_style
from tests.factories import default_organisation
from tests.helpers import database_state
from tests.reporting.test_docx_report import house_template, with_content_type
from tests.zips import declaring, zipped

pytestmark = pytest.mark.django_db
DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOTM = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
URL = "/huisstijl/"


def with_entry(data: bytes, name: str, blob: bytes) -> bytes:
    output = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, blob)
    return output.getvalue()


def xlsx() -> bytes:
    output = BytesIO()
    Workbook().save(output)
    return output.getvalue()


def zip_bomb() -> bytes:
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/media/leeg.bin", b"\0" * (60 * 1024 * 1024))
    return output.getvalue()


def broken_document() -> bytes:
    """A Word package whose document part is not XML: the checks pass, python-docx cannot open it."""
    output = BytesIO()
    with zipfile.ZipFile(BytesIO(house_template())) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            blob = b"<w:document" if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info, blob)
    return output.getvalue()


REFUSED = {
    "empty": ("leeg.docx", lambda: b"", "Het bestand is leeg"),
    "too big": ("groot.docx", lambda: b"PK" + b"x" * (5 * 1024 * 1024 + 1), "groter dan 5 MB"),
    "random bytes": (
        "sjabloon.docx",
        lambda: b"Dit is geen Word-bestand" * 20,
        "geen Word-bestand (.docx of",
    ),
    "an old .doc": ("sjabloon.doc", lambda: OLE_SIGNATURE + b"\0" * 600, "oud Word- of Office-bestand"),
    "an .xlsx renamed": ("sjabloon.docx", xlsx, "Dit is een Excel-bestand"),
    "a .pptx renamed": ("sjabloon.dotx", lambda: zipped({"ppt/presentation.xml": b"<p/>"}), "PowerPoint"),
    "a .docm": (
        "sjabloon.docm",
        lambda: with_content_type(house_template(), DOCM),
        "bevat macro's",
    ),
    "a .dotm renamed .dotx": (
        "sjabloon.dotx",
        lambda: with_content_type(house_template(), DOTM),
        "bevat macro's",
    ),
    "vbaProject.bin inside": (
        "sjabloon.docx",
        lambda: with_entry(house_template(), "word/vbaProject.bin", b"macro"),
        "bevat macro's",
    ),
    "a zip bomb": ("sjabloon.docx", zip_bomb, "pakt uit tot meer dan 50 MB"),
    "a zip bomb that declares 1,000 bytes": (
        "sjabloon.docx",
        lambda: declaring(zip_bomb(), "word/media/leeg.bin", 1000),
        "pakt uit tot meer dan 50 MB",
    ),
    "a part that declares another size than it has": (
        "sjabloon.docx",
        lambda: declaring(house_template(), "word/document.xml", 10),
        "beschadigd",
    ),
    "damaged content types": (
        "sjabloon.docx",
        lambda: zipped({"[Content_Types].xml": b"<Types"}),
        "beschadigd",
    ),
    "a part python-docx cannot open": ("sjabloon.docx", broken_document, "Word kan dit sjabloon niet openen"),
}


def state() -> tuple:
    rows = list(HouseStyle.objects.values_list("pk", "filename", "size"))
    return database_state(), rows, HouseStyle.history.count(), current_template(default_organisation())


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_an_unusable_template_is_refused_in_dutch_and_the_previous_stays(client, users, case):
    upload_house_style(
        organisation=default_organisation(),
        data=house_template(header="Vorige huisstijl"),
        filename="vorige.dotx",
        by=None,
    )
    filename, make, message = REFUSED[case]
    before = state()
    client.force_login(users["turnhout-beheerder"])
    response = client.post(URL, {"file": SimpleUploadedFile(filename, make())})
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert message in page, page[page.find("errorlist") : page.find("errorlist") + 400]
    assert "het vorige sjabloon blijft in gebruik" in page
    assert state() == before
    assert current_template(default_organisation()) == before[3] and b"Vorige huisstijl" in zipfile.ZipFile(
        BytesIO(current_template(default_organisation()))
    ).read("word/header1.xml")


def test_every_refusal_says_what_to_do():
    for filename, make, _message in REFUSED.values():
        with pytest.raises(house_style.TemplateRefused) as refusal:
            house_style.check_template(make(), filename)
            house_style.check_usable(make())
        assert any(word in str(refusal.value) for word in ("Opslaan als", "Kies", "Verklein", "geweigerd"))


@pytest.mark.parametrize("filename", ["gemeente.dotx", "gemeente.docx"])
def test_a_word_template_is_put_in_use_with_who_and_when(client, users, filename):
    data = house_template(dotx=filename.endswith(".dotx"))
    client.force_login(users["turnhout-beheerder"])
    response = client.post(URL, {"file": SimpleUploadedFile(filename, data)})
    assert response.status_code == 302
    style = HouseStyle.objects.get()
    assert (style.filename, bytes(style.data), style.uploaded_by) == (
        filename,
        data,
        users["turnhout-beheerder"],
    )
    assert style.history.get().history_user == users["turnhout-beheerder"]
    assert current_template(default_organisation()) == data
    page = client.get(response["Location"]).content.decode()
    assert f"{filename} is nu de huisstijl van het verslag in Word." in page
    download = client.get(reverse("reporting:house_style_template"))
    assert download.content == data


def test_without_an_upload_the_default_template_is_offered(client, users):
    client.force_login(users["turnhout-beheerder"])
    page = client.get(URL).content.decode()
    assert "De standaardhuisstijl" in page
    download = client.get(reverse("reporting:house_style_template"))
    assert download["Content-Disposition"] == 'attachment; filename="huisstijl.docx"'
    assert zipfile.ZipFile(BytesIO(download.content)).testzip() is None


def test_the_platform_beheerder_first_chooses_the_organisation(client, users):
    client.force_login(users["beheerder"])
    before = state()
    response = client.post(URL, {"file": SimpleUploadedFile("gemeente.dotx", house_template())})
    assert "Kies eerst bovenaan de organisatie" in response.content.decode()
    assert state() == before
    client.post(reverse("organisations:choose"), {"organisation": default_organisation().pk})
    response = client.post(URL, {"file": SimpleUploadedFile("gemeente.dotx", house_template())})
    assert response.status_code == 302
    assert HouseStyle.objects.get().organisation == default_organisation()


def test_only_the_beheerder_may_change_the_house_style(client, users):
    for username in ("cel", "mt", "raad"):
        client.force_login(users[username])
        response = client.post(URL, {"file": SimpleUploadedFile("gemeente.dotx", house_template())})
        assert response.status_code == 403
    assert not HouseStyle.objects.exists()
