"""A limit on the CPU time of work done in this process, from any thread.

CPU time, not wall-clock time, so that a busy machine decides nothing (docs/limits.md); a wall-
clock backstop of 3 × the limit + 1 s still ends work that is stopped or starved. In the main
thread a profiling timer (``SIGPROF``, the process's CPU time) raises the exception; signals
reach only the main thread, so in any other thread a watcher reads that thread's own CPU clock
and raises it in the working thread instead (``PyThreadState_SetAsyncExc``). Both are delivered
where the interpreter checks for signals between bytecodes: SymPy's Python code gives way to
either, and neither interrupts one long call into C. Limits nest: a solve bounded inside a
bounded load leaves the load's limit in force, and whichever is due first fires.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

WATCH_SECONDS = 0.05  # how often a watcher reads another thread's CPU clock


def backstop(seconds: float) -> float:
    """The wall-clock time after which work under a CPU limit of ``seconds`` ends anyway."""
    return 3 * seconds + 1


@contextmanager
def cpu_time_limit(seconds: float, expired: type[BaseException]) -> Iterator[None]:
    """Raise ``expired`` in the calling thread once it has used ``seconds`` of CPU time inside
    the block (the whole process's, in the main thread), or after ``backstop(seconds)``.
    Make ``expired`` a BaseException, so that no ``except Exception`` on the way eats it."""
    if threading.current_thread() is threading.main_thread():
        with _timers(seconds, expired):
            yield
    else:
        with _watcher(seconds, expired):
            yield



# -- the main thread: one pair of timers for a stack of limits ----------------------------------
@dataclass
class _Limit:
    cpu_deadline: float   # time.process_time() at which it expires
    wall_deadline: float  # time.monotonic() at which the backstop ends it
    expired: type[BaseException]
    fired: bool = False  # raised already: unwinding must not raise it again


_active: list[_Limit] = []  # the main thread's limits, outermost first
_previous: dict[int, object] = {}  # the handlers before the outermost limit


def _due(limit: _Limit) -> bool:
    return time.process_time() >= limit.cpu_deadline or time.monotonic() >= limit.wall_deadline


def _expire(_signum: int, _frame: object) -> None:
    """The outermost limit that is due raises (it ends the inner ones too); a timer that fired
    early for a limit not yet due only sets the timers again."""
    for limit in _active:
        if not limit.fired and _due(limit):
            limit.fired = True
            raise limit.expired
    _arm()


def _arm() -> None:
    """Both timers set for the limit due first (the CPU timer counts the process's CPU time)."""
    waiting = [limit for limit in _active if not limit.fired]
    if not waiting:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    cpu_left = min(limit.cpu_deadline for limit in waiting) - time.process_time()
    wall_left = min(limit.wall_deadline for limit in waiting) - time.monotonic()
    signal.setitimer(signal.ITIMER_PROF, max(cpu_left, 1e-6))
    signal.setitimer(signal.ITIMER_REAL, max(wall_left, 1e-6))


@contextmanager
def _timers(seconds: float, expired: type[BaseException]) -> Iterator[None]:
    if not _active:
        _previous.update({number: signal.signal(number, _expire)
                          for number in (signal.SIGPROF, signal.SIGALRM)})
    limit = _Limit(time.process_time() + seconds, time.monotonic() + backstop(seconds), expired)
    _active.append(limit)
    _arm()
    try:
        yield
    finally:
        _active.remove(limit)
        _arm()
        if not _active:
            for number, handler in _previous.items():
                signal.signal(number, handler)  # type: ignore[arg-type]
            _previous.clear()


# -- any other thread: a watcher per limit -------------------------------------------------------
def _thread_cpu(thread: int) -> float | None:
    """The CPU time ``thread`` has used; None where the platform cannot tell (wall time rules)."""
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(thread))
    except (AttributeError, OSError):
        return None


@contextmanager
def _watcher(seconds: float, expired: type[BaseException]) -> Iterator[None]:
    target = threading.get_ident()
    guard = threading.Lock()  # the watcher raises only while the block runs
    running, fired = [True], [False]
    done = threading.Event()
    cpu_start, wall_start = _thread_cpu(target), time.monotonic()

    def over() -> bool:
        wall = time.monotonic() - wall_start
        used = _thread_cpu(target)
        if cpu_start is None or used is None:  # no CPU clock here: the limit is wall time
            return wall >= seconds
        return used - cpu_start >= seconds or wall >= backstop(seconds)

    def watch() -> None:
        while not done.wait(WATCH_SECONDS):
            if over():
                with guard:
                    if running[0]:
                        fired[0] = True
                        _raise_in(target, expired)
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with guard:
            running[0] = False
            if fired[0]:  # this one, raised just now and not yet delivered, is withdrawn (not an outer one)
                _raise_in(target, None)
        done.set()


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Have ``thread`` raise ``exception`` at its next check for signals (None: withdraw it).
    Without argtypes, ctypes passes None as NULL, which is what withdrawing takes."""
    raised = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), raised)
