"""A wall-clock limit on work done in this process, from any thread.

In the main thread an alarm (``SIGALRM``) raises the exception; signals reach only the main
thread, so in any other thread a timer raises it in the working thread instead
(``PyThreadState_SetAsyncExc``). Both are delivered at the same points, where the interpreter
checks for signals between bytecodes, so the bound is the same: SymPy's Python code gives way
to either, and neither interrupts one long call into C. Limits nest: a solve bounded inside a
bounded load leaves the load's limit in force.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def time_limit(seconds: float, expired: type[BaseException]) -> Iterator[None]:
    """Raise ``expired`` in the calling thread once ``seconds`` have passed inside the block.
    Make ``expired`` a BaseException, so that no ``except Exception`` on the way eats it."""
    if threading.current_thread() is threading.main_thread():
        with _alarm(seconds, expired):
            yield
    else:
        with _timer(seconds, expired):
            yield


@contextmanager
def _alarm(seconds: float, expired: type[BaseException]) -> Iterator[None]:
    """Within an alarm already set (a solve bounded inside a bounded load), the outer one still
    holds: it fires first when it is due first, and is set again, less the time spent, after."""
    started = time.monotonic()
    outer_handler = signal.getsignal(signal.SIGALRM)
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    nested = outer_left > 0 and callable(outer_handler)
    outer_first = nested and outer_left <= seconds
    fired: list[bool] = []

    def expire(signum: int, frame: FrameType | None) -> None:
        fired.append(True)
        if outer_first and callable(outer_handler):
            outer_handler(signum, frame)
        raise expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if nested else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if nested and not (outer_first and fired):
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), 1e-6))


@contextmanager
def _timer(seconds: float, expired: type[BaseException]) -> Iterator[None]:
    target = threading.get_ident()
    guard = threading.Lock()  # the timer raises only while the block runs
    running, fired = [True], [False]

    def expire() -> None:
        with guard:
            if running[0]:
                fired[0] = True
                _raise_in(target, expired)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with guard:
            running[0] = False
            if fired[0]:  # this one, raised just now and not yet delivered, is withdrawn (not an outer one)
                _raise_in(target, None)
        timer.cancel()


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Have ``thread`` raise ``exception`` at its next check for signals (None: withdraw it).
    Without argtypes, ctypes passes None as NULL, which is what withdrawing takes."""
    raised = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), raised)
