"""Checks for a server: a few pre-started worker processes, each driven by its own engine on
its own thread.

A check runs in grader's killable workers (``running.batch``) with the exercises' time and
memory limits, as ``grader check`` runs it. A server must not fork a worker per request, so
each engine keeps its worker between checks; an engine whose worker overran or died replaces
it (the engine does so on its own, and ``start`` replaces one that died while idle). Checks
that find every worker busy wait, each behind its engine's current one, up to a bound; beyond
it the caller is told the server is busy, rather than every student waiting longer. One client
address may have only so many checks in the pool, and a check whose client hangs up is skipped
or stopped: no one can fill the workers with checks no one waits for.

Each engine lives on a thread of its own for as long as the pool: a worker asks Linux to kill
it when the thread that forked it ends (``PR_SET_PDEATHSIG`` follows the thread, not the
process), so a worker forked from a short-lived thread of a thread pool would die with that
thread, in the middle of someone's check. The workers are started before the server runs,
each by its engine's thread, as are their replacements later while the server's other threads
run: Python re-initialises its own locks in the child, and a worker
uses nothing of the other threads (it reads its jobs from its pipe and grades them).
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from grader.exercise import Exercise
from grader.results.model import SubmissionResult
from grader.running.batch import Engine, Job, Stopped


class Busy(Exception):
    """Every worker is checking and the queue is full."""


class TooManyChecks(Exception):
    """The client has as many checks running or waiting as one client may."""


class ClientGone(Exception):
    """The client hung up before its check was done: the check is skipped, or stopped."""


@dataclass(eq=False)
class _Item:
    """A check given to a checker: who asked (``client``), where to answer, and whether the
    asker hung up meanwhile (``dropped``: then a checker skips it, or stops it)."""

    job: Job
    client: str
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[SubmissionResult]
    dropped: bool = False


class _Checker(threading.Thread):
    """One engine of one kept worker, and the thread that drives it for the pool's life."""

    def __init__(self, exercises: Mapping[str, Exercise],
                 finished: Callable[[_Checker, _Item], None]) -> None:
        super().__init__(name="grader-check", daemon=True)
        self.engine = Engine(exercises, jobs=1, keep=True)
        self.jobs: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self.pending = 0  # checks given and not yet done or skipped (under the pool's lock)
        self.ready = threading.Event()
        self.finished = finished

    def run(self) -> None:
        try:
            self.engine.start()  # forked by this thread, which lives as long as the pool
        finally:
            self.ready.set()
        while (item := self.jobs.get()) is not None:
            if item.dropped:  # its client hung up while it waited: no worker time for it
                self.finished(self, item)
                continue
            try:
                self.engine.start()  # a worker that died while idle is replaced first
                (result,) = self.engine.grade_jobs([item.job], stop=lambda: item.dropped)
            except Stopped:  # its client hung up while it ran: its worker was killed, a new one starts
                self.finished(self, item)
            except Exception as exc:  # the engine's own failure: that request's, not the server's
                self.finished(self, item)
                _answer(item, None, exc)
            else:
                self.finished(self, item)  # counted free before the answer: a next check may follow at once
                _answer(item, result, None)
        self.engine.close()


def _answer(item: _Item, result: SubmissionResult | None, error: Exception | None) -> None:
    if item.dropped:  # no one awaits it
        return
    try:
        item.loop.call_soon_threadsafe(_settle, item.future, result, error)
    except RuntimeError:  # its event loop has ended (the server stopped): no one waits
        pass


def _settle(future: asyncio.Future[SubmissionResult], result: SubmissionResult | None,
            error: Exception | None) -> None:
    if future.done():  # the request went away meanwhile
        return
    if error is not None:
        future.set_exception(error)
    else:
        assert result is not None
        future.set_result(result)


class CheckPool:
    """``workers`` engines of one kept worker each; at most ``queue`` checks wait.

    A check counts against the pool and against its client from when it is asked until its
    worker is done with it (or skips or stops it, its client gone): a client that hangs up
    cannot leave more checks behind than it may have at once."""

    def __init__(self, exercises: Mapping[str, Exercise], workers: int, queue: int) -> None:
        self.exercises = exercises
        self.size = max(1, workers)
        self.queue = max(0, queue)
        self.checkers = tuple(_Checker(exercises, self._finished) for _ in range(self.size))
        self.waiting = 0  # checks running or waiting (under the lock)
        self.clients: Counter[str] = Counter()  # the same, per client (under the lock)
        self._lock = threading.Lock()
        self._started = False

    @property
    def engines(self) -> tuple[Engine, ...]:
        return tuple(checker.engine for checker in self.checkers)

    def start(self) -> None:
        """Start every thread and its worker, and wait until the workers are up (best before
        the server's threads exist: forking is safest then)."""
        if self._started:
            return
        self._started = True
        for checker in self.checkers:
            checker.start()
        for checker in self.checkers:
            checker.ready.wait()

    def close(self) -> None:
        """End the threads and their workers (a check still running is finished first)."""
        for checker in self.checkers:
            if checker.is_alive():
                checker.jobs.put(None)
                checker.join()
            else:
                checker.engine.close()

    async def check(self, job: Job, client: str = "", per_client: int = 0,
                    gone: Callable[[], Awaitable[object]] | None = None) -> SubmissionResult:
        """``job`` graded by the least busy worker. :class:`Busy` when too many wait;
        :class:`TooManyChecks` when ``client`` has ``per_client`` checks in the pool already
        (0: no limit). ``gone()``: returns when the client hangs up; a check still waiting then is
        dropped (:class:`ClientGone`), one running is stopped (its worker killed and replaced)."""
        loop = asyncio.get_running_loop()
        item = _Item(job, client, loop, loop.create_future())
        with self._lock:
            if self.waiting >= self.size + self.queue:
                raise Busy
            if 0 < per_client <= self.clients[client]:
                raise TooManyChecks
            checker = min(self.checkers, key=lambda c: c.pending)
            self.waiting += 1
            self.clients[client] += 1
            checker.pending += 1
        self.start()
        checker.jobs.put(item)
        if gone is None:
            return await item.future
        hung_up = asyncio.ensure_future(gone())
        try:
            await asyncio.wait((item.future, hung_up), return_when=asyncio.FIRST_COMPLETED)
        finally:
            hung_up.cancel()
        if not item.future.done():
            item.dropped = True
            raise ClientGone
        return item.future.result()

    def _finished(self, checker: _Checker, item: _Item) -> None:
        """Called by ``checker``'s thread when it is done with ``item`` (or skipped it)."""
        with self._lock:
            self.waiting -= 1
            checker.pending -= 1
            self.clients[item.client] -= 1
            if self.clients[item.client] <= 0:
                del self.clients[item.client]
