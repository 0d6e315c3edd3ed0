"""A round's outputs (the workbook, the verslag in Word and in PDF), rendered once and kept as files.

A closed round's outputs never change: its workbook is rendered from the frozen rows when it closes,
its verslag at the first download (a PDF of 10,000 acties takes minutes, longer than a request may
last), and both are kept with their SHA-256 in the ``outputs`` storage. An open round's are kept
under the history fingerprint of the moment they were rendered, so two downloads without an edit
between them render once. A file is checked against its hash before it is served: a missing or
altered file is logged and rendered again from the round's rows, never served. How each output is
made, and the name it is downloaded under, is ``rendering.py``'s.
"""

import functools
import hashlib
import logging

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from core import clock
from core.code_version import code_version
from outputs.models import StoredOutput
from plans.caching import history_fingerprint
from reporting import rendering
from rounds.models import ReportingRound

log = logging.getLogger(__name__)

# What the outputs show lives in these apps; every change to it writes a history row there.
SHOWN_BY_OUTPUTS = ("plans", "rounds", "indicators", "outputs")


def storage():
    return storages["outputs"]


@functools.cache
def _history_models() -> tuple:
    return tuple(
        model
        for model in apps.get_models()
        if model._meta.app_label in SHOWN_BY_OUTPUTS
        and getattr(model._meta, "simple_history_manager_attribute", None)
    )


def fingerprint(round: ReportingRound) -> str:
    """Empty for a closed round (its outputs never change); else a digest of the newest history ids
    and of the code that renders, so any edit, and any new release, gives a new one."""
    if round.is_closed:
        return ""
    state = f"{history_fingerprint(_history_models())}:{code_version(settings.BASE_DIR)}"
    return hashlib.sha256(state.encode()).hexdigest()


def stored(
    round: ReportingRound, kind: str, entity: str = "", state: str | None = None
) -> StoredOutput | None:
    """The stored output of the round as it is now (or at the fingerprint ``state``), if its file is
    there and intact."""
    state = fingerprint(round) if state is None else state
    row = StoredOutput.objects.filter(round=round, kind=kind, entity=entity, fingerprint=state).first()
    if row is None or not intact(row):
        return None
    row.round = round
    return row


def intact(row: StoredOutput) -> bool:
    """Whether the row's file exists and has the hash it was stored with; logged when not."""
    try:
        with storage().open(row.name, "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
    except FileNotFoundError:
        log.warning("Bewaarde uitvoer ontbreekt, wordt opnieuw aangemaakt: %s (%s)", row.name, row.round)
        return False
    if digest != row.sha256:
        log.error(
            "Bewaarde uitvoer geweigerd: de inhoud past niet bij de bewaarde controlecode: %s "
            "(verwacht sha256 %s, gevonden %s); wordt opnieuw aangemaakt uit de rijen van %s",
            row.name,
            row.sha256,
            digest,
            row.round,
        )
        return False
    return True


def open_file(row: StoredOutput):
    return storage().open(row.name, "rb")


def obtain(round: ReportingRound, kind: str, entity: str = "") -> StoredOutput:
    """The stored output, rendered and stored first when there is none (or its file is not intact).
    The fingerprint is taken before the render: an edit made while it runs gives the next download
    a new one, so what is stored never claims to show an edit it may have missed."""
    state = fingerprint(round)
    return stored(round, kind, entity, state) or renew(round, kind, entity, state=state)


def renew(round: ReportingRound, kind: str, entity: str = "", *, state: str | None = None) -> StoredOutput:
    """Render the output (``rendering.render_output``) and store it at the fingerprint ``state``
    (default: as it is now), in place of any stored before."""
    return store(round, kind, entity, rendering.render_output(round, kind, entity), state=state)


def store(
    round: ReportingRound, kind: str, entity: str, data: bytes, *, state: str | None = None
) -> StoredOutput:
    """Keep ``data`` as the round's output at the fingerprint ``state`` (default: as it is now). An
    open round's outputs of other fingerprints go: they showed the plan before an edit."""
    state = fingerprint(round) if state is None else state
    sha256 = hashlib.sha256(data).hexdigest()
    name = _file_name(round, kind, entity, state, sha256)
    files = storage()
    if files.exists(name):  # an earlier copy under the same digest may have been altered since
        files.delete(name)
    files.save(name, ContentFile(data))
    values = {"name": name, "sha256": sha256, "size": len(data), "created_at": clock.now()}
    key = {"round": round, "kind": kind, "entity": entity, "fingerprint": state}
    try:
        with transaction.atomic():
            previous = StoredOutput.objects.filter(**key).values_list("name", flat=True).first()
            row, _created = StoredOutput.objects.update_or_create(**key, defaults=values)
    except IntegrityError:  # stored at the same moment by another process: keep theirs
        files.delete(name)
        return StoredOutput.objects.get(**key)
    if previous and previous != name:
        _delete_files([previous])
    row.round = round
    if state:
        outdated = StoredOutput.objects.filter(round=round, kind=kind, entity=entity).exclude(
            fingerprint=state
        )
        _delete(outdated)
    return row


def forget_open_outputs(round: ReportingRound) -> None:
    """The outputs stored while the round was open: no longer what it shows once it is closed."""
    _delete(StoredOutput.objects.filter(round=round).exclude(fingerprint=""))


def _delete(rows) -> None:
    names = list(rows.values_list("name", flat=True))
    if names:
        rows.delete()
        transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        storage().delete(name)


def _file_name(round: ReportingRound, kind: str, entity: str, state: str, sha256: str) -> str:
    """Per organisation, plan and round; the digest makes every version a file of its own."""
    parts = [kind, slugify(entity), "open" if state else "afgesloten", sha256[:16]]
    folder = f"{round.plan.organisation.slug}/{round.plan.slug}/{round.pk}"
    return f"{folder}/{'-'.join(part for part in parts if part)}.{kind}"
