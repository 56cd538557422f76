"""What Python's garbage collector is told, and why: grader builds tens of thousands of objects
that all live to the end of a command (a class's results), and forks processes that inherit
SymPy and the exercises. Scanning those again and again finds nothing to free."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """While a class's results are built at once (hundreds of thousands of objects that all
    live on): each collection would scan them all again and free nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_holders = 0  # frozen_for_fork blocks not yet left, plus one for good once a command settled
_counting = threading.Lock()  # threads of one process (the API in a web server) fork at once


@contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Around a fork: what the child inherits (SymPy, the exercises) is never scanned by its
    collector. The parent's objects are thawed afterwards, unless the command had frozen them
    itself (``settle_for_a_command``) or an outer block still holds them. Counted here:
    ``gc.get_freeze_count`` walks every frozen object, too slow to ask before each worker."""
    global _holders
    with _counting:
        _holders += 1
        gc.freeze()
    try:
        yield
    finally:
        with _counting:
            _holders -= 1
            if not _holders:
                gc.unfreeze()


def settle_for_a_command() -> None:
    """At the start of a command: what is imported lives as long as the process, so it is
    frozen (SymPy's hundred thousand objects are not scanned again at every full collection);
    and a command is a short batch that keeps what it reads or grades to the end, so full
    collections, which scan all of a class's results each time, are put off a hundredfold.
    Young objects are collected as usual; forked workers inherit both."""
    global _holders
    _holders += 1  # for good: nothing thaws what the command froze
    gc.freeze()
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, 1000)
