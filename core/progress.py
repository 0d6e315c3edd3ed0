"""How far a long piece of work is, for whoever follows it: the page of an upload (through the
``progress`` cache, which the worker and the web servers share) or the terminal of a command.

The work says what it does and how many rows it has (``step``) and counts them off (``advance``),
wherever it is, without being handed anything: ``followed`` sets who listens for the block of work
it wraps. Outside such a block both do nothing. The count is written at most every half second,
and never inside the work's database transaction, so the page sees it while the work runs.
"""

import contextlib
import time
from argparse import ArgumentParser, BooleanOptionalAction
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TextIO

from django.core.cache import caches
from django.core.management import BaseCommand
from django.utils.formats import number_format
from django.utils.translation import gettext as _

CACHE = "progress"
KEPT_SECONDS = 24 * 3600
WRITE_EVERY_SECONDS = 0.5


@dataclass(frozen=True)
class Progress:
    """A step of the work (in words, e.g. "Wordt gecontroleerd"), and how many of its rows are done."""

    step: str
    done: int = 0
    total: int | None = None  # unknown until the rows are counted

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    def __str__(self) -> str:
        done = number_format(self.done, force_grouping=True)
        if self.total is None:
            return _("%(step)s: %(done)s rijen") % {"step": self.step, "done": done}
        total = number_format(self.total, force_grouping=True)
        return _("%(step)s: %(done)s van %(total)s rijen") % {"step": self.step, "done": done, "total": total}


class _Follower:
    def __init__(self, key: str | None, terminal: TextIO | None):
        self.key, self.terminal = key, terminal
        self.progress: Progress | None = None
        self.written_at = 0.0

    def show(self, progress: Progress, *, now: bool = False) -> None:
        self.progress = progress
        if not now and time.monotonic() - self.written_at < WRITE_EVERY_SECONDS:
            return
        self.written_at = time.monotonic()
        if self.key is not None:
            caches[CACHE].set(self.key, progress, KEPT_SECONDS)
        self._on_terminal()

    def next_step(self) -> None:
        """The step before ends on the terminal with its last count, on a line of its own."""
        if self.progress is not None:
            self._on_terminal("\n")

    def end(self) -> None:
        """The work is over (its outcome is shown instead): the last count on the terminal."""
        if self.key is not None:
            caches[CACHE].delete(self.key)
        if self.progress is not None:
            self._on_terminal("\n")

    def _on_terminal(self, end: str = "") -> None:
        if self.terminal is not None and self.progress is not None:
            self.terminal.write(f"\r{self.progress}\033[K{end}")
            self.terminal.flush()


_following: ContextVar[_Follower | None] = ContextVar("progress", default=None)


@contextlib.contextmanager
def followed(key: str | None = None, *, terminal: TextIO | None = None) -> Iterator[None]:
    """The work inside reports its progress under ``key`` (for a page) and on ``terminal``."""
    follower = _Follower(key, terminal)
    token = _following.set(follower)
    try:
        yield
    finally:
        _following.reset(token)
        follower.end()


def hand_over() -> None:
    """This process's part of the work is over and the process that started it goes on (a parse in a
    process of its own, ``uploads/confined``): its last count is shown now, on a line of its own."""
    follower = _following.get()
    if follower is not None and follower.progress is not None:
        follower.show(follower.progress, now=True)
        follower.next_step()


def on_terminal(stream: TextIO, *, wanted: bool | None) -> TextIO | None:
    """Where a command shows its progress: ``stream`` when ``wanted``, or, left to choose, when a
    person watches it (a log or a pipe gets no counter); else None."""
    if wanted is None:
        wanted = stream.isatty()
    return stream if wanted else None


def add_command_option(parser: ArgumentParser) -> None:
    """A command's ``--voortgang`` / ``--no-voortgang``, read by ``of_command``."""
    parser.add_argument(
        "--voortgang",
        action=BooleanOptionalAction,
        help=_("toon hoe ver het werk is (standaard: als de uitvoer een terminal is)"),
    )


def of_command(command: BaseCommand, options: dict) -> TextIO | None:
    """Where ``command`` shows its progress: its standard error itself (the progress line rewrites
    itself, so not through Django's wrapper, which ends every write with a newline)."""
    return on_terminal(command.stderr._out, wanted=options.get("voortgang"))


def step(what: str, total: int | None = None) -> None:
    """A new step of the work begins: ``what`` it is, with ``total`` rows if known."""
    follower = _following.get()
    if follower is not None:
        follower.next_step()
        follower.show(Progress(what, 0, total), now=True)


def advance(count: int = 1) -> None:
    """``count`` more rows of the current step are done."""
    follower = _following.get()
    if follower is not None and follower.progress is not None:
        current = follower.progress
        follower.show(Progress(current.step, current.done + count, current.total))


def of(key: str) -> Progress | None:
    """The progress last reported under ``key``, if the work is still running."""
    return caches[CACHE].get(key)
