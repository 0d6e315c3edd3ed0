"""Stored script is shown as text on every page, admin included; fuzzed input never gives a 500."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import changes
from plans.models import Project, Status
from tests.security.world import build_world, sample_paths, user_of

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert("


@pytest.fixture
def hostile_world(plan, users):
    world = build_world(plan, users)
    for item, field in [
        (world.action_plan, "title"),
        (world.action_plan, "explanation"),
        (world.action, "title"),
        (world.action, "explanation"),
        (world.action, "responsible"),
        (world.proposal, "motivation"),
        (world.closed_round, "name"),
        (world.plan, "name"),
    ]:
        setattr(item, field, f"{getattr(item, field)} {HOSTILE}"[:200] if field == "name" else HOSTILE)
        changes.save(item, by=None)
    Project.objects.filter(pk=plan.projects.first().pk).update(name=HOSTILE)
    return world


@pytest.mark.walk
@pytest.mark.parametrize("role", ["strategische cel", "beheerder"])
def test_stored_script_is_escaped_on_every_page(hostile_world, role):
    client = Client()
    client.force_login(user_of(hostile_world, role))
    unescaped, shown = [], 0
    for key, path in sample_paths(hostile_world).items():
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        body = response.content.decode()
        if "<script>alert(" in body or "<img src=x" in body:
            unescaped.append(key)
        shown += ESCAPED in body
    assert unescaped == []
    assert shown >= 10  # the hostile text was really on the pages, escaped


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(status=st.one_of(st.sampled_from(Status.values), text), explanation=text, version=text, seen=text)
def test_fuzzed_status_saves_never_give_a_server_error(hostile_world, status, explanation, version, seen):
    client = Client(raise_request_exception=False)
    client.force_login(user_of(hostile_world, "strategische cel"))
    data = {"status": status, "explanation": explanation, "version": version, "seen_status": seen}
    response = client.post(sample_paths(hostile_world)["plans:save_status"], data)
    assert response.status_code in (200, 409, 422)


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "status", "responsible", "show_inactive", "page", "since", "x"]), text
    )
)
def test_fuzzed_filters_never_give_a_server_error(hostile_world, params):
    client = Client(raise_request_exception=False)
    client.force_login(user_of(hostile_world, "raad"))
    paths = sample_paths(hostile_world)
    for key in (
        "plans:overview",
        "plans:plan_status",
        "reporting:dashboard",
        "plans:proposals",
        "plans:search",
    ):
        assert client.get(paths[key], params).status_code == 200, (key, params)


def test_a_nul_character_is_refused_cleanly_and_changes_nothing(hostile_world):
    from tests.helpers import database_state

    client = Client()
    client.force_login(user_of(hostile_world, "strategische cel"))
    action = hostile_world.action
    before = database_state()
    data = {
        "status": Status.COMPLETED,
        "explanation": "Afgewerkt\x00",
        "version": action.version,
        "seen_status": action.status,
        "seen_explanation": action.explanation,
    }
    response = client.post(sample_paths(hostile_world)["plans:save_status"], data)
    assert response.status_code == 422
    assert "Null" in response.content.decode() or "nul" in response.content.decode().lower()
    assert database_state() == before


def test_nothing_is_marked_safe_by_hand():
    """Autoescaping stays on everywhere; format_html (which escapes its arguments) is the only way.
    One exception: an upload's preview, rendered (autoescaped) by its task and kept until it is shown
    (``uploads.flow.shown_preview``; escaping tested in ``test_an_uploads_preview_escapes_the_file``)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = [path.parent for path in root.glob("*/apps.py")]
    sources = [
        *root.glob("templates/**/*.html"),
        *[path for app in apps for path in app.glob("**/*.py") if "migrations" not in path.parts],
    ]
    markers = ("|safe", "mark_safe(", "autoescape off", "|safeseq")
    found = [
        f"{path.relative_to(root)}: {marker}"
        for path in sources
        for marker in markers
        if marker in path.read_text(encoding="utf-8")
    ]
    assert found == ["uploads/flow.py: mark_safe("]


@FUZZ
@given(
    kind=st.one_of(st.sampled_from(["remove", "reword", "merge"]), text),
    actions=st.lists(st.one_of(st.integers(-5, 10**6).map(str), text), max_size=3),
    merge_into=st.one_of(st.integers(-5, 10**6).map(str), text),
    number=text,
    title=text,
    motivation=text,
)
def test_fuzzed_proposal_drafts_never_give_a_server_error(
    hostile_world, kind, actions, merge_into, number, title, motivation
):
    client = Client(raise_request_exception=False)
    client.force_login(user_of(hostile_world, "strategische cel"))
    data = {
        "kind": kind,
        "actions": actions,
        "merge_into": merge_into,
        "new_action_number": number,
        "new_title": title,
        "motivation": motivation,
    }
    response = client.post(sample_paths(hostile_world)["plans:draft_proposal"], data)
    assert response.status_code in (200, 302)


def test_an_uploads_preview_escapes_the_file(client, admin_user):
    """The preview is rendered by a task and kept as HTML: what the file says is escaped in it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.helpers import uploaded

    client.force_login(admin_user)
    content = f"code,naam\n0119,{HOSTILE}\n".replace('"', "'")
    file = SimpleUploadedFile('<b onmouseover="x">.csv', content.encode())
    page = uploaded(client, reverse("reporting:policy_fields"), {"file": file}).content.decode()
    assert "0119" in page and ESCAPED in page and "&lt;b onmouseover" in page
    assert "<script>" not in page and "<img" not in page and "<b onmouseover" not in page
