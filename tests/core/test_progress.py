"""How far a long piece of work is: reported by the work wherever it is, shown on a terminal and kept
for the page that follows it (core/progress.py)."""

import io

from django.core.cache import caches
from django.utils import translation

from core import progress
from core.progress import Progress


def test_a_step_counts_its_rows_in_dutch():
    with translation.override("nl"):
        assert (
            str(Progress("Wordt gecontroleerd", 3200, 10700)) == "Wordt gecontroleerd: 3.200 van 10.700 rijen"
        )
        assert str(Progress("Wordt gelezen", 12)) == "Wordt gelezen: 12 rijen"
    assert Progress("Wordt gelezen", 3200, 10700).percent == 30
    assert Progress("Wordt gelezen", 5).percent is None


def test_the_work_reports_wherever_it_is_and_the_terminal_shows_the_last_count(monkeypatch):
    monkeypatch.setattr(progress, "WRITE_EVERY_SECONDS", 0)
    terminal = io.StringIO()
    with translation.override("nl"), progress.followed("taak:1", terminal=terminal):
        progress.step("Wordt gelezen", 3)
        for _row in range(3):
            progress.advance()
        assert progress.of("taak:1") == Progress("Wordt gelezen", 3, 3)
        progress.step("Wordt gecontroleerd", 2)
        progress.advance(2)
    shown = terminal.getvalue()
    assert "\rWordt gelezen: 3 van 3 rijen\x1b[K\n" in shown  # each step keeps its line
    assert shown.endswith("\rWordt gecontroleerd: 2 van 2 rijen\x1b[K\n")
    assert progress.of("taak:1") is None  # the work is over: its page shows its outcome instead


def test_between_writes_only_the_count_moves(monkeypatch):
    """A count is written at most every half second: a row costs no cache write."""
    writes = []
    monkeypatch.setattr(caches[progress.CACHE], "set", lambda key, value, timeout: writes.append(value))
    with progress.followed("taak:2"):
        progress.step("Wordt gelezen", 1000)
        for _row in range(1000):
            progress.advance()
    assert writes[0] == Progress("Wordt gelezen", 0, 1000) and len(writes) < 10


def test_outside_a_followed_block_reporting_does_nothing():
    progress.step("Wordt gelezen", 3)
    progress.advance()
    assert progress.of("taak:3") is None


def test_a_command_shows_progress_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    assert progress.on_terminal(terminal, wanted=None) is terminal
    assert progress.on_terminal(pipe, wanted=None) is None
    assert progress.on_terminal(pipe, wanted=True) is pipe
    assert progress.on_terminal(terminal, wanted=False) is None
