"""The beleidsveld list (one per installation), imported by the beheerder from Excel or CSV.

Columns: code and naam. A code twice in the file refuses the whole file. Existing codes get the
file's name (with history), new codes are created; codes the file does not hold stay as they are,
since acties may use them (nothing is ever removed).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import changes
from plans.models import PolicyField
from uploads.reading import UploadRefused
from uploads.tables import FORMULA, Column, LineError, read_table

CODE, NAME = "code", "naam"
COLUMNS = [
    Column(CODE, ("beleidsveld", "code beleidsveld", "beleidsveldcode", "nr")),
    Column(NAME, ("omschrijving", "benaming", "naam beleidsveld", "beleidsveld naam")),
]
MAX_LINES = 5_000
CODE_LENGTH = PolicyField._meta.get_field("code").max_length
NAME_LENGTH = PolicyField._meta.get_field("name").max_length

DUPLICATES = gettext_lazy(
    "Deze codes staan meer dan één keer in het bestand: %(codes)s. Laat elke code maar één keer staan; "
    "er werd niets ingelezen."
)
EMPTY = gettext_lazy("Deze cel is leeg. Vul ze in, of maak de hele regel leeg.")
TOO_LONG = gettext_lazy("Hoogstens %(max)d tekens. Kort ze in.")
REASON = gettext_lazy("beleidsvelden geïmporteerd uit %(file)s")


class PolicyFieldsRefused(Exception):
    def __init__(self, upload: "PolicyFieldUpload"):
        super().__init__("policy fields import refused")
        self.upload = upload


@dataclass
class PolicyFieldUpload:
    filename: str
    errors: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # code → name, as the file has them
    new: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # code, old name, new name
    unchanged: int = 0
    kept: int = 0  # codes of the list that the file does not hold
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def writes(self) -> int:
        return len(self.new) + len(self.renamed)


def _code(value: Any) -> str:
    """A code typed as a number lost its leading zeros (119 for 0119): beleidsvelden have four digits."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}"
    return "" if value is None else str(value).strip()


def read_policy_fields(file: IO[bytes], size: int, *, filename: str) -> PolicyFieldUpload:
    """Read and check the list and compare it with the installation's: the preview. Writes nothing.
    Raises UploadRefused for a file refused as a whole."""
    upload = PolicyFieldUpload(filename)
    lines_of: dict[str, list[int]] = defaultdict(list)
    errors: list[LineError] = []
    for line in read_table(file, size, filename=filename, columns=COLUMNS, max_rows=MAX_LINES):
        errors += [LineError(line.sheet, line.number, name, str(FORMULA)) for name in line.formulas]
        code = _code(line.values[CODE])
        name = "" if line.values[NAME] is None else str(line.values[NAME]).strip()
        for column, value, limit in ((CODE, code, CODE_LENGTH), (NAME, name, NAME_LENGTH)):
            if not value:
                errors.append(LineError(line.sheet, line.number, column, str(EMPTY)))
            elif len(value) > limit:
                errors.append(LineError(line.sheet, line.number, column, str(TOO_LONG % {"max": limit})))
        if code:
            lines_of[code].append(line.number)
            upload.names[code] = name
    if not lines_of and not errors:
        raise UploadRefused(_("Het bestand heeft geen enkel beleidsveld. Vul de codes en namen in."))
    duplicates = sorted(code for code, numbers in lines_of.items() if len(numbers) > 1)
    if duplicates:
        upload.errors.append(str(DUPLICATES % {"codes": ", ".join(duplicates)}))
    upload.errors += [str(error) for error in errors]
    _compare(upload, {p.code: p for p in PolicyField.objects.all()})
    return upload


def _compare(upload: PolicyFieldUpload, existing: dict[str, PolicyField]) -> None:
    upload.new, upload.renamed, upload.unchanged = [], [], 0
    for code, name in sorted(upload.names.items()):
        current = existing.get(code)
        if current is None:
            upload.new.append((code, name))
        elif current.name != name:
            upload.renamed.append((code, current.name, name))
        else:
            upload.unchanged += 1
    upload.kept = sum(1 for code in existing if code not in upload.names)


def apply_policy_fields(upload: PolicyFieldUpload, *, by: AbstractBaseUser | None) -> PolicyFieldUpload:
    """Create the new codes and rename the existing ones, all or nothing, with history naming the
    file. Raises PolicyFieldsRefused (nothing written) when the upload has errors."""
    if not upload.ok:
        raise PolicyFieldsRefused(upload)
    reason = str(REASON % {"file": upload.filename})
    with transaction.atomic():
        existing = {p.code: p for p in PolicyField.objects.select_for_update()}
        _compare(upload, existing)
        renamed = []
        for code, _old, name in upload.renamed:
            existing[code].name = name
            renamed.append(existing[code])
        changes.create_many(
            [PolicyField(code=code, name=name) for code, name in upload.new], by=by, reason=reason
        )
        changes.update_many(renamed, ["name"], by=by, reason=reason)
    upload.applied = True
    return upload
