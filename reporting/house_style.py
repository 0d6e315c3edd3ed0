"""The municipality's Word house style: checking an uploaded template, keeping it, and finding the
one in use.

A template is checked before python-docx opens it, as ``uploads/reading.py`` checks workbooks: its
size, that it is a zip holding a Word document or template (not a .doc, an Excel file renamed or
random bytes), that it does not unpack to something huge (a zip bomb), and that it holds no macros
(.docm, .dotm, vbaProject.bin). Then the verslag is built in it once: what python-docx cannot open,
or the export cannot write in, is refused too. A refusal changes nothing: the previous template
stays in use.
"""

import zipfile
from io import BytesIO

from defusedxml import ElementTree
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy

from core import changes, clock
from outputs.models import HouseStyle
from uploads.inflating import Damaged, Oversized, inflated_parts
from uploads.reading import MAX_ZIP_ENTRIES

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_TEMPLATE_UNPACKED_BYTES = 50 * 1024 * 1024
WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}
MACRO_MAIN_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .dot, .xls: the Office formats before 2007
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


ADVICE = gettext_lazy(
    "Open het in Word en kies Bestand > Opslaan als > “Word-sjabloon (.dotx)” of “Word-document (.docx)”."
)
EMPTY = gettext_lazy("Het bestand is leeg. Kies het Word-sjabloon (.dotx of .docx) van uw bestuur.")
TOO_BIG = gettext_lazy(
    "Het sjabloon is groter dan 5 MB. Verklein de afbeeldingen (het logo) in Word met Afbeelding > "
    "Afbeeldingen comprimeren en laad het opnieuw op."
)
MACROS = gettext_lazy("Het sjabloon bevat macro's (.docm of .dotm). %(advice)s")
OLD_FORMAT = gettext_lazy(
    "Dit is een oud Word- of Office-bestand (.doc, .dot of .xls), geen .docx of .dotx. %(advice)s"
)
NOT_ZIP = gettext_lazy("Dit is geen Word-bestand (.docx of .dotx). %(advice)s")
UNPACKS_TOO_BIG = gettext_lazy(
    "Het sjabloon pakt uit tot meer dan 50 MB of meer dan %(entries)d onderdelen: zo groot is geen "
    "huisstijl. Het wordt geweigerd."
)
DAMAGED = gettext_lazy("Het sjabloon is beschadigd en kan niet gelezen worden. %(advice)s")
EXCEL = gettext_lazy("Dit is een Excel-bestand, geen Word-sjabloon. %(advice)s")
POWERPOINT = gettext_lazy("Dit is een PowerPoint-bestand, geen Word-sjabloon. %(advice)s")
OPEN_DOCUMENT = gettext_lazy("Dit is een OpenDocument-bestand (.odt), geen Word-sjabloon. %(advice)s")
NOT_WORD = gettext_lazy("Dit is geen Word-document of -sjabloon. %(advice)s")
UNUSABLE = gettext_lazy("Word kan dit sjabloon niet openen zoals het is: het is beschadigd. %(advice)s")


class TemplateRefused(Exception):
    """The template is refused; the message says what is wrong and what to do."""


def _refuse(message, **params) -> TemplateRefused:
    return TemplateRefused(str(message) % {"advice": ADVICE, **params})


def check_template(data: bytes, filename: str = "") -> None:
    """Refuse what is not a usable Word template (.docx or .dotx), with a Dutch reason."""
    if not data:
        raise TemplateRefused(str(EMPTY))
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(str(TOO_BIG))
    if filename.lower().endswith((".docm", ".dotm")):
        raise _refuse(MACROS)
    if data.startswith(OLE_SIGNATURE):
        raise _refuse(OLD_FORMAT)
    if not zipfile.is_zipfile(BytesIO(data)):
        raise _refuse(NOT_ZIP)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            unpacked = sum(entry.file_size for entry in entries)
            if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_TEMPLATE_UNPACKED_BYTES:
                raise _refuse(UNPACKS_TOO_BIG, entries=MAX_ZIP_ENTRIES)
            # What the parts really inflate to, not what their headers declare.
            for _name, chunks in inflated_parts(BytesIO(data), MAX_TEMPLATE_UNPACKED_BYTES):
                for _chunk in chunks:
                    pass
            names = {entry.filename for entry in entries}
            main_type = _main_content_type(archive) if "[Content_Types].xml" in names else None
    except Oversized as error:
        raise _refuse(UNPACKS_TOO_BIG, entries=MAX_ZIP_ENTRIES) from error
    except (zipfile.BadZipFile, Damaged, ElementTree.ParseError, ValueError, KeyError) as error:
        raise _refuse(DAMAGED) from error
    macro_type = main_type in MACRO_MAIN_TYPES or "macroenabled" in (main_type or "").lower()
    if macro_type or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _refuse(MACROS)
    if main_type not in WORD_MAIN_TYPES:
        raise _refuse(_kind_of(names))


def _main_content_type(archive: zipfile.ZipFile) -> str | None:
    """The content type of word/document.xml, as [Content_Types].xml declares it (parsed safely)."""
    root = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    for override in root.iter(f"{_CONTENT_TYPES}Override"):
        if override.get("PartName", "").lower() == "/word/document.xml":
            return override.get("ContentType")
    return None


def _kind_of(names: set[str]):
    if "xl/workbook.xml" in names:
        return EXCEL
    if "ppt/presentation.xml" in names:
        return POWERPOINT
    if "content.xml" in names:
        return OPEN_DOCUMENT
    return NOT_WORD


def check_usable(data: bytes) -> None:
    """Build a small verslag in the template: what python-docx cannot open or write in is refused."""
    from reporting.docx_report import sample_docx

    try:
        sample_docx(data)
    except Exception as error:  # python-docx and lxml raise many kinds on damaged parts
        raise _refuse(UNUSABLE) from error


@transaction.atomic
def upload_house_style(
    *, organisation, data: bytes, filename: str, by: AbstractBaseUser | None
) -> HouseStyle:
    """Check the template and put it in use for ``organisation``; raises TemplateRefused and changes
    nothing if it is unfit."""
    check_template(data, filename)
    check_usable(data)
    style = HouseStyle(
        organisation=organisation,
        filename=filename[:255],
        data=data,
        size=len(data),
        uploaded_by=by,
        uploaded_at=clock.now(),
    )
    return changes.add(style, by=by)


def current_house_style(organisation) -> HouseStyle | None:
    return HouseStyle.objects.filter(organisation=organisation).order_by("-uploaded_at", "-pk").first()


def current_template(organisation, at=None) -> bytes | None:
    """The organisation's template in use (at the moment ``at``, when given): its newest upload, or
    None for the default that ships with the project."""
    styles = HouseStyle.objects.filter(organisation=organisation)
    if at is not None:
        styles = styles.filter(uploaded_at__lte=at)
    style = styles.order_by("-uploaded_at", "-pk").only("data").first()
    return bytes(style.data) if style is not None else None
