"""Checks for a server: a few pre-started worker processes, each driven by its own engine on
its own thread.

A check runs in grader's killable workers (``running.batch``) with the exercises' time and
memory limits, as ``grader check`` runs it. A server must not fork a worker per request, so
each engine keeps its worker between checks; an engine whose worker overran or died replaces
it (the engine does so on its own, and ``start`` replaces one that died while idle). Checks
that find every worker busy wait, each behind its engine's current one, up to a bound; beyond
it the caller is told the server is busy, rather than every student waiting longer.

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
from collections.abc import Mapping

from grader.exercise import Exercise
from grader.results.model import SubmissionResult
from grader.running.batch import Engine, Job


class Busy(Exception):
    """Every worker is checking and the queue is full."""


_Item = tuple[Job, asyncio.AbstractEventLoop, "asyncio.Future[SubmissionResult]"]


class _Checker(threading.Thread):
    """One engine of one kept worker, and the thread that drives it for the pool's life."""

    def __init__(self, exercises: Mapping[str, Exercise]) -> None:
        super().__init__(name="grader-check", daemon=True)
        self.engine = Engine(exercises, jobs=1, keep=True)
        self.jobs: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self.pending = 0  # jobs given and not yet answered, counted on the event loop's thread
        self.ready = threading.Event()

    def run(self) -> None:
        try:
            self.engine.start()  # forked by this thread, which lives as long as the pool
        finally:
            self.ready.set()
        while (item := self.jobs.get()) is not None:
            job, loop, future = item
            try:
                self.engine.start()  # a worker that died while idle is replaced first
                (result,) = self.engine.grade_jobs([job])
            except Exception as exc:  # the engine's own failure: that request's, not the server's
                loop.call_soon_threadsafe(_settle, future, None, exc)
            else:
                loop.call_soon_threadsafe(_settle, future, result, None)
        self.engine.close()


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
    """``workers`` engines of one kept worker each; at most ``queue`` checks wait."""

    def __init__(self, exercises: Mapping[str, Exercise], workers: int, queue: int) -> None:
        self.exercises = exercises
        self.size = max(1, workers)
        self.queue = max(0, queue)
        self.checkers = tuple(_Checker(exercises) for _ in range(self.size))
        self.waiting = 0  # checks running or waiting, counted on the event loop's thread
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

    async def check(self, job: Job) -> SubmissionResult:
        """``job`` graded by the least busy worker; :class:`Busy` when too many wait."""
        if self.waiting >= self.size + self.queue:
            raise Busy
        self.start()
        loop = asyncio.get_running_loop()
        checker = min(self.checkers, key=lambda c: c.pending)
        future: asyncio.Future[SubmissionResult] = loop.create_future()
        self.waiting += 1
        checker.pending += 1
        try:
            checker.jobs.put((job, loop, future))
            return await future
        finally:
            checker.pending -= 1
            self.waiting -= 1
