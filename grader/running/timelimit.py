"""A limit on the CPU time of work done in this process, from any thread.

CPU time, not wall-clock time, so that a busy machine decides nothing (docs/limits.md); a wall-
clock backstop of 3 × the limit + 1 s still ends work that is stopped or starved. In the main
thread a profiling timer (``SIGPROF``, the process's CPU time) raises the exception; signals
reach only the main thread, so in any other thread a watcher reads that thread's own CPU clock
and raises it in the working thread instead (``PyThreadState_SetAsyncExc``). Both are delivered
where the interpreter checks for signals between bytecodes: SymPy's Python code gives way to
either, and neither interrupts one long call into C.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def _timers(seconds: float, expired: type[BaseException]) -> Iterator[None]:
    def expire(_signum: int, _frame: object) -> None:
        raise expired

    previous = {number: signal.signal(number, expire) for number in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, backstop(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for number, handler in previous.items():
            signal.signal(number, handler)


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
    running = [True]
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
                        _raise_in(target, expired)
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with guard:
            running[0] = False
            _raise_in(target, None)  # one raised just now and not yet delivered is withdrawn
        done.set()


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Have ``thread`` raise ``exception`` at its next check for signals (None: withdraw it).
    Without argtypes, ctypes passes None as NULL, which is what withdrawing takes."""
    raised = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), raised)
