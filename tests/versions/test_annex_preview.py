"""The gewijzigde strategische nota of an aanpassing still in ontwerp: what the raad adopts with it,
made for the cel from the proposals with the college's akkoord, without changing anything."""

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.versions.test_aanpassing import (
    new_action_plan,
    new_amounts,
    refused,
    state,
    through_college,
)
from tests.versions.test_aanpassing import world as world  # the fixture
from versions import aanpassing, compare, snapshots
from versions.models import VersionState

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_the_preview_holds_what_the_college_agreed_and_changes_nothing(world):
    through_college(new_action_plan(world), world)
    new_amounts(world)  # written, not yet through the MT: not in the preview
    before = state()
    preview = aanpassing.preview(world["draft"], by=world["cel"])
    assert state() == before
    rows = compare.compare_snapshots(snapshots.of(world["version1"]), preview)
    changed = [(row["number"], row["change"]) for row in compare.changes_of(rows)]
    assert changed == [("2", "toegevoegd")]
    assert world["draft"].state == VersionState.DRAFT


def test_the_cel_downloads_the_annex_of_the_aanpassing_in_word_before_the_raad_adopts(client, world):
    through_college(new_action_plan(world, title="We bouwen een buurthuis in elke wijk."), world)
    before = state()
    client.force_login(world["cel"])
    answer = client.get(reverse("reporting:version_annex", args=[world["plan"].slug, 2, "docx"]))
    assert answer.status_code == 200
    text = text_of(b"".join(answer.streaming_content))
    assert "We bouwen een buurthuis in elke wijk." in text
    assert "Ontwerp voor de raad" in text
    assert state() == before


def test_the_preview_is_the_cels_and_refused_for_the_mt(world):
    refused(lambda: aanpassing.preview(world["draft"], by=world["mt"]), "strategische cel", PermissionDenied)
