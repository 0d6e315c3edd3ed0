"""Parsing an uploaded file where a crafted one cannot hurt: in a child process of its own, under a
limit of CPU time and of memory (``resource.setrlimit``).

The scan before any parser (``uploads/sheet_scan``) refuses the bombs we know of, in time
proportional to the file's bytes; this bounds what it does not know. A file that passes a limit is
refused in Dutch, the worker that read it lives on, and nothing is written: the parse only turns the
file's bytes into rows, which the worker then checks against the plan. The child is forked, so the
function and the file need not be pickled; only what it returns is.
"""

import multiprocessing
import resource
import traceback
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from core import progress
from uploads.reading import UploadRefused

T = TypeVar("T")
WALL_CLOCK_FACTOR = 4  # a child that waits instead of computing is stopped after this many times its CPU time


class ParseFailed(Exception):
    """The parse crashed in its process (a bug, not the file's fault): the traceback is the message."""


def parsed(function: Callable[..., T], *args, **kwargs) -> T:
    """``function(*args, **kwargs)``, run under the limits ``PARSE_CPU_SECONDS`` and ``PARSE_MEMORY_MB``
    in a process of its own when ``PARSE_APART`` is on (in this process otherwise: the tests, whose
    own tests of this module turn it on). UploadRefused when the file passes a limit, or when the
    function refuses it."""
    if not settings.PARSE_APART:
        return function(*args, **kwargs)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sending, function, args, kwargs), daemon=True)
    child.start()
    sending.close()
    try:
        if receiving.poll(settings.PARSE_CPU_SECONDS * WALL_CLOCK_FACTOR):
            outcome, value = receiving.recv()
        else:
            outcome, value = "too heavy", None
    except EOFError:  # killed at its limit before it could answer
        outcome, value = "too heavy", None
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "done":
        return value
    if outcome == "refused":
        raise UploadRefused(value)
    if outcome == "failed":
        raise ParseFailed(value)
    raise UploadRefused(too_heavy())


def too_heavy() -> str:
    return _(
        "Het bestand vraagt te veel rekentijd of geheugen om te lezen (meer dan %(seconds)d seconden of "
        "%(megabytes)d MB). Zo zwaar is geen plan of rapportering: bewaar het opnieuw als gewone "
        "Excel-werkmap (.xlsx), zonder lege rijen of opmaak tot onderaan het blad, en laad het opnieuw op."
    ) % {"seconds": settings.PARSE_CPU_SECONDS, "megabytes": settings.PARSE_MEMORY_MB}


def _child(sending, function, args, kwargs) -> None:
    seconds = settings.PARSE_CPU_SECONDS
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))  # SIGXCPU, then SIGKILL
    room = _address_space() + settings.PARSE_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (room, room))  # more than what the worker mapped already
    try:
        outcome = ("done", function(*args, **kwargs))
    except UploadRefused as refusal:
        outcome = ("refused", str(refusal))
    except MemoryError:
        outcome = ("too heavy", None)
    except Exception:
        outcome = ("failed", traceback.format_exc())
    progress.hand_over()
    try:
        sending.send(outcome)
    except MemoryError:
        sending.send(("too heavy", None))
    except Exception:  # what the parse returned cannot be sent back: a bug, not the file's fault
        sending.send(("failed", traceback.format_exc()))
    sending.close()


def _address_space() -> int:
    """The bytes of address space this process maps now (``/proc/self/statm``, in pages)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * resource.getpagesize()
