"""The demo's invented open round comes after the seed's December 2017 rapportering and leaves it as it
was: its frozen rows, its page and its outputs are the same before and after."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from demo.plans import load_owners
from demo.rounds import INVENTED_ROUND_NAME, load_invented_round, load_round
from reporting.rendering import render_output
from rounds.models import ReportingRound, RoundState

pytestmark = pytest.mark.django_db


def _main(page: bytes) -> str:
    """The page's content, without the header (its form tokens differ at every request)."""
    text = page.decode()
    return text[text.index("<main") :]


def _parts(data: bytes) -> dict[str, bytes]:
    """A workbook's parts, without the moment it was written: the zip's own headers and openpyxl's
    "modified" property carry it; the rest is the round's content."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["docProps/core.xml"] = re.sub(
        rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"", parts["docProps/core.xml"]
    )
    return parts


def _december(plan) -> dict:
    round = ReportingRound.objects.get(plan=plan, name="Rapportering december 2017")
    return {
        "round": ReportingRound.objects.filter(pk=round.pk).values().get(),
        "frozen": list(round.frozen_items.order_by("pk").values()),
        "proposals": list(round.frozen_proposals.order_by("pk").values()),
        "workbook": _parts(render_output(round, "xlsx")),
        "docx": render_output(round, "docx"),
    }


def test_the_invented_round_leaves_the_december_round_and_its_outputs_as_they_were(plan, users, client):
    load_owners(plan, by=users["cel"])
    load_round(plan, by=users["cel"])
    december = ReportingRound.objects.get(plan=plan, name="Rapportering december 2017")
    client.force_login(users["raad"])
    verslag = reverse("reporting:report", args=[plan.slug, december.pk])
    before, page_before = _december(plan), _main(client.get(verslag).content)

    load_invented_round(plan, by=users["cel"])

    invented = ReportingRound.objects.get(plan=plan, name=INVENTED_ROUND_NAME)
    assert invented.state == RoundState.OPEN
    assert _december(plan) == before
    assert _main(client.get(verslag).content) == page_before
